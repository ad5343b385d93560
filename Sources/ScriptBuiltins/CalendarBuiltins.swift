import PorpoiseSupport
import ScriptRuntime

/// Calendar functions of dates: the first and last day of the month, quarter, year or week a
/// date falls in (`monthBegin`, `yearEnd`, ...), optionally of groups of `n` of them counted
/// from an `offset` date's; and the day of the week or year, the ISO week, leap years.
enum CalendarBuiltins {
  /// A month counted from year 0 (`y * 12 + m - 1`).
  typealias MonthIndex = Int

  static func monthIndex(days: Int) -> MonthIndex {
    let (y, m, _) = CivilCalendar.civil(days: days)
    return y * 12 + m - 1
  }
  static func firstDay(_ month: MonthIndex) -> Int {
    CivilCalendar.days(
      year: Int(Temporal.floorDiv(Int64(month), 12)), month: Int(Temporal.floorMod(Int64(month), 12)) + 1, day: 1)
  }
  static func lastDay(_ month: MonthIndex) -> Int { firstDay(month + 1) - 1 }
  /// Monday is 0 (1970-01-01 was a Thursday).
  static func mondayWeekday(_ days: Int) -> Int { Int(Temporal.floorMod(Int64(days) + 3, 7)) }

  /// A function of the day a temporal value falls on, applied to a scalar or each element of a
  /// vector; nulls stay null. `output` is the result's type (DATE, INT or BOOL).
  static func byDay(
    _ a: CallArguments, _ name: String, output: DataType, _ f: (Int) throws(ScriptError) -> Int64?
  ) throws(ScriptError) -> Value {
    func day(_ raw: Int64, _ t: DataType) -> Int? {
      guard raw != Int64.min, let d = Temporal.convert(raw, from: t, to: .date), d != Int64.min else { return nil }
      return Int(d)
    }
    func checked(_ t: DataType) throws(ScriptError) {
      guard t.isTemporal, Temporal.hasDate(t) else {
        throw ScriptError(RuntimeMessages.needsDate(name, got: t.name))
      }
    }
    switch a[0] {
    case .int(let raw, let t):
      try checked(t)
      guard let d = day(raw, t), let r = try f(d) else { return .null(output) }
      return .int(r, output)
    case .vector(let v) where !v.isArrayVector:
      try checked(v.type)
      var out = [Int64](repeating: Int64.min, count: v.count)
      for (i, raw) in v.int64s.enumerated() {
        if let d = day(raw, v.type), let r = try f(d) { out[i] = r }
      }
      return .vector(Vector(type: output, ints: out))
    default:
      if a[0].isNull { return .null(output) }
      throw ScriptError(RuntimeMessages.needsDate(name, got: a[0].typeString))
    }
  }

  /// A month-based period function: `period` months long, the first starting at month
  /// `anchor` (0-11). Gives the first or last day. With `n > 1` the periods go `n` at a time
  /// from `offset`'s (X's earliest by default), as `PeriodLabels` groups them: a `...Begin`
  /// function gives the group's first day, an `...End` one the last day of the first group
  /// ending on or after the date (`yearEnd(2012.06.12, 12, 2009.04.03, 2)` is 2013.12.31).
  static func monthPeriod(
    _ name: String, anchor anchorName: String? = nil, defaultAnchor: @escaping @Sendable (Int) -> Int, period: Int,
    last: Bool
  ) -> Builtin {
    let anchorArgument: Int? = anchorName == nil ? nil : 1
    let extra = anchorArgument == nil ? 0 : 1
    let names = ["X"] + (anchorName.map { [$0] } ?? []) + ["offset", "n"]
    return Builtin(name, args: 1...(3 + extra), parameterNames: names) { a throws(ScriptError) in
      var anchor = defaultAnchor(0)
      if let k = anchorArgument, a.has(k) {
        let month = try a.integer(k, "the month of '\(name)'")
        guard (1...12).contains(month) else { throw ScriptError(RuntimeMessages.monthOutOfRange(name, month)) }
        anchor = defaultAnchor(month)
      }
      let scheme = PeriodLabels.Scheme(
        index: { d in Int(Temporal.floorDiv(Int64(monthIndex(days: d) - anchor), Int64(period))) },
        label: { k in last ? lastDay(anchor + k * period + period - 1) : firstDay(anchor + k * period) },
        labelsByLast: last)
      return try PeriodLabels.apply(a, name, offsetArgument: 1 + extra, scheme)
    }
  }

