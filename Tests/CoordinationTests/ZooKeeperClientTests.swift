import Coordination
import Foundation
import TestSupport
import Testing

/// The ZooKeeper wrapper against a real server.
@Suite(.serialized) struct ZooKeeperClientTests {
  @Test func createReadUpdateDeleteUnderARoot() async throws {
    let server = try ZooKeeperServer()
    defer { server.stop() }
    let zk = try await ZooKeeperClient.connect(server.address(root: "/porpoise/test1"), sessionTimeoutMillis: 2000)
    defer { zk.close() }
    try await zk.createPath("/config")
    try await zk.create("/config/nodes", data: Array("hello".utf8))
    let (data, stat) = try await zk.get("/config/nodes")
    #expect(String(decoding: data, as: UTF8.self) == "hello")
    #expect(stat.version == 0)
    try await zk.set("/config/nodes", data: Array("world".utf8), version: 0)
    // A stale version is refused: the compare-and-set the controller relies on.
    await #expect(throws: ZooKeeperError.self) { try await zk.set("/config/nodes", data: [], version: 0) }
    do {
      try await zk.set("/config/nodes", data: [], version: 0)
    } catch {
      #expect(error.symbol == "ZBADVERSION")
      #expect(error.description.contains("'/config/nodes'"))
    }
    #expect(try await zk.children("/config") == ["nodes"])
    try await zk.delete("/config/nodes")
    #expect(try await zk.exists("/config/nodes") == nil)
    // The root is ours to prefix: another client without it sees the full path.
    let plain = try await ZooKeeperClient.connect(server.address(), sessionTimeoutMillis: 2000)
    defer { plain.close() }
    #expect(try await plain.children("/porpoise/test1") == ["config"])
  }

  @Test func withADigestSecretsAreClosedAndTheRestIsReadOnlyToOthers() async throws {
    let server = try ZooKeeperServer()
    defer { server.stop() }
    let address = server.address(root: "/porpoise/acl")
    let digest = try #require(ZooKeeperDigest("porpoise:s3cret-\(UUID().uuidString)"))
    let cluster = try await ZooKeeperClient.connect(address, sessionTimeoutMillis: 2000, digest: digest)
    defer { cluster.close() }
    try await cluster.createPath("/acl")
    try await cluster.create("/acl/users", data: Array("hashes".utf8))
    try await cluster.createPath("/desired")
    try await cluster.multi([.create("/desired/dn1", data: Array("running".utf8), mode: .persistent)])
    // Another node with the same credentials reads and writes everything.
    let peer = try await ZooKeeperClient.connect(address, sessionTimeoutMillis: 2000, digest: digest)
    defer { peer.close() }
    #expect(String(decoding: try await peer.get("/acl/users").0, as: UTF8.self) == "hashes")
    try await peer.set("/desired/dn1", data: Array("stopped".utf8))
    // Anyone else: reads the cluster's state, changes nothing, and cannot read /acl.
    let wrong = try #require(ZooKeeperDigest("porpoise:wrong") as ZooKeeperDigest?)
    for credentials in [nil, wrong] {
      let stranger = try await ZooKeeperClient.connect(address, sessionTimeoutMillis: 2000, digest: credentials)
      defer { stranger.close() }
      #expect(String(decoding: try await stranger.get("/desired/dn1").0, as: UTF8.self) == "stopped")
      let refusals = [
        await refusal { () async throws(ZooKeeperError) in _ = try await stranger.get("/acl/users") },
        await refusal { () async throws(ZooKeeperError) in _ = try await stranger.children("/acl") },
        await refusal { () async throws(ZooKeeperError) in _ = try await stranger.set("/desired/dn1", data: []) },
        await refusal { () async throws(ZooKeeperError) in _ = try await stranger.create("/desired/dn2") },
        await refusal { () async throws(ZooKeeperError) in try await stranger.delete("/desired/dn1") },
      ]
      for r in refusals {
        #expect(r?.symbol == "ZNOAUTH", "a client without the cluster's digest was let through")
        #expect(r?.description.contains("give this node the cluster's zkDigest") == true)
      }
    }
  }

  /// The error `body` failed with, nil if it succeeded.
  func refusal(_ body: () async throws(ZooKeeperError) -> Void) async -> ZooKeeperError? {
    do {
      try await body()
      return nil
    } catch {
      return error
    }
  }

