import ScriptSyntax

/// A table whose rows lie in partitions that can be read one at a time: `sqlDS` makes a data
/// source of each, so `mr` maps a function over partitions as DolphinDB's does.
public protocol PartitionedSource: AnyObject {
  /// Each partition as a table (or a table source that reads only it), in partition order.
  func partitionTables() throws(ScriptError) -> [Value]
  /// The partitions that may hold rows satisfying every predicate (all of them for a table
  /// that cannot tell).
  func partitionTables(matching predicates: [ColumnPredicate]) throws(ScriptError) -> [Value]
  /// How the table splits rows by `column` (one level of its scheme), for
  /// `repartitionDS(query, column)`; nil when it is not partitioned on that column.
  func partitioning(of column: String) -> ColumnPartitioning?
}

extension PartitionedSource {
  public func partitioning(of column: String) -> ColumnPartitioning? { nil }
  public func partitionTables(matching predicates: [ColumnPredicate]) throws(ScriptError) -> [Value] {
    try partitionTables()
  }
}

/// One level of a partition scheme: the values of VALUE, the boundaries of RANGE, the bucket
/// count of HASH.
public enum ColumnPartitioning: Sendable {
  case values(Vector)
  case ranges(Vector)
  case buckets(Int)
}

extension Table: PartitionedSource {
  /// A partitioned in-memory table's partitions; any other table is one.
  public func partitionTables() throws(ScriptError) -> [Value] {
    guard let segmentation, rowCount > 0 else { return [.object(self)] }
    let part = try segmentation.partitions(try segmentKeyColumns())
    // Rows are kept in partition order: each run of one partition number is a partition.
    var out: [Value] = []
    var start = 0
    for i in 1...part.count where i == part.count || part[i] != part[start] {
      out.append(.object(gather(Array(start..<i))))
      start = i
    }
    return out
  }

  public func partitioning(of column: String) -> ColumnPartitioning? {
    guard let segmentation,
      let k = segmentation.columns.firstIndex(where: { $0.lowercased() == column.lowercased() }),
      k < segmentation.levels.count
    else { return nil }
    return segmentation.levels[k]
  }
}

extension SelectQuery {
  /// The same query over another table.
  public func reading(_ from: Expr) -> SelectQuery { rebuilt(from: from, whereClause: whereClause) }

  /// The same query with other `where` conditions.
  public func filtered(_ conditions: [Expr]) -> SelectQuery { rebuilt(from: from, whereClause: conditions) }

  func rebuilt(from: Expr?, whereClause: [Expr]) -> SelectQuery {
    var q = SelectQuery(
      isExec: isExec, distinct: distinct, top: top, columns: columns, from: from, whereClause: whereClause,
      groupBy: groupBy, isContextBy: isContextBy, having: having, orderBy: orderBy, limit: limit)
    q.offset = offset
    q.pivotBy = pivotBy
    q.csort = csort
    q.cgroupBy = cgroupBy
    q.hints = hints
    q.tableAlias = tableAlias
    q.joinedTables = joinedTables
    return q
  }
}
