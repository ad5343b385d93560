import Coordination
import DistributedStorage
import Foundation
import TestSupport
import Testing

/// The distributed catalog's protocol, against the in-memory coordination service, a real
/// ZooKeeper and the embedded node's catalog in files (two catalogs on one folder stand for two
/// processes on one home): one namespace, atomic multi-chunk commits, conflicts named, drops
/// complete.
@Suite(.serialized) struct CatalogTests {
  enum Backend: String, CaseIterable, CustomTestStringConvertible {
    case memory, zookeeper, files
    var testDescription: String { rawValue }
  }

  /// Two catalogs (two nodes' views) on one backend, and how to stop it.
  struct Cluster {
    let first: any DFSCatalog
    let second: any DFSCatalog
    let stop: () -> Void
  }

  static func cluster(_ backend: Backend) async throws -> Cluster {
    switch backend {
    case .memory:
      let memory = InMemoryCoordination()
      let a = try memory.connect()
      let b = try memory.connect()
      return Cluster(first: CoordinationCatalog { a }, second: CoordinationCatalog { b }, stop: {})
    case .files:
      let folder = FileManager.default.temporaryDirectory.appendingPathComponent("porpoise-catalog-\(UUID())").path
      return Cluster(
        first: FileCatalog(folder: folder, sync: false), second: FileCatalog(folder: folder, sync: false),
        stop: { try? FileManager.default.removeItem(atPath: folder) })
    case .zookeeper:
      let server = try ZooKeeperServer()
      let address = server.address(root: "/catalog")
      let a = try await ZooKeeperClient.connect(address, sessionTimeoutMillis: 4000)
      let b = try await ZooKeeperClient.connect(address, sessionTimeoutMillis: 4000)
      return Cluster(
        first: CoordinationCatalog { a }, second: CoordinationCatalog { b },
        stop: {
          a.close()
          b.close()
          server.stop()
        })
    }
  }

  static let testDB = DatabaseRecord(
    name: "dfs://testDB", scheme: #"{"kind":"VALUE"}"#, engine: "OLAP", atomic: "TRANS", createdBy: "P1-datanode",
    createdAt: 1)

  func chunk(_ partition: String, replicas: [String], segments: Int = 1) -> ChunkRecord {
    ChunkRecord(
      chunkId: UUID().uuidString, database: "dfs://testDB", table: "kline", partition: partition, version: 1,
      segments: (0..<segments).map { SegmentRecord(id: "s\($0)", rows: 10, bytes: 100, checksum: "c\($0)") },
      replicas: replicas.map { ReplicaRecord(alias: $0, version: 1) }, lastUpdated: 1)
  }

  /// The file catalog keeps decoded documents; one changed by another process (here a catalog
  /// of its own on the same folder) is read again, even when it is the same size.
  @Test func aCatalogFileChangedByAnotherProcessIsReadAgain() async throws {
    let c = try await Self.cluster(.files)
    defer { c.stop() }
    let db = Self.testDB.name
    _ = try await c.first.createDatabase(Self.testDB)
    try await c.first.createTable(db, TableRecord(name: "a", schema: "{}"))
    #expect(try await c.first.tables(db).map(\.name) == ["a"])
    try await c.second.dropTable(db, "a")
    try await c.second.createTable(db, TableRecord(name: "b", schema: "{}"))
    #expect(try await c.first.tables(db).map(\.name) == ["b"])
    try await c.second.dropTable(db, "b")
    #expect(try await c.first.tables(db).isEmpty)
  }

