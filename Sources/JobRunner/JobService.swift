import Foundation
import PorpoiseSupport
import ScriptRuntime
import Synchronization
import WireProtocol

/// What a job runs, made by the built-in that submitted it: given the sink for the job's
/// messages and its stop flag, it runs on a worker thread (in a fresh session, as the user who
/// submitted it) and returns the job's value.
public typealias JobBody = @Sendable (OutputSink, InterruptFlag) throws(ScriptError) -> Value

/// Who asks about jobs: a user sees and cancels their own, an administrator every job.
public struct JobViewer: Sendable {
  public var user: String
  public var isAdmin: Bool
  public init(user: String, isAdmin: Bool) {
    self.user = user
    self.isAdmin = isAdmin
  }
  func sees(_ r: JobRecord) -> Bool { isAdmin || r.userID == user }
}

/// A node's batch jobs (DolphinDB's `submitJob` and kin): a queue served by up to
/// `maxBatchJobWorker` threads, higher priority first, and the history of the jobs received,
/// kept under `batchJobDir` so messages and results outlive the process. A job that was queued
/// or running when the process died is recorded as failed, with that reason, when the history
/// is next read.
public final class JobService: Sendable {
  public struct Settings: Sendable {
    /// The node's alias (the `node` column).
    public var node: String
    /// Where messages, results and the log live.
    public var folder: String
    /// The most jobs running at once.
    public var workers: Int
    /// The most jobs kept in the history; the oldest ended ones (and their files) go first.
    public var history: Int
    /// Where the schedule of scheduled jobs lives (`<home>/sysmgmt`).
    public var sysmgmt: String
    /// The process its jobs are recorded as run by (`ProcessIdentity`; tests name a dead one).
    public var owner: String

    public init(
      node: String, folder: String, workers: Int, history: Int = 10_000, sysmgmt: String,
      owner: String = ProcessIdentity.current
    ) {
      self.node = node
      self.folder = folder
      self.workers = max(1, workers)
      self.history = max(1, history)
      self.sysmgmt = sysmgmt
      self.owner = owner
    }
  }

  public let settings: Settings
  let log: JobLog
  /// The node's scheduled jobs, whose slots run as jobs here.
  public let scheduler: JobScheduler
  /// Local wall-clock nanoseconds (tests inject their own).
  let clock: @Sendable () -> Int64

  private struct Queued {
    let body: JobBody
    let stop: InterruptFlag
  }
  private struct State {
    var loaded = false
    var records: [String: JobRecord] = [:]
    /// Job ids in the order they were received, oldest first.
    var order: [String] = []
    /// Queued job ids by priority (0 to 9), each oldest first from its head.
    var queue = JobQueue()
    var queued: [String: Queued] = [:]
    var running: [String: InterruptFlag] = [:]
    /// The messages of the jobs running here, flushed when someone reads them.
    var outputs: [String: JobOutput] = [:]
    var cancelledBy: [String: String] = [:]
    var threads = 0
    var idle = 0
    var linesSinceRewrite = 0
  }
  private let state = Mutex(State())
  private let wake = ThreadSemaphore()
  let ended = JobSignal()

  public init(settings: Settings, clock: @escaping @Sendable () -> Int64) {
    self.settings = settings
    self.clock = clock
    log = JobLog(folder: settings.folder)
    scheduler = JobScheduler(folder: settings.sysmgmt)
    scheduler.attach(self)
  }

  /// Local wall-clock milliseconds, as the node's schedules read them.
  public var nowMillis: Int64 { clock() / 1_000_000 }

  /// How many batch jobs run now and how many wait in the queue (`getClusterPerf`).
  public var counts: (running: Int, queued: Int) { state.withLock { ($0.running.count, $0.queued.count) } }

  // MARK: Submitting

