import Foundation
import PorpoiseSupport

/// The distributed catalog of a node on its own (the embedded node): the same records as in
/// ZooKeeper, kept in one JSON file per database under a folder. A file is replaced whole
/// (written, fsynced, renamed), so a reader sees one commit or the next, never half; writers
/// take an exclusive lock on the folder's lock file, so two processes on one home (the shell
/// and a batch job) commit one after the other, each checking the chunk versions it read, as
/// ZooKeeper's `multi` does.
public struct FileCatalog: DFSCatalog {
  public let folder: String
  /// Whether commits are fsynced (`dataSync`).
  public let sync: Bool

  /// Decoded documents by file, with the bytes they were decoded from: a table of 10,000
  /// partitions is a megabyte of JSON, which every lookup would otherwise decode again.
  let documents = DocumentCache()

  public init(folder: String, sync: Bool = true) {
    self.folder = folder
    self.sync = sync
  }

  /// One database's records: what a file holds.
  struct Document: Codable {
    var database: DatabaseRecord
    var tables: [TableRecord] = []
    /// By table, then partition: the record and its version (bumped by every change).
    var chunks: [String: [String: StoredChunk]] = [:]
  }

  struct StoredChunk: Codable {
    var record: ChunkRecord
    var version: Int32
  }

  func file(_ database: String) -> String { folder + "/" + CatalogPaths.encode(database) + ".json" }

  func read(_ database: String) throws(CatalogError) -> Document? {
    let path = file(database)
    guard FileAccess.isFile(path) else { return nil }
    guard let bytes = FileAccess.readBytes(path) else {
      throw CatalogError(.unavailable, DFSMessages.cannotReadFile(path))
    }
    if let d = documents.document(path, bytes) { return d }
    if let d = BinaryCache.read(path, json: bytes) {
      documents.keep(path, bytes, d)
      return d
    }
    let d: Document
    do { d = try JSONDecoder().decode(Document.self, from: Data(bytes)) } catch {
      throw CatalogError(.damaged, DFSMessages.damagedRecord(of: "database '\(database)'", at: path))
    }
    documents.keep(path, bytes, d)
    BinaryCache.write(path, json: bytes, d)
    return d
  }

  func write(_ d: Document) throws(CatalogError) {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let bytes: [UInt8]
    do { bytes = Array(try encoder.encode(d)) } catch {
      throw CatalogError(.damaged, "\(error)")
    }
    do { try DurableFile.replace(file(d.database.name), with: bytes, sync: sync) } catch {
      throw CatalogError(.unavailable, error.message)
    }
    documents.keep(file(d.database.name), bytes, d)
    BinaryCache.write(file(d.database.name), json: bytes, d)
  }

  /// Runs `body` holding the folder's write lock (across processes).
  func locked<T>(_ body: () throws(CatalogError) -> T) throws(CatalogError) -> T {
    do { try DurableFile.makeDirectory(folder) } catch { throw CatalogError(.unavailable, error.message) }
    return try DurableFile.withLock(folder + "/.lock", lockFailed: { CatalogError(.unavailable, $0.message) }, body)
  }

  public func databases() async throws(CatalogError) -> [String] {
    let names = FileAccess.list(folder) ?? []
    return names.filter { $0.hasSuffix(".json") }.compactMap { CatalogPaths.decode(String($0.dropLast(5))) }.sorted()
  }

  public func database(_ name: String) async throws(CatalogError) -> DatabaseRecord? { try read(name)?.database }

  public func createDatabase(_ record: DatabaseRecord) async throws(CatalogError) -> DatabaseRecord {
    try locked { () throws(CatalogError) -> DatabaseRecord in
      if let existing = try read(record.name) { return existing.database }
      try write(Document(database: record))
      return record
    }
  }

  public func replaceDatabase(_ expected: DatabaseRecord, with record: DatabaseRecord) async throws(CatalogError) {
    try locked { () throws(CatalogError) in
      guard var d = try read(record.name) else { throw CatalogError(.notFound, DFSMessages.noDatabase(record.name)) }
      guard d.database == expected else { throw CatalogError(.conflict, DFSMessages.databaseChanged(record.name)) }
      d.database = record
      try write(d)
    }
  }

  public func dropDatabase(_ name: String) async throws(CatalogError) {
    try locked { () throws(CatalogError) in
      guard try read(name) != nil else { throw CatalogError(.notFound, DFSMessages.noDatabase(name)) }
      do { try FileManager.default.removeItem(atPath: file(name)) } catch {
        throw CatalogError(.unavailable, "\(error)")
      }
      try? FileManager.default.removeItem(atPath: BinaryCache.path(file(name)))
    }
  }

