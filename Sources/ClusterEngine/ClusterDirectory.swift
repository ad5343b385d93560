import ClusterConfig
import Coordination
import PorpoiseSupport

/// One node as the shell lists it (`.nodes`).
public struct NodeEntry: Sendable {
  public var alias: String
  public var mode: NodeMode
  public var host: String
  public var port: Int
  public var live: Bool
  /// The agent's word for a data or compute node (`running`, `backoff`, `failed`...).
  public var status: String
  public var pid: Int32?
  public var isLeader: Bool
}

/// The cluster's nodes read from ZooKeeper, for a shell that was given `--zk` and no node.
public enum ClusterDirectory {
  /// What to call a node: registered means running, whatever the agent wrote a moment ago.
  static func status(_ s: NodeStatus.State?, live: Bool) -> String {
    switch (s, live) {
    case (.starting?, true), (nil, true): return "running"
    case (nil, false): return "down"
    case (let s?, _): return s.rawValue
    }
  }

  /// Every configured or running node. Blocks; call from a plain thread.
  public static func read(_ address: ZooKeeperAddress, timeoutMillis: Int = 5000) throws(ClusterError) -> [NodeEntry] {
    try blockingAwait { () async throws(ClusterError) in
      let client: any CoordinationClient
      do throws(ZooKeeperError) {
        client = try await ZooKeeperClient.connect(
          address, sessionTimeoutMillis: 4000, connectTimeoutMillis: timeoutMillis)
      } catch {
        throw ClusterError(ClusterMessages.cannotReachZooKeeper(address, error.description))
      }
      defer { client.close() }
      let view: ClusterView
      do throws(ZooKeeperError) {
        view = try await ClusterView.read(client)
      } catch {
        throw error.cluster
      }
      if view.members.isEmpty {
        throw ClusterError(ClusterMessages.noCluster(address))
      }
      return view.members.map { m in
        let live = view.registrations[m.alias]
        return NodeEntry(
          alias: m.alias, mode: m.mode, host: live?.host ?? m.host, port: live?.port ?? m.port, live: live != nil,
          status: status(view.statuses[m.alias]?.state, live: live != nil), pid: live?.pid,
          isLeader: view.leader?.alias == m.alias)
      }
    }
  }
}
