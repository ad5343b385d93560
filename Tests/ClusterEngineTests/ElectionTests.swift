import ClusterConfig
import Coordination
import TestSupport
import Testing

@testable import ClusterEngine

/// Controller election and fencing, on an in-memory coordination service driven step by step.
@Suite struct ElectionTests {
  @Test func oneControllerLeadsAndPublishesTheOthersStandBy() async throws {
    let zk = InMemoryCoordination()
    let pair = try await ControllerPair(on: zk, datanodes: ["dn1", "dn2"])
    defer { pair.remove() }
    let (a, b, first, second) = (pair.a, pair.b, pair.first, pair.second)
    #expect(a.context.isLeader)
    #expect(!b.context.isLeader)
    #expect(a.log.contains("ctl1 is the leading controller (epoch 1)"))
    #expect(b.log.contains("standby; the leader is ctl1 (epoch 1)"))
    // The leader's first writes: the members and a running desired state for each data node.
    #expect(
      ZNodeJSON.decode([PublishedNode].self, zk.data(ClusterPaths.configNodes) ?? [])
        == members(datanodes: ["dn1", "dn2"]))
    for alias in ["dn1", "dn2"] {
      let desired = ZNodeJSON.decode(DesiredState.self, zk.data(ClusterPaths.desired(alias)) ?? [])
      #expect(desired?.state == .running)
      #expect(desired?.generation == 1)
    }
    // Both registered, and a second pass changes nothing and logs nothing new.
    #expect(zk.paths.contains(ClusterPaths.node(.controller, "ctl1")))
    #expect(zk.paths.contains(ClusterPaths.node(.controller, "ctl2")))
    let logged = b.log.all.count
    await first.step()
    await second.step()
    #expect(a.context.isLeader && !b.context.isLeader)
    #expect(b.log.all.count == logged)
  }

  @Test func anExpiredLeaderIsReplacedAndItsFenceNoLongerWrites() async throws {
    let zk = InMemoryCoordination()
    let pair = try await ControllerPair(on: zk, datanodes: ["dn1"])
    defer { pair.remove() }
    let (a, b, first, second) = (pair.a, pair.b, pair.first, pair.second)
    let oldFence = try #require(a.context.fence.withLock { $0 })
    let oldClient = try #require(a.session.client)
    let oldSession = a.sessionID
    zk.expire(oldSession)
    // The session renews itself and the controller hears it stopped leading.
    try await eventually("ctl1 has a new session") { a.sessionID != oldSession && a.sessionID != 0 }
    try await eventually("ctl1 demoted") { !a.context.isLeader }
    #expect(a.log.contains("No longer the leading controller: the ZooKeeper session expired"))
    await second.step()
    #expect(b.context.isLeader)
    #expect(b.log.contains("ctl2 is the leading controller (epoch 2)"))
    await first.step()
    #expect(!a.context.isLeader)
    #expect(a.log.contains("standby; the leader is ctl2 (epoch 2)"))
    // A write under the old epoch's fence is refused, whichever session makes it.
    let write = ZooKeeperOperation.set(ClusterPaths.desired("dn1"), data: [], version: -1)
    let newClient = try #require(a.session.client)
    for client in [newClient] {
      await #expect(throws: ZooKeeperError.self) {
        try await ControllerElection(client: client).fenced(oldFence, [write])
      }
    }
    await #expect(throws: ZooKeeperError.self) {
      try await ControllerElection(client: oldClient).fenced(oldFence, [write])
    }
    #expect(ZNodeJSON.decode(DesiredState.self, zk.data(ClusterPaths.desired("dn1")) ?? [])?.state == .running)
    // The new leader's fence does write.
    let fence = try #require(b.context.fence.withLock { $0 })
    try await ControllerElection(client: try #require(b.session.client)).fenced(fence, [write])
  }

  @Test func aLeaderWhoseRecordIsGoneStepsDown() async throws {
    let zk = InMemoryCoordination()
    let a = TestNode("ctl1", .controller, port: 8900, on: zk)
    defer { a.remove() }
    let role = try await controller(a, members: members(datanodes: []))
    await role.step()
    #expect(a.context.isLeader)
    // An operator (or a bug) deletes the record: the leader must not go on as if it led.
    let admin = try zk.connect()
    try await admin.delete(ClusterPaths.leader)
    await role.step()
    #expect(a.log.contains("No longer the leading controller: the leader record is no longer ours"))
    // It runs again at once and wins the next epoch.
    await role.step()
    #expect(a.context.isLeader)
    #expect(a.log.contains("ctl1 is leading again (epoch 2)"))
  }
}
