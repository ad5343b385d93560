/// `order by`: the positions of a query's rows in the order of its keys.
extension QueryNode {
  /// Positions 0..<count sorted by `sortKeys` evaluated in `ctx` (stable); with `first`, only
  /// the first that many of them.
  static func sortPositions(
    _ sortKeys: [SortKey], _ ctx: SQLContext, count: Int, first: Int? = nil, _ m: Machine
  ) throws(ScriptError) -> [Int] {
    var keys: [RowOrder.Key] = []
    for key in sortKeys {
      let v = try m.withSQLContext(ctx, key.node)
      let column = try QueryNode.column(v, length: count, name: "order by", at: key.node.range)
      try QueryNode.refuseArrayKey(column, "order by", at: key.node.range)
      keys.append(RowOrder.Key(column.orderKey, descending: key.descending, nullsFirst: key.nullsFirst))
    }
    return RowOrder.positions(keys, count: count, first: first)
  }
}
