import ScriptRuntime

extension StorageEngine {
  /// What an append did: rows written and rows left out by the `skip` policy.
  struct AppendResult {
    var written: Int
    var skipped: Int
  }

  /// Appends rows to a table: all of them become visible at once, or none (on any error or crash).
  func append(_ t: TableHandle, columns given: [Vector], from source: String, progress: AppendProgress? = nil)
    throws(ScriptError) -> AppendResult
  {
    let (columns, rowKeys, levels, n) = try Partitioner.prepare(
      given, schema: t.schema, partition: t.database.spec.partition, table: t.name, source: source)
    if n == 0 { return AppendResult(written: 0, skipped: 0) }
    return try locked { () throws(ScriptError) -> AppendResult in
      try DurableFiles.withLock(directory(for: t.database.path) + "/LOCK") { () throws(ScriptError) -> AppendResult in
        try commit(t, columns, rowKeys, levels, rows: n, progress: progress)
      }
    }
  }

  private func commit(
    _ t: TableHandle, _ columns: [Vector], _ rowKeys: [Partitioner.LevelKeys], _ levels: [PartitionSpec], rows n: Int,
    progress: AppendProgress?
  ) throws(ScriptError) -> AppendResult {
    var manifest = try self.manifest(t)
    let routed = try PartitionRouter.group(
      rowKeys, levels: levels, rows: n, existing: Set(manifest.partitions.map(\.dir)),
      policy: newValuePartitionPolicy, database: t.database.path)
    let groups = routed.groups
    let skipped = routed.skipped
    let base = tableDirectory(t.database, t.name)
    var written: [String] = []
    do {
      for group in groups {
        let path = group.path
        let id = manifest.nextSegment
        manifest.nextSegment += 1
        let segmentDir = base + "/" + path + "/s\(id)"
        written.append(segmentDir)
        let slice = group.rows.map { rows in columns.map { $0.gather(rows) } } ?? columns
        let sums = try SegmentFiles.write(slice, to: segmentDir, sync: dataSync)
        let entry = SegmentEntry(id: id, rows: group.count, checksums: sums)
        progress?.add(group.count)
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
      warn?(StorageMessages.skippedRows(skipped, database: t.database.path))
    }
    return AppendResult(written: n - skipped, skipped: skipped)
  }
}
