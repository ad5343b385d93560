import ClusterConfig
import Coordination
import TestSupport
import Testing

@testable import ClusterEngine

/// `datanodeRestartInterval`: the leading controller starts again a node its agent gave up on,
/// once it has been down that long; on the in-memory service and a manual clock.
@Suite struct RestartIntervalTests {
  /// dn1 crashing until its agent marks it failed; the controller leads with `interval` seconds.
  struct FailedNode {
    let cluster: ReconciliationTests.Cluster

    init(interval: Int) async throws {
      cluster = try await ReconciliationTests.Cluster(
        datanodes: ["dn1"], controllerParameters: ["datanodeRestartInterval": String(interval)])
      await controller.step()
      await agent.step()
      // Five crashes within the minute, each restart when due.
      for _ in 1...5 {
        await agent.supervisor.exited("dn1", "exit 1")
        if let due = await agent.supervisor.nextDueMillis { zk.clock.advance(Int64(due)) }
        await agent.step()
      }
    }

    var zk: InMemoryCoordination { cluster.zk }
    var launcher: FakeLauncher { cluster.launcher }
    var controllerNode: TestNode { cluster.controllerNode }
    var controller: ControllerRole { cluster.controller }
    var agent: AgentRole { cluster.agent }
    var status: NodeStatus? { cluster.status("dn1") }
    var generation: Int? {
      ZNodeJSON.decode(DesiredState.self, zk.data(ClusterPaths.desired("dn1")) ?? [])?.generation
    }
    var client: any CoordinationClient { controllerNode.session.client! }

    func remove() { cluster.remove() }
  }

  @Test func aFailedNodeIsStartedAgainOnceItHasBeenDownTheInterval() async throws {
    let n = try await FailedNode(interval: 30)
    defer { n.remove() }
    #expect(n.status?.state == .failed)
    #expect(n.launcher.runs(of: "dn1").count == 5)
    // Not before the interval ...
    n.zk.clock.advance(29_000)
    await n.controller.stepRestarts(n.client)
    #expect(n.generation == 1)
    // ... and once it has passed: a new request, which the agent takes as a fresh start.
    n.zk.clock.advance(1_000)
    await n.controller.stepRestarts(n.client)
    #expect(n.generation == 2)
    #expect(n.controllerNode.log.contains("dn1 failed and has been down 30 s (datanodeRestartInterval=30)"))
    // One request per failure: asked again before the agent acts, the leader waits.
    await n.controller.stepRestarts(n.client)
    #expect(n.generation == 2)
    await n.agent.step()
    #expect(n.launcher.runs(of: "dn1").count == 6)
    #expect(n.status?.state == .starting)
  }

  @Test func withoutAnIntervalOrForAStoppedNodeNothingIsRestarted() async throws {
    let off = try await FailedNode(interval: 0)
    defer { off.remove() }
    off.zk.clock.advance(3_600_000)
    await off.controller.stepRestarts(off.client)
    #expect(off.generation == 1)
    // Stopped on purpose after failing: it stays down whatever the interval.
    let n = try await FailedNode(interval: 5)
    defer { n.remove() }
    _ = try await ClusterBuiltins.writeDesired(n.controllerNode.context, ["dn1"], .stopped)
    await n.agent.step()
    n.zk.clock.advance(60_000)
    await n.controller.stepRestarts(n.client)
    #expect(n.generation == 2)
    #expect(n.launcher.runs(of: "dn1").count == 5)
  }
}
