import Foundation
import PorpoiseSupport
import ScriptRuntime

/// Persistence of shared stream tables, DolphinDB's functions: a persisted table keeps its
/// rows in `<home>/persistence/<shared name>`, saved after each change (as an `mvccTable`
/// is), and gets them back when it is shared and persisted again after a restart.
/// `enableTablePersistence` persists a table already shared, `disableTablePersistence` stops
/// saving (the saved rows stay), `clearTablePersistence` stops and deletes them,
/// `getPersistenceMeta` describes it. The write options (`asynWrite`, `compress`,
/// `cacheSize`, `retentionMinutes`, `flushMode`, `preCache`) are accepted: rows are saved
/// synchronously, every one of them.
enum StreamTablePersistence {
  static let optionNames = [
    "asynWrite", "compress", "cacheSize", "retentionMinutes", "flushMode", "preCache", "cachePurgeTimeColumn",
    "cachePurgeInterval",
  ]

  static func builtins(home: String) -> [Builtin] {
    [
      // enableTableShareAndPersistence(table, tableName, ...): shares the table and persists it;
      // rows saved there by an earlier run come back first.
      Builtin(
        "enableTableShareAndPersistence", args: 2...10, parameterNames: ["table", "tableName"] + optionNames
      ) { a throws(ScriptError) in
        let t = try a.machine.shareableTable(a[0])
        let name = try a.text(1, "the shared name")
        try start(t, name: name, home: home, a.machine)
        _ = try a.machine.share(a[0], as: name)
        return .void
      },
      // enableTablePersistence(table, ...): persists a table already shared.
      Builtin("enableTablePersistence", args: 1...9, parameterNames: ["table"] + optionNames) {
        a throws(ScriptError) in
        let shared = try sharedTable(a, "enableTablePersistence")
        try shared.withTable { t throws(ScriptError) in
          guard t.didChange == nil else { throw ScriptError(StorageMessages.alreadyPersisted(shared.name)) }
          try start(t, name: shared.name, home: home, a.machine)
        }
        return .void
      },
      // disableTablePersistence(table): later changes are no longer saved; the saved rows stay.
      Builtin("disableTablePersistence", args: 1...1, parameterNames: ["table"]) { a throws(ScriptError) in
        let shared = try sharedTable(a, "disableTablePersistence")
        try shared.withTable { t throws(ScriptError) in
          guard t.didChange != nil else { throw ScriptError(StorageMessages.notPersisted(shared.name)) }
          t.didChange = nil
        }
        return .void
      },
      // clearTablePersistence(table): stops saving and deletes the saved rows.
      Builtin("clearTablePersistence", args: 1...1, parameterNames: ["table"]) { a throws(ScriptError) in
        let shared = try sharedTable(a, "clearTablePersistence")
        let dir = try MvccTables.folder(home + "/persistence", shared.name, a.machine)
        try shared.withTable { t throws(ScriptError) in
          guard t.didChange != nil || DurableFiles.exists(dir) else {
            throw ScriptError(StorageMessages.notPersisted(shared.name))
          }
          t.didChange = nil
          try remove(dir)
        }
        return .void
      },
      // getPersistenceMeta(table): a dictionary of what is persisted and where.
      Builtin("getPersistenceMeta", args: 1...1, parameterNames: ["table"]) { a throws(ScriptError) in
        let shared = try sharedTable(a, "getPersistenceMeta")
        let dir = try MvccTables.folder(home + "/persistence", shared.name, a.machine)
        let (persisted, rows) = try shared.withTable { t throws(ScriptError) in (t.didChange != nil, t.rowCount) }
        guard persisted else { throw ScriptError(StorageMessages.notPersisted(shared.name)) }
        var d = DictionaryValue(keyType: .string, valueType: .any)
        let entries: [(String, Value)] = [
          ("totalSize", .int(Int64(rows), .long)), ("sizeInMemory", .int(Int64(rows), .long)),
          ("sizeOnDisk", .int(Int64(rows), .long)), ("memoryOffset", .int(0, .long)), ("diskOffset", .int(0, .long)),
          ("asynWrite", .int(0, .bool)), ("compress", .int(0, .bool)), ("retentionMinutes", .int(1440, .long)),
          ("persistenceDir", .string(dir, .string)), ("hashValue", .int(0, .int)),
        ]
        for (k, v) in entries { try d.set(.string(k, .string), v) }
        return .dictionary(d)
      },
      // dropStreamTable(tableName): stops sharing it and removes what was persisted.
      Builtin("dropStreamTable", args: 1...1, parameterNames: ["tableName"]) { a throws(ScriptError) in
        let name = try a.text(0, "the shared name")
        let dir = try MvccTables.folder(home + "/persistence", name, a.machine)
        guard a.machine.sharedObjects.remove(name) else { throw ScriptError(RuntimeMessages.notShared(name)) }
        _ = a.machine.undefine(name)
        try remove(dir)
        return .void
      },
    ]
  }

  /// The shared table a persistence function is given (by value or by its shared name).
  static func sharedTable(_ a: CallArguments, _ function: String) throws(ScriptError) -> SharedTable {
    if case .object(let o) = a[0], let shared = o as? SharedTable { return shared }
    if let name = a[0].stringValue, let shared = a.machine.sharedObjects.table(name) { return shared }
    throw ScriptError(StorageMessages.persistenceNeedsSharedTable(function, a[0].typeString))
  }

  /// Persists `t` as `name`: rows saved by an earlier run come back into an empty table, then
  /// the table is saved and saves itself after each change.
  static func start(_ t: Table, name: String, home: String, _ m: Machine) throws(ScriptError) {
    let dir = try MvccTables.folder(home + "/persistence", name, m)
    // DolphinDB persists only stream tables: the table counts as one from now on (getStreamTables).
    t.markAsStream()
    if DurableFiles.exists(dir) || DurableFiles.exists(dir + ".old") {
      let saved = try MvccTables.load(dir)
      guard saved.names == t.names, saved.columns.map(\.type) == t.columns.map(\.type) else {
        throw ScriptError(StorageMessages.persistedSchemaDiffers(name, dir))
      }
      if t.rowCount == 0 { try t.append(columns: saved.columns, from: "the persisted rows") }
    }
    try MvccTables.save(t, to: dir)
    MvccTables.persist(t, to: dir)
  }

  /// Deletes a persisted table's folder and the leftovers of an interrupted save.
  static func remove(_ dir: String) throws(ScriptError) {
    for path in [dir, dir + ".old", dir + ".new"] { try DurableFiles.remove(path) }
  }
}
