import Foundation
import PorpoiseSupport
import ScriptRuntime
import ScriptSession
import Synchronization

/// DolphinDB's user-level resource tracking on one node: every `resourceSamplingInterval`
/// seconds, each user's running sessions (cpu), the bytes their variables hold (memory) and the
/// bytes their connections sent and received go to `hardware.log`; every read of a database
/// table by a query (its text, the rows and bytes the storage returned) is kept and written to
/// `access.log` at the same ticks. `disableResourceTracking()` stops both and drops what was not
/// written yet; `enableResourceTracking()` starts them again. Logs roll at
/// `resourceSamplingMaxLogSize` MB and rolled logs older than
/// `resourceSamplingLogRetentionTime` days are removed.
public final class ResourceTracker: Sendable {
  /// What the node's config says.
  public struct Settings: Sendable {
    /// Seconds between samples; nil when tracking is not configured.
    public let interval: Int?
    public let directory: String
    public let maxLogBytes: Int
    /// Days a rolled log is kept; nil: forever.
    public let retentionDays: Double?

    public init(parameters: [String: String], home: String) {
      interval = parameters["resourceSamplingInterval"].flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil }
      let dir = parameters["resourceSamplingLogDir"].flatMap { $0.isEmpty ? nil : $0 } ?? "resource"
      directory = dir.hasPrefix("/") ? dir : home + "/" + dir
      let megabytes = parameters["resourceSamplingMaxLogSize"].flatMap(Double.init).flatMap { $0 > 0 ? $0 : nil }
      maxLogBytes = Int(min(megabytes ?? 1024, 1_048_576) * 1_048_576)
      // At most a century: the days become nanoseconds.
      retentionDays = parameters["resourceSamplingLogRetentionTime"].flatMap(Double.init).flatMap {
        $0 > 0 ? min($0, 36_500) : nil
      }
    }
  }

  /// One session's part in the samples.
  struct SessionUsage {
    var user: String
    var running = false
    var memory = 0
    /// The root id of the session's latest outermost query that read a table.
    var query: (number: Int, id: String)?
  }

  struct State {
    var enabled = false
    var sessions: [Int: SessionUsage] = [:]
    var nextSession = 0
    /// access.log lines not written yet.
    var pending: [String] = []
    var samplerRunning = false
  }

  public let settings: Settings
  let state = Mutex(State())
  /// Each user's bytes sent and received since the last sample (the node's connections).
  private let trafficSource = Mutex<(@Sendable () -> [String: (sent: Int, received: Int)])?>(nil)
  let now: @Sendable () -> Int64

  /// Tracking starts when the config sets a positive interval.
  public init(settings: Settings, now: @escaping @Sendable () -> Int64) {
    self.settings = settings
    self.now = now
    if settings.interval != nil { try? enable() }
  }

  /// Where the samples read each user's traffic.
  public func setTraffic(_ source: @escaping @Sendable () -> [String: (sent: Int, received: Int)]) {
    trafficSource.withLock { $0 = source }
  }

  func traffic() -> [String: (sent: Int, received: Int)] { trafficSource.withLock { $0 }?() ?? [:] }

  public var isConfigured: Bool { settings.interval != nil }
  public var isEnabled: Bool { state.withLock { $0.enabled } }

  /// Starts tracking (and its sampler, unless one runs).
  public func enable() throws(ResourceTrackingError) {
    guard let interval = settings.interval else { throw ResourceTrackingError(ClusterMessages.resourceTrackingOff()) }
    guard FileAccess.isDirectory(settings.directory) || FileAccess.makeDirectory(settings.directory) else {
      throw ResourceTrackingError(ClusterMessages.resourceLogDirectory(settings.directory, FileAccess.lastError()))
    }
    let start = state.withLock { s -> Bool in
      s.enabled = true
      defer { s.samplerRunning = true }
      return !s.samplerRunning
    }
    guard start else { return }
    Thread.detachNewThread { [self] in
      while true {
        Thread.sleep(forTimeInterval: Double(interval))
        let stop = state.withLock { s -> Bool in
          if !s.enabled { s.samplerRunning = false }
          return !s.enabled
        }
        if stop { return }
        tick()
      }
    }
  }

  /// Stops tracking; what was not written yet is dropped, as DolphinDB does.
  public func disable() throws(ResourceTrackingError) {
    guard isConfigured else { throw ResourceTrackingError(ClusterMessages.resourceTrackingOff()) }
    state.withLock { s in
      s.enabled = false
      s.pending = []
    }
  }

  /// A session joins the samples; it leaves when the returned token goes.
  func track(user: String) -> TrackedSession {
    let key = state.withLock { s in
      s.nextSession += 1
      s.sessions[s.nextSession] = SessionUsage(user: user)
      return s.nextSession
    }
    return TrackedSession(key: key, tracker: self)
  }

  /// What a session is now: its user, whether it runs, the bytes its variables hold.
  func update(_ key: Int, user: String? = nil, running: Bool? = nil, memory: Int? = nil) {
    state.withLock { s in
      if let user { s.sessions[key]?.user = user }
      if let running { s.sessions[key]?.running = running }
      if let memory { s.sessions[key]?.memory = memory }
    }
  }

  func forget(_ key: Int) { state.withLock { _ = $0.sessions.removeValue(forKey: key) } }

  /// A query of the session read a database table: three lines of access.log (the query, the
  /// rows, the bytes), written at the next tick.
  func record(_ read: TableRead, session key: Int, user: String) {
    let at = now()
    state.withLock { s in
      guard s.enabled else { return }
      let id: String
      if let q = s.sessions[key]?.query, q.number == read.queryNumber {
        id = q.id
      } else {
        id = UUID().uuidString.lowercased()
        s.sessions[key]?.query = (read.queryNumber, id)
      }
      let prefix = [id, user, read.database, read.table]
      s.pending.append(ResourceLogs.line([ResourceLogs.time(read.queryStart)] + prefix + ["sql", "1", read.queryText]))
      s.pending.append(ResourceLogs.line([ResourceLogs.time(at)] + prefix + ["rowCount", String(read.rows), ""]))
      s.pending.append(ResourceLogs.line([ResourceLogs.time(at)] + prefix + ["memUsage", String(read.bytes), ""]))
    }
  }

  /// One sample: a hardware line per user with a session or traffic, then the access lines kept
  /// since the last tick.
  func tick() {
    let at = now()
    let moved = traffic()
    let (hardware, access) = state.withLock { s -> ([String], [String]) in
      guard s.enabled else { return ([], []) }
      var users: [String: (cpu: Int, memory: Int)] = [:]
      for usage in s.sessions.values {
        let u = users[usage.user] ?? (0, 0)
        users[usage.user] = (u.cpu + (usage.running ? 1 : 0), u.memory + usage.memory)
      }
      for user in moved.keys where users[user] == nil { users[user] = (0, 0) }
      let lines = users.keys.sorted().map { user in
        let u = users[user]!
        let t = moved[user] ?? (0, 0)
        return ResourceLogs.line([
          ResourceLogs.time(at), user, String(u.cpu), String(u.memory), String(t.sent), String(t.received),
        ])
      }
      defer { s.pending = [] }
      return (lines, s.pending)
    }
    ResourceLogs.append(hardware, to: .hardware, settings, at: at)
    ResourceLogs.append(access, to: .access, settings, at: at)
    ResourceLogs.removeExpired(settings, at: at)
  }

  /// Writes what is pending now (the reading functions call it: a query just run is listed).
  func flush() {
    let at = now()
    let access = state.withLock { s -> [String] in
      defer { s.pending = [] }
      return s.enabled ? s.pending : []
    }
    ResourceLogs.append(access, to: .access, settings, at: at)
  }
}

/// A session's membership in the samples: it ends when the session (which holds this) goes.
final class TrackedSession: Sendable {
  let key: Int
  let tracker: ResourceTracker
  init(key: Int, tracker: ResourceTracker) {
    self.key = key
    self.tracker = tracker
  }
  deinit { tracker.forget(key) }
}

/// Resource tracking refused, in words a script shows.
public struct ResourceTrackingError: Error, Sendable {
  public let message: String
  init(_ message: String) { self.message = message }
}