  /// `weekBegin`/`weekEnd`: weeks that start on `weekday` (Monday 0), or end on it; `n` of them
  /// from `offset`'s, grouped as `monthPeriod` groups months.
  static func weekPeriod(_ name: String, last: Bool) -> Builtin {
    Builtin(name, args: 1...4, parameterNames: ["X", "weekday", "offset", "n"]) { a throws(ScriptError) in
      let weekday = a.has(1) ? try a.integer(1, "the weekday of '\(name)'") : (last ? 6 : 0)
      guard (0...6).contains(weekday) else { throw ScriptError(RuntimeMessages.weekdayOutOfRange(name, weekday)) }
      // A week ending on `weekday` starts the day after it.
      let startDay = last ? (weekday + 1) % 7 : weekday
      func weekStart(_ d: Int) -> Int { d - Int(Temporal.floorMod(Int64(mondayWeekday(d) - startDay), 7)) }
      // Weeks numbered from the one holding 1970-01-01.
      let first = weekStart(0)
      let scheme = PeriodLabels.Scheme(
        index: { d in Int(Temporal.floorDiv(Int64(weekStart(d) - first), 7)) },
        label: { k in first + 7 * k + (last ? 6 : 0) }, labelsByLast: last)
      return try PeriodLabels.apply(a, name, offsetArgument: 2, scheme)
    }
  }

  static func dayFunction(_ name: String, output: DataType = .int, _ f: @escaping @Sendable (Int) -> Int64) -> Builtin {
    Builtin(name, args: 1...1) { a throws(ScriptError) in try byDay(a, name, output: output) { d in f(d) } }
  }

  /// ISO 8601 week number: weeks start on Monday; week 1 holds the year's first Thursday.
  static func isoWeek(_ d: Int) -> Int64 {
    let thursday = d - mondayWeekday(d) + 3
    let (y, _, _) = CivilCalendar.civil(days: thursday)
    return Int64((thursday - CivilCalendar.days(year: y, month: 1, day: 1)) / 7 + 1)
  }

  static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

  static let all: [Builtin] = [
    monthPeriod("monthBegin", defaultAnchor: { _ in 0 }, period: 1, last: false),
    monthPeriod("monthEnd", defaultAnchor: { _ in 0 }, period: 1, last: true),
    // quarterBegin(X, [startingMonth=1]): quarters start in that month and every third after it.
    monthPeriod(
      "quarterBegin", anchor: "startingMonth", defaultAnchor: { m in (max(m, 1) - 1) % 3 }, period: 3, last: false),
    // quarterEnd(X, [endingMonth=12]): quarters end in that month and every third before it.
    monthPeriod("quarterEnd", anchor: "endingMonth", defaultAnchor: { m in m == 0 ? 0 : m % 3 }, period: 3, last: true),
    // semiannualBegin(X, [startingMonth=1]) and semiannualEnd(X, [endingMonth=12]): half years
    // that start (end) in that month and six months after it.
    monthPeriod(
      "semiannualBegin", anchor: "startingMonth", defaultAnchor: { m in (max(m, 1) - 1) % 6 }, period: 6, last: false),
    monthPeriod(
      "semiannualEnd", anchor: "endingMonth", defaultAnchor: { m in m == 0 ? 0 : m % 6 }, period: 6, last: true),
    monthPeriod(
      "yearBegin", anchor: "yearBeginMonth|startingMonth", defaultAnchor: { m in max(m, 1) - 1 }, period: 12,
      last: false),
    monthPeriod(
      "yearEnd", anchor: "yearEndMonth|endingMonth", defaultAnchor: { m in m == 0 ? 0 : m % 12 }, period: 12, last: true
    ),
    weekPeriod("weekBegin", last: false),
    weekPeriod("weekEnd", last: true),
    // weekday(X, [startFromSunday=true]): 0 is Sunday, or Monday when startFromSunday is false.
    Builtin("weekday", args: 1...2, parameterNames: ["X", "startFromSunday"]) { a throws(ScriptError) in
      let fromSunday = a.has(1) ? a[1].isTruthy : true
      return try byDay(a, "weekday", output: .int) { d in Int64((mondayWeekday(d) + (fromSunday ? 1 : 0)) % 7) }
    },
    dayFunction("dayOfWeek") { d in Int64(mondayWeekday(d)) },
    dayFunction("dayOfYear") { d in
      Int64(d - CivilCalendar.days(year: CivilCalendar.civil(days: d).year, month: 1, day: 1) + 1)
    },
    dayFunction("quarterOfYear") { d in Int64((CivilCalendar.civil(days: d).month - 1) / 3 + 1) },
    dayFunction("weekOfYear") { d in isoWeek(d) },
    dayFunction("daysInMonth") { d in Int64(lastDay(monthIndex(days: d)) - firstDay(monthIndex(days: d)) + 1) },
    dayFunction("isLeapYear", output: .bool) { d in isLeap(CivilCalendar.civil(days: d).year) ? 1 : 0 },
  ]
}
