/// `group by g cgroup by c`: for each group, one row per value of `c` (in order), its aggregates
/// computed over the group's rows whose `c` is at most that value. A VWAP up to each minute:
/// `select wavg(price, qty) from trades group by sym cgroup by minute(ts) as minute`.
extension QueryNode {
  /// The most rows the cumulative aggregates may read in all: a group of n rows with d cgroup
  /// values reads up to n * d rows.
  static let maxCumulativeRows = 200_000_000

  func cumulativeGroups(_ table: Table, _ rows: [Int]?, _ m: Machine) throws(ScriptError) -> Table {
    let keyNames = Set((groupBy + cgroupBy).map { $0.name.lowercased() })
    let metrics = columns.filter { c in !(c.node is ColumnNode && keyNames.contains(c.name.lowercased())) }
    for c in metrics where c.isStar {
      throw ScriptError(RuntimeMessages.starInGroupBy(), at: c.node.range)
    }
    for c in metrics where !c.names.isEmpty {
      throw ScriptError(RuntimeMessages.cumulativeGroupsOneColumnEach(), at: c.node.range)
    }
    // The group keys and the cgroup key are worked out once over the selected rows.
    let (groupKeys, grouping, selection) = try grouping(table, rows, m)
    let key = cgroupBy[0]
    let cumulative = try QueryNode.column(
      try m.withSQLContext(selection, key.node), length: selection.count, name: key.name, at: key.node.range)
    try QueryNode.refuseArrayKey(cumulative, "cgroup by", at: key.node.range)
    // Per output row: its group, and a position (in the selection) holding its cgroup value.
    var outputGroups: [Int] = []
    var outputPositions: [Int] = []
    var values: [[Value]] = Array(repeating: [], count: metrics.count)
    var read = 0
    for (g, local) in grouping.members().enumerated() {
      let sorted = local.sorted { a, b in
        let c = Comparison.order(cumulative[a], cumulative[b])
        return c != 0 ? c < 0 : a < b
      }
      var end = 0
      while end < sorted.count {
        // The rows up to and including every row with this cgroup value.
        let value = cumulative[sorted[end]]
        while end < sorted.count, Comparison.order(cumulative[sorted[end]], value) == 0 { end += 1 }
        read += end
        if read > QueryNode.maxCumulativeRows {
          throw ScriptError(RuntimeMessages.cumulativeGroupsTooLarge(QueryNode.maxCumulativeRows), at: range)
        }
        let prefix = SQLContext(table: table, rows: sorted[..<end].map { rows?[$0] ?? $0 })
        outputGroups.append(g)
        outputPositions.append(sorted[end - 1])
        for (k, c) in metrics.enumerated() {
          var v = try m.withSQLContext(prefix, c.node)
          if case .vector(let vec) = v, vec.count == 1, !vec.isArrayVector { v = vec[0] }
          guard v.isScalar else { throw ScriptError(RuntimeMessages.notOnePerGroup(c.name), at: c.node.range) }
          values[k].append(v)
        }
      }
    }
    var names = groupBy.map(\.name) + [key.name]
    var vectors = groupKeys.map { $0.gather(outputGroups) } + [cumulative.gather(outputPositions)]
    for (k, c) in metrics.enumerated() {
      names.append(c.name)
      vectors.append(
        try QueryNode.column(
          HigherOrder.collect(values[k]).orEmptyVector, length: values[k].count, name: c.name, at: c.node.range))
    }
    return try Table(names: QueryNode.unique(names), columns: vectors)
  }
}
