import ScriptRuntime

/// One partition of a `dfs://` table as a table of its own: what `sqlDS` gives `mr` for each
/// partition. Reading it needs the right to read the table.
final class DFSChunkSource: TableSource, ProtectedTable {
  let table: DFSTable
  let chunk: ChunkRecord

  init(_ table: DFSTable, _ chunk: ChunkRecord) {
    self.table = table
    self.chunk = chunk
  }

  var form: Value.Form { .table }
  var dataType: DataType { .any }
  var typeString: String { table.typeString }
  var rowCount: Int { chunk.rows }
  func render(_ formatter: ValueFormatter) -> String { "" }
  func member(_ name: String) -> Value? { nil }
  var rows: [Value]? { nil }
  var databasePath: String { table.database }
  var tableName: String { table.name }

  func scan(columns: Set<String>?, predicates: [ColumnPredicate]) throws(ScriptError) -> Table {
    try table.rows(of: chunk)
  }
}

extension DFSTable: PartitionedSource {
  public func partitionTables() throws(ScriptError) -> [Value] {
    try partitionChunks().map { .object(DFSChunkSource(self, $0)) }
  }

  public func partitionTables(matching predicates: [ColumnPredicate]) throws(ScriptError) -> [Value] {
    try chosenChunks(predicates).map { .object(DFSChunkSource(self, $0)) }
  }

  public func partitioning(of column: String) -> ColumnPartitioning? { layout.partitioning(of: column) }
}
