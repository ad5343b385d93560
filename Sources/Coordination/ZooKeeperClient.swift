import CZookeeper
import Dispatch
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// One ZooKeeper session over the C client (`libzookeeper_mt`), with an async API.
///
/// Calls run on a private dispatch queue (the C client's synchronous calls block until the
/// reply), so awaiting them never blocks Swift's cooperative threads. Session state changes
/// and one-shot watches arrive on `events`, handed off from the C completion thread at once.
/// Paths are relative to the address's root, which the client prefixes itself.
public final class ZooKeeperClient: CoordinationClient, @unchecked Sendable {
  // @unchecked: the handle is only used through the C client's calls, which are thread-safe
  // for one handle; `closed` guards against a use after close.
  let handle: OpaquePointer
  private let sink: EventSink
  private let sinkContext: UnsafeMutableRawPointer
  private let closed = Atomic<Bool>(false)
  private let established = Mutex<SessionCredentials?>(nil)
  public let address: ZooKeeperAddress
  /// The credentials this session authenticated with; they decide the ACL of what it creates.
  public let digest: ZooKeeperDigest?
  /// State changes and watch triggers, in the order the C client delivered them.
  public let events: AsyncStream<ZooKeeperEvent>

  private static let queue = DispatchQueue(label: "porpoise.zookeeper", attributes: .concurrent)
  private static let quiet: Void = pp_zk_quiet()

  private init(
    handle: OpaquePointer, sink: EventSink, context: UnsafeMutableRawPointer, address: ZooKeeperAddress,
    digest: ZooKeeperDigest?, events: AsyncStream<ZooKeeperEvent>
  ) {
    self.handle = handle
    self.sink = sink
    self.sinkContext = context
    self.address = address
    self.digest = digest
    self.events = events
  }

  /// Opens a session and waits until it is connected (and, with `digest`, authenticated).
  /// With `session`, attaches to that existing session instead of making a new one.
  public static func connect(
    _ address: ZooKeeperAddress, sessionTimeoutMillis: Int = 10_000, connectTimeoutMillis: Int = 15_000,
    session: SessionCredentials? = nil, digest: ZooKeeperDigest? = nil
  ) async throws(ZooKeeperError) -> ZooKeeperClient {
    _ = quiet
    let (events, continuation) = AsyncStream<ZooKeeperEvent>.makeStream()
    let sink = EventSink(continuation: continuation, root: address.root)
    let context = Unmanaged.passRetained(sink).toOpaque()
    var client: OpaquePointer?
    if var id = session.map(clientID) {
      client = zookeeper_init(address.hosts, coordinationWatcher, Int32(sessionTimeoutMillis), &id, context, 0)
    } else {
      client = zookeeper_init(address.hosts, coordinationWatcher, Int32(sessionTimeoutMillis), nil, context, 0)
    }
    guard let handle = client else {
      Unmanaged<EventSink>.fromOpaque(context).release()
      throw ZooKeeperError(code: -8, operation: "connect", path: address.hosts)
    }
    let zk = ZooKeeperClient(
      handle: handle, sink: sink, context: context, address: address, digest: digest, events: events)
    let deadline = ContinuousClock.now + .milliseconds(connectTimeoutMillis)
    while true {
      switch zk.state {
      case .connected:
        let c = zk.readCredentials()
        zk.established.withLock { $0 = c }
        if let digest {
          // The C client keeps the credentials and sends them again after a reconnect.
          let rc: Int32 = try await zk.blocking("addauth", address.hosts) {
            .success(pp_zk_add_digest(zk.handle, digest.credentials, Int32(max(connectTimeoutMillis, 1000))))
          }
          guard rc == 0 else {
            zk.close()
            throw ZooKeeperError(code: rc, operation: "addauth \(digest)", path: address.hosts)
          }
        }
        return zk
      case .expired:
        zk.close()
        throw ZooKeeperError(code: ZooKeeperError.sessionExpired, operation: "connect", path: address.hosts)
      case .authFailed:
        zk.close()
        throw ZooKeeperError(code: -115, operation: "connect", path: address.hosts)
      default: break
      }
      if ContinuousClock.now >= deadline {
        zk.close()
        throw ZooKeeperError(code: ZooKeeperError.operationTimeout, operation: "connect", path: address.hosts)
      }
      try? await Task.sleep(for: .milliseconds(5))
    }
  }

  deinit { close() }

