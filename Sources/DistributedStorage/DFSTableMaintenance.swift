import PorpoiseSupport
import ScriptRuntime
import TableStorage

/// `renameTable(dbHandle, tableName, newTableName)`, `truncate(dbUrl, tableName)` and the
/// functions that add partitions, on a `dfs://` database. Both change the catalog only: a chunk's files are filed under its chunk
/// id, which a rename keeps, and a truncated table's chunks leave the catalog in one commit
/// (each data node's janitor removes the files no chunk names any more).
extension DFSNamespace {
  func renameTable(_ a: inout CallArguments) throws(ScriptError) -> Value {
    guard let db = handle(a[0]) else { throw ScriptError(DFSMessages.needsDFSHandle("renameTable")) }
    try a.machine.require(.dropObject(database: db.path))
    try a.machine.require(.createTable(database: db.path))
    let old = try a.text(1, "the table name")
    let new = try a.text(2, "the new table name")
    try DatabaseScheme.checkTableName(new)
    guard old != new else { return .void }
    let (catalog, path) = (catalog, db.path)
    try cluster.wait { () async throws(CatalogError) in try await catalog.renameTable(path, from: old, to: new) }
    return .void
  }

  func truncate(_ a: inout CallArguments) throws(ScriptError) -> Value {
    let given = try a.text(0, "the database path")
    guard given.hasPrefix("dfs://") else { throw ScriptError(DFSMessages.needsDFSHandle("truncate")) }
    let path = try DatabaseScheme.canonical(given)
    try a.machine.require(.dropObject(database: path))
    let name = try a.text(1, "the table name")
    let catalog = self.catalog
    let doomed = try cluster.wait { () async throws(CatalogError) in
      guard try await catalog.database(path) != nil else {
        throw CatalogError(.notFound, DFSMessages.noDatabase(path))
      }
      guard try await catalog.tables(path).contains(where: { $0.name == name }) else {
        throw CatalogError(.notFound, DFSMessages.noTable(name, database: path))
      }
      return try await catalog.chunks(path, name).map { ChunkChange.remove($0.record, expected: $0.storeVersion) }
    }
    // The chunks' versions are expected: a writer that committed in between makes this a conflict.
    try TransactionLog.record(cluster, "DROP", partitions: doomed.count) { () throws(ScriptError) in
      try cluster.wait { () async throws(CatalogError) in try await catalog.commit(doomed) }
    }
    return .void
  }

  /// `addValuePartitions(db, newValues, [level], [locations])` and `addRangePartitions(db,
  /// newRanges, [level], [locations])`: the database's record takes the grown scheme (tables
  /// loaded after see it; `locations` is accepted and ignored, as chunks are placed by the
  /// cluster). The count of partitions added.
  func addPartitions(_ a: inout CallArguments, ranges: Bool) throws(ScriptError) -> Value {
    let function = ranges ? "addRangePartitions" : "addValuePartitions"
    guard let db = handle(a[0]) else { throw ScriptError(DFSMessages.needsDFSHandle(function)) }
    try a.machine.require(.createTable(database: db.path))
    let given: Vector
    switch a[1] {
    case .vector(let v): given = v
    case let v where v.isScalar:
      var one = Vector.empty(v.type)
      try one.append(v)
      given = one
    default: throw ScriptError(RuntimeMessages.needsScalarVector(function))
    }
    let level = a.has(2) ? try a.integer(2, "level") : 0
    let (catalog, path) = (catalog, db.path)
    let current = try cluster.wait { () async throws(CatalogError) in try await catalog.database(path) }
    guard let current else { throw DatabaseScheme.noDatabase(path) }
    let grown =
      ranges
      ? try DatabaseScheme.addingRanges(current.scheme, given, level: level, database: path)
      : try DatabaseScheme.addingValues(current.scheme, given, level: level, database: path)
    if grown.added > 0 {
      var record = current
      record.scheme = grown.scheme
      let changed = record
      try cluster.wait { () async throws(CatalogError) in try await catalog.replaceDatabase(current, with: changed) }
    }
    return .int(Int64(grown.added), .int)
  }

  /// The functions, for the node's library.
  var maintenanceFunctions: [Builtin] {
    let namespace = self
    return [
      Builtin("renameTable", args: 3...3, parameterNames: ["dbHandle", "tableName", "newTableName"]) {
        a throws(ScriptError) in try namespace.renameTable(&a)
      },
      Builtin("truncate", args: 2...2, parameterNames: ["dbUrl", "tableName"]) { a throws(ScriptError) in
        try namespace.truncate(&a)
      },
      Builtin("addValuePartitions", args: 2...4, parameterNames: ["dbHandle", "newValues", "level", "locations"]) {
        a throws(ScriptError) in try namespace.addPartitions(&a, ranges: false)
      },
      Builtin("addRangePartitions", args: 2...4, parameterNames: ["dbHandle", "newRanges", "level", "locations"]) {
        a throws(ScriptError) in try namespace.addPartitions(&a, ranges: true)
      },
    ]
  }
}

extension DFSCatalog {
  /// Gives a table a new name: its record and its chunks move under the new name, the chunks
  /// in one commit and keeping their ids (and so their files); a writer that committed to the
  /// old name meanwhile makes the move a conflict, and the table stays as it was.
  public func renameTable(_ database: String, from old: String, to new: String) async throws(CatalogError) {
    guard let record = try await tables(database).first(where: { $0.name == old }) else {
      throw CatalogError(.notFound, DFSMessages.noTable(old, database: database))
    }
    var renamed = record
    renamed.name = new
    try await createTable(database, renamed)
    var changes: [ChunkChange] = []
    for chunk in try await chunks(database, old) {
      var moved = chunk.record
      moved.table = new
      changes.append(.create(moved))
      changes.append(.remove(chunk.record, expected: chunk.storeVersion))
    }
    do throws(CatalogError) {
      try await commit(changes)
    } catch {
      try? await dropTable(database, new)
      throw error
    }
    try await dropTable(database, old)
  }
}