  @Test func protectClosesAZnodeMadeBeforeTheDigest() async throws {
    let server = try ZooKeeperServer()
    defer { server.stop() }
    let address = server.address(root: "/porpoise/old")
    let open = try await ZooKeeperClient.connect(address, sessionTimeoutMillis: 2000)
    defer { open.close() }
    try await open.createPath("/acl")
    try await open.create("/acl/users", data: Array("hashes".utf8))
    #expect(try await open.get("/acl/users").0 == Array("hashes".utf8))
    let cluster = try await ZooKeeperClient.connect(
      address, sessionTimeoutMillis: 2000, digest: ZooKeeperDigest("porpoise:new"))
    defer { cluster.close() }
    try await cluster.protect("/acl/users")
    do {
      _ = try await open.get("/acl/users")
      Issue.record("the old znode is still open")
    } catch {
      #expect(error.symbol == "ZNOAUTH")
    }
    #expect(try await cluster.get("/acl/users").0 == Array("hashes".utf8))
  }

  @Test func largeDataIsReadWhole() async throws {
    let server = try ZooKeeperServer()
    defer { server.stop() }
    let zk = try await ZooKeeperClient.connect(server.address(), sessionTimeoutMillis: 2000)
    defer { zk.close() }
    let big = (0..<100_000).map { UInt8($0 % 251) }
    try await zk.create("/big", data: big)
    let (data, _) = try await zk.get("/big")
    #expect(data == big)
  }

  @Test func ephemeralNodesGoWithTheirSession() async throws {
    let server = try ZooKeeperServer()
    defer { server.stop() }
    let watcher = try await ZooKeeperClient.connect(server.address(), sessionTimeoutMillis: 2000)
    defer { watcher.close() }
    try await watcher.createPath("/nodes")
    let owner = try await ZooKeeperClient.connect(server.address(), sessionTimeoutMillis: 2000)
    try await owner.create("/nodes/dn1", mode: .ephemeral)
    #expect(try await watcher.children("/nodes", watch: true) == ["dn1"])
    let stat = try #require(try await watcher.exists("/nodes/dn1"))
    #expect(stat.ephemeralOwner == owner.credentials.id)
    owner.close()
    let event = await nextEvent(watcher.events) { $0 == .children("/nodes") }
    #expect(event == .children("/nodes"))
    #expect(try await watcher.children("/nodes") == [])
  }

  @Test func ephemeralNodesCannotHaveChildren() async throws {
    let server = try ZooKeeperServer()
    defer { server.stop() }
    let zk = try await ZooKeeperClient.connect(server.address(), sessionTimeoutMillis: 2000)
    defer { zk.close() }
    try await zk.create("/e", mode: .ephemeral)
    do {
      try await zk.create("/e/child")
      Issue.record("creating a child of an ephemeral node succeeded")
    } catch {
      #expect(error.symbol == "ZNOCHILDRENFOREPHEMERALS")
    }
  }

  @Test func aForcedExpiryIsReportedAndEndsTheSession() async throws {
    let server = try ZooKeeperServer()
    defer { server.stop() }
    let victim = try await ZooKeeperClient.connect(server.address(), sessionTimeoutMillis: 2000)
    defer { victim.close() }
    try await victim.create("/mine", mode: .ephemeral)
    // Attach a second handle to the victim's session and close it: the server ends the session.
    let expiry = Task { await nextEvent(victim.events, within: 20) { $0 == .state(.expired) } }
    let seen = try await forceExpiry(server.address(), victim.credentials) { victim.state == .expired }
    #expect(seen?.id == victim.credentials.id)
    let event = await expiry.value
    #expect(event == .state(.expired))
    #expect(victim.state == .expired)
    let observer = try await ZooKeeperClient.connect(server.address(), sessionTimeoutMillis: 2000)
    defer { observer.close() }
    #expect(try await observer.exists("/mine") == nil)
    do {
      try await victim.create("/again", mode: .ephemeral)
      Issue.record("an expired handle still created a node")
    } catch {
      #expect(error.isSessionLost)
    }
  }

  @Test func connectingToNothingTimesOutWithAClearError() async throws {
    // A free port with no server: the connect gives up after its timeout.
    let address = try #require(ZooKeeperAddress("127.0.0.1:1"))
    do {
      _ = try await ZooKeeperClient.connect(address, sessionTimeoutMillis: 2000, connectTimeoutMillis: 500)
      Issue.record("connected to a port with no server")
    } catch {
      #expect(error.symbol == "ZOPERATIONTIMEOUT")
      #expect(error.description.contains("no ZooKeeper server at '127.0.0.1:1' answered in time"))
    }
  }

  @Test func addressesParseHostsAndRoot() {
    #expect(ZooKeeperAddress("127.0.0.1:2181/porpoise/cluster1")?.root == "/porpoise/cluster1")
    #expect(ZooKeeperAddress("a:1,b:2")?.hosts == "a:1,b:2")
    #expect(ZooKeeperAddress("a:1,b:2/")?.root == "")
    #expect(ZooKeeperAddress("nonsense") == nil)
    #expect(ZooKeeperAddress("a:99999") == nil)
  }
}
