import Coordination
import Foundation
import PorpoiseSupport
import ScriptSession
import TestSupport
import Testing

@testable import DistributedStorage
@testable import ScriptRuntime
@testable import TableStorage

/// A distributed table answers as the embedded engine does on the same rows: the same
/// partitions, the same rows in the same order, the same query results; each chunk is read
/// once, from one current replica, and only the chunks a query needs are read.
@Suite struct DFSTableTests {
  let root = FileManager.default.temporaryDirectory.appendingPathComponent("porpoise-dfstable-\(UUID().uuidString)")
    .path

  func day(_ d: Int) -> Int64 { Int64(CivilCalendar.days(year: 2017, month: 8, day: d)) }

  /// VALUE on DATE over three days, with a DATETIME partition column, as the seed's kline table.
  func local() throws -> (StorageEngine, TableHandle) {
    let engine = StorageEngine(home: root + "/embedded")
    let scheme = Vector(type: .date, ints: [day(7), day(8), day(9)])
    let spec = DatabaseSpec(
      partition: PartitionSpec(kind: .value, scheme: StoredVector(scheme)), engine: "OLAP", atomic: "TRANS")
    let db = try engine.database("dfs://seed", spec: spec)
    let template = try Table(
      names: ["time", "sym", "v"], columns: [Vector.empty(.datetime), Vector.empty(.symbol), Vector.empty(.double)])
    return (engine, try engine.createTable(db, "kline", template, partitionColumns: ["time"]))
  }

  func batch(_ offset: Int, rows: Int) -> [Vector] {
    let times = (0..<rows).map { i in (day(7 + (i + offset) % 4)) * 86400 + Int64(i) }
    return [
      Vector(type: .datetime, ints: times), Vector(strings: (0..<rows).map { "S\(($0 + offset) % 5)" }, type: .symbol),
      Vector(doubles: (0..<rows).map { Double($0 + offset) / 4 }),
    ]
  }

  /// A catalog and three data nodes in this process, holding `handle`'s database and table.
  func distributed(_ handle: TableHandle) throws -> (DFSTable, LocalDataNodes) {
    let layout = PartitionLayout(spec: handle.database.spec, schema: handle.schema)
    let (scheme, schema, root) = (layout.schemeJSON, layout.schemaJSON, root)
    let nodes = (1...3).map { (alias: "dn\($0)", host: "h\($0)") }
    let (catalog, data) = try blockingAwait { () async throws -> (CoordinationCatalog, LocalDataNodes) in
      let zk = InMemoryCoordination()
      let client = try zk.connect()
      let catalog = CoordinationCatalog { client }
      var stores: [String: ChunkStore] = [:]
      for n in nodes { stores[n.alias] = try ChunkStore(volumes: [root + "/" + n.alias]) }
      _ = try await catalog.createDatabase(
        DatabaseRecord(
          name: "dfs://seed", scheme: scheme, engine: "OLAP", atomic: "TRANS", createdBy: "dn1", createdAt: 0))
      try await catalog.createTable("dfs://seed", TableRecord(name: "kline", schema: schema))
      return (catalog, LocalDataNodes(stores))
    }
    let cluster = DFSCluster(
      catalog: catalog, placement: { (2, .distinctHostsRequired) }, nodes: { _ in data },
      dataNodes: { nodes }, localAlias: "dn2")
    return (DFSTable(cluster: cluster, database: "dfs://seed", name: "kline", layout: layout), data)
  }

