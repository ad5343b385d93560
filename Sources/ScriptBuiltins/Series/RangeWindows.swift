import ScriptRuntime

/// Windows given as a range relative to each row, both ends included: `window(func, funcArgs,
/// d1:d2)` calls func on the rows at positions i+d1 to i+d2 (cut to the data; an empty window
/// still calls func), and `twindow(func, funcArgs, T, d1:d2, [prevailing=false])` on the rows
/// whose time lies in [T[i]+d1, T[i]+d2] (integers in T's own unit, or durations). With
/// `prevailing` true the window's start follows pwj: of several rows at the start time only the
/// last, and when none sits at it the last row before it; with 2, a bound of 0 is the row
/// itself (no earlier or later rows of the same time).
enum RangeWindows {
  /// Calls func on each row's window of the inputs.
  static func run(
    _ a: CallArguments, _ f: FunctionValue, _ inputs: [Vector], _ bounds: (Int) -> Range<Int>
  ) throws(ScriptError) -> Value {
    var results: [Value] = []
    let n = inputs.first?.count ?? 0
    results.reserveCapacity(n)
    for i in 0..<n {
      if i % 1_024 == 0, a.machine.isInterrupted { throw Machine.interrupted() }
      let r = bounds(i)
      results.append(try a.machine.call(f, inputs.map { .vector($0.slice(r)) }))
    }
    return collectTyped(results, empty: .double)
  }

  /// `lo...hi` cut to 0..<n, empty when nothing is left.
  static func clipped(_ lo: Int128, _ hi: Int128, _ n: Int) -> Range<Int> {
    let from = Int(max(0, min(lo, Int128(n))))
    let to = Int(max(0, min(hi + 1, Int128(n))))
    return from < to ? from..<to : from..<from
  }

  static let window = Builtin("window", args: 3...3, parameterNames: ["func", "funcArgs", "range"]) {
    a throws(ScriptError) in
    let f = try a.function(0, "the first argument of 'window'")
    let inputs = try Series.arguments(a, 1, "window")
    guard case .pair(let p) = a[2], p.type.isIntegral, let d1 = p[0].intValue, let d2 = p[1].intValue else {
      throw ScriptError(RuntimeMessages.needsPairRange("window", got: a[2].typeString))
    }
    let n = inputs.first?.count ?? 0
    return try run(a, f, inputs) { i in clipped(Int128(i) + Int128(d1), Int128(i) + Int128(d2), n) }
  }

  /// A time moved by a range bound (a count of T's unit, or a duration; nil for a time past the
  /// type's range), and the bound's sign, which says which way such a time lies.
  static func shifter(_ bound: Value, _ type: DataType) throws(ScriptError) -> (@Sendable (Int64) -> Int64?, Int64) {
    if case .duration(let d) = bound {
      guard type.isTemporal, Temporal.add(0, type, d.count, unit: d.unit) != nil else {
        throw ScriptError(RuntimeMessages.timeWindowUnit("twindow", d.description, type.name))
      }
      let (count, unit) = (d.count, d.unit)
      return ({ t in Temporal.add(t, type, count, unit: unit) }, count.signum())
    }
    guard let n = bound.intValue, bound.type.isIntegral else {
      throw ScriptError(RuntimeMessages.needsPairRange("twindow", got: bound.typeString))
    }
    return (
      { t in
        let (r, overflow) = t.addingReportingOverflow(n)
        return overflow || r == Int64.min ? nil : r
      }, n.signum()
    )
  }

  static let twindow = Builtin(
    "twindow", args: 4...5, parameterNames: ["func", "funcArgs", "T", "range", "prevailing"]
  ) { a throws(ScriptError) in
    let f = try a.function(0, "the first argument of 'twindow'")
    let inputs = try Series.arguments(a, 1, "twindow")
    let n = inputs.first?.count ?? 0
    let times = try Series.vector(a, 2, "twindow")
    guard (times.type.isTemporal || times.type.isIntegral) && times.type != .bool, !times.isArrayVector else {
      throw ScriptError(RuntimeMessages.timeWindowNeedsTimes("twindow", got: times.typeName))
    }
    guard times.count == n else { throw ScriptError(RuntimeMessages.incompatibleSizes("twindow", times.count, n)) }
    let ends: [Value]
    switch a[3] {
    case .pair(let p): ends = [p[0], p[1]]
    case .tuple(let items) where items.count == 2: ends = items
    default: throw ScriptError(RuntimeMessages.needsPairRange("twindow", got: a[3].typeString))
    }
    let (low, lowSign) = try shifter(ends[0], times.type)
    let (high, highSign) = try shifter(ends[1], times.type)
    let prevailing = a.has(4) ? (a[4].intValue ?? 0) : 0
    guard (0...2).contains(prevailing) else {
      throw ScriptError(
        RuntimeMessages.mustBeOneOf(
          "the prevailing of 'twindow'", ["false", "true", "2"], got: ValueFormatter().format(a[4])))
    }
    let ts = times.int64s
    for i in ts.indices {
      guard ts[i] != Int64.min else { throw ScriptError(RuntimeMessages.timeWindowNullTime("twindow", row: i)) }
      if i > 0 && ts[i] < ts[i - 1] { throw ScriptError(RuntimeMessages.timeWindowNotRising("twindow", row: i)) }
    }
    // The first row at or after a time, and the first after it.
    func firstAtOrAfter(_ t: Int64) -> Int {
      var (lo, hi) = (0, ts.count)
      while lo < hi {
        let mid = (lo + hi) / 2
        if ts[mid] < t { lo = mid + 1 } else { hi = mid }
      }
      return lo
    }
    func firstAfter(_ t: Int64) -> Int {
      var (lo, hi) = (0, ts.count)
      while lo < hi {
        let mid = (lo + hi) / 2
        if ts[mid] <= t { lo = mid + 1 } else { hi = mid }
      }
      return lo
    }
    return try run(a, f, inputs) { i in
      let lowTime = low(ts[i])
      let highTime = high(ts[i])
      var from = lowTime.map(firstAtOrAfter) ?? (lowSign < 0 ? 0 : n)
      var to = highTime.map(firstAfter) ?? (highSign > 0 ? n : 0)
      if prevailing == 1, let t = lowTime {
        if from < n && ts[from] == t {
          // Of several rows at the start time, only the last.
          while from + 1 < n && ts[from + 1] == t { from += 1 }
        } else if from > 0 {
          from -= 1
        }
      }
      if prevailing == 2 {
        if lowSign == 0 { from = i }
        if highSign == 0 { to = i + 1 }
      }
      return from < to ? from..<to : from..<from
    }
  }

  static let all: [Builtin] = [window, twindow]
}
