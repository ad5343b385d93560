import Foundation
import PorpoiseSupport
import ScriptRuntime
import Synchronization
import TableStorage

/// Whole databases and tables backed up and restored (DolphinDB 2.00.8's `backupDB`,
/// `backupTable`, `restoreDB`, `restoreTable`, `migrate`), and the tasks `getBackupStatus`
/// lists. A backup keeps the database's catalog record (`database.json`: its partition scheme
/// and engine) and each table's (`table.json`: its columns and partitioning) beside the
/// partitions, so a restore can make the database and tables again, under other names too.
enum DatabaseBackup {
  /// One backup or restore of one table, as `getBackupStatus` shows it.
  struct Task: Sendable {
    var user: String
    var type: String
    var start: Int64
    var end: Int64
    var database: String
    var table: String
    var total: Int
    var completed: Int
    var finished: Bool
  }

  /// Each node's tasks since it started, oldest first (at most `maxTasks`).
  static let tasks = Mutex<[String: [Task]]>([:])
  static let maxTasks = 10_000

  /// Records a task; returns its place, for `update`.
  static func begin(_ cluster: DFSCluster, _ task: Task) -> Int {
    tasks.withLock { all in
      var list = all[cluster.node] ?? []
      if list.count >= maxTasks { list.removeFirst(list.count - maxTasks + 1) }
      list.append(task)
      all[cluster.node] = list
      return list.count - 1
    }
  }

  static func update(_ cluster: DFSCluster, _ index: Int, completed: Int, total: Int, finished: Bool, now: Int64) {
    tasks.withLock { all in
      guard var list = all[cluster.node], index < list.count else { return }
      list[index].completed = completed
      list[index].total = total
      list[index].finished = finished
      list[index].end = now
      all[cluster.node] = list
    }
  }

  // MARK: Catalog records in a backup

  static func databaseFile(_ dir: String, _ database: String) -> String {
    PartitionBackup.databaseFolder(dir, database) + "/database.json"
  }

  static func tableFile(_ dir: String, _ database: String, _ table: String) -> String {
    PartitionBackup.tableFolder(dir, database, table) + "/table.json"
  }

  /// Keeps the database's and the table's records beside the table's partitions.
  static func saveRecords(_ cluster: DFSCluster, _ dir: String, _ database: String, _ table: String)
    throws(ScriptError)
  {
    let catalog = cluster.catalog
    let (db, tables) = try cluster.wait { () async throws(CatalogError) in
      (try await catalog.database(database), try await catalog.tables(database))
    }
    guard let db, let record = tables.first(where: { $0.name == table }) else { return }
    do throws(FileError) {
      try DurableFile.makeDirectory(PartitionBackup.tableFolder(dir, database, table))
      try DurableFile.replace(databaseFile(dir, database), with: try json(db), sync: true)
      try DurableFile.replace(tableFile(dir, database, table), with: try json(record), sync: true)
    } catch {
      throw ScriptError(DFSMessages.backupNotWritten(PartitionBackup.tableFolder(dir, database, table), error.message))
    }
  }

  static func json<T: Encodable>(_ value: T) throws(FileError) -> [UInt8] {
    do { return Array(try JSONEncoder().encode(value)) } catch { throw FileError("cannot encode \(error)") }
  }

  static func read<T: Decodable>(_ type: T.Type, _ path: String) -> T? {
    guard let bytes = FileAccess.readBytes(path) else { return nil }
    return try? JSONDecoder().decode(type, from: Data(bytes))
  }

  /// The tables a database's backup holds (the folders with partitions or a table record).
  static func backedUpTables(_ dir: String, _ database: String) -> [String] {
    let folder = PartitionBackup.databaseFolder(dir, database)
    return (FileAccess.list(folder) ?? []).filter { FileAccess.isDirectory(folder + "/" + $0) }.sorted()
  }

  /// The databases a backup folder holds.
  static func backedUpDatabases(_ dir: String) -> [String] {
    let root = dir.hasSuffix("/") ? String(dir.dropLast()) : dir
    return (FileAccess.list(root) ?? []).filter { FileAccess.isFile(root + "/" + $0 + "/database.json") }.sorted()
      .map { "dfs://" + $0 }
  }

