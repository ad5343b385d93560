import ScriptRuntime

/// The script face of `DatabaseBackup` (administrators only, as `backup` and `restore`).
enum DatabaseBackupBuiltins {
  static func functions(_ cluster: DFSCluster) -> [Builtin] {
    [
      // backupDB(backupDir, dbPath): every table of the database; returns the partitions written.
      Builtin("backupDB", args: 2...2, parameterNames: ["backupDir", "dbPath"]) { a throws(ScriptError) in
        try a.machine.require(.admin("back up databases"))
        let dir = try BackupBuiltins.folder(a, 0, making: true)
        let database = try a.text(1, "the database path")
        var written = 0
        for name in try BackupBuiltins.allTables(cluster, database) {
          written += try DatabaseBackup.backupTable(cluster, a.machine, dir, database, name)
        }
        return .int(Int64(written), .int)
      },
      // backupTable(backupDir, dbPath, tableName): one table; returns the partitions written.
      Builtin("backupTable", args: 3...3, parameterNames: ["backupDir", "dbPath", "tableName"]) {
        a throws(ScriptError) in
        try a.machine.require(.admin("back up databases"))
        let dir = try BackupBuiltins.folder(a, 0, making: true)
        return .int(
          Int64(
            try DatabaseBackup.backupTable(
              cluster, a.machine, dir, try a.text(1, "the database path"), try a.text(2, "the table name"))), .int)
      },
      // restoreDB(backupDir, dbPath, [newDBPath]): every table of the backup, into the database
      // (or newDBPath), made from the backup when missing; returns the partitions restored.
      Builtin("restoreDB", args: 2...3, parameterNames: ["backupDir", "dbPath", "newDBPath"]) { a throws(ScriptError) in
        try a.machine.require(.admin("restore backups"))
        let dir = try BackupBuiltins.folder(a, 0, making: false)
        let database = try a.text(1, "the database path")
        let target = a.has(2) ? try a.text(2, "the new database path") : database
        var restored = 0
        for name in DatabaseBackup.backedUpTables(dir, database) {
          restored += try DatabaseBackup.restoreTable(cluster, a.machine, dir, database, name, target, name)
        }
        return .int(Int64(restored), .int)
      },
      // restoreTable(backupDir, dbPath, tableName, [newDBPath], [newTableName]).
      Builtin(
        "restoreTable", args: 3...5, parameterNames: ["backupDir", "dbPath", "tableName", "newDBPath", "newTableName"]
      ) { a throws(ScriptError) in
        try a.machine.require(.admin("restore backups"))
        let dir = try BackupBuiltins.folder(a, 0, making: false)
        let database = try a.text(1, "the database path")
        let name = try a.text(2, "the table name")
        let target = a.has(3) ? try a.text(3, "the new database path") : database
        let newName = a.has(4) ? try a.text(4, "the new table name") : name
        return .int(
          Int64(try DatabaseBackup.restoreTable(cluster, a.machine, dir, database, name, target, newName)), .int)
      },
      // migrate(backupDir, [backupDBPath], [backupTableName], [newDBPath], [newTableName]): the
      // backup's tables restored into new places; one row per table saying whether it worked.
      Builtin(
        "migrate", args: 1...5,
        parameterNames: ["backupDir", "backupDBPath", "backupTableName", "newDBPath", "newTableName"]
      ) { a throws(ScriptError) in
        try a.machine.require(.admin("restore backups"))
        let dir = try BackupBuiltins.folder(a, 0, making: false)
        let databases = a.has(1) ? [try a.text(1, "the backup's database path")] : DatabaseBackup.backedUpDatabases(dir)
        var rows: [(String, String, Bool, String)] = []
        for database in databases {
          let target = a.has(3) ? try a.text(3, "the new database path") : database
          let names =
            a.has(2) ? [try a.text(2, "the backup's table name")] : DatabaseBackup.backedUpTables(dir, database)
          for name in names {
            let newName = a.has(4) ? try a.text(4, "the new table name") : name
            do throws(ScriptError) {
              _ = try DatabaseBackup.restoreTable(cluster, a.machine, dir, database, name, target, newName)
              rows.append((target, newName, true, ""))
            } catch {
              rows.append((target, newName, false, error.message))
            }
          }
        }
        return .object(
          try Table(
            names: ["dbName", "tableName", "success", "errorMsg"],
            columns: [
              Vector(strings: rows.map(\.0)), Vector(strings: rows.map(\.1)),
              Vector(type: .bool, ints: rows.map { $0.2 ? 1 : 0 }), Vector(strings: rows.map(\.3)),
            ]))
      },
      // getBackupStatus([userName]): the backup and restore tasks of this node since it started;
      // a user sees their own, an administrator everyone's (or one user's).
      Builtin("getBackupStatus", args: 0...1, parameterNames: ["userName"]) { a throws(ScriptError) in
        try a.machine.require(.login("list backup tasks"))
        let me = a.machine.access?.userName ?? "guest"
        let isAdmin = (try? a.machine.require(.admin(""))) != nil
        let wanted: String? = isAdmin ? (a.has(0) ? try a.text(0, "the user name") : nil) : me
        let list = DatabaseBackup.tasks.withLock { $0[cluster.node] ?? [] }.filter {
          wanted == nil || $0.user == wanted
        }
        return .object(
          try Table(
            names: [
              "userName", "type", "startTime", "dbName", "tableName", "totalPartitions", "completedPartitions",
              "percentComplete", "endTime", "completed",
            ],
            columns: [
              Vector(strings: list.map(\.user)), Vector(strings: list.map(\.type)),
              Vector(type: .timestamp, ints: list.map(\.start)), Vector(strings: list.map(\.database)),
              Vector(strings: list.map(\.table)), Vector(type: .int, ints: list.map { Int64($0.total) }),
              Vector(type: .int, ints: list.map { Int64($0.completed) }),
              Vector(type: .int, ints: list.map { Int64($0.total == 0 ? 100 : $0.completed * 100 / $0.total) }),
              Vector(type: .timestamp, ints: list.map(\.end)),
              Vector(type: .int, ints: list.map { $0.finished ? 1 : 0 }),
            ]))
      },
    ]
  }
}
