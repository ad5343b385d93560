import Coordination
import Synchronization

/// A coordination service in memory, for fast, deterministic tests of the cluster logic above
/// the registry: ZooKeeper's data model (versions, ephemeral and sequential znodes, `multi`,
/// one-shot watches) and its session life (connected, cut off, expired, closed), driven by the
/// test: `stop()`/`start()` for an outage (sessions survive it, as they do a real restart),
/// `partition`/`heal` for one session, `expire` for an expiry. Time comes from `clock`.
///
/// It stands in for ZooKeeper only above the registry: `CoordinationContractTests` runs the
/// same checks against it and a real server, so where they differ, a test says so.
public final class InMemoryCoordination: Sendable {
  public let clock: ManualClock
  private let state = Mutex(Ensemble())

  public init(clock: ManualClock = ManualClock()) { self.clock = clock }

  /// Opens sessions on this service, as `CoordinationSession` asks for them.
  public var connector: CoordinationConnector {
    let connect: CoordinationConnector = { _, timeout, _ throws(ZooKeeperError) in
      let client = try self.connect(sessionTimeoutMillis: timeout)
      return client
    }
    return connect
  }

  /// A new session; fails (as a connect that times out) while the service is down.
  public func connect(sessionTimeoutMillis: Int = 10_000) throws(ZooKeeperError) -> InMemoryClient {
    let (id, events): (Int64, AsyncStream<ZooKeeperEvent>) = try state.withLock { e throws(ZooKeeperError) in
      guard e.running else {
        throw ZooKeeperError(code: ZooKeeperError.operationTimeout, operation: "connect", path: "memory")
      }
      e.nextSession += 1
      let (stream, continuation) = AsyncStream<ZooKeeperEvent>.makeStream()
      e.sessions[e.nextSession] = Ensemble.Session(events: continuation)
      continuation.yield(.state(.connected))
      return (e.nextSession, stream)
    }
    return InMemoryClient(service: self, id: id, events: events)
  }

  // MARK: What a test does to the service

  /// An outage: every session is cut off (calls fail with ZCONNECTIONLOSS) but none ends.
  public func stop() {
    state.withLock { e in
      e.running = false
      for s in e.sessions.values where s.life == .live && !s.partitioned { s.events.yield(.state(.connecting)) }
    }
  }

  /// The service is back: every session that was not partitioned reconnects.
  public func start() {
    state.withLock { e in
      e.running = true
      for s in e.sessions.values where s.life == .live && !s.partitioned { s.events.yield(.state(.connected)) }
    }
  }

  /// Cuts one session off (as a network partition would) while others go on.
  public func partition(_ id: Int64) {
    state.withLock { e in
      guard e.sessions[id]?.life == .live, e.sessions[id]?.partitioned == false else { return }
      e.sessions[id]?.partitioned = true
      if e.running { e.sessions[id]?.events.yield(.state(.connecting)) }
    }
  }

  public func heal(_ id: Int64) {
    state.withLock { e in
      guard e.sessions[id]?.life == .live, e.sessions[id]?.partitioned == true else { return }
      e.sessions[id]?.partitioned = false
      if e.running { e.sessions[id]?.events.yield(.state(.connected)) }
    }
  }

  /// Ends a session as the server does when it times out: its ephemeral znodes and watches go,
  /// and its client hears `.expired` (when it can hear anything).
  public func expire(_ id: Int64) {
    state.withLock { e in
      guard e.sessions[id]?.life == .live else { return }
      e.end(id, as: .expired)
      e.sessions[id]?.events.yield(.state(.expired))
    }
  }

  /// The ids of the sessions alive now.
  public var liveSessions: [Int64] {
    state.withLock { e in e.sessions.filter { $0.value.life == .live }.map(\.key).sorted() }
  }

  /// A znode's data, read past every session (for assertions).
  public func data(_ path: String) -> [UInt8]? { state.withLock { $0.nodes[path]?.data } }

  /// Every znode's path, sorted.
  public var paths: [String] { state.withLock { $0.nodes.keys.sorted() } }

  // MARK: The client's calls

  func life(_ id: Int64) -> ZooKeeperState {
    state.withLock { e in
      guard let s = e.sessions[id] else { return .closed }
      switch s.life {
      case .closed: return .closed
      case .expired: return .expired
      case .live: return e.running && !s.partitioned ? .connected : .connecting
      }
    }
  }

  func close(_ id: Int64) {
    state.withLock { e in
      guard let s = e.sessions[id], s.life != .closed else { return }
      if s.life == .live { e.end(id, as: .closed) }
      e.sessions[id]?.life = .closed
      s.events.yield(.state(.closed))
      s.events.finish()
    }
  }

