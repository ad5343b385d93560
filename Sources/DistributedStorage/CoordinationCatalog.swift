import Coordination

/// The distributed catalog in ZooKeeper (or any `CoordinationClient`), under `CatalogPaths`.
/// Records are JSON documents; a commit is one `multi` that checks the version of every chunk
/// it replaces and creates every chunk it adds.
public struct CoordinationCatalog: DFSCatalog {
  /// The client of the live session (it changes after an expiry), or why there is none.
  let client: @Sendable () throws(CatalogError) -> any CoordinationClient

  public init(client: @escaping @Sendable () throws(CatalogError) -> any CoordinationClient) {
    self.client = client
  }

  /// Runs a registry call, its failure in the catalog's words.
  func call<T>(_ body: (any CoordinationClient) async throws(ZooKeeperError) -> T) async throws(CatalogError) -> T {
    let c = try client()
    do {
      return try await body(c)
    } catch {
      throw CoordinationCatalog.failure(error)
    }
  }

  static func failure(_ error: ZooKeeperError) -> CatalogError {
    error.isConnectionProblem || error.isSessionLost || error.code == ZooKeeperError.closing
      ? CatalogError(.unavailable, DFSMessages.catalogUnavailable(error))
      : CatalogError(.damaged, DFSMessages.catalogDamaged(error))
  }

  func document<T: Decodable>(_ type: T.Type, _ path: String, _ what: String) async throws(CatalogError) -> T? {
    let read = try await call { c throws(ZooKeeperError) in try await c.optionalBytes(path) }
    guard let (bytes, _) = read else { return nil }
    guard let value = ZNodeJSON.decode(type, bytes) else {
      throw CatalogError(.damaged, DFSMessages.damagedRecord(of: what, at: path))
    }
    return value
  }

  public func databases() async throws(CatalogError) -> [String] {
    let names = try await call { c throws(ZooKeeperError) in try await c.childrenIfAny(CatalogPaths.root) }
    return names.compactMap(CatalogPaths.decode).sorted()
  }

  public func database(_ name: String) async throws(CatalogError) -> DatabaseRecord? {
    try await document(DatabaseRecord.self, CatalogPaths.database(name), "database '\(name)'")
  }

  public func createDatabase(_ record: DatabaseRecord) async throws(CatalogError) -> DatabaseRecord {
    let path = CatalogPaths.database(record.name)
    let created = try await call { c throws(ZooKeeperError) -> Bool in
      try await c.createPath(CatalogPaths.root)
      do throws(ZooKeeperError) {
        try await c.multi([
          .create(path, data: ZNodeJSON.encode(record), mode: .persistent),
          .create(CatalogPaths.tables(record.name), data: [], mode: .persistent),
          .create(CatalogPaths.chunks(record.name), data: [], mode: .persistent),
        ])
        return true
      } catch {
        if error.code == ZooKeeperError.nodeExists { return false }
        throw error
      }
    }
    if created { return record }
    guard let existing = try await database(record.name) else {
      throw CatalogError(.conflict, DFSMessages.databaseDroppedWhileCreating(record.name))
    }
    return existing
  }

  public func replaceDatabase(_ expected: DatabaseRecord, with record: DatabaseRecord) async throws(CatalogError) {
    try await replace(CatalogPaths.database(record.name), expected, with: record) {
      CatalogError(.notFound, DFSMessages.noDatabase(record.name))
    } changed: {
      CatalogError(.conflict, DFSMessages.databaseChanged(record.name))
    }
  }

  /// Sets the record at `path` to `record` if it still holds `expected`, over the version read.
  func replace<T: Codable & Equatable>(
    _ path: String, _ expected: T, with record: T, missing: () -> CatalogError, changed: () -> CatalogError
  ) async throws(CatalogError) {
    let read = try await call { c throws(ZooKeeperError) in try await c.optionalBytes(path) }
    guard let (bytes, version) = read else { throw missing() }
    guard ZNodeJSON.decode(T.self, bytes) == expected else { throw changed() }
    // Set only over the version read: a change in between makes this one fail, not vanish.
    let replaced = try await call { c throws(ZooKeeperError) -> Bool in
      do throws(ZooKeeperError) {
        _ = try await c.set(path, data: ZNodeJSON.encode(record), version: version)
        return true
      } catch {
        if error.code == ZooKeeperError.badVersion || error.code == ZooKeeperError.noNode { return false }
        throw error
      }
    }
    if !replaced { throw changed() }
  }

  public func dropDatabase(_ name: String) async throws(CatalogError) {
    guard try await database(name) != nil else {
      throw CatalogError(.notFound, DFSMessages.noDatabase(name))
    }
    try await call { c throws(ZooKeeperError) in try await c.deleteTree(CatalogPaths.database(name)) }
  }

  public func tables(_ database: String) async throws(CatalogError) -> [TableRecord] {
    let names = try await call { c throws(ZooKeeperError) in try await c.childrenIfAny(CatalogPaths.tables(database)) }
    var out: [TableRecord] = []
    for name in names.sorted() {
      guard let table = CatalogPaths.decode(name) else { continue }
      if let r = try await document(TableRecord.self, CatalogPaths.table(database, table), "table '\(table)'") {
        out.append(r)
      }
    }
    return out
  }

