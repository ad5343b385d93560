import ScriptRuntime

/// Partitioned in-memory tables: `db = database("", VALUE, 1..10)` then
/// `db.createPartitionedTable(t, `pt, `id)` (DolphinDB's "SEGMENTED IN-MEMORY TABLE").
///
/// The table is an ordinary in-memory table whose rows stay grouped by partition; this type
/// numbers the partitions of a scheme (VALUE in scheme order, RANGE by interval, HASH by bucket,
/// LIST by list, COMPO level by level) and gives the table the function that places rows.
enum InMemoryPartitions {
  /// An empty partitioned in-memory table with the template's columns.
  static func table(_ spec: PartitionSpec, template: Table, partitionColumns: [String]) throws(ScriptError) -> Table {
    let levels = spec.flattened
    guard partitionColumns.count == levels.count else {
      throw ScriptError(
        StorageMessages.inMemoryLevelCountMismatch(levels: levels.count, columns: partitionColumns.count))
    }
    var names: [String] = []
    for (col, level) in zip(partitionColumns, levels) {
      guard let k = template.columnIndex(col) else {
        throw ScriptError(StorageMessages.partitionColumnNotInTable(col, columns: template.names))
      }
      _ = try Partitioner.keyColumn(Vector.empty(template.columns[k].type), level)
      names.append(template.names[k])
    }
    let numbering = try Numbering(levels)
    let table = try Table(names: template.names, columns: template.columns.map { Vector.empty($0.type) })
    table.segmentation = Segmentation(
      columns: names, levels: levels.map(\.partitioning), partitions: numbering.partitions)
    // A keyed template makes every partition keyed: a row whose key is present replaces it.
    if !template.keyNames.isEmpty { try table.setKeys(template.keyNames) }
    return table
  }

  /// How one level numbers its partitions, and how many it has.
  struct LevelNumbering: Sendable {
    /// VALUE: each declared value's place in the scheme.
    let valueIndex: [StoredScalar: Int]?
    let width: Int

    init(_ level: PartitionSpec) {
      switch level.kind {
      case .value:
        var index: [StoredScalar: Int] = [:]
        for (i, v) in (level.scheme?.values ?? []).enumerated() where index[v] == nil { index[v] = i }
        valueIndex = index
        width = max(1, level.scheme?.values.count ?? 1)
      case .range:
        valueIndex = nil
        width = max(1, (level.scheme?.values.count ?? 2) - 1)
      case .hash:
        valueIndex = nil
        width = max(1, level.buckets ?? 1)
      case .list:
        valueIndex = nil
        width = max(1, level.lists?.count ?? 1)
      case .compo:
        valueIndex = nil
        width = 1
      }
    }

    /// A key's number at this level; nil when no partition of the level takes it.
    func number(_ key: Partitioner.Key) -> Int? {
      if let valueIndex { return valueIndex[key] }
      guard let k = key.int, k >= 0, k < Int64(width) else { return nil }
      return Int(k)
    }
  }

  /// Every level's numbering; refused when the levels together have more partitions than an
  /// Int numbers.
  struct Numbering: Sendable {
    let specs: [PartitionSpec]
    let levels: [LevelNumbering]

    /// The numbering of all levels, checked to fit.
    init(_ specs: [PartitionSpec]) throws(ScriptError) {
      self.specs = specs
      levels = specs.map(LevelNumbering.init)
      var total = 1
      for l in levels {
        let (product, overflow) = total.multipliedReportingOverflow(by: l.width)
        guard !overflow else { throw ScriptError(StorageMessages.inMemoryPartitionCountTooLarge()) }
        total = product
      }
    }

    /// How many partitions the levels make together.
    var count: Int { levels.reduce(1) { $0 * $1.width } }

    /// Each row's partition number (levels combined, the first most significant), -1 for a row
    /// that some level's partitions do not take.
    func partitions(_ keyColumns: [Vector]) throws(ScriptError) -> [Int] {
      let n = keyColumns.first?.count ?? 0
      var out = [Int](repeating: 0, count: n)
      for (l, (column, spec)) in zip(keyColumns, specs).enumerated() {
        let keys = try Partitioner.levelKeys(column, spec)
        // Number each distinct key once, not each row.
        let numbers = keys.distinct.map { levels[l].number($0) ?? -1 }
        let width = levels[l].width
        for i in 0..<n where out[i] >= 0 {
          let code = keys.codes[i]
          let k = code < 0 ? -1 : numbers[Int(code)]
          out[i] = k < 0 ? -1 : out[i] * width + k
        }
      }
      return out
    }
  }
}
