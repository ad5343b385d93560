import Foundation
import PorpoiseSupport
import ScriptRuntime
import Synchronization
import Testing

@testable import JobRunner

/// Scheduled jobs against an injected clock: which slots fire, what a restart remembers, what
/// a node that was down skips. No test waits for a minute to pass.
@Suite struct JobSchedulerTests {
  let folder = FileManager.default.temporaryDirectory.appendingPathComponent("porpoise-sched-\(UUID().uuidString)").path
  /// 2026-12-03 (a Thursday) as days since 1970-01-01.
  let day = CivilCalendar.days(year: 2026, month: 12, day: 3)

  /// Lines something said, in order.
  final class Lines: Sendable {
    private let lines = Mutex<[String]>([])
    func add(_ s: String) { lines.withLock { $0.append(s) } }
    var all: [String] { lines.withLock { $0 } }
  }

  /// A service whose clock reads `now` (local milliseconds), and a scheduler on it whose fired
  /// slots are recorded instead of run.
  func make(_ now: Int64) -> (JobService, JobScheduler, Lines, Lines) {
    let jobs = JobService(
      settings: JobService.Settings(
        node: "n1", folder: folder + "/batchJobs", workers: 1, sysmgmt: folder + "/sysmgmt"),
      clock: { now * 1_000_000 })
    let (fired, notes) = (Lines(), Lines())
    jobs.scheduler.configure(
      runner: { job in
        { _, _ throws(ScriptError) in
          fired.add(job.jobId + "@" + JobSchedule.text(job.lastSlot ?? -1))
          return Value.void
        }
      }, note: { notes.add($0) })
    return (jobs, jobs.scheduler, fired, notes)
  }

  func job(_ id: String, _ schedule: JobSchedule, created: Int64) -> ScheduledJob {
    ScheduledJob(
      jobId: id, jobDesc: "", user: "u", times: schedule.slots.map(\.minute), days: [], schedule: schedule,
      function: "f", source: "", arguments: [], onComplete: "", onCompleteSource: "", created: created, lastSlot: nil)
  }

  func at(_ dayOffset: Int, _ hour: Int, _ minute: Int, second: Int = 0) -> Int64 {
    (Int64(day + dayOffset) * 1440 + Int64(hour * 60 + minute)) * 60_000 + Int64(second) * 1000
  }