  /// Queues a job; returns its id (`id`, or `id` with a numeric suffix when a job of the
  /// history has it). With `once`, a job of the history with that id is the answer and nothing
  /// is queued: a submission repeated after a lost reply runs once.
  public func submit(
    id requested: String, desc: String, priority: Int = 4, parallelism: Int = 2, user: String,
    client: (ip: String, port: Int) = ("", 0), once: Bool = false, body: @escaping JobBody
  ) throws(ScriptError) -> String {
    guard JobService.isValidID(requested) else { throw ScriptError(JobMessages.badJobId(requested)) }
    guard (0...9).contains(priority) else { throw ScriptError(JobMessages.priority(priority)) }
    guard (1...64).contains(parallelism) else { throw ScriptError(JobMessages.parallelism(parallelism)) }
    let (now, folder) = (nowMillis, settings.folder)
    let stop = InterruptFlag()
    // Chosen and recorded under the folder's exclusive lock: another process sharing it
    // cannot take the same id meanwhile.
    let record = try state.withLock { s throws(ScriptError) -> JobRecord in
      try log.exclusively { () throws(ScriptError) -> JobRecord in try receive(&s) }
    }
    try startWorkerIfNeeded()
    wake.signal()
    return record.jobId

    func receive(_ s: inout State) throws(ScriptError) -> JobRecord {
      load(&s)
      if once, let r = s.records[requested] { return r }
      var id = requested
      var n = 0
      while s.records[id] != nil {
        n += 1
        id = requested + String(n)
      }
      let r = JobRecord(
        node: settings.node, userID: user, jobId: id, rootJobId: UUID().uuidString.lowercased(), jobDesc: desc,
        priority: priority, parallelism: parallelism, clientIp: client.ip, clientPort: client.port,
        receivedTime: now, startTime: nil, endTime: nil, errorMsg: "", state: .queued, owner: settings.owner)
      do throws(FileError) { try log.append(r) } catch {
        throw ScriptError(JobMessages.cannotWrite(folder, error.message))
      }
      s.linesSinceRewrite += 1
      s.records[id] = r
      s.order.append(id)
      s.queue.push(id, priority: priority)
      s.queued[id] = Queued(body: body, stop: stop)
      return r
    }
  }

  /// Letters, digits, `_`, `-` and `.` (not first), 1 to 100 of them: the id names files.
  static func isValidID(_ id: String) -> Bool {
    guard let first = id.utf8.first, first != UInt8(ascii: "."), id.utf8.count <= 100 else { return false }
    return id.utf8.allSatisfy {
      ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || $0 == 95 || $0 == 45 || $0 == 46
    }
  }

  private func startWorkerIfNeeded() throws(ScriptError) {
    let start = state.withLock { s -> Bool in
      guard s.idle < s.queued.count, s.threads < settings.workers else { return false }
      s.threads += 1
      return true
    }
    guard start else { return }
    guard LargeStack.start(stackBytes: LargeStack.sessionStackBytes, { [self] in work() }) else {
      state.withLock { $0.threads -= 1 }
      throw ScriptError(JobMessages.cannotStart())
    }
  }

  // MARK: Running

  /// How long a worker with nothing to do waits before its thread ends (DolphinDB's 60 s).
  static let idleSeconds = 60.0

  private func work() {
    while true {
      state.withLock { $0.idle += 1 }
      if !wake.wait(seconds: JobService.idleSeconds) {
        // Nothing came: the thread ends, unless a job was queued just now.
        let leave = state.withLock { s -> Bool in
          s.idle -= 1
          guard s.queued.isEmpty else { return false }
          s.threads -= 1
          return true
        }
        if leave { return }
        continue
      }
      let next = state.withLock { s -> (JobRecord, Queued)? in
        s.idle -= 1
        // Cancelled while queued: skipped.
        var taken: (String, Queued)?
        while taken == nil, let id = s.queue.pop() {
          if let q = s.queued.removeValue(forKey: id) { taken = (id, q) }
        }
        guard let (id, q) = taken, var r = s.records[id] else { return nil }
        r.state = .running
        r.startTime = nowMillis
        s.records[id] = r
        s.running[id] = q.stop
        // Recorded, so another process reading the folder sees it started.
        try? log.append(r)
        s.linesSinceRewrite += 1
        return (r, q)
      }
      if let (record, job) = next { run(record, job) }
    }
  }