  /// Ends the session (its ephemeral nodes go at once). Safe to call twice.
  public func close() {
    guard !closed.exchange(true, ordering: .acquiringAndReleasing) else { return }
    zookeeper_close(handle)
    sink.finish()
    Unmanaged<EventSink>.fromOpaque(sinkContext).release()
  }

  /// The connection state now.
  public var state: ZooKeeperState {
    if closed.load(ordering: .acquiring) { return .closed }
    return ZooKeeperClient.state(zoo_state(handle))
  }

  static func state(_ raw: Int32) -> ZooKeeperState {
    if raw == pp_zk_state_connected() { return .connected }
    if raw == pp_zk_state_expired() { return .expired }
    if raw == pp_zk_state_auth_failed() { return .authFailed }
    return .connecting
  }

  /// The session's id and password, as they were when the session was established: a handle
  /// keeps its session for life, and after `close` the C handle is freed and must not be read.
  public var credentials: SessionCredentials {
    established.withLock { $0 } ?? SessionCredentials(id: 0, password: [])
  }

  private func readCredentials() -> SessionCredentials {
    guard let id = zoo_client_id(handle) else { return SessionCredentials(id: 0, password: []) }
    let password = withUnsafeBytes(of: id.pointee.passwd) { Array($0.bindMemory(to: CChar.self)) }
    return SessionCredentials(id: id.pointee.client_id, password: password)
  }

  /// The session timeout the server granted (it clamps what was asked for).
  public var negotiatedTimeoutMillis: Int {
    closed.load(ordering: .acquiring) ? 0 : Int(zoo_recv_timeout(handle))
  }

  static func clientID(_ s: SessionCredentials) -> clientid_t {
    var id = clientid_t()
    id.client_id = s.id
    withUnsafeMutableBytes(of: &id.passwd) { raw in
      for (i, c) in s.password.prefix(16).enumerated() { raw[i] = UInt8(bitPattern: c) }
    }
    return id
  }

  /// The ACL a znode at `path` (relative to the root) is created with.
  func acl(for path: String) -> UnsafeMutablePointer<ACL_vector> {
    guard digest != nil else { return pp_zk_open_acl_unsafe() }
    return ZooKeeperDigest.isSecret(path) ? pp_zk_creator_all_acl() : pp_zk_world_read_creator_all_acl()
  }

  func full(_ path: String) -> String { address.root + (path == "/" && !address.root.isEmpty ? "" : path) }

  /// Runs a blocking C call off the cooperative pool.
  func blocking<T: Sendable>(_ op: String, _ path: String, _ body: @escaping @Sendable () -> Result<T, ZooKeeperError>)
    async throws(ZooKeeperError) -> T
  {
    if closed.load(ordering: .acquiring) {
      throw ZooKeeperError(code: ZooKeeperError.closing, operation: op, path: path)
    }
    let result: Result<T, ZooKeeperError> = await withCheckedContinuation { continuation in
      ZooKeeperClient.queue.async { continuation.resume(returning: body()) }
    }
    return try result.get()
  }

  /// Creates a znode; returns its path (with the sequence number for sequential modes).
  @discardableResult
  public func create(_ path: String, data: [UInt8], mode: CreateMode) async throws(ZooKeeperError)
    -> String
  {
    let full = self.full(path)
    let rootCount = address.root.count
    return try await blocking("create", path) {
      var buffer = [CChar](repeating: 0, count: full.utf8.count + 32)
      let rc = data.withUnsafeBufferPointer { bytes in
        bytes.withMemoryRebound(to: CChar.self) { chars in
          zoo_create(
            self.handle, full, chars.baseAddress, Int32(data.count), self.acl(for: path), mode.rawValue, &buffer,
            Int32(buffer.count))
        }
      }
      guard rc == 0 else { return .failure(ZooKeeperError(code: rc, operation: "create", path: path)) }
      let created = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
      return .success(String(created.dropFirst(rootCount)))
    }
  }

  /// Creates every missing persistent node on the way to `path` (and `path` itself).
  public func createPath(_ path: String) async throws(ZooKeeperError) {
    var prefix = ""
    let parts = (address.root + path).split(separator: "/")
    let rootParts = address.root.split(separator: "/").count
    for (i, part) in parts.enumerated() {
      prefix += "/" + part
      let relative = i < rootParts ? nil : String(prefix.dropFirst(address.root.count))
      do {
        if let relative {
          try await create(relative)
        } else {
          try await createAbsolute(prefix)
        }
      } catch {
        if error.code != ZooKeeperError.nodeExists { throw error }
      }
    }
  }