  @Test func slotsFollowTheFrequencyAndTheDays() throws {
    let daily = try JobSchedule(times: [600, 60], startDay: day, endDay: day + 1, frequency: .daily, days: [])
    #expect(
      daily.slots(after: Int64(day) * 1440 - 1, through: Int64(day + 9) * 1440).map(JobSchedule.text) == [
        "2026.12.03T01:00", "2026.12.03T10:00", "2026.12.04T01:00", "2026.12.04T10:00",
      ])
    // Weekly: Monday (1) and Wednesday (3); the 3rd is a Thursday.
    let weekly = try JobSchedule(times: [540], startDay: day, endDay: day + 14, frequency: .weekly, days: [1, 3])
    #expect(
      weekly.slots(after: Int64(day) * 1440, through: Int64(day + 14) * 1440).map(JobSchedule.text) == [
        "2026.12.07T09:00", "2026.12.09T09:00", "2026.12.14T09:00", "2026.12.16T09:00",
      ])
    // Monthly on the 31st: months without one are skipped.
    let end = CivilCalendar.days(year: 2027, month: 5, day: 31)
    let monthly = try JobSchedule(times: [0], startDay: day, endDay: end, frequency: .monthly, days: [31])
    #expect(
      monthly.slots(after: Int64(day) * 1440, through: Int64(end) * 1440).map(JobSchedule.text) == [
        "2026.12.31T00:00", "2027.01.31T00:00", "2027.03.31T00:00", "2027.05.31T00:00",
      ])
    // Several times with as many days pair up.
    let paired = try JobSchedule(times: [60, 120], startDay: day, endDay: day + 7, frequency: .weekly, days: [5, 6])
    #expect(
      paired.slots(after: Int64(day) * 1440, through: Int64(day + 7) * 1440).map(JobSchedule.text) == [
        "2026.12.04T01:00", "2026.12.05T02:00",
      ])
    #expect(throws: ScriptError.self) {
      try JobSchedule(times: [60, 120, 180], startDay: day, endDay: day, frequency: .weekly, days: [1, 2])
    }
    #expect(throws: ScriptError.self) {
      try JobSchedule(times: [60], startDay: day, endDay: day, frequency: .weekly, days: [7])
    }
    #expect(throws: ScriptError.self) {
      try JobSchedule(times: [1440], startDay: day, endDay: day, frequency: .daily, days: [])
    }
    #expect(throws: ScriptError.self) {
      try JobSchedule(times: [60], startDay: day, endDay: day - 1, frequency: .daily, days: [])
    }
  }

  @Test func eachSlotFiresOnceOnTimeAndNeverBeforeTheJobWasMade() throws {
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let now = at(0, 10, 30)
    let (jobs, scheduler, fired, _) = make(now)
    let s = try JobSchedule(times: [600, 660], startDay: day, endDay: day + 1, frequency: .daily, days: [])
    try scheduler.add(job("twice", s, created: at(0, 10, 30) / 60_000))
    // 10:00 passed before the job was made: it does not fire.
    #expect(scheduler.tick(nowMillis: at(0, 10, 30)).isEmpty)
    #expect(scheduler.tick(nowMillis: at(0, 11, 0, second: 5)) == ["twice"])
    // The same slot seen again (a second tick in the minute) does not fire again.
    #expect(scheduler.tick(nowMillis: at(0, 11, 0, second: 40)).isEmpty)
    #expect(scheduler.tick(nowMillis: at(1, 10, 0, second: 1)) == ["twice1"])
    jobs.waitForAll()
    #expect(fired.all == ["twice@2026.12.03T11:00", "twice@2026.12.04T10:00"])
  }

  @Test func aRestartRemembersFiredSlotsAndSkipsTheOnesMissedWhileDown() throws {
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let now = at(0, 8, 0)
    do {
      let (jobs, scheduler, _, _) = make(now)
      let s = try JobSchedule(times: [540], startDay: day, endDay: day + 10, frequency: .daily, days: [])
      try scheduler.add(job("nightly", s, created: at(0, 8, 0) / 60_000))
      #expect(scheduler.tick(nowMillis: at(0, 9, 0)) == ["nightly"])
      jobs.waitForAll()
    }
    // The process restarts within the same minute: the slot is not fired twice.
    do {
      let (_, scheduler, fired, _) = make(now)
      #expect(scheduler.list(for: JobViewer(user: "admin", isAdmin: true)).map { $0.jobId } == ["nightly"])
      #expect(scheduler.tick(nowMillis: at(0, 9, 0, second: 30)).isEmpty)
      #expect(fired.all.isEmpty)
    }
    // Down from day 0 to day 3 at 12:00: days 1, 2 and 3's slots passed; skipped and said.
    let (jobs, scheduler, fired, notes) = make(now)
    #expect(scheduler.tick(nowMillis: at(3, 12, 0)).isEmpty)
    #expect(
      notes.all == [
        "scheduled job 'nightly' skipped 3 slots it could not fire in time (the node was down): 2026.12.04T09:00 to 2026.12.06T09:00"
      ])
    #expect(scheduler.tick(nowMillis: at(4, 9, 1)) == ["nightly1"])
    jobs.waitForAll()
    #expect(fired.all == ["nightly@2026.12.07T09:00"])
    // Deleted, it stays deleted after a restart; a torn last record is ignored.
    try scheduler.delete("nightly", by: JobViewer(user: "u", isAdmin: false))
    let log = folder + "/sysmgmt/jobSchedule.log"
    let handle = try #require(FileHandle(forWritingAtPath: log))
    handle.seekToEndOfFile()
    handle.write(Data([9, 0, 0, 0, 1, 2]))
    try handle.close()
    let (_, again, _, _) = make(now)
    #expect(again.list(for: JobViewer(user: "admin", isAdmin: true)).isEmpty)
    #expect(again.tick(nowMillis: at(5, 9, 0)).isEmpty)
  }

  @Test func aUserSeesAndDeletesOnlyTheirOwnSchedules() throws {
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let now = at(0, 8, 0)
    let (_, scheduler, _, _) = make(now)
    let s = try JobSchedule(times: [540], startDay: day, endDay: day, frequency: .daily, days: [])
    var mine = job("mine", s, created: 0)
    mine.user = "alice"
    try scheduler.add(mine)
    try scheduler.add(job("theirs", s, created: 0))
    #expect(scheduler.list(for: JobViewer(user: "alice", isAdmin: false)).map { $0.jobId } == ["mine"])
    #expect(throws: ScriptError.self) { try scheduler.delete("theirs", by: JobViewer(user: "alice", isAdmin: false)) }
    #expect(throws: ScriptError.self) { try scheduler.add(job("theirs", s, created: 0)) }
    try scheduler.delete("mine", by: JobViewer(user: "alice", isAdmin: false))
    #expect(scheduler.list(for: JobViewer(user: "admin", isAdmin: true)).map { $0.jobId } == ["theirs"])
  }
}
