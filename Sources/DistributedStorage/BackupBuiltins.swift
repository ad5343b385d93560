import PorpoiseSupport
import ScriptRuntime
import ScriptSyntax
import TableStorage

/// The script face of `PartitionBackup`. Backing up and restoring need an administrator (a
/// restore rewrites partitions; a backup copies every row out of the access rules).
enum BackupBuiltins {
  static func functions(_ cluster: DFSCluster) -> [Builtin] {
    DatabaseBackupBuiltins.functions(cluster) + [
      // backup(backupDir, dbPath | <select * from loadTable(db, t) [where ...]>, [force=false],
      // [parallel], [snapshot], [tableName], [partition]): the partitions of the table (or every
      // table of the database, or those `tableName` and `partition` pick) that the query's
      // condition touches; returns how many were written.
      Builtin(
        "backup", args: 2...7,
        parameterNames: ["backupDir", "dbPath|sqlObj", "force", "parallel", "snapshot", "tableName", "partition"]
      ) { a throws(ScriptError) in
        try a.machine.require(.admin("back up databases"))
        let dir = try folder(a, 0, making: true)
        let force = a.has(2) && a[2].isTruthy
        let now = a.machine.clock.nowNanoseconds() / 1_000_000
        if case .object(let o) = a[1], let code = o as? MetaCode {
          let (table, conditions) = try query(code, a.machine)
          var chosen: [ChunkRecord] = []
          for chunk in try table.partitionChunks() {
            if conditions.isEmpty {
              chosen.append(chunk)
            } else if try touches(table.rows(of: chunk), conditions, code, a.machine) {
              chosen.append(chunk)
            }
          }
          return .int(Int64(try PartitionBackup.backup(table, chosen, to: dir, force: force, now: now)), .int)
        }
        guard case .string(let database, _) = a[1], database.hasPrefix("dfs://") else {
          throw ScriptError(DFSMessages.backupNeedsQueryOfTable(a[1].typeString))
        }
        let names = try tables(cluster, a, 5, database)
        let pattern = a.has(6) ? try a.text(6, "the partition") : "%"
        var written = 0
        for name in names {
          let table = try dfsTable(a.machine, database, name)
          let chosen = try table.partitionChunks().filter { PartitionBackup.matches($0.partition, database, pattern) }
          written += try PartitionBackup.backup(table, chosen, to: dir, force: force, now: now)
        }
        return .int(Int64(written), .int)
      },
      // restore(backupDir, dbPath, tableName, partition, [force=false], [outputTable], [parallel],
      // [snapshot=false]): puts the backed-up partitions matching `partition` (`%` for all) back;
      // without force, those whose chunk is still the one backed up are left alone. With snapshot
      // and `%`, the table's rows in partitions the backup does not have are removed too. Returns
      // the partitions restored. `parallel` gives what a serial restore gives.
      Builtin(
        "restore", args: 4...8,
        parameterNames: [
          "backupDir", "dbPath", "tableName", "partition", "force", "outputTable", "parallel", "snapshot",
        ]
      ) { a throws(ScriptError) in
        try a.machine.require(.admin("restore backups"))
        let dir = try folder(a, 0, making: false)
        let database = try a.text(1, "the database path")
        let name = try a.text(2, "the table name")
        let pattern = try a.text(3, "the partition")
        let force = a.has(4) && a[4].isTruthy
        var target = try dfsTable(a.machine, database, name)
        if a.has(5) {
          guard case .object(let o) = a[5], let t = o as? DFSTable else {
            throw ScriptError(DFSMessages.backupNeedsQueryOfTable(a[5].typeString))
          }
          target = t
        }
        let restored = try PartitionBackup.restore(
          dir, database, name, pattern, into: target, force: force, snapshot: a.has(7) && a[7].isTruthy,
          replacing: target.database == database && target.name == name)
        // As DolphinDB lists them: `dfs://db/20170810/0_50/<physical index>` (the table's name here).
        return .vector(Vector(strings: restored.map { database + PartitionBackup.shown($0) + "/" + name }))
      },
      // getBackupList(backupDir, dbPath, tableName): one row per partition backed up.
      Builtin("getBackupList", args: 3...3, parameterNames: ["backupDir", "dbPath", "tableName"]) {
        a throws(ScriptError) in
        try a.machine.require(.admin("list backups"))
        let dir = try folder(a, 0, making: false)
        let database = try a.text(1, "the database path")
        let found = try PartitionBackup.partitions(dir, database, try a.text(2, "the table name"))
        let metas = found.map(\.meta)
        return .object(
          try Table(
            names: ["chunkID", "chunkPath", "cid", "rows", "updateTime"],
            columns: [
              Vector(strings: metas.map(\.chunkId)),
              Vector(
                strings: metas.map {
                  "/" + $0.database.dropFirst("dfs://".count) + PartitionBackup.shown($0.partition) + "/" + $0.table
                }
              ),
              Vector(type: .long, ints: metas.map { Int64($0.version) }),
              Vector(type: .long, ints: metas.map { Int64($0.rows) }),
              Vector(type: .timestamp, ints: metas.map(\.backedUpAt)),
            ]))
      },
      // getBackupMeta(backupDir, dbPath, partition, tableName): one partition's backup.
      Builtin(
        "getBackupMeta", args: 4...4, parameterNames: ["backupDir", "dbPath", "partition", "tableName"]
      ) { a throws(ScriptError) in
        try a.machine.require(.admin("read backups"))
        let dir = try folder(a, 0, making: false)
        let meta = try PartitionBackup.partition(
          dir, try a.text(1, "the database path"), try a.text(3, "the table name"), try a.text(2, "the partition")
        ).meta
        var d = DictionaryValue(keyType: .string, valueType: .any)
        let schema = try Table(
          names: ["name", "typeString"], columns: [Vector(strings: meta.columns), Vector(strings: meta.types)])
        try d.set(.string("schema", .string), .object(schema))
        try d.set(
          .string("dfsPath", .string),
          .string("/" + meta.database.dropFirst(6) + PartitionBackup.shown(meta.partition) + "/" + meta.table, .string))
        try d.set(.string("rows", .string), .int(Int64(meta.rows), .long))
        try d.set(.string("chunkID", .string), .string(meta.chunkId, .string))
        try d.set(.string("cid", .string), .int(Int64(meta.version), .long))
        return .dictionary(d)
      },
      // loadBackup(backupDir, dbPath, partition, tableName): one partition's backed-up rows.
      Builtin("loadBackup", args: 4...4, parameterNames: ["backupDir", "dbPath", "partition", "tableName"]) {
        a throws(ScriptError) in
        try a.machine.require(.admin("read backups"))
        let dir = try folder(a, 0, making: false)
        let (place, meta) = try PartitionBackup.partition(
          dir, try a.text(1, "the database path"), try a.text(3, "the table name"), try a.text(2, "the partition"))
        return .object(try PartitionBackup.readData(place, meta))
      },
      // checkBackup(backupDir, dbPath, [tableName], [partition]): the partitions whose backup
      // does not read back as it was written (empty when all do).
      Builtin("checkBackup", args: 2...4, parameterNames: ["backupDir", "dbPath", "tableName", "partition"]) {
        a throws(ScriptError) in
        try a.machine.require(.admin("check backups"))
        let dir = try folder(a, 0, making: false)
        let database = try a.text(1, "the database path")
        let names = try tables(cluster, a, 2, database)
        let pattern = a.has(3) ? try a.text(3, "the partition") : "%"
        var bad: [(String, String, String)] = []
        for name in names {
          for (place, meta) in try PartitionBackup.partitions(dir, database, name)
          where PartitionBackup.matches(meta.partition, database, pattern) {
            do throws(ScriptError) { _ = try PartitionBackup.readData(place, meta) } catch {
              bad.append((name, PartitionBackup.shown(meta.partition), error.message))
            }
          }
        }
        return .object(
          try Table(
            names: ["dbName", "tableName", "partition", "reason"],
            columns: [
              Vector(strings: bad.map { _ in database }), Vector(strings: bad.map(\.0)),
              Vector(strings: bad.map(\.1)), Vector(strings: bad.map(\.2)),
            ]))
      },
    ]
  }

