import Foundation
import ScriptRuntime

/// One partition's rows of an append, routed: where they go and their columns.
public struct RoutedPartition {
  /// The partition's path within the table (`20170807/key3`).
  public let path: String
  /// The partition's key per level, as JSON (what `PartitionLayout.mayMatch` reads).
  public let keys: String
  /// The append's columns (converted to the table's types), and which of their rows go here
  /// (nil: all of them).
  public let source: [Vector]
  public let picked: [Int]?
  public let rows: Int
  /// This partition's rows, gathered when asked for: an append to many partitions holds one
  /// partition's copy at a time, not a copy of the whole append.
  public var columns: [Vector] { picked.map { p in source.map { $0.gather(p) } } ?? source }
}

/// A partitioned table's layout outside the local engine (the cluster's catalog keeps it as
/// JSON): the database's scheme and the table's columns. Routes an append's rows to
/// partitions and prunes partitions for a query exactly as the local engine does, so a
/// distributed table and an embedded one put and find rows alike.
public struct PartitionLayout {
  let spec: DatabaseSpec
  let schema: TableSchema

  init(spec: DatabaseSpec, schema: TableSchema) {
    self.spec = spec
    self.schema = schema
  }

  /// The layout of JSON the catalog kept (`scheme` from `schemeJSON`, `schema` from `schemaJSON`).
  public init(scheme: String, schema: String) throws(ScriptError) {
    do {
      spec = try JSONDecoder().decode(DatabaseSpec.self, from: Data(scheme.utf8))
      self.schema = try JSONDecoder().decode(TableSchema.self, from: Data(schema.utf8))
    } catch {
      throw ScriptError(StorageMessages.corruptMetadata("the cluster catalog", error.localizedDescription))
    }
  }

  /// The layout with columns added at the end (`addColumn`); a name already there is refused.
  public func addingColumns(_ names: [String], _ types: [DataType]) throws(ScriptError) -> PartitionLayout {
    var s = schema
    for (name, type) in zip(names, types) {
      guard !s.names.contains(where: { $0.lowercased() == name.lowercased() }) else {
        throw ScriptError(RuntimeMessages.duplicateColumn(name))
      }
      s.names.append(name)
      s.types.append(type.rawValue)
    }
    return PartitionLayout(spec: spec, schema: s)
  }

  /// Each column's comment ("" for none).
  public var columnComments: [String] {
    let given = schema.comments ?? []
    return schema.names.indices.map { $0 < given.count ? given[$0] : "" }
  }
  public var tableComment: String { schema.tableComment ?? "" }

  /// The layout with comments set on the columns named (any capitals) and, if given, on the
  /// table; a name that is no column is refused.
  public func commenting(columns: [String: String], table: String?) throws(ScriptError) -> PartitionLayout {
    var s = schema
    var comments = columnComments
    for (name, text) in columns {
      guard let k = s.names.firstIndex(where: { $0.lowercased() == name.lowercased() }) else {
        throw ScriptError(RuntimeMessages.unknownColumn(name, known: s.names))
      }
      comments[k] = text
    }
    s.comments = comments.allSatisfy(\.isEmpty) ? nil : comments
    if let table { s.tableComment = table.isEmpty ? nil : table }
    return PartitionLayout(spec: spec, schema: s)
  }

