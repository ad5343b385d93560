import ClusterConfig
import Coordination
import Foundation
import TestSupport
import Testing

/// Sessions that expire, and leaders that are fenced, against a real ZooKeeper.
@Suite struct CoordinationSessionTests {
  func registration(_ alias: String) -> Registration {
    Registration(
      alias: alias, mode: .datanode, host: "127.0.0.1", port: 1, pid: getpid(), startedAt: 0,
      incarnation: UUID().uuidString,
      version: "test")
  }

  @Test func anExpiredSessionIsRenewedAndTheNodeRegistersAgain() async throws {
    let zk = try ZooKeeperServer()
    defer { zk.stop() }
    let session = CoordinationSession(address: zk.address(root: "/c1"), sessionTimeoutMillis: 2000)
    let renewed = LockedCount()
    let r = registration("dn1")
    session.onRenewed { client in
      _ = try? await NodeRegistry(client: client).register(r)
      renewed.add()
    }
    let first = try await session.start()
    let registered = try await NodeRegistry(client: first).register(r)
    // Expire it on purpose: attach a second handle with its credentials, then close that.
    try await forceExpiry(zk.address(root: "/c1"), first.credentials) { renewed.value == 1 }
    #expect(await eventually(10) { renewed.value == 1 })
    let second = try #require(session.client)
    #expect(second.credentials.id != first.credentials.id)
    let now = try await NodeRegistry(client: second).read(NodeRegistry.path(.datanode, "dn1"))
    #expect(now?.session == second.credentials.hex)
    #expect(now?.incarnation == registered.incarnation)
    session.close()
  }

  @Test func aFormerLeaderCannotWriteOnceAnotherWonALaterEpoch() async throws {
    let zk = try ZooKeeperServer()
    defer { zk.stop() }
    let a = try await ZooKeeperClient.connect(zk.address(root: "/c2"), sessionTimeoutMillis: 2000)
    let b = try await ZooKeeperClient.connect(zk.address(root: "/c2"), sessionTimeoutMillis: 2000)
    defer { b.close() }
    let fenceA = try #require(try await ControllerElection(client: a).campaign(alias: "ca", host: "127.0.0.1", port: 1))
    #expect(try await ControllerElection(client: b).campaign(alias: "cb", host: "127.0.0.1", port: 2) == nil)
    try await a.createPath("/desired")
    try await ControllerElection(client: a).fenced(
      fenceA, [.create("/desired/dn1", data: Array("1".utf8), mode: .persistent)])
    // A pauses past its session; B takes the next epoch.
    a.close()
    #expect(
      await eventually(10) {
        (try? await ControllerElection(client: b).campaign(alias: "cb", host: "127.0.0.1", port: 2)) != nil
      })
    let leader = try await ControllerElection(client: b).leader()
    #expect(leader?.alias == "cb" && leader?.epoch == fenceA.epoch + 1)
    // A comes back with a new session and its old fence: the write is refused, nothing applied.
    let a2 = try await ZooKeeperClient.connect(zk.address(root: "/c2"), sessionTimeoutMillis: 2000)
    defer { a2.close() }
    await #expect(throws: ZooKeeperError.self) {
      try await ControllerElection(client: a2).fenced(
        fenceA, [.set("/desired/dn1", data: Array("stale".utf8), version: -1)])
    }
    do {
      try await ControllerElection(client: a2).fenced(
        fenceA, [.set("/desired/dn1", data: Array("stale".utf8), version: -1)])
    } catch {
      #expect(error.symbol == "ZBADVERSION" && error.path == "/controller/epoch")
    }
    let (data, _) = try await b.get("/desired/dn1")
    #expect(String(decoding: data, as: UTF8.self) == "1")
  }
}

/// A counter shared with a callback.
final class LockedCount: @unchecked Sendable {
  private let lock = NSLock()
  private var count = 0
  func add() { lock.withLock { count += 1 } }
  var value: Int { lock.withLock { count } }
}
