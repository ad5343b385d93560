import ScriptRuntime

/// The rows of one append, grouped by the partition each goes to.
struct PartitionGroups {
  /// Each partition's folder path (`20170807/key3`), its key per level, and its rows in order.
  var groups: [(path: String, keys: [Partitioner.Key], rows: [Int])]
  /// Rows no partition takes (left out under `newValuePartitionPolicy=skip`).
  var skipped: Int
}

/// Sends each row of an append to its partition, applying the new-value policy to rows whose
/// value no declared partition holds (`add` makes a partition, `skip` leaves the row out,
/// `fail` refuses the append). Where the partitions live is the caller's business: the local
/// engine's manifest, or the cluster's catalog.
enum PartitionRouter {
  /// `rowKeys` holds each level's key of every row (code -1: no partition of that level takes it);
  /// `existing` the partitions already there (a new value that is one of them is not new).
  static func group(
    _ rowKeys: [Partitioner.LevelKeys], levels: [PartitionSpec], rows n: Int, existing: Set<String>, policy: String,
    database: String
  ) throws(ScriptError) -> PartitionGroups {
    // Group rows by partition, keeping their order; apply the new-value policy. Keys come
    // interned per level, so names and checks happen once per distinct key, not per row.
    var groups: [(path: String, keys: [Partitioner.Key], rows: [Int])] = []
    var skipped = 0
    var unknown: Partitioner.Key?
    let levelCodes = rowKeys.map(\.codes)
    let levelKeys = rowKeys.map(\.distinct)
    // One number per row for its combination of level keys (-1: no partition takes it).
    var combined = [Int64](repeating: 0, count: n)
    for (l, codes) in levelCodes.enumerated() {
      let width = Int64(max(1, levelKeys[l].count))
      for i in 0..<n {
        combined[i] = combined[i] < 0 || codes[i] < 0 ? -1 : combined[i] * width + Int64(codes[i])
      }
    }
    var groupIndex: [Int64: Int] = [:]
    var rejected = Set<Int64>()
    var lastCombo: Int64 = -2
    var lastGroup = 0
    rows: for i in 0..<n {
      let combo = combined[i]
      if combo < 0 || rejected.contains(combo) {
        skipped += 1
        continue rows
      }
      if combo == lastCombo {
        groups[lastGroup].rows.append(i)
        continue rows
      }
      if let g = groupIndex[combo] {
        groups[g].rows.append(i)
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
      groups.append((path, keys, [i]))
    }
    if let unknown {
      throw ScriptError(
        StorageMessages.valueOutsideScheme(ValueFormatter.plain(unknown.value), database: database)
      )
    }
    if skipped > 0 && policy != "skip" {
      throw ScriptError(
        StorageMessages.rowsWithoutPartition(skipped)
      )
    }
    return PartitionGroups(groups: groups, skipped: skipped)
  }
}
