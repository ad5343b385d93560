import DistributedStorage
import ScriptRuntime
import Testing

/// Which partitions a retention policy removes: those whose time lies in the ten days before
/// now minus the retention, by whole days for DATE, hours for DATEHOUR, months for MONTH.
struct RetentionPolicyTests {
  /// 2024.01.10T12:00:00 as milliseconds since the epoch (day 19732).
  let now: Int64 = (19_732 * 24 + 12) * 3_600_000

  @Test func datePartitionsExpireByWholeDays() {
    let policy = RetentionPolicy(hours: 48, dimension: 0)
    func expired(_ day: Int64) -> Bool { policy.expired(.int(day, .date), nowMillis: now) }
    // Kept: today and the two days before. Removed: the ten days before those.
    #expect(!expired(19_732) && !expired(19_731) && !expired(19_730))
    #expect(expired(19_729) && expired(19_720))
    #expect(!expired(19_719))
    #expect(!policy.expired(.null(.date), nowMillis: now))
  }

  @Test func dateHourAndMonthPartitions() {
    let hourly = RetentionPolicy(hours: 5, dimension: 0)
    let hour: Int64 = 19_732 * 24 + 12
    #expect(!hourly.expired(.int(hour - 5, .datehour), nowMillis: now))
    #expect(hourly.expired(.int(hour - 6, .datehour), nowMillis: now))
    // December 2023 (month 24287) ends before 2024.01.10 minus 5 hours; January does not.
    #expect(hourly.expired(.int(2023 * 12 + 11, .month), nowMillis: now))
    #expect(!hourly.expired(.int(2024 * 12, .month), nowMillis: now))
    // A level that does not hold time is never swept.
    #expect(!hourly.expired(.int(3, .int), nowMillis: now))
  }
}
