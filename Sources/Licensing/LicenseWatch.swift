/// What a running node does about its license as the days pass, as DolphinDB does: it warns
/// (once a day, in its log) from 15 days before the expiration, keeps working for 15 days
/// after it, and then stops; a renewal installed with `updateLicense()` ends the warnings.
public struct LicenseWatch: Sendable {
  public enum Action: Sendable, Equatable {
    case none
    /// A line for the log, once a day.
    case warn(String)
    /// The grace is over: the node stops.
    case stop(String)
  }

  /// Days before the expiration the warnings start.
  public static let warningDays = 15
  private var warnedOn: Int?

  public init() {}

  /// The action for `license` (read from `path`, nil for the built-in one) as of `today`.
  public mutating func check(_ license: License, path: String?, today: LicenseDate) -> Action {
    let name = path ?? "the built-in license"
    let overdue = today.daysSinceEpoch - license.expiration.daysSinceEpoch
    if overdue > LicenseCheck.graceDays {
      return .stop(
        "The license has expired. Please renew the license and restart the server. (\(name) expired on \(license.expiration), \(overdue) days ago; the \(LicenseCheck.graceDays) days of grace are over)"
      )
    }
    guard warnedOn != today.daysSinceEpoch,
      let text = LicenseWatch.notice("The license \(name)", expiration: license.expiration, today: today)
    else { return .none }
    warnedOn = today.daysSinceEpoch
    return .warn(text)
  }

  /// What to tell of a license (`subject`: "The license FILE", "the license of NODE") from 15
  /// days before its expiration to the end of its grace; nil outside that window.
  public static func notice(_ subject: String, expiration: LicenseDate, today: LicenseDate) -> String? {
    let overdue = today.daysSinceEpoch - expiration.daysSinceEpoch
    guard overdue >= -warningDays, overdue <= LicenseCheck.graceDays else { return nil }
    func days(_ n: Int) -> String { n == 1 ? "1 day" : "\(n) days" }
    if overdue > 0 {
      return
        "\(subject) expired on \(expiration); the node stops in \(days(LicenseCheck.graceDays - overdue)) unless a renewed license is installed (updateLicense())"
    }
    return
      "\(subject) expires on \(expiration), \(overdue == 0 ? "today" : "in " + days(-overdue)); install a renewed one with updateLicense()"
  }
}