  @Test(arguments: Backend.allCases) func oneNamespaceForEveryNode(_ backend: Backend) async throws {
    let c = try await Self.cluster(backend)
    defer { c.stop() }
    #expect(try await c.second.database("dfs://testDB") == nil)
    #expect(try await c.first.createDatabase(Self.testDB) == Self.testDB)
    // The other node sees it, and creating it again there opens the same record.
    #expect(try await c.second.databases() == ["dfs://testDB"])
    var other = Self.testDB
    other.createdBy = "P2-datanode"
    #expect(try await c.second.createDatabase(other).createdBy == "P1-datanode")
    try await c.second.createTable("dfs://testDB", TableRecord(name: "kline", schema: "{}"))
    #expect(try await c.first.tables("dfs://testDB").map(\.name) == ["kline"])
    await #expect(throws: CatalogError.self) {
      try await c.first.createTable("dfs://testDB", TableRecord(name: "kline", schema: "{}"))
    }
    await #expect(throws: CatalogError.self) {
      try await c.first.createTable("dfs://nope", TableRecord(name: "kline", schema: "{}"))
    }
  }

  @Test(arguments: Backend.allCases) func aRecordIsReplacedOnlyOverTheOneRead(_ backend: Backend) async throws {
    let c = try await Self.cluster(backend)
    defer { c.stop() }
    _ = try await c.first.createDatabase(Self.testDB)
    let table = TableRecord(name: "kline", schema: "{}")
    try await c.first.createTable("dfs://testDB", table)
    // addColumn: the other node sees the new schema and which columns were added.
    let altered = TableRecord(name: "kline", schema: #"{"names":["x"]}"#, addedColumns: ["x"])
    try await c.second.replaceTable("dfs://testDB", table, with: altered)
    #expect(try await c.first.tables("dfs://testDB") == [altered])
    // A change made over a record someone else replaced meanwhile is refused, not lost.
    await #expect(throws: CatalogError.self) {
      try await c.first.replaceTable("dfs://testDB", table, with: TableRecord(name: "kline", schema: "{}"))
    }
    #expect(try await c.second.tables("dfs://testDB") == [altered])
    await #expect(throws: CatalogError.self) {
      try await c.first.replaceTable("dfs://testDB", table, with: TableRecord(name: "gone", schema: "{}"))
    }
    // setRetentionPolicy: the same rule for the database's record.
    var kept = Self.testDB
    kept.retention = RetentionPolicy(hours: 48, dimension: 0)
    try await c.first.replaceDatabase(Self.testDB, with: kept)
    #expect(try await c.second.database("dfs://testDB")?.retention == RetentionPolicy(hours: 48, dimension: 0))
    await #expect(throws: CatalogError.self) { try await c.second.replaceDatabase(Self.testDB, with: Self.testDB) }
  }

  @Test(arguments: Backend.allCases) func aCommitIsAllOrNothingAndConflictsAreNamed(_ backend: Backend) async throws {
    let c = try await Self.cluster(backend)
    defer { c.stop() }
    _ = try await c.first.createDatabase(Self.testDB)
    try await c.first.createTable("dfs://testDB", TableRecord(name: "kline", schema: "{}"))
    // A COMPO partition's path has a slash; it is one chunk all the same.
    try await c.first.commit([
      .create(chunk("20170807/key0", replicas: ["dn1", "dn2"])),
      .create(chunk("20170807/key1", replicas: ["dn2", "dn3"])),
    ])
    let read = try await c.second.chunks("dfs://testDB", "kline")
    #expect(read.map(\.record.partition) == ["20170807/key0", "20170807/key1"])
    #expect(read.allSatisfy { $0.record.state == .complete })
    // Two writers read the same versions; the first to commit wins, the second is told which
    // partition moved, and none of the second's changes land (key1 untouched too).
    var mine = read.map(\.record)
    var theirs = read.map(\.record)
    for i in mine.indices {
      mine[i].version = 2
      mine[i].segments.append(SegmentRecord(id: "mine", rows: 5, bytes: 50, checksum: "m"))
      mine[i].replicas = mine[i].replicas.map { ReplicaRecord(alias: $0.alias, version: 2) }
    }
    theirs[0].version = 2
    theirs[0].segments.append(SegmentRecord(id: "theirs", rows: 7, bytes: 70, checksum: "t"))
    try await c.first.commit([.update(theirs[0], expected: read[0].storeVersion)])
    do {
      try await c.second.commit([
        .update(mine[1], expected: read[1].storeVersion), .update(mine[0], expected: read[0].storeVersion),
      ])
      Issue.record("a stale commit landed")
    } catch {
      #expect(error.kind == .conflict)
      #expect(error.message.contains("partition '20170807/key0' of 'dfs://testDB/kline'"))
    }
    let after = try await c.first.chunks("dfs://testDB", "kline").map(\.record)
    #expect(after[0].segments.map(\.id) == ["s0", "theirs"])
    #expect(after[1].segments.map(\.id) == ["s0"])
    // A chunk placed by two writers at once: the second create is a conflict.
    await #expect(throws: CatalogError.self) {
      try await c.second.commit([.create(chunk("20170807/key0", replicas: ["dn3"]))])
    }
  }

  @Test(arguments: Backend.allCases) func aLaggingReplicaMakesTheChunkRecovering(_ backend: Backend) async throws {
    let c = try await Self.cluster(backend)
    defer { c.stop() }
    _ = try await c.first.createDatabase(Self.testDB)
    try await c.first.createTable("dfs://testDB", TableRecord(name: "kline", schema: "{}"))
    var r = chunk("2017.08.07", replicas: ["dn1", "dn2"])
    try await c.first.commit([.create(r)])
    let stored = try await c.first.chunks("dfs://testDB", "kline")[0]
    // dn2 was down: the commit lands on dn1 only, and dn2 is recorded one version behind.
    r.version = 2
    r.replicas = [ReplicaRecord(alias: "dn1", version: 2), ReplicaRecord(alias: "dn2", version: 1)]
    try await c.first.commit([.update(r, expected: stored.storeVersion)])
    let now = try await c.second.chunks("dfs://testDB", "kline")[0].record
    #expect(now.state == .recovering)
    #expect(now.currentReplicas == ["dn1"])
  }

  @Test(arguments: Backend.allCases) func aDropIsSeenEverywhere(_ backend: Backend) async throws {
    let c = try await Self.cluster(backend)
    defer { c.stop() }
    _ = try await c.first.createDatabase(Self.testDB)
    try await c.first.createTable("dfs://testDB", TableRecord(name: "kline", schema: "{}"))
    try await c.first.commit([.create(chunk("a", replicas: ["dn1"])), .create(chunk("b", replicas: ["dn1"]))])
    try await c.second.dropTable("dfs://testDB", "kline")
    #expect(try await c.first.tables("dfs://testDB").isEmpty)
    #expect(try await c.first.chunks("dfs://testDB", "kline").isEmpty)
    // A writer that read the table before the drop: told the table is gone, not to retry.
    do {
      try await c.first.commit([.create(chunk("c", replicas: ["dn1"]))])
      Issue.record("a commit to a dropped table succeeded")
    } catch {
      #expect(error.kind == .notFound)
      #expect(error.message == "table 'kline' does not exist in 'dfs://testDB'")
    }
    try await c.second.dropDatabase("dfs://testDB")
    #expect(try await c.first.database("dfs://testDB") == nil)
    #expect(try await c.first.databases().isEmpty)
    do {
      try await c.first.dropDatabase("dfs://testDB")
      Issue.record("dropping a dropped database succeeded")
    } catch {
      #expect(error.message == "database 'dfs://testDB' does not exist")
    }
  }

  @Test func namesRoundTripThroughZnodeNames() {
    for name in ["dfs://testDB", "20170807/key3", "a%b:c", "日本", ".", ".."] {
      let encoded = CatalogPaths.encode(name)
      #expect(!encoded.contains("/"))
      #expect(CatalogPaths.decode(encoded) == name)
    }
  }
}
