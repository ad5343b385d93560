import Foundation
import PorpoiseSupport
import ScriptRuntime
import ScriptSyntax
import TableStorage

/// Backups of `dfs://` tables, a partition at a time: `backup`, `restore`, `getBackupList`,
/// `getBackupMeta`, `loadBackup`, `checkBackup`.
///
/// A backup folder holds, per partition, `<db>/<table>/<partition path>/data.seg` (the rows as
/// a segment, every column checksummed) and `meta.json` (which chunk and version it came from,
/// its rows, the schema, the checksum of `data.seg`). A backup without `force` skips the
/// partitions whose chunk has not changed since the last one (the same chunk id and version);
/// a restore replaces each partition's rows with the backup's, checked before anything changes.
enum PartitionBackup {
  /// What `meta.json` holds.
  struct Meta: Codable {
    var database: String
    var table: String
    var partition: String
    var chunkId: String
    var version: Int
    var rows: Int
    var checksum: String
    var backedUpAt: Int64
    var columns: [String]
    var types: [String]
  }

  /// The folder of one database's backups.
  static func databaseFolder(_ dir: String, _ database: String) -> String {
    (dir.hasSuffix("/") ? String(dir.dropLast()) : dir) + "/" + database.dropFirst("dfs://".count)
  }

  /// The folder of one table's backups.
  static func tableFolder(_ dir: String, _ database: String, _ table: String) -> String {
    databaseFolder(dir, database) + "/" + table
  }

  /// A partition as DolphinDB names it in backups: `/20200103/10`.
  static func shown(_ partition: String) -> String { "/" + PartitionPath.dolphinForm(partition) }

  /// Whether a partition of `database` matches a `partition` argument (`%` any run of
  /// characters, `?` one; either spelling; with or without the leading `/` or the database).
  static func matches(_ partition: String, _ database: String, _ pattern: String) -> Bool {
    PartitionPath.matches(partition, database: database, pattern)
  }

  // MARK: Writing

  /// Backs up `chunks` of `table`; returns how many partitions were written.
  static func backup(_ table: DFSTable, _ chunks: [ChunkRecord], to dir: String, force: Bool, now: Int64)
    throws(ScriptError) -> Int
  {
    var written = 0
    let folder = tableFolder(dir, table.database, table.name)
    for chunk in chunks {
      let place = folder + "/" + chunk.partition
      if !force, let old = try? readMeta(place, ""), old.chunkId == chunk.chunkId, old.version == chunk.version,
        (try? readData(place, old)) != nil
      {
        continue
      }
      let rows = try table.rows(of: chunk)
      let bytes = try SegmentCodec.encode(names: rows.names, columns: rows.columns)
      let meta = Meta(
        database: table.database, table: table.name, partition: chunk.partition, chunkId: chunk.chunkId,
        version: chunk.version, rows: rows.rowCount, checksum: Checksum.hex(of: bytes), backedUpAt: now,
        columns: rows.names, types: rows.columns.map(\.type.name))
      do throws(FileError) {
        try DurableFile.makeDirectory(place)
        // The data first, then the meta that vouches for it: a backup cut short is never taken
        // for a whole one.
        try DurableFile.replace(place + "/data.seg", with: bytes, sync: true)
        let json: [UInt8]
        do { json = Array(try JSONEncoder().encode(meta)) } catch {
          throw FileError("cannot encode the backup of \(shown(chunk.partition)): \(error)")
        }
        try DurableFile.replace(place + "/meta.json", with: json, sync: true)
      } catch {
        throw ScriptError(DFSMessages.backupNotWritten(place, error.message))
      }
      written += 1
    }
    return written
  }

  // MARK: Reading

