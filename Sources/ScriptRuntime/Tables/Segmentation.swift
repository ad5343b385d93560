/// What makes a table a partitioned in-memory table (`db = database("", VALUE, 1..10)`,
/// `db.createPartitionedTable(t, `pt, `id)`): the partition each row belongs to.
///
/// The storage layer, which knows partition schemes, supplies the function; the table keeps
/// its rows grouped by partition, in partition order, as DolphinDB does, and leaves out appended
/// rows that no partition takes (DolphinDB's default `newValuePartitionPolicy=skip`).
public struct Segmentation: Sendable {
  /// The partitioning columns, one per level (renamed with the table's columns).
  public internal(set) var columns: [String]
  /// Each row's partition, numbered in partition order, or -1 when no partition takes the row.
  /// Given the partitioning columns, one per level, of the table's types.
  public let partitions: @Sendable ([Vector]) throws(ScriptError) -> [Int]
  /// Each level's scheme (for `repartitionDS(query, column)`), nil for a level it cannot give.
  public let levels: [ColumnPartitioning?]

  public init(
    columns: [String], levels: [ColumnPartitioning?] = [],
    partitions: @escaping @Sendable ([Vector]) throws(ScriptError) -> [Int]
  ) {
    self.columns = columns
    self.levels = levels
    self.partitions = partitions
  }

  /// The rows in partition order (stable within a partition), without those no partition takes.
  func order(_ keyColumns: [Vector]) throws(ScriptError) -> [Int] {
    let part = try partitions(keyColumns)
    // A counting sort: partitions are small integers, rows keep their order inside one.
    var counts: [Int: Int] = [:]
    for p in part where p >= 0 { counts[p, default: 0] += 1 }
    var start: [Int: Int] = [:]
    var next = 0
    for p in counts.keys.sorted() {
      start[p] = next
      next += counts[p] ?? 0
    }
    var out = [Int](repeating: 0, count: next)
    for (row, p) in part.enumerated() where p >= 0 {
      guard let s = start[p] else { continue }
      out[s] = row
      start[p] = s + 1
    }
    return out
  }
}
