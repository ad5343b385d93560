import ScriptRuntime

/// `update` and `delete` on a `dfs://` table: each partition that may hold rows meeting the
/// conditions is read, changed in memory as an in-memory table would be, and, when the change
/// touched it, written back in place of the partition's rows (the old rows go back if the write
/// fails). A partition at a time, so a failure leaves the partitions before it changed; columns
/// and partitioning columns cannot change this way (`addColumn` adds columns).
extension DFSTable: RewritableTable {
  public func rewrite(
    predicates: [ColumnPredicate], _ m: Machine, verb: String, _ change: (Table) throws(ScriptError) -> Bool
  ) throws(ScriptError) {
    let keys = layout.partitionColumns
    for chunk in try chosenChunks(predicates) {
      let original = try rows(of: chunk)
      // Changed in a copy (columns are copied on write), so the rows read stay for the undo.
      let rows = original.copy()
      // The values each partitioning column held: afterwards it may hold no other.
      let before = keys.compactMap { k in
        original.column(k).map { c in Set((0..<c.count).map { ScalarKey(c[$0]) }) }
      }
      guard try change(rows) else { continue }
      guard rows.names.map({ $0.lowercased() }) == layout.columnNames.map({ $0.lowercased() }) else {
        throw ScriptError(DFSMessages.rewriteChangesColumns(database, name))
      }
      for (key, old) in zip(keys, before) {
        guard let now = rows.column(key), (0..<now.count).allSatisfy({ old.contains(ScalarKey(now[$0])) }) else {
          throw ScriptError(DFSMessages.rewriteChangesPartitionColumn(key, database, name))
        }
      }
      // Each partition is committed on its own: a transaction each.
      try TransactionLog.record(cluster, "SQL" + verb.uppercased(), partitions: 1) { () throws(ScriptError) in
        try replacePartition(chunk.partition, with: rows, read: (chunk, original))
      }
    }
  }
}
