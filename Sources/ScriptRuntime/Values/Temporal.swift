import PorpoiseSupport
import ScriptSyntax

/// Conversions and printing of the temporal types.
///
/// Raw units: DATE days, MONTH months since year 0, TIME ms of the day, MINUTE minutes of the
/// day, SECOND seconds of the day, DATETIME seconds, TIMESTAMP ms, NANOTIME ns of the day,
/// NANOTIMESTAMP ns, DATEHOUR hours; the epoch is 1970.01.01.
public enum Temporal {
  static let nsPerDay: Int64 = 86_400_000_000_000

  public static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
  }
  /// `a` modulo `b` with the sign of `b`; from the remainder, so no product can overflow
  /// (`a - floorDiv(a, b) * b` does near Int64.min).
  public static func floorMod(_ a: Int64, _ b: Int64) -> Int64 {
    let r = a % b
    return r != 0 && (r < 0) != (b < 0) ? r + b : r
  }

  /// Nanoseconds of one raw unit for clock-based types.
  public static func unitNanos(_ t: DataType) -> Int64 {
    switch t {
    case .date: return nsPerDay
    case .time, .timestamp: return 1_000_000
    case .minute: return 60_000_000_000
    case .second, .datetime: return 1_000_000_000
    case .datehour: return 3_600_000_000_000
    default: return 1
    }
  }

  /// Whether the type carries a calendar date.
  public static func hasDate(_ t: DataType) -> Bool {
    switch t {
    case .date, .month, .datetime, .timestamp, .nanotimestamp, .datehour: return true
    default: return false
    }
  }

  /// The instant as ns since the epoch (or since midnight for time-of-day types).
  public static func nanos(_ raw: Int64, _ t: DataType) -> Int64 {
    if t == .month {
      let year = Int(floorDiv(raw, 12))
      let month = Int(floorMod(raw, 12)) + 1
      return Int64(CivilCalendar.days(year: year, month: month, day: 1)) * nsPerDay
    }
    return raw &* unitNanos(t)
  }

  /// An instant as whole days since the epoch and nanoseconds into the day. Any raw value of
  /// any temporal type fits (a TIMESTAMP's days reach ±1e14), so conversions, comparisons and
  /// printing never wrap, as nanoseconds since 1970 would outside 1677–2262.
  public struct DayTime: Sendable, Equatable, Comparable {
    public var days: Int64
    public var nanos: Int64
    public init(days: Int64, nanos: Int64) {
      self.days = days
      self.nanos = nanos
    }
    public static func < (a: DayTime, b: DayTime) -> Bool { a.days != b.days ? a.days < b.days : a.nanos < b.nanos }
  }

  /// Raw units of a clock-based type in one day (1 for DATE, 86,400 for DATETIME, ...).
  static func unitsPerDay(_ t: DataType) -> Int64 { nsPerDay / unitNanos(t) }

  /// The instant a raw value stands for (time-of-day types: day 0).
  public static func dayTime(_ raw: Int64, _ t: DataType) -> DayTime {
    if t == .month {
      let days = CivilCalendar.days(year: Int(floorDiv(raw, 12)), month: Int(floorMod(raw, 12)) + 1, day: 1)
      return DayTime(days: Int64(days), nanos: 0)
    }
    let per = unitsPerDay(t)
    return DayTime(days: floorDiv(raw, per), nanos: floorMod(raw, per) * unitNanos(t))
  }

  /// The raw value of `t` at an instant (floored to its unit); nil when `t` cannot hold it.
  public static func raw(_ at: DayTime, _ t: DataType) -> Int64? {
    let r: Int64
    if t == .month {
      guard at.days.magnitude < 1 << 40 else { return nil }
      let (y, m, _) = CivilCalendar.civil(days: Int(at.days))
      r = Int64(y) * 12 + Int64(m - 1)
    } else if !hasDate(t) {
      r = at.nanos / unitNanos(t)
    } else {
      let (scaled, o1) = at.days.multipliedReportingOverflow(by: unitsPerDay(t))
      let (sum, o2) = scaled.addingReportingOverflow(at.nanos / unitNanos(t))
      guard !o1, !o2 else { return nil }
      r = sum
    }
    return fits(r, t) ? r : nil
  }

  /// Whether a raw value is a value, not null, that the type's storage holds: DATE, MONTH,
  /// DATETIME, SECOND, ... are 32-bit as in DolphinDB; TIMESTAMP and the NANO types 64-bit.
  public static func fits(_ raw: Int64, _ t: DataType) -> Bool {
    switch t {
    case .timestamp, .nanotime, .nanotimestamp, .long: return raw != Int64.min
    default: return raw > Int64(Int32.min) && raw <= Int64(Int32.max)
    }
  }

  /// Converts a raw temporal value between types: nil when the conversion has no meaning,
  /// null (`Int64.min`) when the target type cannot hold the instant.
  public static func convert(_ raw: Int64, from: DataType, to: DataType) -> Int64? {
    if raw == Int64.min { return Int64.min }
    if from == to { return raw }
    let fromDate = hasDate(from)
    let toDate = hasDate(to)
    if toDate && !fromDate { return nil }
    var at = dayTime(raw, from)
    if fromDate && !toDate { at.days = 0 }
    return Temporal.raw(at, to) ?? Int64.min
  }

  /// The literal form of a temporal scalar (`2021.01.01`, `09:30m`, `2023.01.08T09:30:00`).
  public static func format(_ raw: Int64, _ t: DataType) -> String {
    if raw == Int64.min { return "" }
    return TemporalLiteral.format(raw, t)
  }

  /// DATETIME to DATE and the like: when both carry a date (or neither does) and the target
  /// unit is a whole multiple of the source unit, a floor division per element, in one loop.
  public static func coarsen(_ v: Vector, to type: DataType) -> Vector? {
    guard v.type != .month, type != .month, hasDate(v.type) == hasDate(type) else { return nil }
    let from = unitNanos(v.type)
    let to = unitNanos(type)
    guard to >= from, to % from == 0 else { return nil }
    let factor = to / from
    func floorDiv32(_ x: Int64) -> Int32 {
      if x == Int64.min { return Int32.min }
      let q = x >= 0 ? x / factor : -((-x + factor - 1) / factor)
      return Int32(truncatingIfNeeded: q)
    }
    let outIs32: Bool = {
      if case .i32 = Vector.empty(type).storage { return true }
      return false
    }()
    // Timestamps come clustered (a day of bars): a value inside the last unit found reuses
    // its result instead of dividing again.
    func coarsenChunk<T: BinaryInteger>(
      _ a: UnsafeBufferPointer<T>, _ r: Range<Int>, _ out: UnsafeMutablePointer<Int32>
    ) {
      var lo = Int64.max
      var hi = Int64.min
      var q: Int32 = 0
      for i in r {
        let x = Int64(a[i])
        if x >= lo && x < hi {
          out[i] = q
          continue
        }
        let isNull = T.self == Int32.self ? x == Int64(Int32.min) : x == Int64.min
        if isNull {
          out[i] = Int32.min
          continue
        }
        let r = floorDiv32(x)
        q = r
        lo = Int64(r) * factor
        hi = lo + factor
        out[i] = r
      }
    }
    switch v.storage {
    case .i32(let a) where outIs32:
      let out = a.withUnsafeBufferPointer { a in
        let src = SendableBox(a)
        return ParallelChunks.makeArray(count: a.count) { r, out in coarsenChunk(src.value, r, out) }
      }
      return Vector(type: type, storage: .i32(out))
    case .i64(let a) where outIs32:
      let out = a.withUnsafeBufferPointer { a in
        let src = SendableBox(a)
        return ParallelChunks.makeArray(count: a.count) { r, out in coarsenChunk(src.value, r, out) }
      }
      return Vector(type: type, storage: .i32(out))
    default:
      return nil
    }
  }

  /// Parses the literal form of a temporal type from a string (`date("2021.01.02")`).
  public static func parse(_ text: String, as t: DataType) -> Int64? {
    let trimmed = text.trimmingSpaces
    let file = SourceFile(name: "", text: trimmed)
    let (tokens, errors) = Lexer.tokenize(file)
    guard errors.isEmpty, tokens.count == 2, case .temporal(let kind, let raw) = tokens[0].kind else {
      // Accept `2021-01-02` and ISO `T` forms by normalising separators.
      if trimmed.contains("-") && !trimmed.hasPrefix("-") {
        return parse(trimmed.replacingDashes, as: t)
      }
      return nil
    }
    return convert(raw, from: DataType(kind), to: t)
  }

  /// Adds `n` units (`y M w d B H m s ms us ns`) to a temporal value: nil when the unit does
  /// not apply to the type, null (`Int64.min`) when the result is out of the type's range.
  public static func add(_ raw: Int64, _ t: DataType, _ n: Int64, unit: String) -> Int64? {
    if raw == Int64.min || n == Int64.min { return Int64.min }
    switch unit {
    case "y", "M":
      let (months, o1) = n.multipliedReportingOverflow(by: unit == "y" ? 12 : 1)
      if o1 { return Int64.min }
      if t == .month {
        let (r, o2) = raw.addingReportingOverflow(months)
        return !o2 && fits(r, t) ? r : Int64.min
      }
      guard hasDate(t) else { return nil }
      let at = dayTime(raw, t)
      guard at.days.magnitude < 1 << 40, months.magnitude < 1 << 40 else { return Int64.min }
      let (y, m, d) = CivilCalendar.civil(days: Int(at.days))
      let total = Int64(y) * 12 + Int64(m - 1) + months
      let ny = Int(floorDiv(total, 12))
      let nm = Int(floorMod(total, 12)) + 1
      let nd = min(d, CivilCalendar.daysInMonth(year: ny, month: nm))
      let days = Int64(CivilCalendar.days(year: ny, month: nm, day: nd))
      return Temporal.raw(DayTime(days: days, nanos: at.nanos), t) ?? Int64.min
    case "B":
      guard hasDate(t) else { return nil }
      var at = dayTime(raw, t)
      guard n.magnitude < 1 << 40, at.days.magnitude < 1 << 50 else { return Int64.min }
      func isBusinessDay(_ d: Int64) -> Bool { floorMod(d + 3, 7) < 5 }  // 0 = Monday
      var left = n
      let step: Int64 = n >= 0 ? 1 : -1
      // From a weekend, the first business day in the direction of travel counts as one.
      if left != 0 && !isBusinessDay(at.days) {
        repeat { at.days += step } while !isBusinessDay(at.days)
        left -= step
      }
      // From a business day, five business days are a week exactly.
      let weeks = left / 5
      at.days += weeks * 7
      left -= weeks * 5
      while left != 0 {
        at.days += step
        if isBusinessDay(at.days) { left -= step }
      }
      return Temporal.raw(at, t) ?? Int64.min
    default:
      guard let (days, nanos) = dayParts(n, unit: unit) else { return nil }
      if t == .month { return nil }
      guard let days else { return Int64.min }
      var at = dayTime(raw, t)
      // Whole days and the rest apart: no sum of nanoseconds since 1970 to overflow.
      let (d, o) = at.days.addingReportingOverflow(days)
      if o { return Int64.min }
      let ns = at.nanos + nanos
      at.days = d + floorDiv(ns, nsPerDay)
      at.nanos = floorMod(ns, nsPerDay)
      if !hasDate(t) { at.days = 0 }
      return Temporal.raw(at, t) ?? Int64.min
    }
  }

  /// `count` of a fixed-length unit as whole days and nanoseconds into a day; nil for units
  /// of no fixed length (y, M, B), nil days when the days overflow.
  static func dayParts(_ count: Int64, unit: String) -> (days: Int64?, nanos: Int64)? {
    switch unit {
    case "w":
      let (d, o) = count.multipliedReportingOverflow(by: 7)
      return (o ? nil : d, 0)
    case "d": return (count, 0)
    default:
      guard let per = Duration(count: 1, unit: unit).nanoseconds else { return nil }
      let perDay = nsPerDay / per
      return (floorDiv(count, perDay), floorMod(count, perDay) * per)
    }
  }
}

extension String {
  var trimmingSpaces: String {
    var s = Substring(self)
    while s.first?.isWhitespace == true { s.removeFirst() }
    while s.last?.isWhitespace == true { s.removeLast() }
    return String(s)
  }
  var replacingDashes: String {
    String(map { $0 == "-" ? "." : $0 })
  }
}
