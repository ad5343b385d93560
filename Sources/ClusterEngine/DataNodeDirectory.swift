import Coordination
import DistributedStorage
import Synchronization

/// The data nodes that run now, from their registrations in ZooKeeper, read at most once a
/// second: every append and query asks, and a node that just died is noticed within the
/// session timeout anyway.
final class DataNodeDirectory: Sendable {
  let client: @Sendable () throws(CatalogError) -> any CoordinationClient
  let clock: MillisClock
  private let cached = Mutex<(at: Int64, nodes: [Registration])?>(nil)
  static let freshMillis: Int64 = 1000

  init(client: @escaping @Sendable () throws(CatalogError) -> any CoordinationClient, clock: MillisClock) {
    self.client = client
    self.clock = clock
  }

  /// The running data nodes, by alias.
  func live() async throws(CatalogError) -> [Registration] {
    let now = clock.now
    if let c = cached.withLock({ $0 }), now - c.at < DataNodeDirectory.freshMillis { return c.nodes }
    let client = try self.client()
    let nodes: [Registration]
    do {
      nodes = try await NodeRegistry(client: client).nodes(.datanode).sorted { $0.alias < $1.alias }
    } catch {
      throw CatalogError(.unavailable, ClusterMessages.dataNodesUnknown(error.message))
    }
    cached.withLock { $0 = (now, nodes) }
    return nodes
  }

  /// Where a running data node listens.
  func address(_ alias: String) async throws(CatalogError) -> Registration {
    if let r = try await live().first(where: { $0.alias == alias }) { return r }
    // Perhaps it came up within the last second.
    cached.withLock { $0 = nil }
    guard let r = try await live().first(where: { $0.alias == alias }) else {
      throw CatalogError(.unavailable, ClusterMessages.dataNodeNotRunning(alias))
    }
    return r
  }

  /// Forgets what it read (a node failed a call: it may be gone).
  func invalidate() { cached.withLock { $0 = nil } }
}
