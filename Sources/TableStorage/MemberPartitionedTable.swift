import ScriptRuntime

/// `db.createPartitionedTable([st1, st2, st3], `pst, `id)` over an in-memory database: a
/// partitioned table whose partitions are the given tables themselves, in partition order. Rows
/// appended to a member show in the partitioned table, and rows appended to the partitioned
/// table go to the member their partition names (so several writers can fill stream tables in
/// parallel, as DolphinDB's tutorial does). Queries read the members one after another.
final class MemberPartitionedTable: ScriptObject, TableSource, PartitionedSource, AppendableTable {
  let members: [Table]
  let partitionColumns: [String]
  let numbering: InMemoryPartitions.Numbering
  let levels: [PartitionSpec]

  /// The members must be one per partition, with the first one's columns.
  init(_ spec: PartitionSpec, members values: [Value], partitionColumns: [String]) throws(ScriptError) {
    var tables: [Table] = []
    for v in values {
      guard case .object(let o) = v, let t = o as? Table else {
        throw ScriptError(StorageMessages.needsInMemoryTable(v.typeString))
      }
      tables.append(t)
    }
    levels = spec.flattened
    guard partitionColumns.count == levels.count else {
      throw ScriptError(
        StorageMessages.inMemoryLevelCountMismatch(levels: levels.count, columns: partitionColumns.count))
    }
    numbering = try InMemoryPartitions.Numbering(levels)
    guard let first = tables.first, tables.count == numbering.count else {
      throw ScriptError(StorageMessages.memberCountMismatch(tables.count, partitions: numbering.count))
    }
    for (k, t) in tables.enumerated().dropFirst()
    where t.names.map({ $0.lowercased() }) != first.names.map({ $0.lowercased() })
      || t.columns.map(\.type) != first.columns.map(\.type)
    {
      throw ScriptError(StorageMessages.memberSchemaDiffers(k))
    }
    for c in partitionColumns where first.columnIndex(c) == nil {
      throw ScriptError(StorageMessages.partitionColumnNotInTable(c, columns: first.names))
    }
    members = tables
    self.partitionColumns = partitionColumns
  }

  var form: Value.Form { .table }
  var dataType: DataType { .any }
  var typeString: String { "SEGMENTED IN-MEMORY TABLE" }
  var rowCount: Int { members.reduce(0) { $0 + $1.rowCount } }
  var columnNames: [String] { members[0].names }
  var columnTypes: [DataType] { members[0].columns.map(\.type) }

  /// The members' rows, one after another.
  func combined() throws(ScriptError) -> Table {
    var columns = members[0].columns
    for t in members.dropFirst() {
      for k in columns.indices { try columns[k].append(contentsOf: t.columns[k]) }
    }
    return try Table(names: members[0].names, columns: columns)
  }

  func render(_ formatter: ValueFormatter) -> String { (try? combined())?.render(formatter) ?? "" }
  func member(_ name: String) -> Value? { (try? combined())?.member(name) }
  var rows: [Value]? { (try? combined())?.rows }

  func scan(columns: Set<String>?, predicates: [ColumnPredicate]) throws(ScriptError) -> Table { try combined() }

  func partitionTables() throws(ScriptError) -> [Value] { members.map { .object($0) } }

  func partitioning(of column: String) -> ColumnPartitioning? {
    partitionColumns.firstIndex { $0.lowercased() == column.lowercased() }.flatMap { levels[$0].partitioning }
  }

  /// Each appended row goes to its partition's member; rows no partition takes are left out.
  func append(columns: [Vector], from source: String) throws(ScriptError) {
    let keys = try partitionColumns.map { c throws(ScriptError) -> Vector in
      guard let k = members[0].columnIndex(c), k < columns.count else {
        throw ScriptError(StorageMessages.partitionColumnNotInTable(c, columns: members[0].names))
      }
      return try Cast.vector(columns[k], to: members[0].columns[k].type)
    }
    let part = try numbering.partitions(keys)
    var rowsOf: [Int: [Int]] = [:]
    for (row, p) in part.enumerated() where p >= 0 { rowsOf[p, default: []].append(row) }
    for p in rowsOf.keys.sorted() {
      guard let rows = rowsOf[p] else { continue }
      try members[p].append(columns: columns.map { $0.gather(rows) }, from: source)
    }
  }

  func append(columns: [Vector], from source: String, progress: AppendProgress) throws(ScriptError) {
    try append(columns: columns, from: source)
  }
}
