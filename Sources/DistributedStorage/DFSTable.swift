import PorpoiseSupport
import ScriptRuntime
import TableStorage

/// Where a distributed table's work goes: its catalog, the writer of appends, the scanner of
/// chunks, and the live data nodes.
public struct DFSCluster: Sendable {
  public let catalog: any DFSCatalog
  public let writer: DFSWriter
  public let scanner: any ChunkScanner
  /// The live data nodes now (alias and host).
  public let dataNodes: @Sendable () -> [(alias: String, host: String)]
  /// This node's alias, whose replicas a query reads first.
  public let localAlias: String?
  /// `newValuePartitionPolicy`: what an append does with a value no partition holds.
  public let newValuePartitionPolicy: String

  public init(
    catalog: any DFSCatalog, writer: DFSWriter, scanner: any ChunkScanner,
    dataNodes: @escaping @Sendable () -> [(alias: String, host: String)], localAlias: String?,
    newValuePartitionPolicy: String = "add"
  ) {
    self.catalog = catalog
    self.writer = writer
    self.scanner = scanner
    self.dataNodes = dataNodes
    self.localAlias = localAlias
    self.newValuePartitionPolicy = newValuePartitionPolicy
  }
}

/// A table of a `dfs://` database spread over the data nodes: `loadTable` gives one on any
/// data or compute node. An append routes rows to partitions as the embedded engine does and
/// commits them across the cluster in one transaction; a query prunes chunks from the catalog,
/// reads each from one current replica (this node's first), and gets the rows in partition
/// order, as the embedded engine returns them.
public final class DFSTable: TableSource, AppendableTable, ProtectedTable {
  public let cluster: DFSCluster
  public let database: String
  public let name: String
  public let layout: PartitionLayout

  public init(cluster: DFSCluster, database: String, name: String, layout: PartitionLayout) {
    self.cluster = cluster
    self.database = database
    self.name = name
    self.layout = layout
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

  func chunks() throws(ScriptError) -> [ChunkRecord] {
    let (catalog, database, name) = (cluster.catalog, database, name)
    do {
      return try blockingAwait { () async throws(CatalogError) in
        try await catalog.chunks(database, name).map(\.record)
      }
    } catch {
      throw ScriptError(error.message)
    }
  }

  public func append(columns: [Vector], from source: String) throws(ScriptError) {
    let (catalog, database, name) = (cluster.catalog, database, name)
    let known: [VersionedChunk]
    do {
      known = try blockingAwait { () async throws(CatalogError) in try await catalog.chunks(database, name) }
    } catch {
      throw ScriptError(error.message)
    }
    let existing = Set(known.map(\.record.partition))
    let (routed, _) = try layout.route(
      columns, existing: existing, policy: cluster.newValuePartitionPolicy, table: name, database: database,
      source: source)
    guard !routed.isEmpty else { return }
    var appends: [PartitionAppend] = []
    for r in routed {
      appends.append(
        try SegmentCodec.append(
          RoutedPartitionRows(path: r.path, keys: r.keys, names: layout.columnNames, columns: r.columns)))
    }
    let (writer, nodes, batch) = (cluster.writer, cluster.dataNodes(), appends)
    do {
      _ = try blockingAwait { () async throws(CatalogError) in
        // The chunks read for routing are the writer's first view: one catalog read, not two.
        try await writer.append(batch, database: database, table: name, dataNodes: nodes, known: known)
      }
    } catch {
      throw ScriptError(error.message)
    }
  }

  public func scan(columns: Set<String>?, predicates: [ColumnPredicate]) throws(ScriptError) -> Table {
    let wanted = columns.map { Array($0) }
    let chosen = layout.sortedByKeys(try chunks().filter { layout.mayMatch(keys: $0.keys, predicates) }, \.keys)
    // One request per data node, for the chunks it was chosen to serve.
    var plan: [String: [ChunkRecord]] = [:]
    for chunk in chosen {
      let current = chunk.currentReplicas
      guard let node = current.first(where: { $0 == cluster.localAlias }) ?? current.first else {
        throw ScriptError(DFSMessages.noCurrentReplicaToRead(chunk.partition, database: database, table: name))
      }
      plan[node, default: []].append(chunk)
    }
    let scanner = cluster.scanner
    let requests = plan.map { (node: $0.key, request: ChunkScanRequest(chunks: $0.value, columns: wanted)) }
    let answers: [String: [ChunkRows]]
    do {
      answers = try blockingAwait { () async throws(CatalogError) -> [String: [ChunkRows]] in
        try await DFSTable.gather(requests, scanner)
      }
    } catch {
      throw ScriptError(error.message)
    }
    // Put each chunk's rows back in partition order.
    var byChunk: [String: ChunkRows] = [:]
    for (node, rows) in answers {
      for (chunk, r) in zip(plan[node] ?? [], rows) { byChunk[chunk.chunkId] = r }
    }
    var parts: [Table] = []
    for chunk in chosen {
      if let r = byChunk[chunk.chunkId] { parts.append(try r.table) }
    }
    if parts.isEmpty {
      // No rows: the wanted columns, empty, as the embedded engine returns them.
      let empty = try Table(names: layout.columnNames, columns: layout.columnTypes.map { Vector.empty($0) })
      return try ChunkReader.concatenate([empty], columns: wanted)
    }
    return try ChunkReader.concatenate(parts, columns: nil)
  }

  /// Sends every node its request at once and waits for all.
  static func gather(_ requests: [(node: String, request: ChunkScanRequest)], _ scanner: any ChunkScanner)
    async throws(CatalogError) -> [String: [ChunkRows]]
  {
    var out: [String: [ChunkRows]] = [:]
    let results = await withTaskGroup(of: (String, Result<[ChunkRows], CatalogError>).self) { group in
      for (node, request) in requests {
        group.addTask {
          do throws(CatalogError) {
            return (node, .success(try await scanner.scan(request, on: node)))
          } catch {
            return (node, .failure(error))
          }
        }
      }
      var all: [(String, Result<[ChunkRows], CatalogError>)] = []
      for await r in group { all.append(r) }
      return all
    }
    for (node, result) in results { out[node] = try result.get() }
    return out
  }
}