  private func createAbsolute(_ path: String) async throws(ZooKeeperError) {
    let _: Void = try await blocking("create", path) {
      let rc = zoo_create(self.handle, path, nil, -1, pp_zk_open_acl_unsafe(), 0, nil, 0)
      return rc == 0 ? .success(()) : .failure(ZooKeeperError(code: rc, operation: "create", path: path))
    }
  }

  /// A znode's data and metadata; with `watch`, a `.changed` or `.deleted` event follows once.
  public func get(_ path: String, watch: Bool) async throws(ZooKeeperError) -> ([UInt8], ZNodeStat) {
    let full = self.full(path)
    let ctx = SendableRawPointer(sinkContext)
    return try await blocking("get", path) {
      var size = 4096
      while true {
        var buffer = [UInt8](repeating: 0, count: size)
        var length = Int32(size)
        var stat = Stat()
        let rc = buffer.withUnsafeMutableBufferPointer { b in
          b.withMemoryRebound(to: CChar.self) { chars in
            watch
              ? zoo_wget(self.handle, full, coordinationWatcher, ctx.pointer, chars.baseAddress, &length, &stat)
              : zoo_get(self.handle, full, 0, chars.baseAddress, &length, &stat)
          }
        }
        guard rc == 0 else { return .failure(ZooKeeperError(code: rc, operation: "get", path: path)) }
        // The C client truncates silently: read again with room for all of it.
        if Int(stat.dataLength) > size {
          size = Int(stat.dataLength)
          continue
        }
        return .success((length < 0 ? [] : Array(buffer.prefix(Int(length))), ZNodeStat(stat)))
      }
    }
  }

  /// The node's metadata, or nil if it does not exist; with `watch`, the next creation,
  /// change or deletion is reported once.
  public func exists(_ path: String, watch: Bool) async throws(ZooKeeperError) -> ZNodeStat? {
    let full = self.full(path)
    let ctx = SendableRawPointer(sinkContext)
    return try await blocking("exists", path) {
      var stat = Stat()
      let rc =
        watch
        ? zoo_wexists(self.handle, full, coordinationWatcher, ctx.pointer, &stat)
        : zoo_exists(self.handle, full, 0, &stat)
      if rc == ZooKeeperError.noNode { return .success(nil) }
      guard rc == 0 else { return .failure(ZooKeeperError(code: rc, operation: "exists", path: path)) }
      return .success(ZNodeStat(stat))
    }
  }

  /// Replaces a node's data if its version is `version` (-1: any version).
  @discardableResult
  public func set(_ path: String, data: [UInt8], version: Int32) async throws(ZooKeeperError) -> ZNodeStat {
    let full = self.full(path)
    return try await blocking("set", path) {
      var stat = Stat()
      let rc = data.withUnsafeBufferPointer { bytes in
        bytes.withMemoryRebound(to: CChar.self) { chars in
          zoo_set2(self.handle, full, chars.baseAddress, Int32(data.count), version, &stat)
        }
      }
      guard rc == 0 else { return .failure(ZooKeeperError(code: rc, operation: "set", path: path)) }
      return .success(ZNodeStat(stat))
    }
  }

  /// Gives an existing znode the ACL it would be created with now (a cluster that ran without
  /// `zkDigest` keeps its old, open znodes otherwise). Needs the znode's ADMIN permission.
  public func protect(_ path: String) async throws(ZooKeeperError) {
    let full = self.full(path)
    let _: Void = try await blocking("setACL", path) {
      let rc = zoo_set_acl(self.handle, full, -1, self.acl(for: path))
      return rc == 0 ? .success(()) : .failure(ZooKeeperError(code: rc, operation: "setACL", path: path))
    }
  }

  /// Deletes a node if its version is `version` (-1: any version).
  public func delete(_ path: String, version: Int32) async throws(ZooKeeperError) {
    let full = self.full(path)
    let _: Void = try await blocking("delete", path) {
      let rc = zoo_delete(self.handle, full, version)
      return rc == 0 ? .success(()) : .failure(ZooKeeperError(code: rc, operation: "delete", path: path))
    }
  }

