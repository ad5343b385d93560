import ScriptRuntime

/// A typed scalar as stored in JSON metadata.
struct StoredScalar: Codable, Hashable {
  var type: UInt8
  var int: Int64?
  var double: Double?
  var string: String?

  init(type: UInt8, int: Int64?) {
    self.type = type
    self.int = int
  }

  init(_ v: Value) {
    type = v.type.rawValue
    switch v {
    case .int(let i, _): int = i
    case .double(let d, _): double = d
    case .string(let s, _): string = s
    default: break
    }
  }

  var value: Value {
    let t = DataType(rawValue: type) ?? .void
    if let int { return .int(int, t) }
    if let double { return .double(double, t) }
    if let string { return .string(string, t) }
    return .null(t)
  }
}

/// A typed vector as stored in JSON metadata (partition schemes).
struct StoredVector: Codable {
  var type: UInt8
  var values: [StoredScalar]

  init(_ v: Vector) {
    type = v.type.rawValue
    values = v.values.map(StoredScalar.init)
  }

  var vector: Vector {
    var out = Vector.empty(DataType(rawValue: type) ?? .int, capacity: values.count)
    for s in values { try? out.append(s.value) }
    return out
  }
}

/// How a database splits rows into partitions.
struct PartitionSpec: Codable {
  enum Kind: String, Codable {
    case value = "VALUE", range = "RANGE", hash = "HASH", list = "LIST", compo = "COMPO"
  }
  var kind: Kind
  /// VALUE: the values; RANGE: the boundaries.
  var scheme: StoredVector?
  /// LIST: the lists.
  var lists: [StoredVector]?
  /// HASH: the key type and the number of buckets.
  var hashType: UInt8?
  var buckets: Int?
  /// HASH: which hash function placed the rows (absent: version 1, from before version 2).
  var hashVersion: Int?
  /// COMPO: one spec per level.
  var levels: [PartitionSpec]?

  /// The element type of the scheme (what a partition column is converted to).
  var keyType: DataType {
    switch kind {
    case .value, .range: return scheme.flatMap { DataType(rawValue: $0.type) } ?? .int
    case .list: return lists?.first.flatMap { DataType(rawValue: $0.type) } ?? .int
    case .hash: return hashType.flatMap { DataType(rawValue: $0) } ?? .int
    case .compo: return .any
    }
  }

  /// The spec with no hash function version, at every level (for comparing schemes).
  var withoutHashVersion: PartitionSpec {
    var s = self
    s.hashVersion = nil
    s.levels = levels?.map(\.withoutHashVersion)
    return s
  }

  /// This level as `repartitionDS` splits by it; nil for LIST and COMPO.
  var partitioning: ColumnPartitioning? {
    switch kind {
    case .value: return scheme.map { .values($0.vector) }
    case .range: return scheme.map { .ranges($0.vector) }
    case .hash: return buckets.map { .buckets($0) }
    case .list, .compo: return nil
    }
  }

  /// Levels of partitioning (COMPO has two or three).
  var flattened: [PartitionSpec] { kind == .compo ? (levels ?? []) : [self] }

  /// Describes the spec for error messages (`VALUE on DATE`).
  var summary: String {
    kind == .compo
      ? "COMPO of " + flattened.map(\.summary).joined(separator: ", ") : "\(kind.rawValue) on \(keyType.name)"
  }
}

/// A database's metadata (`database.json`).
struct DatabaseSpec: Codable {
  var version = 1
  var partition: PartitionSpec
  var engine: String
  var atomic: String
}

/// A table's columns and partition columns (`schema.json`).
struct TableSchema: Codable {
  var names: [String]
  var types: [UInt8]
  var partitionColumns: [String]
  /// `setColumnComment`: a comment per column ("" for none; absent before any was set).
  var comments: [String]?
  /// `setTableComment`.
  var tableComment: String?
  /// Element types; an array vector column (`DOUBLE[]`) is stored as its element's code + 64.
  var dataTypes: [DataType] {
    types.map {
      DataType(rawValue: DataType.isArrayCode(Int64($0)) ? $0 - UInt8(DataType.arrayCodeOffset) : $0) ?? .int
    }
  }
  /// Whether each column is an array vector.
  var arrayColumns: [Bool] { types.map { DataType.isArrayCode(Int64($0)) } }
  /// An empty column of column `k`'s type and kind.
  func emptyColumn(_ k: Int) -> Vector { arrayColumns[k] ? .emptyArray(dataTypes[k]) : .empty(dataTypes[k]) }

  /// Column `k` of an append converted to the column's type and kind: a plain vector appended
  /// to an array column gives a row of one per element.
  func converted(_ c: Vector, _ k: Int) throws(ScriptError) -> Vector {
    let type = dataTypes[k]
    if arrayColumns[k] && !c.isArrayVector {
      var rows = Vector.emptyArray(type)
      try rows.append(contentsOf: c.type == type ? c : try Cast.vector(c, to: type))
      return rows
    }
    if !arrayColumns[k] && c.isArrayVector { throw ScriptError(RuntimeMessages.arrayVectorIntoPlain(type.name)) }
    return c.type == type ? c : try Cast.vector(c, to: type)
  }
}

/// The committed state of a table: which segment files hold its rows (`manifest.json`).
/// Appends write new segment folders, then replace this file: that rename is the commit.
struct Manifest: Codable {
  var version = 0
  var nextSegment = 1
  var partitions: [PartitionEntry] = []

  var rowCount: Int { partitions.reduce(0) { $0 + $1.segments.reduce(0) { $0 + $1.rows } } }
}

/// One partition: its folder, its key per level, and its segments in append order.
struct PartitionEntry: Codable {
  var dir: String
  var keys: [StoredScalar]
  var segments: [SegmentEntry]
}

/// One append's rows within one partition.
struct SegmentEntry: Codable {
  var id: Int
  var rows: Int
  /// File name to checksum (hex).
  var checksums: [String: String]
}