  /// The table `newTable` of `newDatabase`, made first (database, then table) from the backup's
  /// records of `database`.`table` when it does not exist.
  static func target(
    _ cluster: DFSCluster, _ m: Machine, _ dir: String, _ database: String, _ table: String, _ newDatabase: String,
    _ newTable: String
  ) throws(ScriptError) -> (DFSTable, sameScheme: Bool) {
    let catalog = cluster.catalog
    let (db, tables) = try cluster.wait { () async throws(CatalogError) in
      let d = try await catalog.database(newDatabase)
      return (d, d == nil ? [] : try await catalog.tables(newDatabase))
    }
    let savedDB = read(DatabaseRecord.self, databaseFile(dir, database))
    let savedTable = read(TableRecord.self, tableFile(dir, database, table))
    var scheme = db?.scheme
    if db == nil {
      guard var record = savedDB else { throw ScriptError(DFSMessages.backupWithoutRecords(database, newDatabase)) }
      record.name = newDatabase
      record.createdBy = m.access?.userName ?? ""
      record.createdAt = Int64(Date().timeIntervalSince1970 * 1000)
      record.retention = nil
      let new = record
      let made = try cluster.wait { () async throws(CatalogError) in try await catalog.createDatabase(new) }
      scheme = made.scheme
    }
    if !tables.contains(where: { $0.name == newTable }) {
      guard var record = savedTable else { throw ScriptError(DFSMessages.backupWithoutRecords(database, newDatabase)) }
      record.name = newTable
      record.addedColumns = nil
      let new = record
      try cluster.wait { () async throws(CatalogError) in try await catalog.createTable(newDatabase, new) }
    }
    let loaded = try BackupBuiltins.dfsTable(m, newDatabase, newTable)
    let same = savedDB.map { DatabaseScheme.same($0.scheme, scheme ?? "") } ?? (database == newDatabase)
    return (loaded, same)
  }

  /// Restores one table of a backup into `newDatabase`.`newTable` (made when missing), as
  /// `restoreTable` does: partition by partition, the target left as the backup was.
  static func restoreTable(
    _ cluster: DFSCluster, _ m: Machine, _ dir: String, _ database: String, _ table: String, _ newDatabase: String,
    _ newTable: String
  ) throws(ScriptError) -> Int {
    let now = { m.clock.nowNanoseconds() / 1_000_000 }
    let total = try PartitionBackup.partitions(dir, database, table).count
    guard total > 0 || FileAccess.isFile(tableFile(dir, database, table)) else {
      throw ScriptError(DFSMessages.noTableInBackup(database, table))
    }
    let (target, same) = try target(cluster, m, dir, database, table, newDatabase, newTable)
    let task = begin(
      cluster,
      Task(
        user: m.access?.userName ?? "guest", type: "RESTORE_BY_COPY_FILE", start: now(), end: now(),
        database: newDatabase, table: newTable, total: total, completed: 0, finished: false))
    let restored = try PartitionBackup.restore(
      dir, database, table, "%", into: target, force: false, snapshot: same, replacing: same
    ) { done, of in update(cluster, task, completed: done, total: of, finished: false, now: now()) }
    update(cluster, task, completed: restored.count, total: restored.count, finished: true, now: now())
    return restored.count
  }

  /// Backs up one table whole, as `backupTable` does: changed partitions are written, and
  /// partitions the table no longer has are removed from the backup.
  static func backupTable(_ cluster: DFSCluster, _ m: Machine, _ dir: String, _ database: String, _ table: String)
    throws(ScriptError) -> Int
  {
    let now = { m.clock.nowNanoseconds() / 1_000_000 }
    let source = try BackupBuiltins.dfsTable(m, database, table)
    let chunks = try source.partitionChunks()
    let task = begin(
      cluster,
      Task(
        user: m.access?.userName ?? "guest", type: "BACKUP_BY_COPY_FILE", start: now(), end: now(),
        database: database, table: table, total: chunks.count, completed: 0, finished: false))
    try saveRecords(cluster, dir, database, table)
    let written = try PartitionBackup.backup(source, chunks, to: dir, force: false, now: now())
    let live = Set(chunks.map(\.partition))
    for (place, meta) in try PartitionBackup.partitions(dir, database, table) where !live.contains(meta.partition) {
      _ = FileAccess.removeFile(place + "/meta.json")
      _ = FileAccess.removeFile(place + "/data.seg")
      _ = FileAccess.removeEmptyDirectory(place)
    }
    update(cluster, task, completed: chunks.count, total: chunks.count, finished: true, now: now())
    return written
  }
}
