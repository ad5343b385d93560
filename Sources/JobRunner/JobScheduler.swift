import Foundation
import PorpoiseSupport
import ScriptRuntime
import Synchronization

/// A node's scheduled jobs (`scheduleJob`): kept in `<home>/sysmgmt/` and restored at start,
/// each slot fired as a batch job of the user who made it. A slot is recorded before its job
/// is submitted, so no slot fires twice, across a restart too; slots that passed while the
/// node was down (or more than two minutes late) are skipped, and the log says so.
public final class JobScheduler: Sendable {
  /// The service whose jobs fired slots become (it owns this scheduler).
  private struct Owner { weak var service: JobService? }
  private let owner = Mutex(Owner())
  let log: ScheduleLog
  /// Where skipped slots are reported (the node's log).
  private let note = Mutex<(@Sendable (String) -> Void)?>(nil)
  /// Makes the body of a fired slot's batch job (a session as the job's user).
  private let runner = Mutex<(@Sendable (ScheduledJob) -> JobBody)?>(nil)
  private struct State {
    var loaded = false
    var started = false
    var scheduled: [String: ScheduledJob] = [:]
    var order: [String] = []
  }
  private let state = Mutex(State())
  private let wake = ThreadSemaphore()
  /// A slot fires when the scheduler sees it within this long of its time.
  public static let graceMillis: Int64 = 120_000

  init(folder: String) {
    log = ScheduleLog(folder: folder)
  }

  func attach(_ service: JobService) { owner.withLock { $0.service = service } }
  var jobs: JobService? { owner.withLock { $0.service } }
  var nowMillis: Int64 { jobs?.nowMillis ?? 0 }

  /// How fired slots run, and where skipped ones are reported; set by whoever makes sessions.
  public func configure(runner: @escaping @Sendable (ScheduledJob) -> JobBody, note: (@Sendable (String) -> Void)?) {
    self.runner.withLock { $0 = runner }
    self.note.withLock { $0 = note }
  }

  private func load(_ s: inout State) {
    guard !s.loaded else { return }
    s.loaded = true
    for record in log.load() {
      switch record {
      case .add(let j):
        if s.scheduled[j.jobId] == nil { s.order.append(j.jobId) }
        s.scheduled[j.jobId] = j
      case .delete(let id):
        s.scheduled.removeValue(forKey: id)
        s.order.removeAll { $0 == id }
      case .slot(let id, let at):
        s.scheduled[id]?.lastSlot = at
      }
    }
  }

  /// Reads the schedule and starts firing it (once; later calls do nothing).
  public func start() {
    let first = state.withLock { s -> Bool in
      load(&s)
      defer { s.started = true }
      return !s.started
    }
    guard first else { return }
    let thread = Thread { [self] in
      while true {
        tick(nowMillis: nowMillis)
        _ = wake.wait(seconds: secondsUntilNextSlot())
      }
    }
    thread.name = "job-scheduler"
    thread.start()
  }

  /// Seconds until the next slot of any job (at most 10: the clock may be changed).
  func secondsUntilNextSlot() -> Double {
    let now = nowMillis
    let next = state.withLock { s in
      s.scheduled.values.compactMap { $0.schedule.next(after: $0.since) }.min()
    }
    guard let next else { return 10 }
    return min(10, max(0.05, Double(next * 60_000 - now) / 1000 + 0.01))
  }

  /// Fires the slots due at `nowMillis` (local wall-clock milliseconds): the latest due slot of
  /// each job, if it is not more than two minutes old; older ones are skipped. Returns the ids
  /// of the batch jobs submitted.
  @discardableResult
  public func tick(nowMillis now: Int64) -> [String] {
    let minute = now.dividedReportingOverflow(by: 60_000).partialValue
    var firing: [ScheduledJob] = []
    var skipped: [(String, [Int64])] = []
    state.withLock { s in
      load(&s)
      for id in s.order {
        guard var j = s.scheduled[id] else { continue }
        let due = j.schedule.slots(after: j.since, through: minute)
        guard let last = due.last else { continue }
        let fires = now - last * 60_000 < JobScheduler.graceMillis
        let missed = fires ? Array(due.dropLast()) : due
        // Recorded first: a crash after this never fires the slot twice.
        guard (try? log.append(.slot(id, last))) != nil else { continue }
        j.lastSlot = last
        s.scheduled[id] = j
        if !missed.isEmpty { skipped.append((id, missed)) }
        if fires { firing.append(j) }
      }
    }
    let note = self.note.withLock { $0 }
    for (id, missed) in skipped {
      note?(JobMessages.slotsSkipped(id, missed.count, first: missed[0], last: missed[missed.count - 1]))
    }
    guard let runner = runner.withLock({ $0 }), let jobs else { return [] }
    var submitted: [String] = []
    for j in firing {
      do throws(ScriptError) {
        submitted.append(try jobs.submit(id: j.jobId, desc: j.jobDesc, user: j.user, body: runner(j)))
      } catch {
        note?(JobMessages.slotNotSubmitted(j.jobId, error.message))
      }
    }
    return submitted
  }

  /// Adds a scheduled job (its id must be new).
  public func add(_ job: ScheduledJob) throws(ScriptError) {
    try state.withLock { s throws(ScriptError) in
      load(&s)
      guard s.scheduled[job.jobId] == nil else { throw ScriptError(JobMessages.scheduledExists(job.jobId)) }
      do throws(FileError) { try log.append(.add(job)) } catch {
        throw ScriptError(JobMessages.cannotWrite(log.path, error.message))
      }
      s.scheduled[job.jobId] = job
      s.order.append(job.jobId)
    }
    wake.signal()
  }

  /// Deletes a scheduled job the viewer may see.
  public func delete(_ id: String, by viewer: JobViewer) throws(ScriptError) {
    try state.withLock { s throws(ScriptError) in
      load(&s)
      guard let j = s.scheduled[id], viewer.isAdmin || j.user == viewer.user else {
        throw ScriptError(JobMessages.noScheduledJob(id))
      }
      do throws(FileError) { try log.append(.delete(id)) } catch {
        throw ScriptError(JobMessages.cannotWrite(log.path, error.message))
      }
      s.scheduled.removeValue(forKey: id)
      s.order.removeAll { $0 == id }
    }
    wake.signal()
  }

  /// The scheduled jobs the viewer may see, in the order they were made.
  public func list(for viewer: JobViewer) -> [ScheduledJob] {
    state.withLock { s in
      load(&s)
      return s.order.compactMap { s.scheduled[$0] }.filter { viewer.isAdmin || $0.user == viewer.user }
    }
  }
}