  /// A partition's meta; `label` names the partition in errors.
  static func readMeta(_ place: String, _ label: String) throws(ScriptError) -> Meta {
    guard let bytes = FileAccess.readBytes(place + "/meta.json") else {
      throw ScriptError(DFSMessages.backupMissing(label))
    }
    do { return try JSONDecoder().decode(Meta.self, from: Data(bytes)) } catch {
      throw ScriptError(DFSMessages.backupCorrupt(label, "meta.json does not parse"))
    }
  }

  /// How errors name a backed-up partition: `dfs://db/t /2024.05.02/0_4`.
  static func label(_ database: String, _ table: String, _ partition: String) -> String {
    "\(database)/\(table) \(shown(partition))"
  }

  /// A partition's backed-up rows, checked against the meta's checksum and row count.
  static func readData(_ folder: String, _ meta: Meta) throws(ScriptError) -> Table {
    let place = label(meta.database, meta.table, meta.partition)
    guard let bytes = FileAccess.readBytes(folder + "/data.seg") else {
      throw ScriptError(DFSMessages.backupCorrupt(place, "data.seg is missing"))
    }
    guard Checksum.hex(of: bytes) == meta.checksum else {
      throw ScriptError(DFSMessages.backupCorrupt(place, "data.seg does not match its checksum"))
    }
    let table: Table
    do throws(ScriptError) { table = try SegmentCodec.decode(bytes) } catch {
      throw ScriptError(DFSMessages.backupCorrupt(place, error.message))
    }
    guard table.rowCount == meta.rows, table.names == meta.columns else {
      throw ScriptError(DFSMessages.backupCorrupt(place, "data.seg does not hold the rows its meta names"))
    }
    return table
  }

  /// Every partition backed up for a table, in partition order: its folder and meta.
  static func partitions(_ dir: String, _ database: String, _ table: String) throws(ScriptError) -> [(
    place: String, meta: Meta
  )] {
    let folder = tableFolder(dir, database, table)
    guard FileAccess.isDirectory(folder) else { return [] }
    var found: [(String, Meta)] = []
    // Partition paths have one to three levels (COMPO); a folder with meta.json is one.
    var pending = [folder]
    while let next = pending.popLast() {
      if FileAccess.isFile(next + "/meta.json") {
        let partition = next.dropFirst(folder.count + 1)
        found.append((next, try readMeta(next, label(database, table, String(partition)))))
        continue
      }
      guard pending.count < 100_000 else { break }
      for name in FileAccess.list(next) ?? [] where FileAccess.isDirectory(next + "/" + name) {
        pending.append(next + "/" + name)
      }
    }
    return found.sorted { $0.1.partition < $1.1.partition }
  }

  /// Puts a table's backed-up partitions matching `pattern` into `target`: each replaces the
  /// partition of the same name (`replacing`, the target's scheme being the backup's), else is
  /// appended. Without `force`, a partition whose chunk is still the one backed up is left
  /// alone; with `snapshot` and `%`, the target's partitions the backup lacks are emptied. Every
  /// chosen partition is read and checked before any is changed. Returns those restored.
  static func restore(
    _ dir: String, _ database: String, _ name: String, _ pattern: String, into target: DFSTable, force: Bool,
    snapshot: Bool, replacing: Bool, progress: ((Int, Int) -> Void)? = nil
  ) throws(ScriptError) -> [String] {
    let sameTable = target.database == database && target.name == name
    let current = Dictionary(try target.partitionChunks().map { ($0.partition, $0) }) { x, _ in x }
    var chosen: [(partition: String, rows: Table)] = []
    let backedUp = try partitions(dir, database, name)
    for (place, meta) in backedUp where matches(meta.partition, database, pattern) {
      if !force, sameTable, let c = current[meta.partition], c.chunkId == meta.chunkId, c.version == meta.version {
        continue
      }
      let rows = try readData(place, meta)
      guard rows.names.map({ $0.lowercased() }) == target.columnNames.map({ $0.lowercased() }) else {
        throw ScriptError(
          DFSMessages.backupSchemaDiffers(label(database, name, meta.partition), "\(target.database)/\(target.name)"))
      }
      chosen.append((meta.partition, rows))
    }
    var extra: [String] = []
    if snapshot, pattern == "%", replacing {
      let held = Set(backedUp.map(\.meta.partition))
      extra = current.keys.filter { !held.contains($0) }.sorted()
    }
    for (k, (partition, rows)) in chosen.enumerated() {
      if replacing {
        try target.replacePartition(partition, with: rows)
      } else {
        try target.append(columns: rows.columns, from: "the backup")
      }
      progress?(k + 1, chosen.count)
    }
    for partition in extra {
      let empty = try Table(names: target.columnNames, columns: target.columnTypes.map { Vector.empty($0) })
      try target.replacePartition(partition, with: empty)
    }
    return chosen.map(\.partition)
  }

