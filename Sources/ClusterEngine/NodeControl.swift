import ClusterConfig
import Coordination
import Dispatch
import RemoteNode
import ScriptRuntime
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// `startDataNode` and `stopDataNode`: fenced writes of desired states by the leading
/// controller (asked through it from anywhere else), and the wait for the agents to act.
extension ClusterBuiltins {
  static func control(_ c: ClusterContext, _ a: CallArguments, _ state: DesiredState.State) throws(ScriptError) -> Value
  {
    let name = state == .running ? "startDataNode" : "stopDataNode"
    guard c.coordination != nil else {
      throw ScriptError(ClusterMessages.standaloneNode(in: name))
    }
    try a.machine.require(.admin(state == .running ? "start data nodes" : "stop data nodes"))
    let wanted = try a.vector(0, "the nodes").strings
    guard !wanted.isEmpty else { return .void }
    let v = try view(c)
    var aliases: [String] = []
    for w in wanted {
      guard let m = v.member(w) else {
        let known = v.members.filter { $0.mode.isWorker }.map(\.alias)
        throw ScriptError(ClusterMessages.noSuchWorker(name, w, known: known))
      }
      guard m.mode.isWorker else {
        throw ScriptError(
          ClusterMessages.notAWorker(name, m.alias, isAgent: m.mode == .agent)
        )
      }
      aliases.append(m.alias)
    }
    // Only the leading controller writes desired states; anyone else asks it.
    if !c.isLeader { return try askLeader(c, a, name, [.vector(Vector(strings: aliases))]) }
    let chosen = aliases
    let generations = try cluster { () async throws(ClusterError) in
      try await writeDesired(c, chosen, state)
    }
    try waitFor(c, a.machine, aliases, generations, state, name)
    return .void
  }

  /// How long node control waits for nodes to come up or go down (`nodeStartTimeout`, seconds).
  static func nodeStartTimeout(_ c: ClusterContext) -> Double {
    let t = Double(c.launch.parameters["nodeStartTimeout"] ?? "") ?? 60
    return t.isFinite ? min(max(t, 1), 3600) : 60
  }

  /// Writes the desired state of each alias in one fenced transaction; retried when another
  /// writer got in between (one wins per version, the loser reads again).
  static func writeDesired(_ c: ClusterContext, _ aliases: [String], _ state: DesiredState.State)
    async throws(ClusterError) -> [String: Int]
  {
    let client = try c.client()
    for _ in 0..<5 {
      guard let fence = c.fence.withLock({ $0 }) else {
        throw ClusterError(ClusterMessages.stoppedLeading())
      }
      var ops: [ZooKeeperOperation] = []
      var generations: [String: Int] = [:]
      do {
        for alias in aliases {
          let current = try await client.document(DesiredState.self, at: ClusterPaths.desired(alias))
          let next = DesiredState(state: state, generation: (current?.0.generation ?? 0) + 1, by: c.alias)
          generations[alias] = next.generation
          if let (_, version) = current {
            ops.append(.set(ClusterPaths.desired(alias), data: ZNodeJSON.encode(next), version: version))
          } else {
            ops.append(.create(ClusterPaths.desired(alias), data: ZNodeJSON.encode(next), mode: .persistent))
          }
        }
        try await ControllerElection(client: client).fenced(fence, ops)
        return generations
      } catch {
        if error.code == ZooKeeperError.badVersion || error.code == ZooKeeperError.nodeExists { continue }
        throw error.cluster
      }
    }
    throw ClusterError(ClusterMessages.desiredStateChurn())
  }

  /// Waits until every node is up and registered (or down), or says why not.
  static func waitFor(
    _ c: ClusterContext, _ machine: Machine, _ aliases: [String], _ generations: [String: Int],
    _ state: DesiredState.State, _ name: String
  ) throws(ScriptError) {
    let timeout = nodeStartTimeout(c)
    let deadline = ClusterClock.millis() + Int64(timeout * 1000)
    var pending = Set(aliases)
    var last = ClusterView()
    while !pending.isEmpty {
      // Ctrl-C stops the wait, not the order: the agents still carry it out.
      if machine.isInterrupted { throw Machine.interrupted() }
      last = try view(c)
      for alias in pending {
        let s = last.statuses[alias]
        let observed = (s?.observedGeneration ?? 0) >= (generations[alias] ?? 0)
        switch state {
        case .running:
          if observed, s?.state == .running, let r = last.registrations[alias], r.pid == s?.pid {
            pending.remove(alias)
          }
          if observed, s?.state == .failed {
            throw ScriptError(
              ClusterMessages.nodeFailedToStart(name, alias, restarts: s?.restarts ?? 0, lastExit: s?.lastExit)
            )
          }
        case .stopped:
          if observed, s?.state == .stopped, last.registrations[alias] == nil { pending.remove(alias) }
        }
      }
      if pending.isEmpty { break }
      if ClusterClock.millis() > deadline {
        let why = pending.sorted().map { alias -> String in
          let m = last.member(alias)
          let agent = m?.agent ?? "?"
          guard last.registrations[agent] != nil else { return ClusterMessages.agentNotRunning(alias, agent: agent) }
          let s = last.statuses[alias]
          return ClusterMessages.agentReport(alias, agent: agent, state: s?.state.rawValue, lastExit: s?.lastExit)
        }
        throw ScriptError(
          ClusterMessages.notSettled(name, up: state == .running, after: Int(timeout), why))
      }
      usleep(20_000)
    }
  }
}
