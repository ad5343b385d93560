import ClusterConfig
import Coordination
import TestSupport
import Testing

@testable import ClusterEngine

#if canImport(Glibc)
  import Glibc
#endif

/// Desired state in, status out: the leader writes what should run, the agent makes it so and
/// reports back, through the in-memory coordination service.
@Suite struct ReconciliationTests {
  struct Cluster {
    let zk = InMemoryCoordination()
    let launcher = FakeLauncher()
    let controllerNode: TestNode
    let agentNode: TestNode
    let controller: ControllerRole
    let agent: AgentRole

    init(datanodes: [String], controllerParameters: [String: String] = [:]) async throws {
      controllerNode = TestNode("ctl1", .controller, port: 8900, on: zk, parameters: controllerParameters)
      agentNode = TestNode("agent1", .agent, port: 8901, on: zk)
      controller = try await ClusterEngineTests.controller(controllerNode, members: members(datanodes: datanodes))
      agent = AgentRole(
        context: agentNode.context, logger: agentNode.log.logger("agent1"), executable: "/usr/bin/porpoise",
        launcher: launcher)
      try await agent.attach()
    }

    func status(_ alias: String) -> NodeStatus? {
      ZNodeJSON.decode(NodeStatus.self, zk.data(ClusterPaths.status(alias)) ?? [])
    }

    /// What a data node does once up: registers its ephemeral znode under its own session.
    func register(_ alias: String, pid: Int32) async throws -> InMemoryClient {
      let node = try zk.connect()
      try await node.createPath(ClusterPaths.nodes(.datanode))
      let r = Registration(
        alias: alias, mode: .datanode, host: "127.0.0.1", port: 8910, pid: pid, agent: "agent1", startedAt: 0,
        incarnation: "test", version: "test")
      try await node.create(ClusterPaths.node(.datanode, alias), data: ZNodeJSON.encode(r), mode: .ephemeral)
      return node
    }

    /// The leader publishes, the agent starts dn1 and dn1 registers: it runs.
    func running(_ alias: String) async throws -> (FakeLauncher.Process, InMemoryClient) {
      await controller.step()
      await agent.step()
      guard let process = launcher.runs(of: alias).first else { throw NotStarted(alias: alias) }
      let node = try await register(alias, pid: process.pid)
      await agent.step()
      return (process, node)
    }

    struct NotStarted: Error { let alias: String }

    func remove() { [controllerNode, agentNode].forEach { $0.remove() } }
  }

  @Test func theAgentStartsWhatTheLeaderWantsAndReportsItRunning() async throws {
    let c = try await Cluster(datanodes: ["dn1", "dn2"])
    defer { c.remove() }
    await c.controller.step()
    await c.agent.step()
    let runs = c.launcher.processes
    #expect(runs.count == 2)
    let argv = try #require(c.launcher.runs(of: "dn1").first?.argv)
    #expect(argv.starts(with: ["/usr/bin/porpoise", "-mode", "datanode"]))
    #expect(argv.contains("127.0.0.1:8910:dn1"))
    #expect(argv.contains("-agent"))
    let agentSession = c.agentNode.session.client?.credentials.hex
    #expect(c.status("dn1")?.state == .starting)
    #expect(c.status("dn1")?.agentSession == agentSession)
    #expect(c.status("dn1")?.observedGeneration == 1)
    // Registered: running, with its pid, once the agent looks again.
    let pid = try #require(c.launcher.runs(of: "dn1").first?.pid)
    let node = try await c.register("dn1", pid: pid)
    defer { node.close() }
    await c.agent.step()
    #expect(c.status("dn1")?.state == .running)
    #expect(c.status("dn1")?.pid == pid)
    #expect(c.status("dn2")?.state == .starting)
  }

  @Test func aStopRequestStopsTheNodeAndTheStatusSaysSo() async throws {
    let c = try await Cluster(datanodes: ["dn1"])
    defer { c.remove() }
    let (process, node) = try await c.running("dn1")
    // stopDataNode's write, fenced by the leader's epoch.
    let generations = try await ClusterBuiltins.writeDesired(c.controllerNode.context, ["dn1"], .stopped)
    #expect(generations == ["dn1": 2])
    await c.agent.step()
    #expect(process.signals == [SIGTERM])
    #expect(c.status("dn1")?.state == .stopping)
    #expect(c.status("dn1")?.observedGeneration == 2)
    node.close()
    await c.agent.supervisor.exited("dn1", "exit 0")
    await c.agent.step()
    #expect(c.status("dn1")?.state == .stopped)
    #expect(c.status("dn1")?.pid == nil)
    // And started again: a new process, a new generation.
    _ = try await ClusterBuiltins.writeDesired(c.controllerNode.context, ["dn1"], .running)
    await c.agent.step()
    #expect(c.launcher.runs(of: "dn1").count == 2)
    #expect(c.status("dn1")?.observedGeneration == 3)
  }

  @Test func aCrashedNodesRegistrationIsRemovedAtOnce() async throws {
    let c = try await Cluster(datanodes: ["dn1"])
    defer { c.remove() }
    // A node killed with -9: its session (and znode) would linger until it timed out.
    let (_, node) = try await c.running("dn1")
    defer { node.close() }
    await c.agent.supervisor.exited("dn1", "signal 9")
    await c.agent.step()
    #expect(!c.zk.paths.contains(ClusterPaths.node(.datanode, "dn1")))
    #expect(c.status("dn1")?.state == .backoff)
    #expect(c.status("dn1")?.restarts == 1)
    #expect(c.status("dn1")?.lastExit == "signal 9")
  }

  @Test func onlyTheLeaderWritesDesiredStates() async throws {
    let c = try await Cluster(datanodes: ["dn1"])
    defer { c.remove() }
    // Not yet leading: the write is refused before it reaches the registry.
    await #expect(throws: ClusterError.self) {
      try await ClusterBuiltins.writeDesired(c.controllerNode.context, ["dn1"], .stopped)
    }
    await c.controller.step()
    _ = try await ClusterBuiltins.writeDesired(c.controllerNode.context, ["dn1"], .stopped)
    #expect(ZNodeJSON.decode(DesiredState.self, c.zk.data(ClusterPaths.desired("dn1")) ?? [])?.state == .stopped)
  }

  @Test func anAgentWithoutTheRegistryKeepsItsNodesByTheLastDesiredState() async throws {
    let c = try await Cluster(datanodes: ["dn1"])
    defer { c.remove() }
    await c.controller.step()
    await c.agent.step()
    let process = try #require(c.launcher.runs(of: "dn1").first)
    c.zk.stop()
    await c.agent.supervisor.exited("dn1", "exit 1")
    c.zk.clock.advance(100)
    await c.agent.step()
    // Restarted from what it last read, with nobody to tell.
    #expect(c.launcher.runs(of: "dn1").count == 2)
    #expect(process.signals.isEmpty)
    c.zk.start()
    try await eventually("the agent reconnects") { c.agentNode.session.disconnectedMillis == nil }
    await c.agent.step()
    #expect(c.status("dn1")?.restarts == 1)
    #expect(c.status("dn1")?.state == .starting)
  }
}
