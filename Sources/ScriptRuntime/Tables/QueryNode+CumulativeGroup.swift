/// `[group by g] cgroup by c`: for each group (all the rows without `group by`), one row per value of `c` (in order), its aggregates
/// computed over the group's rows whose `c` is at most that value. A VWAP up to each minute:
/// `select wavg(price, qty) from trades group by sym cgroup by minute(ts) as minute`.
/// Aggregates that run (`sum`, `count`, `avg`, `min`, `max`, `first`, `last`, `std`, `var`,
/// `wavg` of columns, and arithmetic on them) read each row once; other metrics are evaluated
/// over each prefix, within `maxCumulativeRows`.
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
    // The group keys and the cgroup key are worked out once over the selected rows; without
    // `group by`, all of them are one group.
    let (groupKeys, grouping, selection) =
      groupBy.isEmpty
      ? try { () throws(ScriptError) in
        let all = SQLContext(table: table, rows: rows)
        return ([], Grouping(keys: [Vector(type: .int, ints: [Int64](repeating: 0, count: all.count))]), all)
      }()
      : try grouping(table, rows, m)
    let key = cgroupBy[0]
    let cumulative = try QueryNode.column(
      try m.withSQLContext(selection, key.node), length: selection.count, name: key.name, at: key.node.range)
    try QueryNode.refuseArrayKey(cumulative, "cgroup by", at: key.node.range)
    // Per output row: its group, a position (in the selection) holding its cgroup value, and
    // its prefix, `order[starts[k]..<ends[k]]`, of rows in cgroup order (positions in the
    // selection, then rows of the table).
    var outputGroups: [Int] = []
    var outputPositions: [Int] = []
    var order: [Int] = []
    var starts: [Int] = []
    var ends: [Int] = []
    order.reserveCapacity(selection.count)
    // Integral and temporal keys (a minute) compare as integers, nulls (Int64.min) first.
    let integers = cumulative.type.isIntegral || cumulative.type.isTemporal ? cumulative.int64s : nil
    func compare(_ a: Int, _ b: Int) -> Int {
      if let integers { return integers[a] < integers[b] ? -1 : integers[a] > integers[b] ? 1 : 0 }
      return Comparison.order(cumulative[a], cumulative[b])
    }
    for (g, local) in grouping.members().enumerated() {
      let sorted = local.sorted { a, b in
        let c = compare(a, b)
        return c != 0 ? c < 0 : a < b
      }
      let base = order.count
      order += sorted
      var end = 0
      while end < sorted.count {
        // The rows up to and including every row with this cgroup value.
        let first = sorted[end]
        while end < sorted.count, compare(sorted[end], first) == 0 { end += 1 }
        outputGroups.append(g)
        outputPositions.append(sorted[end - 1])
        starts.append(base)
        ends.append(base + end)
      }
    }
    if let rows { order = order.map { rows[$0] } }
    var values = try runningAggregates(metrics, table, order, starts, ends, m)
    if values == nil { values = try prefixAggregates(metrics, table, order, starts, ends, m) }
    var names = groupBy.map(\.name) + [key.name]
    var vectors = groupKeys.map { $0.gather(outputGroups) } + [cumulative.gather(outputPositions)]
    names += metrics.map(\.name)
    vectors += values ?? []
    return try Table(names: Table.distinctNames(names), columns: vectors)
  }

  /// The metrics' columns when each is built from aggregates that run (`CumulativeAggregation`)
  /// over columns of the table, constants and operators; nil otherwise.
  private func runningAggregates(
    _ metrics: [Column], _ table: Table, _ order: [Int], _ starts: [Int], _ ends: [Int], _ m: Machine
  ) throws(ScriptError) -> [Vector]? {
    var types: [String: DataType] = [:]
    for (name, column) in zip(table.names, table.columns) where !column.isArrayVector && !column.type.isDecimal {
      types[name.lowercased()] = column.type
    }
    guard let (aggregates, terms) = QueryNode.mergedTerms(metrics.map(\.node), types: types, m) else { return nil }
    var values: [Vector] = []
    for a in aggregates {
      var inputs: [Vector] = []
      for name in a.columns {
        guard let column = table.column(name) else { return nil }
        inputs.append(column)
      }
      values.append(CumulativeAggregation.values(a.function, inputs, order: order, starts: starts, ends: ends))
    }
    var columns: [Vector] = []
    for (c, t) in zip(metrics, terms) {
      columns.append(
        try QueryNode.column(try QueryNode.evaluate(t, values), length: starts.count, name: c.name, at: c.node.range))
    }
    return columns
  }

  /// The metrics' columns, each evaluated over every output row's prefix of rows.
  private func prefixAggregates(
    _ metrics: [Column], _ table: Table, _ order: [Int], _ starts: [Int], _ ends: [Int], _ m: Machine
  ) throws(ScriptError) -> [Vector] {
    var read = 0
    for (s, e) in zip(starts, ends) {
      read += e - s
      if read > QueryNode.maxCumulativeRows {
        throw ScriptError(RuntimeMessages.cumulativeGroupsTooLarge(QueryNode.maxCumulativeRows), at: range)
      }
    }
    var values: [[Value]] = Array(repeating: [], count: metrics.count)
    for (s, e) in zip(starts, ends) {
      let prefix = SQLContext(table: table, rows: Array(order[s..<e]))
      for (k, c) in metrics.enumerated() {
        var v = try m.withSQLContext(prefix, c.node)
        if case .vector(let vec) = v, vec.count == 1, !vec.isArrayVector { v = vec[0] }
        guard v.isScalar else { throw ScriptError(RuntimeMessages.notOnePerGroup(c.name), at: c.node.range) }
        values[k].append(v)
      }
    }
    var columns: [Vector] = []
    for (k, c) in metrics.enumerated() {
      columns.append(
        try QueryNode.column(
          HigherOrder.collect(values[k]).orEmptyVector, length: values[k].count, name: c.name, at: c.node.range))
    }
    return columns
  }
}