  private func run(_ record: JobRecord, _ job: Queued) {
    let output = JobOutput(path: log.messagePath(record.jobId), now: clock)
    state.withLock { $0.outputs[record.jobId] = output }
    output.line("Start the job [\(record.jobId)]: \(record.jobDesc)")
    var outcome: (JobState, String)
    do throws(ScriptError) {
      let value = try job.body(output, job.stop)
      if let bytes = try? ValueCodec.encode(value) {
        try? DurableFile.write(bytes, to: log.resultPath(record.jobId), sync: false)
      }
      output.line("The job is done.")
      outcome = (.done, "")
    } catch {
      output.line(error.message)
      outcome = job.stop.isRequested ? (.cancelled, error.message) : (.failed, error.message)
    }
    output.close()
    finish(record.jobId, outcome.0, outcome.1)
  }

  private func finish(_ id: String, _ state: JobState, _ message: String) {
    let now = nowMillis
    self.state.withLock { s in
      guard var r = s.records[id] else { return }
      r.state = state
      r.endTime = now
      r.errorMsg = state == .cancelled ? JobMessages.cancelled(by: s.cancelledBy[id] ?? r.userID) : message
      s.records[id] = r
      s.running.removeValue(forKey: id)
      s.outputs.removeValue(forKey: id)
      s.cancelledBy.removeValue(forKey: id)
      try? log.append(r)
      s.linesSinceRewrite += 1
      trim(&s)
    }
    ended.broadcast()
  }

  // MARK: History

  /// Reads the history when it is first asked for, and again whenever another process sharing
  /// the folder wrote to it: what the log says, with the jobs this service runs as it knows
  /// them, and jobs left unfinished by a process that is gone recorded as failed.
  private func load(_ s: inout State) {
    if s.loaded && !log.changedElsewhere() { return }
    s.loaded = true
    let now = nowMillis
    var alive: [String: Bool] = [:]
    var order: [String] = []
    var records: [String: JobRecord] = [:]
    for var r in log.load() {
      if s.queued[r.jobId] != nil || s.running[r.jobId] != nil, let mine = s.records[r.jobId] {
        r = mine
      } else if !r.state.hasEnded {
        let lives = alive[r.owner] ?? ProcessIdentity.isAlive(r.owner)
        alive[r.owner] = lives
        if !lives {
          r.state = .failed
          r.endTime = now
          r.errorMsg = JobMessages.nodeStopped()
          try? log.append(r)
        }
      }
      if records[r.jobId] == nil { order.append(r.jobId) }
      records[r.jobId] = r
    }
    // Jobs in flight here that the log no longer shows (it was removed) stay known.
    for id in s.order where records[id] == nil && (s.queued[id] != nil || s.running[id] != nil) {
      order.append(id)
      records[id] = s.records[id]
    }
    s.order = order
    s.records = records
    trim(&s)
  }

  /// Drops the oldest ended jobs past the history's size, with their files, and rewrites the
  /// log once it has grown well past what it describes.
  private func trim(_ s: inout State) {
    var excess = s.order.count - settings.history
    if excess > 0 {
      var kept: [String] = []
      for id in s.order {
        if excess > 0, let r = s.records[id], r.state.hasEnded {
          s.records.removeValue(forKey: id)
          log.removeFiles(id)
          excess -= 1
        } else {
          kept.append(id)
        }
      }
      s.order = kept
    }
    if s.linesSinceRewrite > 2 * settings.history + 64 {
      // From what the log holds now: another process's newer lines are kept.
      let (kept, known) = (Set(s.order), Set(s.records.keys))
      _ = try? log.rewrite { disk in disk.filter { kept.contains($0.jobId) || !known.contains($0.jobId) } }
      s.linesSinceRewrite = 0
    }
  }

  // MARK: Asking

