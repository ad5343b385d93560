import ClusterConfig
import Coordination
import TestSupport
import Testing

@testable import ClusterEngine

/// The controller across a registry outage: ZooKeeper restarts keep sessions, so a leader
/// that stepped down finds its own record still there when the service comes back.
@Suite struct OutageTests {
  @Test func aLeaderCutOffStepsDownAndLeadsAgainWhenTheServiceReturns() async throws {
    let zk = InMemoryCoordination()
    let a = TestNode("ctl1", .controller, port: 8900, on: zk, sessionTimeoutMillis: 3000)
    defer { a.remove() }
    let role = try await controller(a, members: members(datanodes: ["dn1"]))
    await role.step()
    #expect(a.context.isLeader)
    zk.stop()
    try await eventually("the session notices the outage") { a.session.disconnectedMillis != nil }
    // Within 2/3 of the session timeout the leader keeps its lead ...
    zk.clock.advance(1000)
    await role.step()
    #expect(a.context.isLeader)
    // ... and past it assumes it was replaced.
    zk.clock.advance(1500)
    await role.step()
    #expect(!a.context.isLeader)
    #expect(a.log.contains("No longer the leading controller: cut off from ZooKeeper for 2500 ms"))
    zk.start()
    try await eventually("the session reconnects") { a.session.disconnectedMillis == nil }
    // The session survived, and with it the record naming this controller: it gives the
    // record up and wins a new epoch rather than waiting for a leader that is not there.
    #expect(zk.data(ClusterPaths.leader) != nil)
    await role.step()
    #expect(a.log.contains("Gave up the leader record of a term this controller had ended"))
    #expect(a.context.isLeader)
    #expect(a.log.contains("ctl1 is leading again (epoch 2)"))
    #expect(ZNodeJSON.decode(LeaderRecord.self, zk.data(ClusterPaths.leader) ?? [])?.epoch == 2)
  }

  @Test func twoControllersAgreeOnOneLeaderAfterAnOutage() async throws {
    let zk = InMemoryCoordination()
    let pair = try await ControllerPair(on: zk, datanodes: ["dn1"])
    defer { pair.remove() }
    let (a, b, first, second) = (pair.a, pair.b, pair.first, pair.second)
    zk.stop()
    try await eventually("both notice the outage") {
      a.session.disconnectedMillis != nil && b.session.disconnectedMillis != nil
    }
    zk.clock.advance(10_000)
    await first.step()
    await second.step()
    #expect(!a.context.isLeader && !b.context.isLeader)
    zk.start()
    try await eventually("both reconnect") {
      a.session.disconnectedMillis == nil && b.session.disconnectedMillis == nil
    }
    // The standby may step first: it must not win while the old record stands, nor wait forever.
    for _ in 0..<3 {
      await second.step()
      await first.step()
    }
    #expect(a.context.isLeader != b.context.isLeader)
    let leader = try #require(ZNodeJSON.decode(LeaderRecord.self, zk.data(ClusterPaths.leader) ?? []))
    #expect(leader.epoch == 2)
    #expect(leader.alias == (a.context.isLeader ? "ctl1" : "ctl2"))
    let standby = a.context.isLeader ? b : a
    #expect(standby.log.contains("standby; the leader is \(leader.alias) (epoch 2)"))
  }

  @Test func aPartitionedLeaderIsReplacedOnlyAfterItsSessionExpires() async throws {
    let zk = InMemoryCoordination()
    let pair = try await ControllerPair(on: zk, datanodes: [])
    defer { pair.remove() }
    let (a, b, _, second) = (pair.a, pair.b, pair.first, pair.second)
    zk.partition(a.sessionID)
    // While the server keeps the leader's session, its record stands and nobody else wins.
    await second.step()
    #expect(!b.context.isLeader)
    zk.expire(a.sessionID)
    await second.step()
    #expect(b.context.isLeader)
    #expect(b.log.contains("ctl2 is the leading controller (epoch 2)"))
  }
}
