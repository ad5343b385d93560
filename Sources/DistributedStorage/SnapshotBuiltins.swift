import ScriptRuntime
import TableStorage

/// `registerSnapshotEngine(dbName, tableName, keyColumnName, [dedupColumnName])` and
/// `unregisterSnapshotEngine(dbName, tableName)` (see `SnapshotEngines`).
enum SnapshotBuiltins {
  static func functions(_ namespace: DFSNamespace) -> [Builtin] {
    [
      Builtin(
        "registerSnapshotEngine", args: 3...4,
        parameterNames: ["dbName", "tableName", "keyColumnName", "dedupColumnName"]
      ) { a throws(ScriptError) in
        let table = try opened(namespace, &a)
        try a.machine.requireRead(table)
        try SnapshotEngines.shared.register(
          database: table.database, table: table.name, names: table.columnNames, types: table.columnTypes,
          key: try a.text(2, "the key column"), dedup: a.has(3) ? try a.text(3, "the dedup column") : nil)
        return .void
      },
      Builtin("unregisterSnapshotEngine", args: 2...2, parameterNames: ["dbName", "tableName"]) {
        a throws(ScriptError) in
        try a.machine.require(.login("unregister a snapshot engine"))
        let database = try DatabaseScheme.canonical(try a.text(0, "the database path"))
        try SnapshotEngines.shared.unregister(database: database, table: try a.text(1, "the table name"))
        return .void
      },
    ]
  }

  /// The `dfs://` table the first two arguments name, as `loadTable` opens it.
  static func opened(_ namespace: DFSNamespace, _ a: inout CallArguments) throws(ScriptError) -> DFSTable {
    guard DFSBuiltins.isPath(a[0]) || DFSBuiltins.isHandle(a[0]),
      case .object(let o) = try namespace.loadTable(&a), let table = o as? DFSTable
    else {
      throw ScriptError(DFSMessages.snapshotNeedsDFSDatabase(a[0].stringValue ?? a[0].typeString))
    }
    return table
  }
}
