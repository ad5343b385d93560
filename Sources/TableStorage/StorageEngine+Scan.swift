import Dispatch
import Foundation
import ScriptRuntime

extension StorageEngine {
  /// Reads the partitions that may match `predicates`, in parallel, and returns their rows in
  /// partition order (so `first` and `last` mean the same as in a single scan).
  func scan(_ t: TableHandle, columns wanted: Set<String>?, predicates: [ColumnPredicate]) throws(ScriptError) -> Table
  {
    let manifest = try self.manifest(t)
    let schema = t.schema
    let lowerWanted = wanted.map { Set($0.map { $0.lowercased() }) }
    let indices = schema.names.indices.filter { lowerWanted?.contains(schema.names[$0].lowercased()) ?? true }
    let chosen = indices.isEmpty ? Array(schema.names.indices.prefix(1)) : indices
    let types = schema.dataTypes
    let partitions = manifest.partitions.filter { p in
      Partitioner.partitionMayMatch(p.keys, schema: schema, partition: t.database.spec.partition, predicates)
    }
    let base = tableDirectory(t.database, t.name)
    final class Results: @unchecked Sendable {
      var columns: [[Vector]]
      var failure: ScriptError?
      let lock = NSLock()
      init(_ n: Int) { columns = Array(repeating: [], count: n) }
    }
    // One task per partition and column: a single large partition still uses every core.
    let results = Results(partitions.count)
    for i in partitions.indices { results.columns[i] = chosen.map { Vector.empty(types[$0]) } }
    let tasks = partitions.count * chosen.count
    DispatchQueue.concurrentPerform(iterations: tasks) { task in
      let i = task / chosen.count
      let j = task % chosen.count
      let k = chosen[j]
      let p = partitions[i]
      do throws(ScriptError) {
        var merged = Vector.empty(types[k])
        for s in p.segments {
          let dir = base + "/" + p.dir + "/s\(s.id)"
          // Every file of the column: SYMBOL codes (or STRING offsets) alone may repeat under
          // other symbols when another process recreates the table.
          let key =
            "\(dir)/c\(k)#"
            + s.checksums.filter { $0.key.hasPrefix("c\(k).") }.sorted { $0.key < $1.key }.map(\.value).joined(
              separator: ",")
          let v = try columns.column(key) { () throws(ScriptError) -> Vector in
            try SegmentFiles.readColumn(k, type: types[k], rows: s.rows, dir: dir, sums: s.checksums)
          }
          if p.segments.count == 1 { merged = v } else { try merged.append(contentsOf: v) }
        }
        results.lock.lock()
        results.columns[i][j] = merged
        results.lock.unlock()
      } catch {
        results.lock.lock()
        results.failure = results.failure ?? error
        results.lock.unlock()
      }
    }
    if let failure = results.failure { throw failure }
    var out: [Vector] = chosen.map { Vector.empty(types[$0]) }
    if results.columns.count == 1 {
      out = results.columns[0]
    } else {
      for part in results.columns {
        for j in out.indices { try out[j].append(contentsOf: part[j]) }
      }
    }
    return try Table(names: chosen.map { schema.names[$0] }, columns: out)
  }
}
