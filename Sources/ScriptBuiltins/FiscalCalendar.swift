import PorpoiseSupport
import ScriptRuntime

/// The 52-53 week fiscal year (the 4-4-5 calendar): DolphinDB's `fy5253(X, [weekday=0],
/// [startingMonth=1], [nearest=true], [offset], [n=1])` gives the first day of the fiscal year X
/// falls in, and `fy5253Quarter(X, [weekday=0], [startingMonth=1], [qtrWithExtraWeek=1],
/// [nearest=true], [offset], [n=1])` the first day of its fiscal quarter. A fiscal year starts on
/// a `weekday` (0 is Monday): with `nearest`, the one nearest the last day of `startingMonth`
/// (which may fall early in the next month), else the last one in that month. Years are 52 or 53
/// weeks; quarters are 13 weeks, the `qtrWithExtraWeek`-th 14 in a 53-week year. With `n > 1`,
/// periods go `n` at a time from the period of `offset`, as the other date offsets do.
enum FiscalCalendar {
  /// How a calendar's years begin.
  struct Rule {
    let weekday: Int
    let startingMonth: Int
    let nearest: Bool

    /// The first day of fiscal year `k`: the one anchored to month `startingMonth` of year k.
    func start(_ k: Int) -> Int {
      let month = k * 12 + startingMonth - 1
      guard nearest else { return MonthAnchors.lastWeekday(month, weekday: weekday) }
      let last = CalendarBuiltins.lastDay(month)
      let ahead = Int(Temporal.floorMod(Int64(weekday - CalendarBuiltins.mondayWeekday(last)), 7))
      return ahead <= 3 ? last + ahead : last + ahead - 7
    }

    /// The fiscal year a day falls in: its calendar year's or one of its neighbours' (a year
    /// anchored to December may start in January), so each loop runs at most twice.
    func year(_ day: Int) -> Int {
      var k = CivilCalendar.civil(days: day).year
      while start(k) > day { k -= 1 }
      while start(k + 1) <= day { k += 1 }
      return k
    }
  }

  /// The week each quarter of fiscal year `k` starts at (from the year's start).
  static func quarterWeeks(_ rule: Rule, _ k: Int, extraWeekIn quarter: Int) -> [Int] {
    let long = (rule.start(k + 1) - rule.start(k)) / 7 == 53
    return (0..<4).map { q in 13 * q + (long && q >= quarter ? 1 : 0) }
  }

  static func rule(_ a: CallArguments, _ name: String, nearestAt: Int) throws(ScriptError) -> Rule {
    Rule(
      weekday: try PeriodLabels.option(a, 1, "the weekday of '\(name)'", 0...6, default: 0),
      startingMonth: try PeriodLabels.option(a, 2, "the startingMonth of '\(name)'", 1...12, default: 1),
      nearest: a.has(nearestAt) ? a[nearestAt].isTruthy : true)
  }

  static let all: [Builtin] = [
    Builtin("fy5253", args: 1...6, parameterNames: ["X", "weekday", "startingMonth", "nearest", "offset", "n"]) {
      a throws(ScriptError) in
      let r = try rule(a, "fy5253", nearestAt: 3)
      return try PeriodLabels.apply(a, "fy5253", offsetArgument: 4, PeriodLabels.Scheme(index: r.year, label: r.start))
    },
    Builtin(
      "fy5253Quarter", args: 1...7,
      parameterNames: ["X", "weekday", "startingMonth", "qtrWithExtraWeek", "nearest", "offset", "n"]
    ) { a throws(ScriptError) in
      let r = try rule(a, "fy5253Quarter", nearestAt: 4)
      // The quarter after which the extra week comes, from 0.
      let extra = try PeriodLabels.option(a, 3, "the qtrWithExtraWeek of 'fy5253Quarter'", 1...4, default: 1)
      // Quarters are numbered 4k to 4k + 3 within fiscal year k.
      let scheme = PeriodLabels.Scheme(
        index: { d in
          let k = r.year(d)
          let week = (d - r.start(k)) / 7
          let q = quarterWeeks(r, k, extraWeekIn: extra).lastIndex { $0 <= week } ?? 0
          return 4 * k + q
        },
        label: { i in
          let k = Int(Temporal.floorDiv(Int64(i), 4))
          return r.start(k) + 7 * quarterWeeks(r, k, extraWeekIn: extra)[Int(Temporal.floorMod(Int64(i), 4))]
        })
      return try PeriodLabels.apply(a, "fy5253Quarter", offsetArgument: 5, scheme)
    },
  ]
}
