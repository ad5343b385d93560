import PorpoiseSupport
import ScriptRuntime

/// Dates anchored within months, each the latest such day on or before X: `semiMonthBegin(X,
/// [dayOfMonth=15])` (the 1st or the dayOfMonth-th), `semiMonthEnd(X, [dayOfMonth=15])` (the
/// dayOfMonth-th, or the last day of the month before), `weekOfMonth(X, [week=0],
/// [weekday=0])` (the week-th such weekday of a month, counting from 0) and
/// `lastWeekOfMonth(X, [weekday=0])` (a month's last such weekday); weekdays count from Monday
/// as 0. Each takes DolphinDB's trailing `offset` and `n`.
enum MonthAnchors {
  /// Half months: `2 * month` holds days 1 to dayOfMonth - 1, `2 * month + 1` the rest.
  static func halfMonths(_ dayOfMonth: Int, end: Bool) -> PeriodLabels.Scheme {
    PeriodLabels.Scheme(
      index: { d in
        let (_, _, day) = CivilCalendar.civil(days: d)
        return CalendarBuiltins.monthIndex(days: d) * 2 + (day >= dayOfMonth ? 1 : 0)
      },
      label: { k in
        let first = CalendarBuiltins.firstDay(Int(Temporal.floorDiv(Int64(k), 2)))
        if Temporal.floorMod(Int64(k), 2) == 1 { return first + dayOfMonth - 1 }
        // The first half is labelled by the day before it under semiMonthEnd.
        return end ? first - 1 : first
      })
  }

  /// Months, each labelled by its day `target(month)`; a date before it belongs to the month
  /// before.
  static func monthly(_ target: @escaping (Int) -> Int) -> PeriodLabels.Scheme {
    PeriodLabels.Scheme(
      index: { d in
        let m = CalendarBuiltins.monthIndex(days: d)
        return d < target(m) ? m - 1 : m
      }, label: target)
  }

  /// The `week`-th (from 0) `weekday` of a month.
  static func nthWeekday(_ month: Int, week: Int, weekday: Int) -> Int {
    let first = CalendarBuiltins.firstDay(month)
    return first + Int(Temporal.floorMod(Int64(weekday - CalendarBuiltins.mondayWeekday(first)), 7)) + 7 * week
  }

  /// The last `weekday` of a month.
  static func lastWeekday(_ month: Int, weekday: Int) -> Int {
    let last = CalendarBuiltins.lastDay(month)
    return last - Int(Temporal.floorMod(Int64(CalendarBuiltins.mondayWeekday(last) - weekday), 7))
  }

  static func semiMonth(_ name: String, end: Bool) -> Builtin {
    Builtin(name, args: 1...4, parameterNames: ["X", "dayOfMonth", "offset", "n"]) { a throws(ScriptError) in
      let day = try PeriodLabels.option(a, 1, "the dayOfMonth of '\(name)'", 2...27, default: 15)
      return try PeriodLabels.apply(a, name, offsetArgument: 2, halfMonths(day, end: end))
    }
  }

  static let all: [Builtin] = [
    semiMonth("semiMonthBegin", end: false),
    semiMonth("semiMonthEnd", end: true),
    Builtin("weekOfMonth", args: 1...5, parameterNames: ["X", "week", "weekday", "offset", "n"]) {
      a throws(ScriptError) in
      let week = try PeriodLabels.option(a, 1, "the week of 'weekOfMonth'", 0...3, default: 0)
      let weekday = try PeriodLabels.option(a, 2, "the weekday of 'weekOfMonth'", 0...6, default: 0)
      return try PeriodLabels.apply(
        a, "weekOfMonth", offsetArgument: 3, monthly { m in nthWeekday(m, week: week, weekday: weekday) })
    },
    Builtin("lastWeekOfMonth", args: 1...4, parameterNames: ["X", "weekday", "offset", "n"]) {
      a throws(ScriptError) in
      let weekday = try PeriodLabels.option(a, 1, "the weekday of 'lastWeekOfMonth'", 0...6, default: 0)
      return try PeriodLabels.apply(
        a, "lastWeekOfMonth", offsetArgument: 2, monthly { m in lastWeekday(m, weekday: weekday) })
    },
  ]
}
