import ScriptRuntime

/// The rows of one append, grouped by the partition each goes to.
struct PartitionGroups {
  /// Each partition's folder path (`20170807/key3`), its key per level, its rows in order (nil:
  /// every row of the append, the commonest case, without a list of a million numbers), and how
  /// many they are.
  var groups: [(path: String, keys: [Partitioner.Key], rows: [Int]?, count: Int)]
  /// Rows left out: no partition takes them (a null key, a value outside every RANGE or LIST),
  /// or `newValuePartitionPolicy=skip` dropped their new values.
  var skipped: Int
}

/// Sends each row of an append to its partition, applying the new-value policy to rows whose
/// value no declared partition holds (`add` makes a partition, `skip` leaves the row out,
/// `fail` refuses the append). Rows no partition can take (a null key, a value outside every
/// RANGE or LIST) are left out, as DolphinDB does, unless the policy is `fail`. Where the
/// partitions live is the caller's business: the local engine's manifest, or the cluster's
/// catalog.
enum PartitionRouter {
  /// `rowKeys` holds each level's key of every row (code -1: no partition of that level takes it);
  /// `existing` the partitions already there (a new value that is one of them is not new).
  static func group(
    _ rowKeys: [Partitioner.LevelKeys], levels: [PartitionSpec], rows n: Int, existing: Set<String>, policy: String,
    database: String
  ) throws(ScriptError) -> PartitionGroups {
    // Group rows by partition, keeping their order; apply the new-value policy. Keys come
    // interned per level, so names and checks happen once per distinct key, not per row.
    var groups: [(path: String, keys: [Partitioner.Key], rows: [Int]?, count: Int)] = []
    var skipped = 0
    var outside = 0  // rows no partition can take: a null, or outside every RANGE or LIST
    var unknown: Partitioner.Key?
    let levelCodes = rowKeys.map(\.codes)
    let levelKeys = rowKeys.map(\.distinct)
    // The commonest append (a day's rows into a date-partitioned table) goes to one partition:
    // no per-row work beyond the interning already done.
    if n > 0, levelKeys.allSatisfy({ $0.count == 1 }), levelCodes.allSatisfy({ !$0.contains(-1) }) {
      return try single(
        levelKeys.map { $0[0] }, levels: levels, rows: n, existing: existing, policy: policy, database: database)
    }
    // One number per row for its combination of level keys (-1: no partition takes it).
    var combined = [Int64](repeating: 0, count: n)
    for (l, codes) in levelCodes.enumerated() {
      let width = Int64(max(1, levelKeys[l].count))
      for i in 0..<n {
        combined[i] = combined[i] < 0 || codes[i] < 0 ? -1 : combined[i] * width + Int64(codes[i])
      }
    }
    // Each row's group (-1: left out), and each group's row count; the row lists are made
    // after, each at its size (one append of a million rows is usually one partition).
    var rowGroup = [Int32](repeating: -1, count: n)
    var sizes: [Int] = []
    var groupIndex: [Int64: Int] = [:]
    var rejected = Set<Int64>()
    var lastCombo: Int64 = -2
    var lastGroup = 0
    rows: for i in 0..<n {
      let combo = combined[i]
      if combo == lastCombo {
        rowGroup[i] = Int32(lastGroup)
        sizes[lastGroup] += 1
        continue rows
      }
      if combo < 0 || rejected.contains(combo) {
        skipped += 1
        if combo < 0 { outside += 1 }
        continue rows
      }
      if let g = groupIndex[combo] {
        rowGroup[i] = Int32(g)
        sizes[g] += 1
        lastCombo = combo
        lastGroup = g
        continue rows
      }
      let keys = levels.indices.map { l in levelKeys[l][Int(levelCodes[l][i])] }
      let path =
        levels.isEmpty ? "all" : zip(keys, levels).map { Partitioner.directoryName($0.0, $0.1) }.joined(separator: "/")
      if !existing.contains(path) {
        if let undeclared = zip(keys, levels).first(where: { !Partitioner.isDeclared($0.0, $0.1) }) {
          switch policy {
          case "skip":
            rejected.insert(combo)
            skipped += 1
            continue rows
          case "fail":
            unknown = undeclared.0
            break rows
          default: break
          }
        }
      }
      groupIndex[combo] = groups.count
      lastCombo = combo
      lastGroup = groups.count
      rowGroup[i] = Int32(groups.count)
      sizes.append(1)
      groups.append((path, keys, [], 0))
    }
    if unknown == nil {
      for g in groups.indices { groups[g].count = sizes[g] }
      if groups.count == 1 && sizes[0] == n {
        groups[0].rows = nil
      } else {
        var lists = sizes.map { size in
          var rows: [Int] = []
          rows.reserveCapacity(size)
          return rows
        }
        for i in 0..<n where rowGroup[i] >= 0 { lists[Int(rowGroup[i])].append(i) }
        for g in groups.indices { groups[g].rows = lists[g] }
      }
    }
    if let unknown {
      throw ScriptError(
        StorageMessages.valueOutsideScheme(ValueFormatter.plain(unknown.value), database: database)
      )
    }
    // DolphinDB leaves out rows outside a RANGE scheme and writes the rest (the caller warns
    // how many); `fail` refuses the whole append instead.
    if outside > 0 && policy == "fail" {
      throw ScriptError(StorageMessages.rowsWithoutPartition(outside))
    }
    return PartitionGroups(groups: groups, skipped: skipped)
  }

  /// `group` of rows that all have `keys`: one partition, or none under the new-value policy.
  private static func single(
    _ keys: [Partitioner.Key], levels: [PartitionSpec], rows n: Int, existing: Set<String>, policy: String,
    database: String
  ) throws(ScriptError) -> PartitionGroups {
    let path =
      levels.isEmpty ? "all" : zip(keys, levels).map { Partitioner.directoryName($0.0, $0.1) }.joined(separator: "/")
    if !existing.contains(path),
      let undeclared = zip(keys, levels).first(where: { !Partitioner.isDeclared($0.0, $0.1) })
    {
      switch policy {
      case "skip": return PartitionGroups(groups: [], skipped: n)
      case "fail":
        throw ScriptError(
          StorageMessages.valueOutsideScheme(ValueFormatter.plain(undeclared.0.value), database: database))
      default: break
      }
    }
    return PartitionGroups(groups: [(path, keys, nil, n)], skipped: 0)
  }
}
