/// A `dfs://` database as the whole cluster knows it: one record, whatever node made it.
/// `scheme` is the storage engine's own description of the partitioning (JSON), kept opaque
/// here: the catalog stores and compares it, the engine interprets it.
public struct DatabaseRecord: Codable, Sendable, Equatable {
  public var name: String
  public var scheme: String
  public var engine: String
  public var atomic: String
  public var createdBy: String
  public var createdAt: Int64
  /// `setRetentionPolicy`: how long partitions are kept (nil: for ever).
  public var retention: RetentionPolicy?

  public init(name: String, scheme: String, engine: String, atomic: String, createdBy: String, createdAt: Int64) {
    self.name = name
    self.scheme = scheme
    self.engine = engine
    self.atomic = atomic
    self.createdBy = createdBy
    self.createdAt = createdAt
  }
}

/// A table of a distributed database: its columns as the engine describes them (opaque JSON).
public struct TableRecord: Codable, Sendable, Equatable {
  public var name: String
  public var schema: String
  /// Columns added after the table was made (`addColumn`): segments written before lack them.
  public var addedColumns: [String]?

  public init(name: String, schema: String, addedColumns: [String]? = nil) {
    self.name = name
    self.schema = schema
    self.addedColumns = addedColumns
  }
}

/// One append's rows within one chunk: an immutable, checksummed file set on every replica.
public struct SegmentRecord: Codable, Sendable, Equatable {
  public var id: String
  public var rows: Int
  public var bytes: Int
  /// The checksum a replica verifies after writing or copying the segment.
  public var checksum: String

  public init(id: String, rows: Int, bytes: Int, checksum: String) {
    self.id = id
    self.rows = rows
    self.bytes = bytes
    self.checksum = checksum
  }
}

/// A data node holding a copy of a chunk, and the chunk version its copy has.
public struct ReplicaRecord: Codable, Sendable, Equatable {
  public var alias: String
  public var version: Int

  public init(alias: String, version: Int) {
    self.alias = alias
    self.version = version
  }
}

/// One partition of one table (DolphinDB's chunk): its committed segments and where its
/// replicas are. `version` counts commits; a replica whose version is lower is stale and
/// catches up by copying the segments it lacks.
public struct ChunkRecord: Codable, Sendable, Equatable {
  public enum State: String, Codable, Sendable {
    /// Every replica has every committed segment.
    case complete = "COMPLETE"
    /// Some replica lags and is being (or waits to be) caught up.
    case recovering = "RECOVERING"
  }

  public var chunkId: String
  public var database: String
  public var table: String
  /// The partition's path within the table (`20170807/key3` for a COMPO partition).
  public var partition: String
  /// The partition's key per level, as the storage engine writes them (JSON): what a query
  /// prunes by.
  public var keys: String = ""
  public var version: Int
  public var segments: [SegmentRecord]
  public var replicas: [ReplicaRecord]
  public var lastUpdated: Int64

  public init(
    chunkId: String, database: String, table: String, partition: String, keys: String = "", version: Int = 0,
    segments: [SegmentRecord] = [], replicas: [ReplicaRecord], lastUpdated: Int64
  ) {
    self.chunkId = chunkId
    self.database = database
    self.table = table
    self.partition = partition
    self.keys = keys
    self.version = version
    self.segments = segments
    self.replicas = replicas
    self.lastUpdated = lastUpdated
  }

  public var state: State { replicas.allSatisfy { $0.version == version } ? .complete : .recovering }
  public var rows: Int { segments.reduce(0) { $0 + $1.rows } }
  public var bytes: Int { segments.reduce(0) { $0 + $1.bytes } }
  /// The replicas that have every committed segment: the ones a query may read.
  public var currentReplicas: [String] { replicas.filter { $0.version == version }.map(\.alias) }
}
