import ClusterConfig
import Coordination

/// The cluster as ZooKeeper holds it right now: members, live registrations, the agents'
/// statuses and the leader. What the shell and the built-ins show.
struct ClusterView: Sendable {
  var members: [PublishedNode] = []
  var registrations: [String: Registration] = [:]
  var statuses: [String: NodeStatus] = [:]
  var leader: LeaderRecord?

  static func read(_ client: any CoordinationClient) async throws(ZooKeeperError) -> ClusterView {
    var view = ClusterView()
    view.members = try await client.document([PublishedNode].self, at: ClusterPaths.configNodes)?.0 ?? []
    do {
      for r in try await NodeRegistry(client: client).nodes() { view.registrations[r.alias] = r }
    } catch {
      if let cause = error.cause { throw cause }
    }
    for m in view.members where m.mode.isWorker {
      if let s = try await client.document(NodeStatus.self, at: ClusterPaths.status(m.alias))?.0 {
        view.statuses[m.alias] = s
      }
    }
    // A status written under an agent session that has ended is history, not news (Helix's
    // session-scoped current state): the agent is down and nobody watches the node.
    for (alias, s) in view.statuses where view.registrations[s.agent]?.session != s.agentSession {
      view.statuses[alias]?.state = .unknown
    }
    view.leader = try await ControllerElection(client: client).leader()
    // Controllers that run but are not in cluster.nodes (a single controller) still count.
    for r in view.registrations.values where !view.members.contains(where: { $0.alias == r.alias }) {
      view.members.insert(
        PublishedNode(
          alias: r.alias, mode: r.mode, host: r.host, port: r.port, agent: r.agent, computeGroup: nil, parameters: [:]),
        at: r.mode == .controller ? 0 : view.members.count)
    }
    return view
  }

  func member(_ name: String) -> PublishedNode? {
    members.first { $0.alias == name } ?? members.first { "\($0.host):\($0.port)" == name }
  }
}
