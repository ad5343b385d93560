import PorpoiseSupport
import ScriptRuntime

/// Business-day calendar functions, weekdays (Monday to Friday) being the business days and no
/// holidays: `businessDay` (the date, or the Friday before a weekend) and the first or last
/// business day of the business month, quarter or year a date belongs to
/// (`businessMonthBegin`, `businessQuarterEnd(X, [endingMonth])`, ...).
///
/// As in DolphinDB (and pandas' BMonthBegin/BMonthEnd), a date before its month's first
/// business day belongs to the previous business month, and a date after its month's last
/// business day to the next one: `businessYearBegin(2022.01.01)` is 2021.01.01.
enum BusinessCalendar {
  /// The first weekday on or after a day.
  static func weekdayOnOrAfter(_ d: Int) -> Int {
    switch CalendarBuiltins.mondayWeekday(d) {
    case 5: return d + 2
    case 6: return d + 1
    default: return d
    }
  }

  /// The last weekday on or before a day.
  static func weekdayOnOrBefore(_ d: Int) -> Int {
    switch CalendarBuiltins.mondayWeekday(d) {
    case 5: return d - 1
    case 6: return d - 2
    default: return d
    }
  }

  /// Business days numbered from the week of 1970-01-01, five a week; a weekend day counts as
  /// the Friday before it.
  static func businessIndex(_ d: Int) -> Int {
    let m = Int64(d) + 3  // days since Monday 1969-12-29
    return Int(Temporal.floorDiv(m, 7)) * 5 + min(Int(Temporal.floorMod(m, 7)), 4)
  }
  static func businessDay(_ k: Int) -> Int {
    Int(Temporal.floorDiv(Int64(k), 5)) * 7 + Int(Temporal.floorMod(Int64(k), 5)) - 3
  }

  /// Business periods of `length` months, the first starting at month `anchor` (0-11).
  static func scheme(length: Int, anchor: Int, last: Bool) -> PeriodLabels.Scheme {
    func firstMonth(_ k: Int) -> Int { anchor + k * length }
    func begin(_ k: Int) -> Int { weekdayOnOrAfter(CalendarBuiltins.firstDay(firstMonth(k))) }
    func end(_ k: Int) -> Int { weekdayOnOrBefore(CalendarBuiltins.lastDay(firstMonth(k) + length - 1)) }
    return PeriodLabels.Scheme(
      index: { d in
        let k = Int(Temporal.floorDiv(Int64(CalendarBuiltins.monthIndex(days: d) - anchor), Int64(length)))
        if last { return d > end(k) ? k + 1 : k }
        return d < begin(k) ? k - 1 : k
      },
      label: last ? end : begin, labelsByLast: last)
  }

  /// `businessMonthBegin(X, [offset], [n])` and the quarter and year forms, whose second
  /// argument is the month that starts (or ends) a year; `anchor` turns it into the first
  /// month of a period.
  static func function(
    _ name: String, length: Int, last: Bool, month: String? = nil, anchor: @escaping @Sendable (Int) -> Int = { _ in 0 }
  ) -> Builtin {
    let names = ["X"] + (month.map { [$0] } ?? []) + ["offset", "n"]
    return Builtin(name, args: 1...names.count, parameterNames: names) { a throws(ScriptError) in
      var first = 0
      if month != nil {
        first = anchor(try PeriodLabels.option(a, 1, "the month of '\(name)'", 1...12, default: last ? 12 : 1))
      }
      return try PeriodLabels.apply(
        a, name, offsetArgument: names.count - 2, scheme(length: length, anchor: first, last: last))
    }
  }

  static let all: [Builtin] = [
    // businessDay(X, [offset], [n]): X's date on a weekday, else the Friday before.
    Builtin("businessDay", args: 1...3, parameterNames: ["X", "offset", "n"]) { a throws(ScriptError) in
      try PeriodLabels.apply(
        a, "businessDay", offsetArgument: 1, PeriodLabels.Scheme(index: businessIndex, label: businessDay))
    },
    function("businessMonthBegin", length: 1, last: false),
    function("businessMonthEnd", length: 1, last: true),
    function("businessQuarterBegin", length: 3, last: false, month: "startingMonth") { m in (m - 1) % 3 },
    function("businessQuarterEnd", length: 3, last: true, month: "endingMonth") { m in m % 3 },
    function("businessYearBegin", length: 12, last: false, month: "startingMonth") { m in m - 1 },
    function("businessYearEnd", length: 12, last: true, month: "endingMonth") { m in m % 12 },
  ]
}
