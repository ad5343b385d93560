import AccessControl
import Coordination
import Logging
import PorpoiseSupport
import Synchronization

/// A cluster's users in ZooKeeper (`/acl/users`, under the cluster's root), so a user created
/// on one node logs in on every other. Writes are conditional on the znode version; reads
/// check the version first and reuse the last document when it has not changed.
final class ZooKeeperUserStore: UserStore {
  static let usersPath = "/acl/users"
  static let tokenKeyPath = "/acl/tokenKey"
  let context: ClusterContextReference
  private let cache = Mutex<StoredDirectory?>(nil)

  init(_ context: ClusterContextReference) { self.context = context }

  var location: String { "ZooKeeper \(ZooKeeperUserStore.usersPath)" }

  func client() throws(AccessFailure) -> any CoordinationClient {
    guard let c = context.value else { throw AccessFailure("the node is shutting down") }
    do { return try c.client() } catch { throw AccessFailure(error.message) }
  }

  func zk<T: Sendable>(_ body: @escaping @Sendable (any CoordinationClient) async throws(ZooKeeperError) -> T)
    throws(AccessFailure) -> T
  {
    let c = try client()
    do {
      return try blockingAwait { () async throws(ZooKeeperError) -> T in try await body(c) }
    } catch {
      throw AccessFailure("the user table in ZooKeeper: \(error)")
    }
  }

  func read() throws(AccessFailure) -> StoredDirectory? {
    let cached = cache.withLock { $0 }
    let stat = try zk { c throws(ZooKeeperError) in try await c.exists(ZooKeeperUserStore.usersPath) }
    guard let stat else { return nil }
    if let cached, cached.version == Int64(stat.version) { return cached }
    let read = try zk { c throws(ZooKeeperError) in
      try await c.document(UserDirectory.self, at: ZooKeeperUserStore.usersPath)
    }
    guard let (d, version) = read else {
      throw AccessFailure(
        "the user table in ZooKeeper (\(ZooKeeperUserStore.usersPath)) is damaged; restore it from a backup")
    }
    let stored = StoredDirectory(directory: d, version: Int64(version))
    cache.withLock { $0 = stored }
    return stored
  }

  func write(_ directory: UserDirectory, expected: Int64?) throws(AccessFailure) -> Bool {
    var next = directory
    next.revision += 1
    let bytes = ZNodeJSON.encode(next)
    let path = ZooKeeperUserStore.usersPath
    return try zk { c throws(ZooKeeperError) -> Bool in
      do throws(ZooKeeperError) {
        if let expected {
          _ = try await c.set(path, data: bytes, version: Int32(expected))
        } else {
          try await c.createPath("/acl")
          _ = try await c.create(path, data: bytes)
        }
        return true
      } catch {
        if error.code == ZooKeeperError.badVersion || error.code == ZooKeeperError.nodeExists
          || error.code == ZooKeeperError.noNode
        {
          return false
        }
        throw error
      }
    }
  }

  /// Closes `/acl` of a cluster that ran without `zkDigest` before: znodes made then are
  /// open to every ZooKeeper client. Znodes protected by other credentials are reported.
  static func protectExisting(_ client: any CoordinationClient, logger: Logger) async {
    for path in ["/acl", usersPath, tokenKeyPath] {
      do {
        try await client.protect(path)
      } catch {
        if error.code == ZooKeeperError.noNode { continue }
        logger.error("Cannot protect \(path) in ZooKeeper: \(error)")
      }
    }
  }

  func tokenKey() throws(AccessFailure) -> [UInt8] {
    let path = ZooKeeperUserStore.tokenKeyPath
    return try zk { c throws(ZooKeeperError) -> [UInt8] in
      if let (data, _) = try? await c.get(path), data.count == 32 { return data }
      let key = (0..<32).map { _ in UInt8.random(in: 0...255) }
      try await c.createPath("/acl")
      do throws(ZooKeeperError) {
        _ = try await c.create(path, data: key)
        return key
      } catch {
        // Another node made it first: use theirs, if it is a key.
        guard error.code == ZooKeeperError.nodeExists else { throw error }
        let theirs = try await c.get(path).0
        // A damaged key (not 32 bytes) must not sign anything: say so rather than use it.
        guard theirs.count == 32 else {
          throw ZooKeeperError(code: -3, operation: "read a 32-byte token key", path: path)
        }
        return theirs
      }
    }
  }
}

/// The context a store belongs to, set right after the context is made (the context owns the
/// store, so it cannot be passed in at construction; both live as long as the process).
final class ClusterContextReference: Sendable {
  private let box = Mutex<ClusterContext?>(nil)
  var value: ClusterContext? { box.withLock { $0 } }
  func set(_ c: ClusterContext) { box.withLock { $0 = c } }
}
