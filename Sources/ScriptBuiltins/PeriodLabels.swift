import PorpoiseSupport
import ScriptRuntime

/// The shared shape of DolphinDB's date-offset functions (`businessMonthBegin`, `semiMonthEnd`,
/// `weekOfMonth`, ...): each numbers its periods (business months, half months, ...), finds the
/// period a date belongs to and labels it with one day. With `n > 1` periods are grouped `n` at
/// a time, counted from the period of `offset` (by default the earliest date of X).
enum PeriodLabels {
  /// How a function numbers its periods and labels them.
  struct Scheme {
    /// The period a day (since 1970-01-01) belongs to.
    var index: (Int) -> Int
    /// The day that labels a period.
    var label: (Int) -> Int
    /// Whether a group of `n` periods is labelled by its last period (the `...End` functions,
    /// whose label is on or after the date) rather than its first.
    var labelsByLast = false
  }

  /// The day a date-bearing temporal scalar falls on; nil for nulls.
  static func day(_ raw: Int64, _ t: DataType) -> Int? {
    guard raw != Int64.min, let d = Temporal.convert(raw, from: t, to: .date), d != Int64.min else { return nil }
    return Int(d)
  }

  /// The days of argument 0 (a scalar or vector of dates), nil for nulls, and whether it was a
  /// scalar.
  static func days(_ a: CallArguments, _ name: String) throws(ScriptError) -> (days: [Int?], scalar: Bool) {
    func checked(_ t: DataType) throws(ScriptError) {
      guard t.isTemporal, Temporal.hasDate(t) else { throw ScriptError(RuntimeMessages.needsDate(name, got: t.name)) }
    }
    switch a[0] {
    case .int(let raw, let t):
      try checked(t)
      return ([day(raw, t)], true)
    case .vector(let v) where !v.isArrayVector:
      if v.type == .void { return (Array(repeating: nil, count: v.count), false) }
      try checked(v.type)
      return (v.int64s.map { day($0, v.type) }, false)
    default:
      if a[0].isNull { return ([nil], true) }
      throw ScriptError(RuntimeMessages.needsDate(name, got: a[0].typeString))
    }
  }

  /// An integer option at argument `i` that must lie in `range` (its default when not given).
  static func option(
    _ a: CallArguments, _ i: Int, _ what: String, _ range: ClosedRange<Int>, default value: Int
  ) throws(ScriptError) -> Int {
    guard a.has(i) else { return value }
    let v = try a.integer(i, what)
    guard range.contains(v) else { throw ScriptError(RuntimeMessages.optionOutOfRange(what, v, range)) }
    return v
  }

  /// Applies a scheme to argument 0, with `offset` and `n` at arguments `offsetArgument` and
  /// the one after it. The result is DATE; nulls stay null, as do labels outside DATE's range.
  static func apply(
    _ a: CallArguments, _ name: String, offsetArgument: Int, _ scheme: Scheme
  ) throws(ScriptError) -> Value {
    let n = a.has(offsetArgument + 1) ? try a.integer(offsetArgument + 1, "the n of '\(name)'") : 1
    guard n > 0 else { throw ScriptError(RuntimeMessages.mustBePositive("the n of '\(name)'", n)) }
    let (days, scalar) = try days(a, name)
    var origin: Int?
    if n > 1 {
      if a.has(offsetArgument) {
        guard case .int(let raw, let t) = a[offsetArgument], t.isTemporal, Temporal.hasDate(t),
          let d = day(raw, t)
        else {
          throw ScriptError(RuntimeMessages.mustBeDate("the offset of '\(name)'", got: a[offsetArgument].typeString))
        }
        origin = scheme.index(d)
      } else if let first = days.compactMap({ $0 }).min() {
        origin = scheme.index(first)
      }
    }
    var out = [Int64](repeating: Int64.min, count: days.count)
    for (i, d) in days.enumerated() {
      guard let d else { continue }
      var k = scheme.index(d)
      if let origin {
        // Groups of n periods from the origin's: the label is the group's first period, or for
        // the `...End` functions the first group boundary at or after the date's period.
        let x = Int64(k) - Int64(origin)
        let q = scheme.labelsByLast ? -Temporal.floorDiv(-x, Int64(n)) : Temporal.floorDiv(x, Int64(n))
        let (span, o1) = q.multipliedReportingOverflow(by: Int64(n))
        let (grouped, o2) = Int64(origin).addingReportingOverflow(span)
        // Overflow or a label absurdly far off (a huge n) gives null, never a trap.
        let (gap, o3) = grouped.subtractingReportingOverflow(Int64(k))
        guard !o1, !o2, !o3, gap.magnitude < 1 << 40 else { continue }
        k = Int(grouped)
      }
      let r = Int64(scheme.label(k))
      if Temporal.fits(r, .date) { out[i] = r }
    }
    return scalar ? .int(out[0], .date) : .vector(Vector(type: .date, ints: out))
  }
}
