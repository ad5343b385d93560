import Dispatch
import Foundation
import ScriptRuntime

/// Partitioned databases on the local disk, under a home folder.
///
/// `dfs://name` lives in `<home>/dfs/name`; any other path is used as it is. A database folder
/// holds `database.json` and `tables/<name>/` with `schema.json`, `manifest.json` and one
/// folder per partition holding immutable segments (one per append). The manifest lists the
/// committed segments; replacing it (write, fsync, rename, fsync) commits an append across all
/// its partitions at once, and segments it does not list are removed when the table is opened.
public final class StorageEngine: @unchecked Sendable {
  /// The node's home folder.
  public let home: String
  /// What an append does with a value outside a VALUE scheme: `add`, `skip` or `fail`.
  public var newValuePartitionPolicy: String
  /// fsync data and metadata before an append returns (`dataSync=1`).
  public var dataSync: Bool
  private let lock = NSLock()
  /// Where warnings go (rows skipped by the `skip` policy).
  public var warn: (@Sendable (String) -> Void)?

  /// Decoded segment columns kept between queries, shared by the process's sessions.
  let columns = ColumnCache.shared

  public init(home: String, newValuePartitionPolicy: String = "add", dataSync: Bool = true) {
    self.home = home
    self.newValuePartitionPolicy = newValuePartitionPolicy
    self.dataSync = dataSync
  }

  /// Bounds the columns the process keeps in memory between queries (0 keeps none).
  public static func setCacheBudget(bytes: Int) { ColumnCache.shared.budget = bytes }

  /// The folder of a database path.
  func directory(for path: String) -> String {
    if path.hasPrefix("dfs://") { return home + "/dfs/" + path.dropFirst("dfs://".count) }
    return path
  }

  /// Whether this engine holds a database at `path` (a `dfs://` one made before the embedded
  /// node's went through the catalog, or a disk path).
  public func hasDatabase(_ path: String) -> Bool { exists(path) }

  func exists(_ path: String) -> Bool {
    guard let path = try? canonical(path) else { return false }
    return DurableFiles.exists(directory(for: path) + "/database.json")
  }

