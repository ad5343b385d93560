/// Why a catalog call failed, in words a script shows.
public struct CatalogError: Error, Sendable, CustomStringConvertible {
  public enum Kind: Sendable, Equatable {
    /// Another writer changed what this one read (a chunk's version, a new chunk placed first).
    case conflict
    case notFound
    case alreadyExists
    /// The catalog's store cannot be reached now.
    case unavailable
    /// A record does not parse.
    case damaged
  }

  public let kind: Kind
  public let message: String

  public init(_ kind: Kind, _ message: String) {
    self.kind = kind
    self.message = message
  }

  public var description: String { message }
}

/// A chunk record and the version of the znode (or file) it was read from: what a writer
/// must name to replace it.
public struct VersionedChunk: Sendable, Equatable {
  public var record: ChunkRecord
  public var storeVersion: Int32

  public init(record: ChunkRecord, storeVersion: Int32) {
    self.record = record
    self.storeVersion = storeVersion
  }
}

/// One chunk's part in a commit.
public enum ChunkChange: Sendable {
  /// A new chunk: fails (as a conflict) if another writer placed it first.
  case create(ChunkRecord)
  /// A new version of a chunk, applied only if it is still the version read.
  case update(ChunkRecord, expected: Int32)
  /// Removes a chunk (`dropPartition`), only if it is still the version read.
  case remove(ChunkRecord, expected: Int32)

  var record: ChunkRecord {
    switch self {
    case .create(let r), .update(let r, _), .remove(let r, _): return r
    }
  }
}

extension DFSCatalog {
  /// Every chunk of every table of every database (the walk recovery, clean-up and the
  /// cluster-wide chunk functions make).
  public func allChunks() async throws(CatalogError) -> [VersionedChunk] {
    var out: [VersionedChunk] = []
    for db in try await databases() {
      for t in try await tables(db) { out += try await chunks(db, t.name) }
    }
    return out
  }
}

/// The metadata of the distributed databases: which exist, their tables, and every chunk's
/// committed segments and replicas. In a cluster it lives in ZooKeeper (`CoordinationCatalog`),
/// the source of truth every node reads; a commit is one atomic transaction over every chunk it
/// touches, so an append's partitions become visible together or not at all.
public protocol DFSCatalog: Sendable {
  func databases() async throws(CatalogError) -> [String]
  func database(_ name: String) async throws(CatalogError) -> DatabaseRecord?
  /// Creates the database, or returns the record already there (the caller compares schemes).
  func createDatabase(_ record: DatabaseRecord) async throws(CatalogError) -> DatabaseRecord
  /// Removes the database with its tables and chunks.
  func dropDatabase(_ name: String) async throws(CatalogError)
  /// Replaces a database's record (its retention policy) if it is still `expected`.
  func replaceDatabase(_ expected: DatabaseRecord, with record: DatabaseRecord) async throws(CatalogError)
  func tables(_ database: String) async throws(CatalogError) -> [TableRecord]
  /// Creates a table; `alreadyExists` if one of that name is there.
  func createTable(_ database: String, _ table: TableRecord) async throws(CatalogError)
  /// Removes a table with its chunks.
  func dropTable(_ database: String, _ table: String) async throws(CatalogError)
  /// Replaces a table's record (its schema, after `addColumn`) if it is still `expected`;
  /// `conflict` when another change came first, `notFound` when it is gone.
  func replaceTable(_ database: String, _ expected: TableRecord, with table: TableRecord) async throws(CatalogError)
  /// Every chunk of a table, sorted by partition.
  func chunks(_ database: String, _ table: String) async throws(CatalogError) -> [VersionedChunk]
  /// One chunk of a table, by partition; nil when there is none.
  func chunk(_ database: String, _ table: String, _ partition: String) async throws(CatalogError) -> VersionedChunk?
  /// Applies every change or none. A `conflict` names the first chunk another writer changed.
  func commit(_ changes: [ChunkChange]) async throws(CatalogError)
}