  public func createTable(_ database: String, _ table: TableRecord) async throws(CatalogError) {
    let outcome = try await call { c throws(ZooKeeperError) -> Int32 in
      do throws(ZooKeeperError) {
        try await c.multi([
          .create(CatalogPaths.table(database, table.name), data: ZNodeJSON.encode(table), mode: .persistent),
          .create(CatalogPaths.chunks(database, table.name), data: [], mode: .persistent),
        ])
        return 0
      } catch {
        if error.code == ZooKeeperError.nodeExists || error.code == ZooKeeperError.noNode { return error.code }
        throw error
      }
    }
    if outcome == ZooKeeperError.nodeExists {
      throw CatalogError(.alreadyExists, DFSMessages.tableExists(table.name, database: database))
    }
    if outcome == ZooKeeperError.noNode { throw CatalogError(.notFound, DFSMessages.noDatabase(database)) }
  }

  public func replaceTable(_ database: String, _ expected: TableRecord, with table: TableRecord)
    async throws(CatalogError)
  {
    try await replace(CatalogPaths.table(database, table.name), expected, with: table) {
      CatalogError(.notFound, DFSMessages.noTable(table.name, database: database))
    } changed: {
      CatalogError(.conflict, DFSMessages.tableChanged(table.name))
    }
  }

  public func dropTable(_ database: String, _ table: String) async throws(CatalogError) {
    let path = CatalogPaths.table(database, table)
    let exists = try await call { c throws(ZooKeeperError) in try await c.exists(path) != nil }
    guard exists else { throw CatalogError(.notFound, DFSMessages.noTable(table, database: database)) }
    try await call { c throws(ZooKeeperError) in
      try await c.deleteTree(CatalogPaths.chunks(database, table))
      try await c.deleteTree(path)
    }
  }

  public func chunks(_ database: String, _ table: String) async throws(CatalogError) -> [VersionedChunk] {
    let folder = CatalogPaths.chunks(database, table)
    let names = try await call { c throws(ZooKeeperError) in try await c.childrenIfAny(folder) }
    var out: [VersionedChunk] = []
    for name in names {
      let path = folder + "/" + name
      let read = try await call { c throws(ZooKeeperError) in try await c.optionalBytes(path) }
      guard let (bytes, version) = read else { continue }
      guard let record = ZNodeJSON.decode(ChunkRecord.self, bytes) else {
        throw CatalogError(.damaged, DFSMessages.damagedChunkRecord(path))
      }
      out.append(VersionedChunk(record: record, storeVersion: version))
    }
    return out.sorted { $0.record.partition < $1.record.partition }
  }

  public func chunk(_ database: String, _ table: String, _ partition: String) async throws(CatalogError)
    -> VersionedChunk?
  {
    let path = CatalogPaths.chunk(database, table, partition)
    let read = try await call { c throws(ZooKeeperError) in try await c.optionalBytes(path) }
    guard let (bytes, version) = read else { return nil }
    guard let record = ZNodeJSON.decode(ChunkRecord.self, bytes) else {
      throw CatalogError(.damaged, DFSMessages.damagedChunkRecord(path))
    }
    return VersionedChunk(record: record, storeVersion: version)
  }

  public func commit(_ changes: [ChunkChange]) async throws(CatalogError) {
    guard !changes.isEmpty else { return }
    let operations: [ZooKeeperOperation] = changes.map { change in
      let r = change.record
      let path = CatalogPaths.chunk(r.database, r.table, r.partition)
      switch change {
      case .create: return .create(path, data: ZNodeJSON.encode(r), mode: .persistent)
      case .update(_, let expected): return .set(path, data: ZNodeJSON.encode(r), version: expected)
      case .remove(_, let expected): return .delete(path, version: expected)
      }
    }
    let c = try client()
    do {
      try await c.multi(operations)
    } catch {
      guard
        error.code == ZooKeeperError.badVersion || error.code == ZooKeeperError.nodeExists
          || error.code == ZooKeeperError.noNode
      else { throw CoordinationCatalog.failure(error) }
      let which = changes.first {
        CatalogPaths.chunk($0.record.database, $0.record.table, $0.record.partition) == error.path
      }
      let r = which?.record ?? changes[0].record
      // A new chunk whose table is gone: the table (or its database) was dropped meanwhile.
      if error.code == ZooKeeperError.noNode, case .create? = which {
        throw CatalogError(.notFound, DFSMessages.noTable(r.table, database: r.database))
      }
      throw CatalogError(
        .conflict, DFSMessages.chunkChangedByAnotherWriter(r.partition, database: r.database, table: r.table))
    }
  }
}

extension CoordinationClient {
  /// A znode's bytes and version, or nil when it does not exist.
  func optionalBytes(_ path: String) async throws(ZooKeeperError) -> ([UInt8], Int32)? {
    do {
      let (data, stat) = try await get(path)
      return (data, stat.version)
    } catch {
      if error.code == ZooKeeperError.noNode { return nil }
      throw error
    }
  }

  /// A znode's children, or none when it does not exist.
  func childrenIfAny(_ path: String) async throws(ZooKeeperError) -> [String] {
    do {
      return try await children(path)
    } catch {
      if error.code == ZooKeeperError.noNode { return [] }
      throw error
    }
  }

  /// Deletes a znode and everything under it, leaves first; a part already gone is skipped.
  func deleteTree(_ path: String) async throws(ZooKeeperError) {
    for child in try await childrenIfAny(path) { try await deleteTree(path + "/" + child) }
    do {
      try await delete(path)
    } catch {
      if error.code != ZooKeeperError.noNode { throw error }
    }
  }
}