  /// Reads a metadata file (database, schema, manifest): its JSON, checked against the
  /// checksum line that ends it, as column files are against the manifest. A flipped byte
  /// (a partition key, a row count) must be an error, never a silently wrong answer.
  func readJSON<T: Decodable>(_ type: T.Type, _ path: String) throws(ScriptError) -> T {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ScriptError(RuntimeMessages.cannotRead(path))
    }
    let bytes = [UInt8](data)
    let json: ArraySlice<UInt8>
    switch MetadataChecksum.split(bytes) {
    case .verified(let body): json = body
    case .mismatch: throw ScriptError(StorageMessages.metadataChecksumMismatch(path))
    case .absent: json = bytes[...]  // written before metadata had checksums
    }
    do { return try JSONDecoder().decode(type, from: Data(json)) } catch {
      throw ScriptError(StorageMessages.corruptMetadata(path, error.localizedDescription))
    }
  }

  func writeJSON<T: Encodable>(_ value: T, _ path: String) throws(ScriptError) {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let data: Data
    do { data = try encoder.encode(value) } catch { throw ScriptError(StorageMessages.cannotEncode(path)) }
    try DurableFiles.replace(path, with: MetadataChecksum.sealed([UInt8](data)), sync: dataSync)
  }

  // MARK: Databases

  /// Opens a database, creating it when a spec is given and it does not exist yet.
  func database(_ given: String, spec: DatabaseSpec?) throws(ScriptError) -> DatabaseHandle {
    let path = try canonical(given)
    return try locked { () throws(ScriptError) -> DatabaseHandle in
      let dir = directory(for: path)
      if exists(path) {
        let stored = try readJSON(DatabaseSpec.self, dir + "/database.json")
        if let spec, !StorageEngine.sameSpec(stored.partition, spec.partition) {
          throw ScriptError(
            StorageMessages.databaseSchemeConflict(
              path, stored: stored.partition.summary, given: spec.partition.summary)
          )
        }
        return DatabaseHandle(engine: self, path: path, spec: stored)
      }
      guard let spec else { throw ScriptError(StorageMessages.noDatabase(path)) }
      try DurableFiles.makeDirectory(dir + "/tables")
      try writeJSON(spec, dir + "/database.json")
      return DatabaseHandle(engine: self, path: path, spec: spec)
    }
  }

  /// Whether a database's stored scheme is the one `database(...)` was given again. Which hash
  /// function placed the rows is the database's own business, not part of the scheme.
  static func sameSpec(_ a: PartitionSpec, _ b: PartitionSpec) -> Bool {
    guard a.kind == b.kind, a.keyType == b.keyType else { return false }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return (try? encoder.encode(a.withoutHashVersion)) == (try? encoder.encode(b.withoutHashVersion))
  }

  func dropDatabase(_ given: String) throws(ScriptError) {
    let path = try canonical(given)
    try locked { () throws(ScriptError) in
      guard exists(path) else { throw ScriptError(StorageMessages.noDatabase(path)) }
      try DurableFiles.remove(directory(for: path))
      columns.forget(under: directory(for: path) + "/")
    }
  }

  /// `dfs://` databases under the home folder.
  func dfsDatabases() -> [String] {
    DurableFiles.list(home + "/dfs").filter { DurableFiles.exists(home + "/dfs/" + $0 + "/database.json") }
      .map { "dfs://" + $0 }
  }

  func locked<R>(_ body: () throws(ScriptError) -> R) throws(ScriptError) -> R {
    lock.lock()
    defer { lock.unlock() }
    return try body()
  }

  // MARK: Tables

  func tableDirectory(_ db: DatabaseHandle, _ name: String) -> String {
    directory(for: db.path) + "/tables/" + name
  }

  func tableNames(_ db: DatabaseHandle) -> [String] {
    DurableFiles.list(directory(for: db.path) + "/tables").filter {
      DurableFiles.exists(tableDirectory(db, $0) + "/schema.json")
    }
  }

  func createTable(_ db: DatabaseHandle, _ name: String, _ template: Table, partitionColumns: [String])
    throws(ScriptError) -> TableHandle
  {
    try locked { () throws(ScriptError) -> TableHandle in
      try StorageEngine.checkTableName(name)
      let dir = tableDirectory(db, name)
      if DurableFiles.exists(dir + "/schema.json") {
        throw ScriptError(StorageMessages.tableExists(name, database: db.path))
      }
      let schema = try StorageEngine.tableSchema(
        db.spec, database: db.path, template: template, partitionColumns: partitionColumns)
      try DurableFiles.makeDirectory(dir)
      try writeJSON(Manifest(), dir + "/manifest.json")
      try writeJSON(schema, dir + "/schema.json")
      return TableHandle(engine: self, database: db, name: name, schema: schema)
    }
  }

  /// The schema of a new table of a database: the template's columns, with partition columns
  /// that exist in it, one per partition level, of types the levels can key.
  static func tableSchema(
    _ spec: DatabaseSpec, database: String, template: Table, partitionColumns: [String], allowsArrays: Bool = false
  ) throws(ScriptError) -> TableSchema {
    let levels = spec.partition.flattened
    // Array vector columns are kept by the cluster's segments (`dfs://`), not by local files.
    if !allowsArrays, let k = template.columns.firstIndex(where: \.isArrayVector) {
      throw ScriptError(StorageMessages.arrayColumnNotStored(template.names[k], template.columns[k].typeName))
    }
    if !partitionColumns.isEmpty {
      guard partitionColumns.count == levels.count else {
        throw ScriptError(
          StorageMessages.partitionLevelCountMismatch(database, levels: levels.count, columns: partitionColumns.count)
        )
      }
      for (col, level) in zip(partitionColumns, levels) {
        guard let c = template.column(col) else {
          throw ScriptError(
            StorageMessages.partitionColumnNotInTable(col, columns: template.names)
          )
        }
        guard !c.isArrayVector else { throw ScriptError(StorageMessages.arrayPartitionColumn(col)) }
        _ = try Partitioner.keyColumn(Vector.empty(c.type), level)
      }
    }
    return TableSchema(
      names: template.names, types: template.columns.map { UInt8(truncatingIfNeeded: $0.typeCode) },
      partitionColumns: partitionColumns.map { col in
        template.names.first { $0.lowercased() == col.lowercased() } ?? col
      })
  }

  func loadTable(_ db: DatabaseHandle, _ name: String) throws(ScriptError) -> TableHandle {
    try StorageEngine.checkTableName(name)
    let dir = tableDirectory(db, name)
    guard DurableFiles.exists(dir + "/schema.json") else {
      throw ScriptError(StorageMessages.noTable(name, database: db.path))
    }
    let schema = try readJSON(TableSchema.self, dir + "/schema.json")
    let handle = TableHandle(engine: self, database: db, name: name, schema: schema)
    try locked { () throws(ScriptError) in try recover(handle) }
    return handle
  }

  func dropTable(_ db: DatabaseHandle, _ name: String) throws(ScriptError) {
    try StorageEngine.checkTableName(name)
    try locked { () throws(ScriptError) in
      let dir = tableDirectory(db, name)
      guard DurableFiles.exists(dir + "/schema.json") else {
        throw ScriptError(StorageMessages.noTable(name, database: db.path))
      }
      try DurableFiles.remove(dir)
      columns.forget(under: dir + "/")
    }
  }

  func manifest(_ t: TableHandle) throws(ScriptError) -> Manifest {
    try readJSON(Manifest.self, tableDirectory(t.database, t.name) + "/manifest.json")
  }

  /// Removes what a crashed append left: segment folders the manifest does not list.
  func recover(_ t: TableHandle) throws(ScriptError) {
    let dir = tableDirectory(t.database, t.name)
    let m = try manifest(t)
    var live = Set<String>()
    for p in m.partitions { for s in p.segments { live.insert(p.dir + "/s\(s.id)") } }
    func sweep(_ rel: String, depth: Int) throws(ScriptError) {
      for entry in DurableFiles.list(rel.isEmpty ? dir : dir + "/" + rel) {
        let path = rel.isEmpty ? entry : rel + "/" + entry
        if entry.hasSuffix(".tmp") {
          try DurableFiles.remove(dir + "/" + path)
        } else if entry.hasPrefix("s"), Int(entry.dropFirst()) != nil, depth > 0 {
          if !live.contains(path) { try DurableFiles.remove(dir + "/" + path) }
        } else if FileAccessCheck.isDirectory(dir + "/" + path), depth < 4 {
          try sweep(path, depth: depth + 1)
        }
      }
    }
    try sweep("", depth: 0)
  }

  /// Drops whole partitions of a table (their rows disappear in one commit).
  func dropPartitions(_ t: TableHandle, matching keep: (PartitionEntry) -> Bool) throws(ScriptError) -> Int {
    try locked { () throws(ScriptError) -> Int in
      try DurableFiles.withLock(directory(for: t.database.path) + "/LOCK") { () throws(ScriptError) -> Int in
        var m = try manifest(t)
        let before = m.partitions.count
        let doomed = m.partitions.filter { !keep($0) }
        m.partitions = m.partitions.filter(keep)
        m.version += 1
        let dir = tableDirectory(t.database, t.name)
        try writeJSON(m, dir + "/manifest.json")
        for p in doomed { try DurableFiles.remove(dir + "/" + p.dir) }
        return before - m.partitions.count
      }
    }
  }
}

/// A directory test through the C library (Foundation's needs an inout Bool).
enum FileAccessCheck {
  static func isDirectory(_ path: String) -> Bool {
    var isDir: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
  }
}
