import PorpoiseSupport
import ScriptRuntime
import TableStorage

/// Where a node's distributed databases live: the catalog, how chunks are placed, how data
/// nodes are reached, and which data nodes run.
public struct DFSCluster: Sendable {
  public let catalog: any DFSCatalog
  /// `dfsReplicationFactor` and `dfsReplicaReliabilityLevel` now (the controller's, which may
  /// change with a new leader).
  public let placement: @Sendable () -> (replicas: Int, reliability: ReplicaReliability)
  /// The data nodes, reached on behalf of the user whose session token is given (nil: a
  /// guest), so each data node checks that user's rights itself.
  public let nodes: @Sendable (_ token: String?) -> any ChunkTransport & ChunkScanner & SegmentSource
  /// The live data nodes now (alias and host).
  public let dataNodes: @Sendable () -> [(alias: String, host: String)]
  /// This node's alias, whose replicas a query reads first.
  public let localAlias: String?
  /// `newValuePartitionPolicy`: what an append does with a value no partition holds.
  public var newValuePartitionPolicy: String
  /// Where warnings go (rows skipped by the `skip` policy): the session's error output.
  public var warn: (@Sendable (String) -> Void)?
  /// Whether an append compacts the chunks it made long (a node on its own, which runs no
  /// upkeep loop; a cluster's data nodes compact in theirs).
  public var compactsOnAppend = false
  /// Names the node whose backup and restore tasks `getBackupStatus` lists (its home or alias).
  public var node = ""

  public init(
    catalog: any DFSCatalog, placement: @escaping @Sendable () -> (replicas: Int, reliability: ReplicaReliability),
    nodes: @escaping @Sendable (_ token: String?) -> any ChunkTransport & ChunkScanner & SegmentSource,
    dataNodes: @escaping @Sendable () -> [(alias: String, host: String)], localAlias: String?,
    newValuePartitionPolicy: String = "add"
  ) {
    self.catalog = catalog
    self.placement = placement
    self.nodes = nodes
    self.dataNodes = dataNodes
    self.localAlias = localAlias
    self.newValuePartitionPolicy = newValuePartitionPolicy
  }

  /// The writer of appends on behalf of a session's user.
  public func writer(token: String?) -> DFSWriter {
    let (replicas, reliability) = placement()
    return DFSWriter(catalog: catalog, transport: nodes(token), replicationFactor: replicas, reliability: reliability)
  }

  /// Runs catalog or data-node work from a script's thread and waits; a failure becomes the
  /// script's error.
  public func wait<T: Sendable>(_ body: @escaping @Sendable () async throws(CatalogError) -> T) throws(ScriptError)
    -> T
  {
    do { return try blockingAwait(body) } catch { throw ScriptError(error.message) }
  }
}