  /// Runs `body` on a plain thread and waits without holding a task thread: the table's calls
  /// block their thread on async work, as a session's script thread does, and that work needs
  /// the task threads free.
  func onScriptThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
      Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
    }
  }

  /// What a query prints against a table bound to `pt`.
  func query(_ table: Value, _ script: String) -> String {
    let out = StringSink()
    let session = Session(output: out, errors: out)
    session.machine.setVariable("pt", table)
    _ = session.run(text: script, name: "query")
    return out.text
  }

  @Test func rowsAndQueriesMatchTheEmbeddedEngine() async throws {
    try await onScriptThread { try self.rowsAndQueries() }
  }

  func rowsAndQueries() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let (engine, embedded) = try local()
    let (dfs, data) = try distributed(embedded)
    for (offset, rows) in [(0, 50), (3, 41), (7, 9)] {
      let b = batch(offset, rows: rows)
      _ = try engine.append(embedded, columns: b, from: "test")
      try dfs.append(columns: b, from: "test")
    }
    // A fourth day outside the scheme made a partition in both (newValuePartitionPolicy=add).
    let formatter = ValueFormatter()
    let everything = try dfs.scan(columns: nil, predicates: [])
    #expect(everything.rowCount == 100)
    #expect(
      formatter.format(.object(everything))
        == formatter.format(.object(try engine.scan(embedded, columns: nil, predicates: []))))
    #expect(dfs.rowCount == 100)
    // Each chunk was read from one replica, and this node's first.
    #expect(data.served.withLock { $0 }.values.reduce(0, +) <= 3)
    for script in [
      "select count(*), sum(v), first(v), last(v) from pt group by date(time) as d",
      "select * from pt where time >= 2017.08.08T00:00:00 and time < 2017.08.09T00:00:00 order by v desc limit 5",
      "exec avg(v) from pt where sym = `S3",
      "select top 3 sym, v from pt where date(time) = 2017.08.10",
      "exec count(*) from pt",
      "select count(*) from pt where sym = `S3",
    ] {
      let expected = query(.object(embedded), script)
      #expect(!expected.contains("error"), "\(expected)")
      #expect(query(.object(dfs), script) == expected, "\(script)")
    }
  }

  @Test func aDataNodeReadsOnlyChunksTheCatalogHoldsAsAsked() async throws {
    try await onScriptThread { try self.forged() }
  }

  func forged() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let (_, embedded) = try local()
    let (dfs, _) = try distributed(embedded)
    try dfs.append(columns: batch(0, rows: 40), from: "test")
    let catalog = dfs.cluster.catalog
    let real = try dfs.chunks()
    try ChunkServiceBuiltins.verify(real, catalog)
    // A segment staged but never committed, another table's name, a chunk id made up: refused.
    var staged = real[0]
    staged.segments.append(SegmentRecord(id: "staged", rows: 1, bytes: 1, checksum: "0"))
    var elsewhere = real[0]
    elsewhere.table = "secret"
    var madeUp = real[0]
    madeUp.chunkId = "0000"
    for forged in [staged, elsewhere, madeUp] {
      #expect(throws: ScriptError.self) { try ChunkServiceBuiltins.verify([forged], catalog) }
    }
  }

  @Test func aQueryOnOneDayReadsOnlyThatDaysChunk() async throws {
    try await onScriptThread { try self.oneDay() }
  }

  func oneDay() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let (_, embedded) = try local()
    let (dfs, data) = try distributed(embedded)
    try dfs.append(columns: batch(0, rows: 40), from: "test")
    data.served.withLock { $0 = [:] }
    let oneDay = ColumnPredicate(
      column: "time", kind: .between,
      values: [.int(day(8) * 86400, .datetime), .int(day(8) * 86400 + 86399, .datetime)])
    let rows = try dfs.scan(columns: ["v"], predicates: [oneDay])
    #expect(rows.rowCount == 10)
    #expect(rows.names == ["v"])
    #expect(data.served.withLock { $0 }.values.reduce(0, +) == 1)
    // The data node ships only the rows that satisfy the predicates, not the whole chunk.
    let oneSecond = ColumnPredicate(column: "time", kind: .equal, values: [.int(day(8) * 86400 + 1, .datetime)])
    #expect(try dfs.scan(columns: ["v"], predicates: [oneSecond]).rowCount == 1)
  }

  @Test func aTableWithNoRowsScansEmptyWithItsColumns() async throws {
    try await onScriptThread { try self.noRows() }
  }

  func noRows() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let (_, embedded) = try local()
    let (dfs, _) = try distributed(embedded)
    let empty = try dfs.scan(columns: ["sym", "v"], predicates: [])
    #expect(empty.rowCount == 0)
    #expect(empty.names == ["sym", "v"])
  }
}