  /// The partition `partition` names in a table's backup.
  static func partition(_ dir: String, _ database: String, _ table: String, _ partition: String)
    throws(ScriptError) -> (place: String, meta: Meta)
  {
    let wanted = partition.hasPrefix("/") ? String(partition.dropFirst()) : partition
    let place = tableFolder(dir, database, table) + "/" + wanted
    let named = label(database, table, wanted)
    guard !wanted.split(separator: "/").contains(where: { $0 == ".." || $0 == "." }) else {
      throw ScriptError(DFSMessages.backupMissing(named))
    }
    if let meta = try? readMeta(place, named) { return (place, meta) }
    // Spelt as DolphinDB names its folders (`20170807/0_50`): found among the backup's partitions.
    if let found = try? partitions(dir, database, table).first(where: { PartitionPath.same($0.meta.partition, wanted) })
    {
      return found
    }
    return (place, try readMeta(place, named))
  }
}

extension DFSTable {
  /// Every row of one partition (chunk) of this table, with the table's columns.
  func rows(of chunk: ChunkRecord) throws(ScriptError) -> Table {
    let request = ChunkScanRequest(chunks: [], columns: nil, predicates: [], added: addedTypes)
    guard let found = try read([chunk], request)[chunk.chunkId] else {
      throw ScriptError(DFSMessages.chunkUnreadable(chunk.chunkId))
    }
    return try withSchema(try found.table, nil)
  }

  /// This table's chunks, in partition order.
  func partitionChunks() throws(ScriptError) -> [ChunkRecord] { try chosenChunks([]) }

  /// Replaces the rows of the partition `partition` with `rows` (which must all belong to it):
  /// the partition's chunk goes, then the rows are appended; if the append fails, the rows that
  /// were there are put back. `read` is the chunk as the caller read it, with its rows: a chunk
  /// changed since is refused rather than overwritten, and its rows are not read again.
  func replacePartition(_ partition: String, with rows: Table, read: (chunk: ChunkRecord, rows: Table)? = nil)
    throws(ScriptError)
  {
    let (catalog, database, name) = (cluster.catalog, database, self.name)
    let current = try cluster.wait { () async throws(CatalogError) in
      try await catalog.chunks(database, name).filter { $0.record.partition == partition }
    }
    let previous: [Table]
    if let read {
      guard current.count == 1, current[0].record.chunkId == read.chunk.chunkId,
        current[0].record.version == read.chunk.version
      else { throw ScriptError(DFSMessages.chunkChangedByAnotherWriter(partition, database: database, table: name)) }
      previous = [read.rows]
    } else {
      previous = try current.map { c throws(ScriptError) in try self.rows(of: c.record) }
    }
    let doomed = current.map { ChunkChange.remove($0.record, expected: $0.storeVersion) }
    if !doomed.isEmpty { try cluster.wait { () async throws(CatalogError) in try await catalog.commit(doomed) } }
    do {
      if rows.rowCount > 0 { try append(columns: rows.columns, from: "the backup") }
    } catch {
      for old in previous where old.rowCount > 0 { try? append(columns: old.columns, from: "the partition's rows") }
      throw error
    }
  }
}