  /// A job's record, if `viewer` may see it.
  public func record(_ id: String, for viewer: JobViewer) throws(ScriptError) -> JobRecord {
    let r = state.withLock { s -> JobRecord? in
      load(&s)
      return s.records[id]
    }
    guard let r, viewer.sees(r) else { throw ScriptError(JobMessages.noSuchJob(id)) }
    return r
  }

  /// The last `count` jobs `viewer` may see (all when nil), oldest first.
  public func recent(_ count: Int?, for viewer: JobViewer) -> [JobRecord] {
    let all = state.withLock { s -> [JobRecord] in
      load(&s)
      return s.order.compactMap { s.records[$0] }
    }
    let visible = all.filter(viewer.sees)
    guard let count else { return visible }
    return Array(visible.suffix(max(0, count)))
  }

  /// What the job printed so far.
  public func messages(_ id: String, for viewer: JobViewer) throws(ScriptError) -> String {
    let r = try record(id, for: viewer)
    state.withLock { $0.outputs[r.jobId] }?.flush()
    return FileAccess.read(log.messagePath(r.jobId)) ?? ""
  }

  /// The job's value once it ended well; its error when it failed or was cancelled. With
  /// `wait`, waits for the end (`stop` ends the wait early: the caller's Ctrl-C).
  public func result(_ id: String, for viewer: JobViewer, wait: Bool, stop: InterruptFlag? = nil)
    throws(ScriptError) -> Value
  {
    var r: JobRecord
    while true {
      // The generation is read first: an end between the look and the wait wakes it at once.
      let seen = ended.generation
      r = try record(id, for: viewer)
      if r.state.hasEnded { break }
      guard wait else { throw ScriptError(JobMessages.notComplete(id)) }
      if stop?.isRequested == true { throw ScriptError(RuntimeMessages.interrupted()) }
      ended.wait(after: seen, seconds: 0.1)
    }
    guard r.state == .done else { throw ScriptError(r.errorMsg) }
    guard let bytes = FileAccess.readBytes(log.resultPath(r.jobId)) else {
      throw ScriptError(JobMessages.resultUnreadable(id, "its file '\(log.resultPath(r.jobId))' is missing"))
    }
    do throws(WireError) { return try ValueCodec.decode(bytes) } catch {
      throw ScriptError(JobMessages.resultUnreadable(id, error.message))
    }
  }

  /// Cancels jobs: a queued one never starts, a running one stops at its next statement (as
  /// Ctrl-C stops a script). Ended jobs are left as they are. Every id must name a job the
  /// viewer may see, or nothing is cancelled.
  public func cancel(_ ids: [String], by viewer: JobViewer) throws(ScriptError) {
    for id in ids {
      let r = try record(id, for: viewer)
      let here = state.withLock { $0.running[id] != nil || $0.queued[id] != nil }
      if !r.state.hasEnded && !here {
        throw ScriptError(JobMessages.runsElsewhere(id, pid: ProcessIdentity.pid(r.owner)))
      }
    }
    var dropped: [String] = []
    state.withLock { s in
      for id in ids {
        if let stop = s.running[id] {
          s.cancelledBy[id] = viewer.user
          stop.request()
        } else if s.queued.removeValue(forKey: id) != nil {
          s.cancelledBy[id] = viewer.user
          dropped.append(id)
        }
      }
    }
    for id in dropped { finish(id, .cancelled, "") }
  }

  /// Jobs queued or running now.
  public var activeCount: Int { state.withLock { $0.queued.count + $0.running.count } }

  /// Waits until no job is queued or running; when `cancel` says so (polled ten times a
  /// second), cancels what is left and waits for it to stop.
  public func waitForAll(cancel: () -> Bool = { false }) {
    while true {
      let seen = ended.generation
      if activeCount == 0 { return }
      if cancel() {
        let ids = state.withLock { Array($0.running.keys) + Array($0.queued.keys) }
        try? self.cancel(ids, by: JobViewer(user: "admin", isAdmin: true))
      }
      ended.wait(after: seen, seconds: 0.1)
    }
  }
}
