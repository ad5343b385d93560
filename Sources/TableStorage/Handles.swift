import ScriptRuntime

/// A database opened with `database(...)`. It holds no data; it prints nothing.
final class DatabaseHandle: DescribedDatabase {
  let engine: StorageEngine?
  /// The path as the script gave it (`dfs://testDB`); empty for a COMPO level.
  let path: String
  let spec: DatabaseSpec

  init(engine: StorageEngine?, path: String, spec: DatabaseSpec) {
    self.engine = engine
    self.path = path
    self.spec = spec
  }

  var form: Value.Form { .scalar }
  var dataType: DataType { .handle }
  var typeString: String { "HANDLE" }
  var rowCount: Int { 1 }
  func render(_ formatter: ValueFormatter) -> String { "" }
  var schemaEntries: [(String, Value)] { PartitionLayout.describe(spec, path: path) }
}

/// A table of a database, from `loadTable` or `createPartitionedTable`: metadata only; rows
/// are read when a query needs them.
final class TableHandle: TableSource, AppendableTable, ProtectedTable {
  let engine: StorageEngine
  let database: DatabaseHandle
  let name: String
  let schema: TableSchema

  init(engine: StorageEngine, database: DatabaseHandle, name: String, schema: TableSchema) {
    self.engine = engine
    self.database = database
    self.name = name
    self.schema = schema
  }

  var form: Value.Form { .table }
  var dataType: DataType { .any }
  var typeString: String { schema.partitionColumns.isEmpty ? "DFS TABLE" : "PARTITIONED TABLE" }
  var rowCount: Int { (try? engine.manifest(self).rowCount) ?? 0 }
  func render(_ formatter: ValueFormatter) -> String { "" }
  var databasePath: String { database.path }
  var tableName: String { name }
  var columnNames: [String] { schema.names }
  var columnTypes: [DataType] { schema.dataTypes }

  func scan(columns: Set<String>?, predicates: [ColumnPredicate]) throws(ScriptError) -> Table {
    try engine.scan(self, columns: columns, predicates: predicates)
  }

  func append(columns: [Vector], from source: String) throws(ScriptError) {
    _ = try engine.append(self, columns: columns, from: source)
  }

  func append(columns: [Vector], from source: String, progress: AppendProgress) throws(ScriptError) {
    _ = try engine.append(self, columns: columns, from: source, progress: progress)
  }
}

extension TableHandle: StoredTableSchema {
  var partitionColumnNames: [String] { schema.partitionColumns }
  var engineType: String { database.spec.engine }
}
