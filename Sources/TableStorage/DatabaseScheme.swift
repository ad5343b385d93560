import Foundation
import ScriptRuntime

/// A database's partitioning as text, for databases whose metadata lives outside this node's
/// disk (the cluster's catalog): built from `database(...)`'s arguments exactly as the local
/// engine builds it, compared and described as the local engine does, and checked when a
/// table is made, so a `dfs://` database behaves alike wherever its metadata is kept.
public enum DatabaseScheme {
  /// The scheme (JSON) that `database(directory, partitionType, partitionScheme, locations,
  /// engine, atomic)` describes; nil when only a directory was given (open, do not create).
  public static func json(fromDatabaseArguments a: CallArguments) throws(ScriptError) -> String? {
    try StorageEngine.databaseSpec(a).map(PartitionLayout.json)
  }

  /// `dfs://a/b` as rights name it: without empty, `.` or `..` parts.
  public static func canonical(_ path: String) throws(ScriptError) -> String { try StorageEngine.canonicalDFS(path) }

  /// The warning an append gives for rows the `skip` policy dropped.
  public static func skippedRows(_ n: Int, database: String) -> String {
    StorageMessages.skippedRows(n, database: database)
  }

  /// Refuses a table name that is not one folder's name (`./t` is no second spelling of `t`).
  public static func checkTableName(_ name: String) throws(ScriptError) { try StorageEngine.checkTableName(name) }

  /// Whether a stored scheme partitions as the given one does (which hash function placed rows
  /// does not count, nor partitions added since by `addValuePartitions` or `addRangePartitions`).
  public static func same(_ stored: String, _ given: String) -> Bool {
    guard let x = decode(stored), let y = decode(given) else { return stored == given }
    return extends(x.partition, y.partition)
  }

  /// The error `database(...)` gives when a database exists with another scheme.
  public static func conflict(_ path: String, stored: String, given: String) -> ScriptError {
    ScriptError(
      StorageMessages.databaseSchemeConflict(
        path, stored: decode(stored)?.partition.summary ?? "?", given: decode(given)?.partition.summary ?? "?"))
  }

  /// The layout of a new table of a database with this scheme: the template's columns and the
  /// partition columns, checked as `createPartitionedTable` checks them on the local engine.
  public static func newTable(
    scheme: String, database: String, name: String, template: Table, partitionColumns: [String]
  ) throws(ScriptError) -> PartitionLayout {
    try StorageEngine.checkTableName(name)
    guard let spec = decode(scheme) else {
      throw ScriptError(StorageMessages.corruptMetadata("the scheme of \(database)", "not a scheme"))
    }
    let schema = try StorageEngine.tableSchema(
      spec, database: database, template: template, partitionColumns: partitionColumns, allowsArrays: true)
    return PartitionLayout(spec: spec, schema: schema)
  }

  /// The errors the local engine gives for a missing database or table, or a table made twice.
  public static func noDatabase(_ path: String) -> ScriptError { ScriptError(StorageMessages.noDatabase(path)) }
  public static func noTable(_ name: String, database: String) -> ScriptError {
    ScriptError(StorageMessages.noTable(name, database: database))
  }
  public static func tableExists(_ name: String, database: String) -> ScriptError {
    ScriptError(StorageMessages.tableExists(name, database: database))
  }

  /// The in-memory table `createPartitionedTable` and `createTable` take as the template.
  /// A shared table (`share kt as skt` leaves `kt` naming it) gives a copy of its rows.
  public static func template(_ v: Value) throws(ScriptError) -> Table {
    if case .object(let shared as SharedTable) = v { return shared.snapshot }
    guard case .object(let o) = v, let t = o as? Table else {
      throw ScriptError(StorageMessages.needsInMemoryTable(v.typeString))
    }
    return t
  }

  static func decode(_ json: String) -> DatabaseSpec? {
    try? JSONDecoder().decode(DatabaseSpec.self, from: Data(json.utf8))
  }
}