  public var schemeJSON: String { PartitionLayout.json(spec) }
  public var schemaJSON: String { PartitionLayout.json(schema) }
  public var columnNames: [String] { schema.names }
  public var columnTypes: [DataType] { schema.dataTypes }
  /// The type of the column named `name` (any capitals); nil when there is none.
  public func columnType(_ name: String) -> DataType? {
    schema.names.firstIndex { $0.lowercased() == name.lowercased() }.map { schema.dataTypes[$0] }
  }
  /// DolphinDB's type codes, 64 + the element's for an array vector column (`DOUBLE[]`).
  public var columnTypeCodes: [Int64] { schema.types.map { Int64($0) } }
  /// The table's columns, empty, of their types and kinds.
  public var emptyColumns: [Vector] { schema.names.indices.map { schema.emptyColumn($0) } }
  public var partitionColumns: [String] { schema.partitionColumns }
  /// The level of the scheme that partitions `column` (any capitals); nil for none or LIST.
  public func partitioning(of column: String) -> ColumnPartitioning? {
    let levels = spec.partition.flattened
    guard let k = partitionColumns.firstIndex(where: { $0.lowercased() == column.lowercased() }), k < levels.count
    else { return nil }
    return levels[k].partitioning
  }
  /// The storage engine the database was created with (`OLAP`, `TSDB`).
  public var engine: String { spec.engine }

