import Foundation
import PorpoiseSupport
import ScriptRuntime
import Synchronization
import Testing

@testable import JobRunner

/// The batch-job queue and history below the built-ins: start order, what a restart finds,
/// how much history is kept.
@Suite struct JobServiceTests {
  let folder = FileManager.default.temporaryDirectory.appendingPathComponent("porpoise-jobs-\(UUID().uuidString)").path
  let admin = JobViewer(user: "admin", isAdmin: true)

  func service(workers: Int = 1, history: Int = 100, owner: String = ProcessIdentity.current) -> JobService {
    JobService(
      settings: JobService.Settings(
        node: "n1", folder: folder, workers: workers, history: history, sysmgmt: folder + "/sysmgmt", owner: owner),
      clock: { Int64(Date().timeIntervalSince1970 * 1e9) })
  }

  @Test func aQueuedJobOfHigherPriorityStartsFirst() throws {
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let jobs = service(workers: 1)
    let gate = ThreadSemaphore()
    let started = Mutex<[String]>([])
    func job(_ name: String) -> JobBody {
      { _, _ throws(ScriptError) in
        started.withLock { $0.append(name) }
        return .void
      }
    }
    // The one worker is busy until the gate opens; meanwhile three jobs queue.
    _ = try jobs.submit(id: "blocker", desc: "", user: "u") { _, _ throws(ScriptError) in
      gate.wait()
      return .void
    }
    _ = try jobs.submit(id: "low", desc: "", priority: 1, user: "u", body: job("low"))
    _ = try jobs.submit(id: "high", desc: "", priority: 8, user: "u", body: job("high"))
    _ = try jobs.submit(id: "mid", desc: "", priority: 4, user: "u", body: job("mid"))
    gate.signal()
    jobs.waitForAll()
    #expect(started.withLock { $0 } == ["high", "mid", "low"])
    #expect(jobs.recent(nil, for: admin).map(\.state) == [.done, .done, .done, .done])
  }

  /// A process that no longer runs: no pid is this large (the kernel's limit is 2^22).
  static let goneProcess = "4194305:1"

  @Test func jobsAProcessLeftQueuedOrRunningAreFailedWhenTheHistoryIsRead() throws {
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let jobs = service(workers: 1, owner: JobServiceTests.goneProcess)
    let gate = ThreadSemaphore()
    _ = try jobs.submit(id: "running", desc: "", user: "u") { _, _ throws(ScriptError) in
      gate.wait()
      return .int(1, .int)
    }
    _ = try jobs.submit(id: "queued", desc: "", user: "u") { _, _ throws(ScriptError) in .void }
    _ = try jobs.submit(id: "x", desc: "", user: "u") { _, _ throws(ScriptError) in .void }
    // What a process killed now leaves: another service reads the same folder.
    let after = service()
    let records = after.recent(nil, for: admin)
    #expect(records.map(\.jobId) == ["running", "queued", "x"])
    #expect(records.allSatisfy { $0.state == .failed && $0.errorMsg == JobMessages.nodeStopped() })
    #expect { try after.result("running", for: admin, wait: true) } throws: {
      "\($0)".contains("the node stopped")
    }
    gate.signal()
    jobs.waitForAll()
    // A torn last line (a crash mid-write) is skipped; the rest is read.
    let log = folder + "/batchJob.log"
    try (String(contentsOfFile: log, encoding: .utf8) + "v1\tdone\tto").write(
      toFile: log, atomically: true, encoding: .utf8)
    #expect(service().recent(nil, for: admin).count == 3)
  }

  @Test func theHistoryKeepsTheNewestJobsAndRemovesTheFilesOfOlderOnes() throws {
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let jobs = service(workers: 2, history: 5)
    for i in 0..<12 {
      _ = try jobs.submit(id: "j\(i)", desc: "", user: "u") { out, _ throws(ScriptError) in
        out.write("hello \(i)\n")
        return .int(Int64(i), .int)
      }
      jobs.waitForAll()
    }
    #expect(jobs.recent(nil, for: admin).map(\.jobId) == (7..<12).map { "j\($0)" })
    #expect(try jobs.result("j11", for: admin, wait: false).intValue == 11)
    #expect(try jobs.messages("j11", for: admin).contains("hello 11"))
    #expect(!FileManager.default.fileExists(atPath: folder + "/j0.msg"))
    #expect(!FileManager.default.fileExists(atPath: folder + "/j0.obj"))
    #expect(service(history: 5).recent(3, for: admin).map(\.jobId) == ["j9", "j10", "j11"])
    // A user sees their own jobs only.
    _ = try jobs.submit(id: "mine", desc: "", user: "alice") { _, _ throws(ScriptError) in .void }
    jobs.waitForAll()
    #expect(jobs.recent(nil, for: JobViewer(user: "alice", isAdmin: false)).map(\.jobId) == ["mine"])
  }

  @Test func twoLiveServicesShareAFolderWithoutTakingEachOthersJobsOrIds() throws {
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let (a, b) = (service(), service())
    let gate = ThreadSemaphore()
    _ = try a.submit(id: "j", desc: "", user: "u") { _, _ throws(ScriptError) in
      gate.wait()
      return .int(7, .int)
    }
    // b reads what a wrote: the job started, its process alive, so not failed.
    #expect(waitUntil { (try? b.record("j", for: admin))?.state == .running })
    // The id is taken for b too; b cannot cancel a's job but waits for its value.
    #expect(try b.submit(id: "j", desc: "", user: "u") { _, _ throws(ScriptError) in .void } == "j1")
    #expect { try b.cancel(["j"], by: admin) } throws: { "\($0)".contains("runs in another process") }
    gate.signal()
    #expect(try b.result("j", for: admin, wait: true).intValue == 7)
    b.waitForAll()
    #expect(a.recent(nil, for: admin).map(\.jobId) == ["j", "j1"])
    #expect(a.recent(nil, for: admin).map(\.state) == [.done, .done])
  }

  func waitUntil(_ condition: () -> Bool) -> Bool {
    for _ in 0..<200 {
      if condition() { return true }
      usleep(10_000)
    }
    return false
  }

  @Test func fieldsWithTabsAndNewlinesSurviveTheLog() throws {
    let r = JobRecord(
      node: "n", userID: "u", jobId: "j", rootJobId: "r", jobDesc: "a\tb\\c", priority: 4, parallelism: 2,
      clientIp: "", clientPort: 0, receivedTime: 1, startTime: nil, endTime: 3, errorMsg: "line1\nline2",
      state: .failed)
    #expect(JobLog.decode(Substring(JobLog.encode(r))) == r)
    #expect(JobLog.encode(r).contains("\n") == false)
  }
}
