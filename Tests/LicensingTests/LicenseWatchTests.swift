import Licensing
import Testing

/// A running node's view of its license as the days pass.
@Suite struct LicenseWatchTests {
  let license = License(
    clientName: "ACME Trading", authorization: "commercial", maxNodes: 8, maxCoresPerNode: 8, maxMemoryPerNode: 32,
    expiration: LicenseDate(year: 2027, month: 3, day: 1))

  func day(_ offset: Int) -> LicenseDate { LicenseDate(daysSinceEpoch: license.expiration.daysSinceEpoch + offset) }

  @Test func quietUntilFifteenDaysBeforeThenWarnsOnceADay() {
    var watch = LicenseWatch()
    #expect(watch.check(license, path: "porpoise.lic", today: day(-16)) == .none)
    #expect(
      watch.check(license, path: "porpoise.lic", today: day(-15))
        == .warn(
          "The license porpoise.lic expires on 2027.03.01, in 15 days; install a renewed one with updateLicense()"))
    // Checked every hour: the same day says nothing more.
    #expect(watch.check(license, path: "porpoise.lic", today: day(-15)) == .none)
    #expect(
      watch.check(license, path: "porpoise.lic", today: day(-1))
        == .warn(
          "The license porpoise.lic expires on 2027.03.01, in 1 day; install a renewed one with updateLicense()"))
    #expect(
      watch.check(license, path: "porpoise.lic", today: day(0))
        == .warn(
          "The license porpoise.lic expires on 2027.03.01, today; install a renewed one with updateLicense()"))
  }

  @Test func keepsWorkingFifteenDaysPastTheExpirationThenStops() {
    var watch = LicenseWatch()
    #expect(
      watch.check(license, path: "porpoise.lic", today: day(1))
        == .warn(
          "The license porpoise.lic expired on 2027.03.01; the node stops in 14 days unless a renewed license is installed (updateLicense())"
        ))
    #expect(
      watch.check(license, path: "porpoise.lic", today: day(15))
        == .warn(
          "The license porpoise.lic expired on 2027.03.01; the node stops in 0 days unless a renewed license is installed (updateLicense())"
        ))
    guard case .stop(let why) = watch.check(license, path: "porpoise.lic", today: day(16)) else {
      Issue.record("the node keeps running 16 days after the expiration")
      return
    }
    #expect(why.hasPrefix("The license has expired. Please renew the license and restart the server."))
    #expect(why.contains("expired on 2027.03.01, 16 days ago"))
  }

  @Test func aRenewedLicenseEndsTheWarnings() {
    var watch = LicenseWatch()
    #expect(watch.check(license, path: "porpoise.lic", today: day(3)) != .none)
    var renewed = license
    renewed.expiration = LicenseDate(year: 2028, month: 3, day: 1)
    #expect(watch.check(renewed, path: "porpoise.lic", today: day(4)) == .none)
    #expect(watch.check(renewed, path: "porpoise.lic", today: day(20)) == .none)
  }
}