  /// Runs `body` on the tree as session `id`, failing as ZooKeeper would when it cannot.
  func call<T>(_ id: Int64, _ operation: String, _ path: String, _ body: (inout Ensemble) throws(ZooKeeperError) -> T)
    throws(ZooKeeperError) -> T
  {
    try state.withLock { e throws(ZooKeeperError) -> T in
      guard let s = e.sessions[id] else {
        throw ZooKeeperError(code: ZooKeeperError.closing, operation: operation, path: path)
      }
      switch s.life {
      case .closed: throw ZooKeeperError(code: ZooKeeperError.closing, operation: operation, path: path)
      case .expired: throw ZooKeeperError(code: ZooKeeperError.sessionExpired, operation: operation, path: path)
      case .live:
        guard e.running && !s.partitioned else {
          throw ZooKeeperError(code: ZooKeeperError.connectionLoss, operation: operation, path: path)
        }
      }
      e.now = clock.millis
      return try body(&e)
    }
  }
}

/// A session of an `InMemoryCoordination`.
public final class InMemoryClient: CoordinationClient {
  let service: InMemoryCoordination
  public let id: Int64
  public let events: AsyncStream<ZooKeeperEvent>

  init(service: InMemoryCoordination, id: Int64, events: AsyncStream<ZooKeeperEvent>) {
    self.service = service
    self.id = id
    self.events = events
  }

  deinit { service.close(id) }

  public var state: ZooKeeperState { service.life(id) }
  public var credentials: SessionCredentials { SessionCredentials(id: id, password: []) }
  public func close() { service.close(id) }

  @discardableResult
  public func create(_ path: String, data: [UInt8], mode: CreateMode) async throws(ZooKeeperError) -> String {
    try service.call(id, "create", path) { e throws(ZooKeeperError) in
      try e.apply([.create(path, data: data, mode: mode)], by: id, operation: "create")[0]
    }
  }

  public func createPath(_ path: String) async throws(ZooKeeperError) {
    var prefix = ""
    for part in path.split(separator: "/") {
      prefix += "/" + part
      do {
        try await create(prefix, data: [], mode: .persistent)
      } catch {
        if error.code != ZooKeeperError.nodeExists { throw error }
      }
    }
  }

  public func get(_ path: String, watch: Bool) async throws(ZooKeeperError) -> ([UInt8], ZNodeStat) {
    try service.call(id, "get", path) { e throws(ZooKeeperError) in
      guard let node = e.nodes[path] else {
        throw ZooKeeperError(code: ZooKeeperError.noNode, operation: "get", path: path)
      }
      if watch { e.dataWatches[path, default: []].insert(id) }
      return (node.data, e.stat(path))
    }
  }

  public func exists(_ path: String, watch: Bool) async throws(ZooKeeperError) -> ZNodeStat? {
    try service.call(id, "exists", path) { e throws(ZooKeeperError) in
      if watch { e.dataWatches[path, default: []].insert(id) }
      return e.nodes[path] == nil ? nil : e.stat(path)
    }
  }

  @discardableResult
  public func set(_ path: String, data: [UInt8], version: Int32) async throws(ZooKeeperError) -> ZNodeStat {
    try service.call(id, "set", path) { e throws(ZooKeeperError) in
      _ = try e.apply([.set(path, data: data, version: version)], by: id, operation: "set")
      return e.stat(path)
    }
  }

  public func delete(_ path: String, version: Int32) async throws(ZooKeeperError) {
    try service.call(id, "delete", path) { e throws(ZooKeeperError) in
      _ = try e.apply([.delete(path, version: version)], by: id, operation: "delete")
    }
  }

  public func children(_ path: String, watch: Bool) async throws(ZooKeeperError) -> [String] {
    try service.call(id, "children", path) { e throws(ZooKeeperError) in
      guard let node = e.nodes[path] else {
        throw ZooKeeperError(code: ZooKeeperError.noNode, operation: "children", path: path)
      }
      if watch { e.childWatches[path, default: []].insert(id) }
      return node.children.sorted()
    }
  }

  public func multi(_ operations: [ZooKeeperOperation]) async throws(ZooKeeperError) {
    try service.call(id, "multi", "/") { e throws(ZooKeeperError) in
      _ = try e.apply(operations, by: id, operation: "multi")
    }
  }

  /// ACLs are not modelled: every session may do everything.
  public func protect(_ path: String) async throws(ZooKeeperError) {
    try service.call(id, "setACL", path) { e throws(ZooKeeperError) in
      guard e.nodes[path] != nil else {
        throw ZooKeeperError(code: ZooKeeperError.noNode, operation: "setACL", path: path)
      }
    }
  }
}

/// A clock that moves only when a test says so (milliseconds since 1970).
public final class ManualClock: Sendable {
  private let value: Atomic<Int64>
  public init(startingAt millis: Int64 = 1_800_000_000_000) { value = Atomic(millis) }
  public var millis: Int64 { value.load(ordering: .relaxed) }
  public func advance(_ millis: Int64) { value.add(millis, ordering: .relaxed) }
  /// The clock as the cluster code reads it.
  public var source: MillisClock { MillisClock { [self] in millis } }
}
