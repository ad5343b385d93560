import ScriptRuntime

extension StorageEngine {
  /// What an append did: rows written and rows left out by the `skip` policy.
  struct AppendResult {
    var written: Int
    var skipped: Int
  }

  /// Appends rows to a table: all of them become visible at once, or none (on any error or crash).
  func append(_ t: TableHandle, columns given: [Vector], from source: String) throws(ScriptError) -> AppendResult {
    let types = t.schema.dataTypes
    guard given.count == types.count else {
      throw ScriptError(
        StorageMessages.appendColumnCountMismatch(given.count, source: source, table: t.name, columns: types.count)
      )
    }
    var columns: [Vector] = []
    for (k, c) in given.enumerated() {
      do { columns.append(c.type == types[k] ? c : try Cast.vector(c, to: types[k])) } catch {
        throw ScriptError(StorageMessages.cannotAppendToColumn(t.schema.names[k], table: t.name, error.message))
      }
    }
    let n = columns.first?.count ?? 0
    if let bad = columns.first(where: { $0.count != n }) {
      throw ScriptError(RuntimeMessages.appendedLengthsDiffer(n, bad.count))
    }
    if n == 0 { return AppendResult(written: 0, skipped: 0) }

    // Partition keys of every row, level by level.
    let levels = t.schema.partitionColumns.isEmpty ? [] : t.database.spec.partition.flattened
    var rowKeys: [[Partitioner.Key?]] = []
    for (col, level) in zip(t.schema.partitionColumns, levels) {
      guard let k = t.schema.names.firstIndex(of: col) else {
        throw ScriptError(StorageMessages.partitionColumnMissing(col))
      }
      rowKeys.append(try Partitioner.keys(columns[k], level))
    }
    return try locked { () throws(ScriptError) -> AppendResult in
      try DurableFiles.withLock(directory(for: t.database.path) + "/LOCK") { () throws(ScriptError) -> AppendResult in
        try commit(t, columns, rowKeys, levels, rows: n)
      }
    }
  }

  private func commit(
    _ t: TableHandle, _ columns: [Vector], _ rowKeys: [[Partitioner.Key?]], _ levels: [PartitionSpec], rows n: Int
  ) throws(ScriptError) -> AppendResult {
    var manifest = try self.manifest(t)
    let existing = Set(manifest.partitions.map(\.dir))
    // Group rows by partition, keeping their order; apply the new-value policy. Keys are
    // interned per level first, so names and checks happen once per distinct key, not per row.
    var groups: [(path: String, keys: [Partitioner.Key], rows: [Int])] = []
    var skipped = 0
    var unknown: Partitioner.Key?
    var levelCodes: [[Int32]] = []
    var levelKeys: [[Partitioner.Key]] = []
    for l in levels.indices {
      var index: [Partitioner.Key: Int32] = [:]
      var distinct: [Partitioner.Key] = []
      var codes = [Int32](repeating: -1, count: n)
      var last: (Partitioner.Key, Int32)?
      for i in 0..<n {
        guard let key = rowKeys[l][i] else { continue }
        if let (k, c) = last, k == key {
          codes[i] = c
          continue
        }
        let c: Int32
        if let found = index[key] {
          c = found
        } else {
          c = Int32(distinct.count)
          index[key] = c
          distinct.append(key)
        }
        codes[i] = c
        last = (key, c)
      }
      levelCodes.append(codes)
      levelKeys.append(distinct)
    }
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
          switch newValuePartitionPolicy {
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
        StorageMessages.valueOutsideScheme(ValueFormatter.plain(unknown.value), database: t.database.path)
      )
    }
    if skipped > 0 && newValuePartitionPolicy != "skip" {
      throw ScriptError(
        StorageMessages.rowsWithoutPartition(skipped)
      )
    }
    let base = tableDirectory(t.database, t.name)
    var written: [String] = []
    do {
      for group in groups {
        let path = group.path
        let id = manifest.nextSegment
        manifest.nextSegment += 1
        let segmentDir = base + "/" + path + "/s\(id)"
        written.append(segmentDir)
        let slice = group.rows.count == n ? columns : columns.map { $0.gather(group.rows) }
        let sums = try SegmentFiles.write(slice, to: segmentDir, sync: dataSync)
        let entry = SegmentEntry(id: id, rows: group.rows.count, checksums: sums)
        if let k = manifest.partitions.firstIndex(where: { $0.dir == path }) {
          manifest.partitions[k].segments.append(entry)
        } else {
          manifest.partitions.append(PartitionEntry(dir: path, keys: group.keys, segments: [entry]))
        }
      }
      manifest.partitions.sort { a, b in
        for (x, y) in zip(a.keys, b.keys) {
          let c = Comparison.order(x.value, y.value)
          if c != 0 { return c < 0 }
        }
        return a.dir < b.dir
      }
      manifest.version += 1
      // The commit point: until this rename, readers and restarts see the old manifest.
      try writeJSON(manifest, base + "/manifest.json")
    } catch {
      for dir in written { try? DurableFiles.remove(dir) }
      throw error
    }
    if skipped > 0 {
      warn?(
        "skipped \(skipped) row\(skipped == 1 ? "" : "s") outside the partition scheme of '\(t.database.path)' (newValuePartitionPolicy=skip)"
      )
    }
    return AppendResult(written: n - skipped, skipped: skipped)
  }
}