/// A table of a `dfs://` database spread over the data nodes: `loadTable` gives one on any
/// data or compute node. An append routes rows to partitions as the embedded engine does and
/// commits them across the cluster in one transaction; a query prunes chunks from the catalog,
/// reads each from one current replica (this node's first), and gets the rows in partition
/// order, as the embedded engine returns them.
public final class DFSTable: AggregatingTableSource, AppendableTable, ProtectedTable, StoredTableSchema,
  ColumnAddingTable, CommentedTable
{
  public let cluster: DFSCluster
  public let database: String
  public let name: String
  public private(set) var layout: PartitionLayout
  /// Columns added after the table was made (lower-cased): older segments lack them.
  public private(set) var addedColumns: Set<String>
  /// The session token of the user who opened the table: data nodes check that user's rights.
  let token: String?
  /// The opening session's query progress: the partitions each read chooses and reads.
  let progress: QueryProgress?

  public init(
    cluster: DFSCluster, database: String, name: String, layout: PartitionLayout, addedColumns: [String] = [],
    token: String? = nil, progress: QueryProgress? = nil
  ) {
    self.cluster = cluster
    self.database = database
    self.name = name
    self.layout = layout
    self.addedColumns = Set(addedColumns.map { $0.lowercased() })
    self.token = token
    self.progress = progress
  }

  public var form: Value.Form { .table }
  public var dataType: DataType { .any }
  public var typeString: String { layout.partitionColumns.isEmpty ? "DFS TABLE" : "PARTITIONED TABLE" }
  public var rowCount: Int { ((try? chunks()) ?? []).reduce(0) { $0 + $1.rows } }
  public func render(_ formatter: ValueFormatter) -> String { "" }
  public var databasePath: String { database }
  public var tableName: String { name }
  public var columnNames: [String] { layout.columnNames }
  public var columnTypes: [DataType] { layout.columnTypes }
  public var columnTypeCodes: [Int64] { layout.columnTypeCodes }
  public var partitionColumnNames: [String] { layout.partitionColumns }
  public var engineType: String { layout.engine }

  func chunks() throws(ScriptError) -> [ChunkRecord] {
    let (catalog, database, name) = (cluster.catalog, database, name)
    return try cluster.wait { () async throws(CatalogError) in try await catalog.chunks(database, name).map(\.record) }
  }

  public func append(columns: [Vector], from source: String) throws(ScriptError) {
    try append(columns: columns, from: source, meter: nil)
  }

  public func append(columns: [Vector], from source: String, progress: AppendProgress) throws(ScriptError) {
    try append(columns: columns, from: source, meter: progress)
  }

  private func append(columns: [Vector], from source: String, meter: AppendProgress?) throws(ScriptError) {
    let (catalog, database, name) = (cluster.catalog, database, name)
    let known = try cluster.wait { () async throws(CatalogError) in try await catalog.chunks(database, name) }
    let existing = Set(known.map(\.record.partition))
    let (routed, skipped) = try layout.route(
      columns, existing: existing, policy: cluster.newValuePartitionPolicy, table: name, database: database,
      source: source)
    defer { if skipped > 0 { cluster.warn?(DatabaseScheme.skippedRows(skipped, database: database)) } }
    guard !routed.isEmpty else { return }
    var appends: [PartitionAppend] = []
    // Two passes: the rows are encoded into segments here, then the segments are written.
    meter?.expect(passes: 2)
    for r in routed {
      appends.append(
        try SegmentCodec.append(
          RoutedPartitionRows(path: r.path, keys: r.keys, names: layout.columnNames, columns: r.columns)))
      meter?.add(appends[appends.count - 1].rows)
    }
    var writer = cluster.writer(token: token)
    writer.progress = meter
    let (nodes, batch) = (cluster.dataNodes(), appends)
    let sending = writer
    _ = try TransactionLog.record(cluster, "APPEND", partitions: batch.count) { () throws(ScriptError) in
      try cluster.wait { () async throws(CatalogError) in
        // The chunks read for routing are the writer's first view: one catalog read, not two.
        try await sending.append(batch, database: database, table: name, dataNodes: nodes, known: known)
      }
    }
    // This node's snapshot engine, if one follows the table, takes the rows just written.
    if let first = routed.first {
      let picked = routed.allSatisfy { $0.picked == nil } ? nil : routed.flatMap { $0.picked ?? [] }.sorted()
      SnapshotEngines.shared.record(database: database, table: name, columns: first.source, rows: picked)
    }
    let touched = Set(appends.map(\.partition))
    if cluster.compactsOnAppend, let alias = cluster.localAlias,
      known.contains(where: {
        touched.contains($0.record.partition) && $0.record.segments.count >= ChunkCompactor.defaultThreshold
      })
    {
      let compactor = ChunkCompactor(alias: alias, catalog: cluster.catalog, nodes: cluster.nodes(token))
      let catalog = cluster.catalog
      // The append has landed: a compaction that cannot run now is tried after a later one.
      _ = try? cluster.wait { () async throws(CatalogError) in
        await compactor.compact(try await catalog.chunks(database, name))
      }
    }
  }

  public func scan(columns: Set<String>?, predicates: [ColumnPredicate]) throws(ScriptError) -> Table {
    // A scan that needs no column (`count(*)`) still needs the rows: one column carries them.
    let wanted = columns.map { $0.isEmpty ? Array(layout.columnNames.prefix(1)) : Array($0) }
    // Rows in partition order, as the embedded engine returns them.
    var parts: [Table] = []
    let request = ChunkScanRequest(chunks: [], columns: wanted, predicates: predicates, added: addedTypes)
    for r in try readChunks(predicates, request) {
      parts.append(try r.table)
    }
    if parts.isEmpty {
      // No rows: the wanted columns, empty, as the embedded engine returns them.
      let empty = try Table(names: layout.columnNames, columns: layout.emptyColumns)
      return try ChunkReader.concatenate([empty], columns: wanted)
    }
    return try withSchema(try ChunkReader.concatenate(parts, columns: nil), wanted)
  }

  /// Rows read from the chunks with every wanted column of the table, in the table's order:
  /// a column added after all these rows were written is null; one a chunk lacked is of the
  /// table's type.
  func withSchema(_ rows: Table, _ wanted: [String]?) throws(ScriptError) -> Table {
    guard !addedColumns.isEmpty else { return rows }
    let keep = wanted.map { Set($0.map { $0.lowercased() }) }
    var names: [String] = []
    var columns: [Vector] = []
    for (name, type) in zip(layout.columnNames, layout.columnTypes) where keep?.contains(name.lowercased()) ?? true {
      names.append(name)
      if let c = rows.column(name) {
        columns.append(c.type == type ? c : try Cast.vectorConverting(c, to: type))
      } else {
        columns.append(Vector.nulls(type, count: rows.rowCount))
      }
    }
    return try Table(names: names, columns: columns)
  }

  /// The added columns with their types, for the data nodes that read old segments.
  var addedTypes: [String: DataType] {
    var out: [String: DataType] = [:]
    for (name, type) in zip(layout.columnNames, layout.columnTypes) where addedColumns.contains(name.lowercased()) {
      out[name] = type
    }
    return out
  }

  /// The table's record and its database's, as the catalog has them now.
  func records() throws(ScriptError) -> (table: TableRecord, database: DatabaseRecord) {
    let (catalog, database, name) = (cluster.catalog, database, self.name)
    let current = try cluster.wait { () async throws(CatalogError) in
      try await catalog.tables(database).first { $0.name == name }
    }
    guard let current else { throw DatabaseScheme.noTable(name, database: database) }
    let db = try cluster.wait { () async throws(CatalogError) in try await catalog.database(database) }
    guard let db else { throw DatabaseScheme.noDatabase(database) }
    return (current, db)
  }

  /// Adds columns to the table in the catalog; the segments already written read them as null.
  public func addColumns(_ names: [String], _ types: [DataType], _ m: Machine) throws(ScriptError) {
    try m.require(.createTable(database: database))
    let (catalog, database, name) = (cluster.catalog, database, self.name)
    let (current, db) = try records()
    let changed = try PartitionLayout(scheme: db.scheme, schema: current.schema).addingColumns(names, types)
    let added = (current.addedColumns ?? []) + names
    let record = TableRecord(name: name, schema: changed.schemaJSON, addedColumns: added)
    try cluster.wait { () async throws(CatalogError) in try await catalog.replaceTable(database, current, with: record)
    }
    layout = changed
    addedColumns = Set(added.map { $0.lowercased() })
  }

  public var columnComments: [String] { layout.columnComments }
  public var tableComment: String { layout.tableComment }

  /// Comments live in the table's record in the catalog, so every node's `schema` shows them.
  public func setComments(columns: [String: String], table: String?, _ m: Machine) throws(ScriptError) {
    try m.require(.createTable(database: database))
    let (catalog, database) = (cluster.catalog, database)
    let (current, db) = try records()
    let changed = try PartitionLayout(scheme: db.scheme, schema: current.schema).commenting(
      columns: columns, table: table)
    var record = current
    record.schema = changed.schemaJSON
    let replacement = record
    try cluster.wait { () async throws(CatalogError) in
      try await catalog.replaceTable(database, current, with: replacement)
    }
    layout = changed
  }

  /// What `template` asks of every chunk that may hold rows satisfying `predicates`, in
  /// partition order. A read that fails while the chunks changed (a compaction replaced
  /// segments the request named) is made once more from the catalog as it is now.
  func readChunks(_ predicates: [ColumnPredicate], _ template: ChunkScanRequest) throws(ScriptError) -> [ChunkRows] {
    try readChunkRows(predicates, template).map(\.rows)
  }

  /// `readChunks` with the chunk each answer is of.
  func readChunkRows(_ predicates: [ColumnPredicate], _ template: ChunkScanRequest) throws(ScriptError) -> [(
    chunk: ChunkRecord, rows: ChunkRows
  )] {
    try checkTypes(predicates + template.predicates)
    var chosen = try chosenChunks(predicates)
    progress?.expect(chosen.count)
    var retried = false
    while true {
      do {
        let byChunk = try read(chosen, template)
        return chosen.compactMap { c in byChunk[c.chunkId].map { (c, $0) } }
      } catch {
        let now = try chosenChunks(predicates)
        guard !retried, now != chosen else { throw error }
        retried = true
        chosen = now
      }
    }
  }

  /// Refuses a predicate its column's type cannot be tested with (`ID = "60"` on an INT column)
  /// here, where it is the query's error: on the data nodes it would look like every replica
  /// failing.
  func checkTypes(_ predicates: [ColumnPredicate]) throws(ScriptError) {
    for p in predicates {
      guard let k = columnNames.firstIndex(where: { $0.lowercased() == p.column.lowercased() }) else { continue }
      do throws(ScriptError) {
        _ = try p.matches(Vector.empty(columnTypes[k]))
      } catch {
        throw ScriptError(DFSMessages.conditionType(columnNames[k], columnTypes[k].name, error.message))
      }
    }
  }

  /// The chunks that may hold rows satisfying `predicates`, in partition order.
  func chosenChunks(_ predicates: [ColumnPredicate]) throws(ScriptError) -> [ChunkRecord] {
    layout.sortedByKeys(try chunks().filter { layout.mayMatch(keys: $0.keys, predicates) }, \.keys)
  }

  /// What `template` asks of each chunk of `chosen` (its chunks left out), read on data nodes
  /// that hold a current replica, by chunk id.
  func read(_ chosen: [ChunkRecord], _ template: ChunkScanRequest) throws(ScriptError) -> [String: ChunkRows] {
    let live = Set(cluster.dataNodes().map(\.alias))
    let scanner = cluster.nodes(token)
    var byChunk: [String: ChunkRows] = [:]
    var remaining = chosen
    var failed: [String: String] = [:]
    // A node that fails (killed, not yet noticed by the registry) has its chunks read again
    // from another current replica.
    while !remaining.isEmpty {
      let plan = try DFSTable.plan(remaining, live: live, avoiding: failed, local: cluster.localAlias, database, name)
      let requests = plan.map { node, chunks in
        var request = template
        request.chunks = chunks
        return (node: node, request: request)
      }
      let answers = try cluster.wait { () async throws(CatalogError) in await DFSTable.gather(requests, scanner) }
      remaining = []
      for (node, answer) in answers {
        switch answer {
        case .success(let rows):
          for (chunk, r) in zip(plan[node] ?? [], rows) { byChunk[chunk.chunkId] = r }
          if let progress {
            progress.finish(rows.count, bytes: rows.reduce(0) { $0 &+ $1.columns.reduce(0) { $0 &+ $1.storageBytes } })
          }
        case .failure(let error):
          failed[node] = error.message
          remaining += plan[node] ?? []
        }
      }
    }
    return byChunk
  }

  /// Which node reads which chunk: a current replica, this node's own first, then a live one,
  /// spread over the replicas so one node does not serve every chunk; never a node in
  /// `avoiding` (it failed this query).
  static func plan(
    _ chunks: [ChunkRecord], live: Set<String>, avoiding failed: [String: String], local: String?, _ database: String,
    _ table: String
  ) throws(ScriptError) -> [String: [ChunkRecord]] {
    var plan: [String: [ChunkRecord]] = [:]
    for chunk in chunks {
      let candidates = chunk.currentReplicas.filter { failed[$0] == nil }
      let running = candidates.filter(live.contains)
      let pool = running.isEmpty ? candidates : running
      guard !pool.isEmpty else {
        let reasons = chunk.currentReplicas.compactMap { n in failed[n].map { "\(n): \($0)" } }
        throw ScriptError(
          DFSMessages.noCurrentReplicaToRead(chunk.partition, database: database, table: table)
            + (reasons.isEmpty ? "" : " (" + reasons.joined(separator: "; ") + ")"))
      }
      let spread = chunk.chunkId.utf8.reduce(0) { ($0 &* 31 &+ Int($1)) & 0xFFFF }
      let node = pool.first { $0 == local } ?? pool[spread % pool.count]
      plan[node, default: []].append(chunk)
    }
    return plan
  }

  /// What one node answered a scan: its chunks' rows, or why not.
  struct ScanAnswer: Sendable {
    let node: String
    let rows: [ChunkRows]?
    let error: CatalogError?
  }

  /// Sends every node its request at once and waits for all.
  static func gather(_ requests: [(node: String, request: ChunkScanRequest)], _ scanner: any ChunkScanner)
    async -> [String: Result<[ChunkRows], CatalogError>]
  {
    // The children return a plain struct: a tuple holding a typed-throws `Result` crashed the
    // task group's result copy in release builds (Swift 6.x).
    let answers = await withTaskGroup(of: ScanAnswer.self) { group in
      for (node, request) in requests {
        group.addTask { await DFSTable.ask(scanner, node, request) }
      }
      var all: [ScanAnswer] = []
      for await answer in group { all.append(answer) }
      return all
    }
    var out: [String: Result<[ChunkRows], CatalogError>] = [:]
    for a in answers {
      if let rows = a.rows {
        out[a.node] = .success(rows)
      } else {
        out[a.node] = .failure(a.error ?? CatalogError(.unavailable, a.node))
      }
    }
    return out
  }

  static func ask(_ scanner: any ChunkScanner, _ node: String, _ request: ChunkScanRequest) async -> ScanAnswer {
    do throws(CatalogError) {
      return ScanAnswer(node: node, rows: try await scanner.scan(request, on: node), error: nil)
    } catch {
      return ScanAnswer(node: node, rows: nil, error: error)
    }
  }
}