  /// The backup folder argument, resolved as the session resolves paths and kept out of the
  /// node's own folders by the file built-ins' guard (`mkdir` makes it, `exists` checks it).
  static func folder(_ a: CallArguments, _ i: Int, making: Bool) throws(ScriptError) -> String {
    let given = try a.text(i, "the backup folder")
    let path = a.machine.host?.resolvePath(given) ?? given
    _ = try a.machine.call(function: making ? "mkdir" : "exists", [.string(path, .string)])
    return path
  }

  /// The table argument `i` names, or every table of the database without one.
  static func tables(_ cluster: DFSCluster, _ a: CallArguments, _ i: Int, _ database: String) throws(ScriptError)
    -> [String]
  {
    if a.has(i) { return [try a.text(i, "the table name")] }
    return try allTables(cluster, database)
  }

  /// Every table of a database, by name.
  static func allTables(_ cluster: DFSCluster, _ database: String) throws(ScriptError) -> [String] {
    let catalog = cluster.catalog
    return try cluster.wait { () async throws(CatalogError) in try await catalog.tables(database) }.map(\.name)
  }

  /// A `dfs://` table opened as the session opens it.
  static func dfsTable(_ m: Machine, _ database: String, _ name: String) throws(ScriptError) -> DFSTable {
    let v = try m.call(function: "loadTable", [.string(database, .string), .string(name, .string)])
    guard case .object(let o) = v, let t = o as? DFSTable else {
      throw ScriptError(DFSMessages.backupNeedsQueryOfTable(v.typeString))
    }
    return t
  }

  /// The table of `select ... from loadTable(...) where ...` and its conditions.
  static func query(_ code: MetaCode, _ m: Machine) throws(ScriptError) -> (DFSTable, [Expr]) {
    guard case .sql(.query(let q)) = code.expr.kind, let from = q.from else {
      throw ScriptError(DFSMessages.backupNeedsQueryOfTable("CODE of another kind"))
    }
    let source = try m.evaluate(MetaCode(from, bindings: code.bindings, labels: code.labels))
    guard case .object(let o) = source, let table = o as? DFSTable else {
      throw ScriptError(DFSMessages.backupNeedsQueryOfTable(source.typeString))
    }
    return (table, q.whereClause)
  }

  /// Whether any of a partition's rows meets the conditions.
  static func touches(_ rows: Table, _ conditions: [Expr], _ code: MetaCode, _ m: Machine) throws(ScriptError) -> Bool {
    let key = "backup partition rows"
    var bindings = code.bindings
    bindings[key] = .object(rows)
    let range = code.expr.range
    let star = SelectColumn(expr: Expr(.name("*"), range), alias: nil, isStar: true)
    let q = SelectQuery(
      isExec: false, distinct: false, top: nil, columns: [star], from: Expr(.bound(key), range),
      whereClause: conditions, groupBy: [], isContextBy: false, having: [], orderBy: [], limit: nil)
    let found = try m.evaluate(MetaCode(Expr(.sql(.query(q)), range), bindings: bindings, labels: code.labels))
    if case .object(let o) = found, let t = o as? Table { return t.rowCount > 0 }
    return false
  }
}
