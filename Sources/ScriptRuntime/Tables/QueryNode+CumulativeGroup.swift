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
    for c in metrics where c.isStar || !c.names.isEmpty {
      throw ScriptError(RuntimeMessages.starInGroupBy(), at: c.node.range)
    }
    let keyColumns = groupBy + cgroupBy
    var keys: [[Value]] = Array(repeating: [], count: keyColumns.count)
    var values: [[Value]] = Array(repeating: [], count: metrics.count)
    var read = 0
    for members in QueryNode.members(try grouping(table, rows, m).grouping, rows) {
      let ctx = SQLContext(table: table, rows: members)
      var groupKeys: [Value] = []
      for g in groupBy {
        let v = try m.withSQLContext(ctx, g.node)
        groupKeys.append(
          v.isScalar ? v : (try QueryNode.column(v, length: members.count, name: g.name, at: g.node.range))[0])
      }
      let cumulative = try QueryNode.column(
        try m.withSQLContext(ctx, cgroupBy[0].node), length: members.count, name: cgroupBy[0].name,
        at: cgroupBy[0].node.range)
      try QueryNode.refuseArrayKey(cumulative, "cgroup by", at: cgroupBy[0].node.range)
      let sorted = (0..<members.count).sorted { a, b in
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
        let prefix = SQLContext(table: table, rows: sorted[..<end].map { members[$0] })
        for (k, key) in groupKeys.enumerated() { keys[k].append(key) }
        keys[groupBy.count].append(value)
        for (k, c) in metrics.enumerated() {
          var v = try m.withSQLContext(prefix, c.node)
          if case .vector(let vec) = v, vec.count == 1, !vec.isArrayVector { v = vec[0] }
          guard v.isScalar else { throw ScriptError(RuntimeMessages.notOnePerGroup(c.name), at: c.node.range) }
          values[k].append(v)
        }
      }
    }
    var names: [String] = []
    var vectors: [Vector] = []
    for (k, c) in keyColumns.prefix(groupBy.count + 1).enumerated() {
      names.append(c.name)
      vectors.append(
        try QueryNode.column(
          HigherOrder.collect(keys[k]).orEmptyVector, length: keys[k].count, name: c.name, at: c.node.range))
    }
    for (k, c) in metrics.enumerated() {
      names.append(c.name)
      vectors.append(
        try QueryNode.column(
          HigherOrder.collect(values[k]).orEmptyVector, length: values[k].count, name: c.name, at: c.node.range))
    }
    return try Table(names: QueryNode.unique(names), columns: vectors)
  }
}
