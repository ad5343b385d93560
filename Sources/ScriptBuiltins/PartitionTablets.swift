import ScriptRuntime

/// `getTablet(table, partition)`: the rows of the partitions of a partitioned in-memory table
/// that the given values fall in (a value of a RANGE partition names the whole range); a
/// scalar gives a table, a vector a tuple of tables, one per value.
enum PartitionTablets {
  /// The rows of the partition `value` falls in, given every row's partition.
  static func tablet(_ t: Table, _ s: Segmentation, _ column: Vector, _ rows: [Int], _ value: Value) throws(ScriptError)
    -> Table
  {
    var probe = Vector.empty(column.type)
    try probe.append(try Cast.convert(value, to: column.type))
    let wanted = try s.partitions([probe])[0]
    guard wanted >= 0 else { return t.gather([]) }
    return t.gather(rows.indices.filter { rows[$0] == wanted })
  }

  static let builtin = Builtin("getTablet", args: 2...2, parameterNames: ["table", "partition"]) {
    a throws(ScriptError) in
    guard case .object(let o) = a[0], let t = (o as? SharedTable)?.snapshot ?? (o as? Table), let s = t.segmentation
    else { throw ScriptError(RuntimeMessages.needsPartitionedInMemoryTable("getTablet", got: a[0].typeString)) }
    guard s.columns.count == 1 else { throw ScriptError(RuntimeMessages.getTabletOneLevel()) }
    guard let k = t.columnIndex(s.columns[0]) else { return .object(t.gather([])) }
    // Every row's partition, once for all the values asked about.
    let column = t.columns[k]
    let rows = try s.partitions([column])
    if case .vector(let v) = a[1] {
      var out: [Value] = []
      for i in 0..<v.count { out.append(.object(try tablet(t, s, column, rows, v[i]))) }
      return .tuple(out)
    }
    return .object(try tablet(t, s, column, rows, a[1]))
  }
}