  /// The names of a node's children, sorted; with `watch`, the next membership change is
  /// reported once as `.children(path)`.
  public func children(_ path: String, watch: Bool) async throws(ZooKeeperError) -> [String] {
    let full = self.full(path)
    let ctx = SendableRawPointer(sinkContext)
    return try await blocking("children", path) {
      var strings = String_vector()
      var stat = Stat()
      let rc =
        watch
        ? zoo_wget_children2(self.handle, full, coordinationWatcher, ctx.pointer, &strings, &stat)
        : zoo_get_children2(self.handle, full, 0, &strings, &stat)
      guard rc == 0 else { return .failure(ZooKeeperError(code: rc, operation: "children", path: path)) }
      var names: [String] = []
      for i in 0..<Int(strings.count) {
        if let p = strings.data[i] { names.append(String(cString: p)) }
      }
      deallocate_String_vector(&strings)
      return .success(names.sorted())
    }
  }
}

extension ZooKeeperClient {
  /// Runs the operations as one transaction: all are applied or none. The error names the
  /// first operation that failed (with a stale `check`, `ZBADVERSION` on its path).
  public func multi(_ operations: [ZooKeeperOperation]) async throws(ZooKeeperError) {
    let paths = operations.map { full($0.path) }
    let relative = operations.map(\.path)
    let _: Void = try await blocking("multi", relative.first ?? "/") {
      // The C structs point into these buffers until zoo_multi returns.
      let cPaths = paths.map { strdup($0) }
      var datas: [UnsafeMutablePointer<CChar>] = []
      var pathBuffers: [UnsafeMutablePointer<CChar>] = []
      var stats = [Stat](repeating: Stat(), count: operations.count)
      defer {
        cPaths.forEach { free($0) }
        datas.forEach { $0.deallocate() }
        pathBuffers.forEach { $0.deallocate() }
      }
      var ops = [zoo_op_t](repeating: zoo_op_t(), count: operations.count)
      for (i, op) in operations.enumerated() {
        switch op {
        case .check(_, let version):
          zoo_check_op_init(&ops[i], cPaths[i], version)
        case .create(_, let data, let mode):
          let d = ZooKeeperClient.copy(data)
          datas.append(d)
          let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: paths[i].utf8.count + 32)
          pathBuffers.append(buffer)
          zoo_create_op_init(
            &ops[i], cPaths[i], d, Int32(data.count), self.acl(for: relative[i]), mode.rawValue, buffer,
            Int32(paths[i].utf8.count + 32))
        case .set(_, let data, let version):
          let d = ZooKeeperClient.copy(data)
          datas.append(d)
          stats.withUnsafeMutableBufferPointer { s in
            zoo_set_op_init(&ops[i], cPaths[i], d, Int32(data.count), version, s.baseAddress.map { $0 + i })
          }
        case .delete(_, let version):
          zoo_delete_op_init(&ops[i], cPaths[i], version)
        }
      }
      var results = [zoo_op_result_t](repeating: zoo_op_result_t(), count: operations.count)
      let rc = zoo_multi(self.handle, Int32(operations.count), ops, &results)
      guard rc == 0 else {
        // The operation that failed carries the code; the others say ZRUNTIMEINCONSISTENCY.
        let failed = results.firstIndex { $0.err != 0 && $0.err != -2 } ?? 0
        let code = results.indices.contains(failed) && results[failed].err != 0 ? results[failed].err : rc
        return .failure(
          ZooKeeperError(
            code: code, operation: "multi", path: relative.indices.contains(failed) ? relative[failed] : "/"))
      }
      return .success(())
    }
  }

  static func copy(_ data: [UInt8]) -> UnsafeMutablePointer<CChar> {
    let p = UnsafeMutablePointer<CChar>.allocate(capacity: max(data.count, 1))
    data.withUnsafeBytes { raw in
      if let base = raw.baseAddress { UnsafeMutableRawPointer(p).copyMemory(from: base, byteCount: data.count) }
    }
    return p
  }
}

/// A raw pointer the wrapper hands to the C client as a watch context.
struct SendableRawPointer: @unchecked Sendable {
  let pointer: UnsafeMutableRawPointer
  init(_ pointer: UnsafeMutableRawPointer) { self.pointer = pointer }
}

extension ZNodeStat {
  init(_ s: Stat) {
    self.init(
      version: s.version, childVersion: s.cversion, ephemeralOwner: s.ephemeralOwner, dataLength: s.dataLength,
      childCount: s.numChildren, createdMillis: s.ctime, modifiedMillis: s.mtime)
  }
}
