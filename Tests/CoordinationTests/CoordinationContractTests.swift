import Coordination
import Foundation
import TestSupport
import Testing

/// The same checks against a real ZooKeeper and the in-memory service the cluster-logic tests
/// use: what those tests rely on (versions, ephemeral and sequential znodes, transactions,
/// one-shot watches) behaves alike in both, so a fast test means what a real one would.
@Suite(.serialized) struct CoordinationContractTests {
  enum Backend: String, CaseIterable, CustomTestStringConvertible {
    case memory, zookeeper
    var testDescription: String { rawValue }
  }

  /// Opens sessions on the backend; `stop` ends it.
  struct Service {
    let open: () async throws -> any CoordinationClient
    let stop: () -> Void
  }

  static func service(_ backend: Backend) throws -> Service {
    switch backend {
    case .memory:
      let memory = InMemoryCoordination()
      return Service(open: { try memory.connect() }, stop: {})
    case .zookeeper:
      let server = try ZooKeeperServer()
      let address = server.address(root: "/contract")
      return Service(
        open: { try await ZooKeeperClient.connect(address, sessionTimeoutMillis: 4000) }, stop: { server.stop() })
    }
  }

  func code(_ body: () async throws(ZooKeeperError) -> Void) async -> String? {
    do {
      try await body()
      return nil
    } catch {
      return error.symbol
    }
  }

  @Test(arguments: Backend.allCases) func versionsAndTheShapeOfTheTree(_ backend: Backend) async throws {
    let service = try Self.service(backend)
    defer { service.stop() }
    let zk = try await service.open()
    defer { zk.close() }
    try await zk.createPath("/a/b")
    #expect(await code { () async throws(ZooKeeperError) in try await zk.create("/a/b") } == "ZNODEEXISTS")
    #expect(await code { () async throws(ZooKeeperError) in try await zk.create("/x/y") } == "ZNONODE")
    let stat = try await zk.set("/a/b", data: Array("one".utf8), version: 0)
    #expect(stat.version == 1)
    #expect(stat.dataLength == 3)
    #expect(
      await code { () async throws(ZooKeeperError) in try await zk.set("/a/b", data: [], version: 0) } == "ZBADVERSION")
    #expect(await code { () async throws(ZooKeeperError) in try await zk.delete("/a") } == "ZNOTEMPTY")
    #expect(await code { () async throws(ZooKeeperError) in try await zk.delete("/a/b", version: 0) } == "ZBADVERSION")
    #expect(try await zk.exists("/a")?.childCount == 1)
    try await zk.delete("/a/b", version: 1)
    #expect(try await zk.exists("/a/b") == nil)
    #expect(await code { () async throws(ZooKeeperError) in _ = try await zk.get("/a/b") } == "ZNONODE")
    // Sequential names count up per parent, ten digits.
    try await zk.createPath("/q")
    let first = try await zk.create("/q/job-", data: [], mode: .persistentSequential)
    let second = try await zk.create("/q/job-", data: [], mode: .persistentSequential)
    #expect(first == "/q/job-0000000000")
    #expect(second == "/q/job-0000000001")
    #expect(try await zk.children("/q") == ["job-0000000000", "job-0000000001"])
  }

  @Test(arguments: Backend.allCases) func ephemeralNodesBelongToTheirSession(_ backend: Backend) async throws {
    let service = try Self.service(backend)
    defer { service.stop() }
    let watcher = try await service.open()
    defer { watcher.close() }
    let owner = try await service.open()
    try await watcher.createPath("/nodes")
    try await owner.create("/nodes/dn1", mode: .ephemeral)
    #expect(try await watcher.exists("/nodes/dn1")?.ephemeralOwner == owner.credentials.id)
    #expect(try await watcher.exists("/nodes")?.ephemeralOwner == 0)
    #expect(
      await code { () async throws(ZooKeeperError) in try await owner.create("/nodes/dn1/x") }
        == "ZNOCHILDRENFOREPHEMERALS")
    #expect(try await watcher.children("/nodes", watch: true) == ["dn1"])
    owner.close()
    #expect(await nextEvent(watcher.events) { $0 == .children("/nodes") } == .children("/nodes"))
    #expect(try await watcher.children("/nodes") == [])
    #expect(owner.state == .closed)
    #expect(await code { () async throws(ZooKeeperError) in _ = try await owner.exists("/nodes") } == "ZCLOSING")
  }

  @Test(arguments: Backend.allCases) func aTransactionIsAllOrNothing(_ backend: Backend) async throws {
    let service = try Self.service(backend)
    defer { service.stop() }
    let zk = try await service.open()
    defer { zk.close() }
    try await zk.createPath("/controller")
    try await zk.create("/controller/epoch", data: Array("1".utf8))
    // A stale check: nothing of the transaction is applied, and the error names the check.
    do {
      try await zk.multi([
        .check("/controller/epoch", version: 5),
        .create("/controller/leader", data: [], mode: .ephemeral),
      ])
      Issue.record("a stale check passed")
    } catch {
      #expect(error.symbol == "ZBADVERSION")
      #expect(error.path == "/controller/epoch")
    }
    #expect(try await zk.exists("/controller/leader") == nil)
    // A failing later operation undoes the earlier ones.
    #expect(
      await code { () async throws(ZooKeeperError) in
        try await zk.multi([
          .set("/controller/epoch", data: Array("2".utf8), version: 0),
          .create("/controller/epoch", data: [], mode: .persistent),
        ])
      } == "ZNODEEXISTS")
    #expect(try await zk.get("/controller/epoch").1.version == 0)
    try await zk.multi([
      .check("/controller/epoch", version: 0),
      .create("/controller/leader", data: Array("me".utf8), mode: .ephemeral),
      .set("/controller/epoch", data: Array("2".utf8), version: 0),
    ])
    #expect(String(decoding: try await zk.get("/controller/epoch").0, as: UTF8.self) == "2")
    #expect(try await zk.exists("/controller/leader")?.ephemeralOwner == zk.credentials.id)
  }

  @Test(arguments: Backend.allCases) func watchesFireOnceEach(_ backend: Backend) async throws {
    let service = try Self.service(backend)
    defer { service.stop() }
    let watcher = try await service.open()
    defer { watcher.close() }
    let writer = try await service.open()
    defer { writer.close() }
    try await writer.createPath("/w")
    // A watch on a missing znode hears it created.
    #expect(try await watcher.exists("/w/doc", watch: true) == nil)
    try await writer.create("/w/doc", data: Array("1".utf8))
    #expect(await nextEvent(watcher.events) { $0 != .state(.connected) } == .created("/w/doc"))
    // A data watch hears one change, then nothing until set again.
    _ = try await watcher.get("/w/doc", watch: true)
    try await writer.set("/w/doc", data: Array("2".utf8))
    try await writer.set("/w/doc", data: Array("3".utf8))
    _ = try await watcher.children("/w", watch: true)
    try await writer.delete("/w/doc")
    // In order: the first change, then (the data watch spent) only the children change.
    var seen: [ZooKeeperEvent] = []
    for _ in 0..<2 {
      if let e = await nextEvent(watcher.events, { $0 != .state(.connected) }) { seen.append(e) }
    }
    #expect(seen == [.changed("/w/doc"), .children("/w")])
  }
}
