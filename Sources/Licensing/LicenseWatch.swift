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
        "The license has expired. Please renew the license and restart the server. (\(name) expired on \(license.expiration), \(overdue) days ago; the \(LicenseCheck.graceDays) days of grace are over)")
    }
    guard overdue >= -LicenseWatch.warningDays, warnedOn != today.daysSinceEpoch else { return .none }
    warnedOn = today.daysSinceEpoch
    if overdue > 0 {
      let left = LicenseCheck.graceDays - overdue
      return .warn("The license \(name) expired on \(license.expiration); the node stops in \(left) day\(left == 1 ? "" : "s") unless a renewed license is installed (updateLicense())")
    }
    let days = -overdue
    return .warn("The license \(name) expires on \(license.expiration), \(days == 0 ? "today" : "in \(days) day\(days == 1 ? "" : "s")"); install a renewed one with updateLicense()")
  }
}
