import ScriptRuntime
import TableStorage

extension DFSTable {
  /// Each chosen chunk's partial aggregates, computed on the data node that reads it, in
  /// partition order. A group key that is the partition's own key (`date(DateTime)` on a
  /// VALUE-by-date database) is taken from the chunk instead of its rows; a `count(*)` that
  /// then reads no column is the catalog's row count, and no data node is asked.
  public func aggregate(_ plan: AggregatePlan, predicates: [ColumnPredicate]) throws(ScriptError) -> [Table]? {
    // A chunk written before a column was added cannot aggregate it where it lies: scan instead.
    if !addedColumns.isEmpty,
      (plan.columns + predicates.map(\.column)).contains(where: { addedColumns.contains($0.lowercased()) })
    {
      return nil
    }
    let constant = plan.keys.map { key in
      layout.constantKeyLevel(column: key.column, converted: key.function.flatMap { AggregatePlan.conversions[$0] })
    }
    let varying = AggregatePlan(
      keys: zip(plan.keys, constant).filter { $0.1 == nil }.map(\.0), aggregates: plan.aggregates)
    if varying.columns.isEmpty, predicates.isEmpty {
      return try chosenChunks(predicates).map { chunk throws(ScriptError) in
        try withConstantKeys(plan, constant, chunk, try DFSTable.counted(varying, chunk))
      }
    }
    // `count(*)` alone reads no column, but its rows still need one to be counted.
    let columns = varying.columns.isEmpty ? Array(layout.columnNames.prefix(1)) : varying.columns
    let request = ChunkScanRequest(chunks: [], columns: columns, predicates: predicates, aggregate: varying)
    var parts: [Table] = []
    for (chunk, rows) in try readChunkRows(predicates, request) {
      parts.append(try withConstantKeys(plan, constant, chunk, try rows.table))
    }
    return parts
  }

  /// The partials of a plan of `count(*)` alone over a whole chunk: its rows as the catalog
  /// counts them.
  static func counted(_ plan: AggregatePlan, _ chunk: ChunkRecord) throws(ScriptError) -> Table {
    let rows = chunk.rows
    guard rows > 0 else { return try Table(names: [], columns: []) }
    return try Table(
      names: plan.partialNames,
      columns: plan.aggregates.map { _ in Vector(type: .long, ints: [Int64(rows)]) })
  }

  /// A chunk's partials of the plan without its constant keys (`constant[i]` is the level of
  /// key `i` when it is one) with those keys put back, each the chunk's key at its level.
  func withConstantKeys(_ plan: AggregatePlan, _ constant: [Int?], _ chunk: ChunkRecord, _ partial: Table)
    throws(ScriptError) -> Table
  {
    guard constant.contains(where: { $0 != nil }), partial.rowCount > 0 else { return partial }
    let rows = partial.rowCount
    var columns: [Vector] = []
    var next = 0
    for (key, level) in zip(plan.keys, constant) {
      guard let level else {
        columns.append(partial.columns[next])
        next += 1
        continue
      }
      guard let value = layout.key(chunk.keys, level: level) else {
        throw ScriptError(DFSMessages.unreadablePartitionKeys(chunk.partition))
      }
      let type = key.function.flatMap { AggregatePlan.conversions[$0] } ?? layout.columnType(key.column) ?? value.type
      columns.append(try Vector.filled(type, with: value, count: rows))
    }
    columns += partial.columns[next...]
    return try Table(names: plan.partialNames, columns: columns)
  }
}
