/// Proleptic Gregorian calendar arithmetic on day numbers counted from 1970-01-01.
///
/// Temporal literals are converted with it while lexing, the runtime casts and prints with
/// it, and license dates are checked with it: one calendar for all of them.
public enum CivilCalendar {
  /// Days since 1970-01-01 of a civil date (H. Hinnant's days_from_civil).
  /// Wrapping arithmetic: a year or day number far outside any type's range gives a wrong
  /// answer, never a trap; callers keep values in range.
  public static func days(year: Int, month: Int, day: Int) -> Int {
    let y = month <= 2 ? year &- 1 : year
    let era = (y >= 0 ? y : y &- 399) / 400
    let yoe = y &- era &* 400
    let mp = (month &+ 9) % 12
    let doy = (153 &* mp &+ 2) / 5 &+ day &- 1
    let doe = yoe &* 365 &+ yoe / 4 &- yoe / 100 &+ doy
    return era &* 146097 &+ doe &- 719468
  }

  /// The civil date of a day number.
  public static func civil(days: Int) -> (year: Int, month: Int, day: Int) {
    let z = days &+ 719468
    let era = (z >= 0 ? z : z &- 146096) / 146097
    let doe = z &- era &* 146097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
    let y = yoe &+ era &* 400
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (m <= 2 ? y &+ 1 : y, m, d)
  }

  /// Whether a year/month/day triple names a real date.
  public static func isValid(year: Int, month: Int, day: Int) -> Bool {
    guard month >= 1, month <= 12, day >= 1 else { return false }
    return day <= daysInMonth(year: year, month: month)
  }

  /// Number of days in a month.
  public static func daysInMonth(year: Int, month: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }
}
