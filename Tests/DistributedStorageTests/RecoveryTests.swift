import Coordination
import DistributedStorage
import Foundation
import PorpoiseSupport
import Synchronization
import TestSupport
import Testing

/// Data nodes in one process: a chunk store each, reachable unless marked down.
final class LocalDataNodes: ChunkTransport, SegmentSource, ChunkScanner {
  let stores: [String: ChunkStore]
  private let down = Mutex<Set<String>>([])

  init(_ stores: [String: ChunkStore]) { self.stores = stores }

  func setDown(_ node: String, _ isDown: Bool) {
    down.withLock { d in
      if isDown { d.insert(node) } else { d.remove(node) }
    }
  }

  func store(_ node: String) throws(CatalogError) -> ChunkStore {
    guard !down.withLock({ $0.contains(node) }), let s = stores[node] else {
      throw CatalogError(.unavailable, "\(node) is down")
    }
    return s
  }

  func stage(_ segment: StagedSegment, on node: String) async throws(CatalogError) {
    try store(node).stage(segment)
  }

  func fetch(_ chunkId: String, _ segment: SegmentRecord, from node: String) async throws(CatalogError) -> [UInt8] {
    try store(node).read(chunkId, segment)
  }

  /// How many scan requests each node served.
  let served = Mutex<[String: Int]>([:])

  /// How many rows (or partial aggregate rows) the scans answered with.
  let shipped = Mutex<Int>(0)

  func scan(_ request: ChunkScanRequest, on node: String) async throws(CatalogError) -> [ChunkRows] {
    let s = try store(node)
    served.withLock { $0[node, default: 0] += 1 }
    do {
      let tables = try ChunkReader(store: s).read(request)
      shipped.withLock { $0 += tables.reduce(0) { $0 + $1.rowCount } }
      return tables.map(ChunkRows.init)
    } catch {
      throw CatalogError(.damaged, error.message)
    }
  }
}

/// A replica that missed appends catches up by copying, and a corrupt copy is replaced.
@Suite struct RecoveryTests {
  let root = FileManager.default.temporaryDirectory.appendingPathComponent("porpoise-recovery-\(UUID().uuidString)")
    .path
  let nodes = [(alias: "dn1", host: "h1"), (alias: "dn2", host: "h2")]

  struct Cluster {
    let catalog: CoordinationCatalog
    let data: LocalDataNodes
    let writer: DFSWriter

    func recovery(_ alias: String) -> ChunkRecovery {
      ChunkRecovery(alias: alias, store: data.stores[alias]!, catalog: catalog, source: data)
    }

    func chunk(_ partition: String) async throws -> ChunkRecord? {
      try await catalog.chunks("dfs://db", "pt").first { $0.record.partition == partition }?.record
    }
  }

  func cluster() async throws -> Cluster {
    let zk = InMemoryCoordination()
    let client = try zk.connect()
    let catalog = CoordinationCatalog { client }
    _ = try await catalog.createDatabase(
      DatabaseRecord(name: "dfs://db", scheme: "{}", engine: "OLAP", atomic: "TRANS", createdBy: "t", createdAt: 0))
    try await catalog.createTable("dfs://db", TableRecord(name: "pt", schema: "{}"))
    var stores: [String: ChunkStore] = [:]
    for n in nodes { stores[n.alias] = try ChunkStore(volumes: [root + "/" + n.alias]) }
    let data = LocalDataNodes(stores)
    return Cluster(
      catalog: catalog, data: data,
      writer: DFSWriter(catalog: catalog, transport: data, replicationFactor: 2, reliability: .sameHostAllowed))
  }

  /// A cluster where dn2 missed the second append to p1 and is back up.
  func clusterWithDn2Behind() async throws -> Cluster {
    let c = try await cluster()
    _ = try await c.writer.append([rows("a")], database: "dfs://db", table: "pt", dataNodes: nodes)
    c.data.setDown("dn2", true)
    _ = try await c.writer.append([rows("b")], database: "dfs://db", table: "pt", dataNodes: nodes)
    c.data.setDown("dn2", false)
    return c
  }

  func rows(_ text: String) -> PartitionAppend {
    let bytes = Array(text.utf8)
    return PartitionAppend(partition: "p1", rows: 1, payload: bytes, checksum: Checksum.hex(of: bytes))
  }

  @Test func aNodeThatMissedAppendsCopiesThemAndIsCurrentAgain() async throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let c = try await cluster()
    _ = try await c.writer.append([rows("a")], database: "dfs://db", table: "pt", dataNodes: nodes)
    c.data.setDown("dn2", true)
    for text in ["b", "c"] {
      _ = try await c.writer.append([rows(text)], database: "dfs://db", table: "pt", dataNodes: nodes)
    }
    #expect(try await c.chunk("p1")?.state == .recovering)
    c.data.setDown("dn2", false)
    let report = try await c.recovery("dn2").run()
    #expect(report.copied.count == 2)
    #expect(report.failed.isEmpty)
    let p1 = try #require(try await c.chunk("p1"))
    #expect(p1.state == .complete)
    // Every committed segment reads back on the recovered node, byte for byte.
    let texts = try p1.segments.map { String(decoding: try c.data.stores["dn2"]!.read(p1.chunkId, $0), as: UTF8.self) }
    #expect(texts == ["a", "b", "c"])
    // A second pass has nothing to do.
    #expect(try await c.recovery("dn2").run() == RecoveryReport())
  }

  @Test func aSuspendedRecoveryCopiesNothingUntilItIsResumed() async throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let c = try await clusterWithDn2Behind()
    let suspended = Atomic<Bool>(true)
    var recovery = c.recovery("dn2")
    recovery.suspended = { suspended.load(ordering: .relaxed) }
    let held = try await recovery.run()
    #expect(held.suspended && held.copied.isEmpty && held.caughtUp.isEmpty)
    #expect(try await c.chunk("p1")?.state == .recovering)
    suspended.store(false, ordering: .relaxed)
    let resumed = try await recovery.run()
    #expect(!resumed.suspended && resumed.copied.count == 1 && resumed.caughtUp.count == 1)
    #expect(try await c.chunk("p1")?.state == .complete)
  }

  @Test func aCorruptCopyIsDiscardedAndCopiedAgain() async throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let c = try await cluster()
    _ = try await c.writer.append([rows("payload")], database: "dfs://db", table: "pt", dataNodes: nodes)
    let p1 = try #require(try await c.chunk("p1"))
    let store = c.data.stores["dn1"]!
    let path = root + "/dn1/CHUNKS/\(p1.chunkId)/\(p1.segments[0].id).seg"
    try Data("pay1oad".utf8).write(to: URL(fileURLWithPath: path))
    #expect(throws: CatalogError.self) { try store.read(p1.chunkId, p1.segments[0]) }
    store.discard(p1.chunkId, p1.segments[0].id)
    let report = try await c.recovery("dn1").run()
    #expect(report.copied == ["\(p1.chunkId)/\(p1.segments[0].id)"])
    #expect(try store.read(p1.chunkId, p1.segments[0]) == Array("payload".utf8))
  }

  @Test func withNoCurrentReplicaReachableTheChunkWaitsAndSaysWhy() async throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let c = try await clusterWithDn2Behind()
    c.data.setDown("dn1", true)
    let report = try await c.recovery("dn2").run()
    #expect(report.caughtUp.isEmpty)
    #expect(report.failed["p1"]?.contains("no current replica could give segment") == true)
    #expect(try await c.chunk("p1")?.state == .recovering)
  }
}
