import Coordination
import DistributedStorage
import Foundation
import PorpoiseSupport
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

  /// A new process reads the file catalog from the binary form kept beside each file, and
  /// only for the exact JSON it was made from: a damaged or stale binary form is passed over.
  @Test func aNewProcessReadsTheBinaryFormOnlyForTheBytesItWasMadeFrom() async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("porpoise-catalog-\(UUID())").path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let writer = FileCatalog(folder: folder, sync: false)
    var db = Self.testDB
    db.retention = RetentionPolicy(hours: 48, dimension: 0)
    _ = try await writer.createDatabase(db)
    try await writer.createTable(db.name, TableRecord(name: "kline", schema: #"{"a":1}"#, addedColumns: ["x"]))
    var first = chunk("20170807/key0", replicas: ["dn1", "dn2"], segments: 3)
    first.keys = #"[{"i":20170807},{"s":"key0"}]"#
    first.replicas[1].version = 0
    first.lastUpdated = 1_733_000_000_123
    try await writer.commit([.create(first), .create(chunk("20170807/key1", replicas: ["dn2"]))])
    let expected = try await writer.chunks(db.name, "kline")
    let file = try #require(FileAccess.list(folder)?.first { $0.hasSuffix(".json") })
    let binary = folder + "/" + file + ".bin"
    #expect(FileAccess.isFile(binary))
    // Every field comes back: the records as JSON would give them.
    func fresh() async throws -> (chunks: [VersionedChunk], database: DatabaseRecord?, tables: [TableRecord]) {
      let reader = FileCatalog(folder: folder, sync: false)
      return (
        try await reader.chunks(db.name, "kline"), try await reader.database(db.name), try await reader.tables(db.name)
      )
    }
    var read = try await fresh()
    #expect(
      read.chunks.map(\.record) == expected.map(\.record)
        && read.chunks.map(\.storeVersion) == expected.map(\.storeVersion))
    #expect(
      read.database == db && read.tables == [TableRecord(name: "kline", schema: #"{"a":1}"#, addedColumns: ["x"])])
    // A damaged binary form is passed over.
    var bytes = try #require(FileAccess.readBytes(binary))
    let good = bytes
    bytes[bytes.count / 2] ^= 0xFF
    try Data(bytes.prefix(bytes.count - 7)).write(to: URL(fileURLWithPath: binary))
    read = try await fresh()
    #expect(read.chunks.map(\.record) == expected.map(\.record))
    // So is a stale one: made from the JSON before the last commit.
    var moved = expected[0].record
    moved.version = 2
    moved.segments.append(SegmentRecord(id: "later", rows: 1, bytes: 2, checksum: "l"))
    try await writer.commit([.update(moved, expected: expected[0].storeVersion)])
    try Data(good).write(to: URL(fileURLWithPath: binary))
    read = try await fresh()
    #expect(read.chunks[0].record.segments.map(\.id).last == "later")
    // The binary form writes each record field by field: a field added to these records must
    // be added to FileCatalog.BinaryCache too (this count says so).
    #expect(Mirror(reflecting: first).children.count == 9)
    #expect(Mirror(reflecting: first.segments[0]).children.count == 4)
    #expect(Mirror(reflecting: first.replicas[0]).children.count == 2)
    // A dropped database takes its binary form along.
    try await writer.dropDatabase(db.name)
    #expect(!FileAccess.isFile(binary))
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

  /// `renameTable`: every node sees the chunks under the new name with the ids (so the files)
  /// they had; a name taken already, or a missing table, changes nothing.
  @Test(arguments: Backend.allCases) func aRenamedTableKeepsItsChunks(_ backend: Backend) async throws {
    let c = try await Self.cluster(backend)
    defer { c.stop() }
    _ = try await c.first.createDatabase(Self.testDB)
    try await c.first.createTable("dfs://testDB", TableRecord(name: "kline", schema: "{\"x\":1}"))
    try await c.first.createTable("dfs://testDB", TableRecord(name: "taken", schema: "{}"))
    let made = [chunk("a", replicas: ["dn1"]), chunk("b", replicas: ["dn1", "dn2"], segments: 2)]
    try await c.first.commit(made.map { .create($0) })
    try await c.first.renameTable("dfs://testDB", from: "kline", to: "bars")
    #expect(try await c.second.tables("dfs://testDB").map(\.name).sorted() == ["bars", "taken"])
    #expect(try await c.second.tables("dfs://testDB").first { $0.name == "bars" }?.schema == "{\"x\":1}")
    let moved = try await c.second.chunks("dfs://testDB", "bars").map(\.record)
    #expect(moved.map(\.chunkId) == made.map(\.chunkId))
    #expect(moved.map(\.segments) == made.map(\.segments))
    #expect(moved.allSatisfy { $0.table == "bars" })
    #expect(try await c.second.chunks("dfs://testDB", "kline").isEmpty)
    await #expect(throws: CatalogError.self) {
      try await c.second.renameTable("dfs://testDB", from: "bars", to: "taken")
    }
    await #expect(throws: CatalogError.self) {
      try await c.second.renameTable("dfs://testDB", from: "kline", to: "other")
    }
    #expect(try await c.first.chunks("dfs://testDB", "bars").count == 2)
    #expect(try await c.first.tables("dfs://testDB").map(\.name).sorted() == ["bars", "taken"])
  }

  @Test func namesRoundTripThroughZnodeNames() {
    for name in ["dfs://testDB", "20170807/key3", "a%b:c", "日本", ".", ".."] {
      let encoded = CatalogPaths.encode(name)
      #expect(!encoded.contains("/"))
      #expect(CatalogPaths.decode(encoded) == name)
    }
  }
}