  static func json<T: Encodable>(_ value: T) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
  }

  /// Converts an append's columns to the table's types and sends each row to its partition,
  /// applying `policy` to values outside the scheme. Returns the partitions in the order
  /// their first row came, and how many rows `skip` left out.
  public func route(
    _ given: [Vector], existing: Set<String>, policy: String, table: String, database: String, source: String
  ) throws(ScriptError) -> (partitions: [RoutedPartition], skipped: Int) {
    let (columns, rowKeys, levels, n) = try Partitioner.prepare(
      given, schema: schema, partition: spec.partition, table: table, source: source)
    if n == 0 { return ([], 0) }
    let routed = try PartitionRouter.group(
      rowKeys, levels: levels, rows: n, existing: existing, policy: policy, database: database)
    let partitions = routed.groups.map { g in
      RoutedPartition(
        path: g.path, keys: PartitionLayout.json(g.keys),
        source: columns, picked: g.rows, rows: g.count)
    }
    return (partitions, routed.skipped)
  }

  /// `items` in the order a scan returns partitions (by key, level by level); `keys` gives an
  /// item's keys as `route` wrote them. Each item's keys are read once.
  public func sortedByKeys<T>(_ items: [T], _ keys: (T) -> String) -> [T] {
    let decoded = items.map { item -> (T, String, [StoredScalar]) in
      let text = keys(item)
      return (item, text, PartitionKeys.shared.decode(text) ?? [])
    }
    return decoded.sorted { a, b in
      for (p, q) in zip(a.2, b.2) {
        let c = Comparison.order(p.value, q.value)
        if c != 0 { return c < 0 }
      }
      return a.1 < b.1
    }.map(\.0)
  }

  /// A partition's keys as `dropPartition` names them (`2017.08.07/key3`); nil when unreadable.
  /// A partition's key at `level` (0 is the first), as the script value it is.
  public func key(_ keys: String, level: Int) -> Value? {
    guard let decoded = PartitionKeys.shared.decode(keys), level >= 0, level < decoded.count else { return nil }
    return decoded[level].value
  }

  /// What `schema(db)` shows of a scheme (`schemeJSON`): DolphinDB's partition type codes
  /// (VALUE 1, RANGE 2, LIST 3, COMPO 4, HASH 5), names and schemes, and the engine.
  public static func describe(scheme: String, path: String) -> [(String, Value)] {
    guard let spec = try? JSONDecoder().decode(DatabaseSpec.self, from: Data(scheme.utf8)) else { return [] }
    return describe(spec, path: path)
  }

  static func describe(_ spec: DatabaseSpec, path: String) -> [(String, Value)] {
    func code(_ k: PartitionSpec.Kind) -> Int64 {
      switch k {
      case .value: return 1
      case .range: return 2
      case .list: return 3
      case .compo: return 4
      case .hash: return 5
      }
    }
    func schema(_ p: PartitionSpec) -> Value {
      switch p.kind {
      case .hash: return .int(Int64(p.buckets ?? 0), .int)
      case .list: return .tuple((p.lists ?? []).map { .vector($0.vector) })
      case .compo: return .tuple((p.levels ?? []).map(schema))
      default: return p.scheme.map { .vector($0.vector) } ?? .void
      }
    }
    let p = spec.partition
    let levels = p.kind == .compo ? p.levels ?? [] : [p]
    var out: [(String, Value)] = []
    if p.kind == .compo {
      out.append(("partitionType", .vector(Vector(type: .int, ints: levels.map { code($0.kind) }))))
      out.append(("partitionTypeName", .vector(Vector(strings: levels.map(\.kind.rawValue)))))
    } else {
      out.append(("partitionType", .int(code(p.kind), .int)))
      out.append(("partitionTypeName", .string(p.kind.rawValue, .string)))
    }
    out.append(("partitionSchema", schema(p)))
    out.append(("partitionSites", .void))
    out.append(("databaseDir", .string(path, .string)))
    out.append(("engineType", .string(spec.engine, .string)))
    out.append(("atomic", .string(spec.atomic, .string)))
    out.append(("chunkGranularity", .string("TABLE", .string)))
    return out
  }

  /// The same for a database's scheme as the catalog keeps it (`schemeJSON`).
  public static func keyType(scheme: String, level: Int) -> DataType? {
    guard let spec = try? JSONDecoder().decode(DatabaseSpec.self, from: Data(scheme.utf8)) else { return nil }
    return PartitionLayout(spec: spec, schema: TableSchema(names: [], types: [], partitionColumns: [])).keyType(
      level: level)
  }

  /// The type of the keys at partitioning `level` (0 is the first; a scheme that is not COMPO
  /// has only that one); nil for a HASH or LIST level or one that is not there.
  public func keyType(level: Int) -> DataType? {
    let p = spec.partition
    let at: PartitionSpec?
    if p.kind == .compo {
      at = p.levels.flatMap { level >= 0 && level < $0.count ? $0[level] : nil }
    } else {
      at = level == 0 ? p : nil
    }
    return at?.scheme.flatMap { DataType(rawValue: $0.type) }
  }

  /// The partitioning level at which a group key — `column` as it is, or converted to
  /// `converted` (`date(DateTime)`) — has one value in each partition, the partition's key: a
  /// VALUE level on that column whose keys are the key's own values. A query then takes the
  /// key from the partition instead of reading and grouping the column. nil when the key
  /// varies within a partition.
  public func constantKeyLevel(column: String, converted: DataType?) -> Int? {
    let levels = schema.partitionColumns.isEmpty ? [] : spec.partition.flattened
    guard let level = schema.partitionColumns.firstIndex(where: { $0.lowercased() == column.lowercased() }),
      level < levels.count, levels[level].kind == .value,
      let k = schema.names.firstIndex(where: { $0.lowercased() == column.lowercased() }), !schema.arrayColumns[k]
    else { return nil }
    let (columnType, keyType) = (schema.dataTypes[k], levels[level].keyType)
    if let converted {
      // The partitioner converts a temporal column to the scheme's type as the conversion
      // built-in does; other conversions are not assumed to agree.
      return columnType.isTemporal && converted == keyType ? level : nil
    }
    return columnType == keyType || (columnType.isText && keyType.isText) ? level : nil
  }

  public func plainKeys(_ keys: String) -> String? {
    guard let decoded = PartitionKeys.shared.decode(keys) else { return nil }
    return decoded.map { ValueFormatter.plain($0.value) }.joined(separator: "/")
  }

  /// Whether the partition whose keys are `keys` (as `route` gave them) may hold rows that
  /// satisfy every predicate; true when the keys cannot be read (never skip by mistake).
  public func mayMatch(keys: String, _ predicates: [ColumnPredicate]) -> Bool {
    guard let decoded = PartitionKeys.shared.decode(keys) else { return true }
    return Partitioner.partitionMayMatch(decoded, schema: schema, partition: spec.partition, predicates)
  }
}