  public func tables(_ database: String) async throws(CatalogError) -> [TableRecord] {
    (try read(database)?.tables ?? []).sorted { $0.name < $1.name }
  }

  public func createTable(_ database: String, _ table: TableRecord) async throws(CatalogError) {
    try locked { () throws(CatalogError) in
      guard var d = try read(database) else { throw CatalogError(.notFound, DFSMessages.noDatabase(database)) }
      guard !d.tables.contains(where: { $0.name == table.name }) else {
        throw CatalogError(.alreadyExists, DFSMessages.tableExists(table.name, database: database))
      }
      d.tables.append(table)
      try write(d)
    }
  }

  public func replaceTable(_ database: String, _ expected: TableRecord, with table: TableRecord)
    async throws(CatalogError)
  {
    try locked { () throws(CatalogError) in
      guard var d = try read(database), let i = d.tables.firstIndex(where: { $0.name == table.name }) else {
        throw CatalogError(.notFound, DFSMessages.noTable(table.name, database: database))
      }
      guard d.tables[i] == expected else { throw CatalogError(.conflict, DFSMessages.tableChanged(table.name)) }
      d.tables[i] = table
      try write(d)
    }
  }

  public func dropTable(_ database: String, _ table: String) async throws(CatalogError) {
    try locked { () throws(CatalogError) in
      guard var d = try read(database), d.tables.contains(where: { $0.name == table }) else {
        throw CatalogError(.notFound, DFSMessages.noTable(table, database: database))
      }
      d.tables.removeAll { $0.name == table }
      d.chunks[table] = nil
      try write(d)
    }
  }

  /// Every committed segment id, by chunk id, of every database (nil when a file cannot be
  /// read: then nothing is provably uncommitted).
  public func committedSegments() -> [String: Set<String>]? {
    var out: [String: Set<String>] = [:]
    for name in FileAccess.list(folder) ?? [] where name.hasSuffix(".json") {
      guard let db = CatalogPaths.decode(String(name.dropLast(5))), let d = try? read(db) else { return nil }
      for table in d.chunks.values {
        for c in table.values { out[c.record.chunkId, default: []].formUnion(c.record.segments.map(\.id)) }
      }
    }
    return out
  }

  public func chunks(_ database: String, _ table: String) async throws(CatalogError) -> [VersionedChunk] {
    let stored = try read(database)?.chunks[table] ?? [:]
    return stored.values.map { VersionedChunk(record: $0.record, storeVersion: $0.version) }
      .sorted { $0.record.partition < $1.record.partition }
  }

  public func chunk(_ database: String, _ table: String, _ partition: String) async throws(CatalogError)
    -> VersionedChunk?
  {
    try read(database)?.chunks[table]?[partition].map { VersionedChunk(record: $0.record, storeVersion: $0.version) }
  }

  public func commit(_ changes: [ChunkChange]) async throws(CatalogError) {
    guard !changes.isEmpty else { return }
    try locked { () throws(CatalogError) in
      // Every change is checked before any file is written: all or nothing, as a `multi`.
      var documents: [String: Document] = [:]
      for change in changes {
        let r = change.record
        if documents[r.database] == nil {
          guard let d = try read(r.database) else {
            throw CatalogError(.notFound, DFSMessages.noTable(r.table, database: r.database))
          }
          documents[r.database] = d
        }
        guard var d = documents[r.database], d.tables.contains(where: { $0.name == r.table }) else {
          throw CatalogError(.notFound, DFSMessages.noTable(r.table, database: r.database))
        }
        let current = d.chunks[r.table]?[r.partition]
        let conflict = CatalogError(
          .conflict, DFSMessages.chunkChangedByAnotherWriter(r.partition, database: r.database, table: r.table))
        switch change {
        case .create:
          guard current == nil else { throw conflict }
          d.chunks[r.table, default: [:]][r.partition] = StoredChunk(record: r, version: 0)
        case .update(_, let expected):
          guard let current, current.version == expected else { throw conflict }
          d.chunks[r.table, default: [:]][r.partition] = StoredChunk(record: r, version: current.version &+ 1)
        case .remove(_, let expected):
          guard let current, current.version == expected else { throw conflict }
          d.chunks[r.table]?[r.partition] = nil
        }
        documents[r.database] = d
      }
      // An append touches one table, so one file: its rename is the commit.
      for d in documents.values { try write(d) }
    }
  }
}
