import ScriptRuntime
import ScriptSyntax

/// SQL as metacode: `sql`, `sqlUpdate`, `sqlDelete`, and `sqlDS` with `mr` over its data sources.
enum SQLMetacodeBuiltins {
  static let all: [Builtin] = [
    // sql(select, from, [where], [groupBy], [groupFlag], [csort], [ascSort], [having], [orderBy],
    // [ascOrder], [limit], [hint], [exec]): a select statement as metacode. groupFlag: 1 group
    // by (the default), 0 context by, 2 pivot by.
    Builtin(
      "sql", args: 2...14,
      parameterNames: [
        "select", "from", "where", "groupBy", "groupFlag", "csort", "ascSort", "having", "orderBy", "ascOrder",
        "limit", "hint", "exec", "map",
      ]
    ) { a throws(ScriptError) in
      var b = MetacodeBuilder()
      let columns = MetacodeBuilder.items(a[0]).map { b.column($0) }
      guard !columns.isEmpty else { throw ScriptError(RuntimeMessages.sqlNeedsSelect()) }
      let from = table(a[1], label: a.sourceNames.count > 1 ? a.sourceNames[1] : nil, &b)
      let conditions = MetacodeBuilder.items(a[2]).map { b.expr($0) }
      let groups = MetacodeBuilder.items(a[3]).map { b.column($0) }
      let flag = a.has(4) ? try a.integer(4, "the groupFlag of 'sql'") : 1
      let isExec = a.has(12) && a[12].isTruthy
      var query = SelectQuery(
        isExec: isExec, distinct: false, top: nil, columns: columns, from: from, whereClause: conditions,
        groupBy: flag == 2 ? [] : groups, isContextBy: flag == 0,
        having: MetacodeBuilder.items(a[7]).map { b.expr($0) },
        orderBy: try keys(a[8], ascending: a[9], &b), limit: nil)
      if flag == 2 { query.pivotBy = groups }
      query.csort = try keys(a[5], ascending: a[6], &b)
      if a.has(10) {
        switch a[10] {
        case .vector(let v) where v.count == 2, .pair(let v):
          query.offset = b.expr(v[0])
          query.limit = b.expr(v[1])
        default: query.limit = b.expr(a[10])
        }
      }
      return b.make(MetacodeBuilder.node(.sql(.query(query))))
    },
    // sqlUpdate(table, updates, [from], [where], [contextBy]): an update statement as metacode.
    Builtin("sqlUpdate", args: 2...5, parameterNames: ["table", "updates", "from", "where", "contextBy"]) {
      a throws(ScriptError) in
      var b = MetacodeBuilder()
      let target = table(a[0], label: a.sourceNames.first ?? nil, &b)
      var set: [(String, Expr)] = []
      for item in MetacodeBuilder.items(a[1]) {
        let code = try MetacodeBuiltins.metacode(item, "sqlUpdate")
        guard let name = code.alias ?? columnName(code.expr) else {
          throw ScriptError(RuntimeMessages.sqlUpdateNeedsAlias())
        }
        set.append((name, b.expr(item)))
      }
      let conditions = MetacodeBuilder.items(a[3]).map { b.expr($0) }
      let groups = MetacodeBuilder.items(a[4]).map { b.expr($0) }
      return b.make(
        MetacodeBuilder.node(.sql(.update(table: target, set: set, whereClause: conditions, contextBy: groups))))
    },
    // sqlDelete(table, [where]): a delete statement as metacode.
    Builtin("sqlDelete", args: 1...3, parameterNames: ["table", "where", "from"]) { a throws(ScriptError) in
      var b = MetacodeBuilder()
      let target = table(a[0], label: a.sourceNames.first ?? nil, &b)
      let conditions = MetacodeBuilder.items(a[1]).map { b.expr($0) }
      return b.make(MetacodeBuilder.node(.sql(.delete(table: target, whereClause: conditions))))
    },
    // sqlDS(<select ...>): the query's data sources for `mr`, one per partition of a
    // partitioned table (`dfs://` or in memory) that its `where` may choose, each the query over
    // that partition's rows; one for any other table.
    Builtin("sqlDS", args: 1...2, parameterNames: ["sqlObj", "forcePartition"]) { a throws(ScriptError) in
      let code = try MetacodeBuiltins.metacode(a[0], "sqlDS")
      guard case .sql(.query(let q)) = code.expr.kind else { throw ScriptError(RuntimeMessages.sqlDSNeedsSelect()) }
      guard let from = q.from, q.joinedTables.isEmpty,
        case .object(let o) = try a.machine.evaluate(MetaCode(from, bindings: code.bindings, labels: code.labels)),
        let partitioned = o as? PartitionedSource
      else { return .tuple([.object(DataSource(code))]) }
      let columns = (partitioned as? AppendableTable)?.columnNames
      let parts = try partitioned.partitionTables(matching: a.machine.partitionPredicates(code, columns: columns))
      guard parts.count > 1 else { return .tuple([.object(DataSource(code))]) }
      return .tuple(
        parts.map { part in
          let key = MetaCode.newKey()
          var bindings = code.bindings
          bindings[key] = part
          var labels = code.labels
          labels[key] = ExprPrinter(bound: { code.labels[$0] ?? $0 }).render(from)
          let expr = Expr(.sql(.query(q.reading(Expr(.bound(key), from.range)))), code.expr.range)
          return .object(DataSource(MetaCode(expr, bindings: bindings, labels: labels)))
        })
    },
    // mr(ds, mapFunc, [reduceFunc], [finalFunc], [parallel]): mapFunc on each data source's
    // rows, folded with reduceFunc (else a tuple of the results), then finalFunc.
    Builtin("mr", args: 2...5, parameterNames: ["ds", "mapFunc", "reduceFunc", "finalFunc", "parallel"]) {
      a throws(ScriptError) in
      return try DataSourceAnalytics.round(
        MetacodeBuilder.items(a[0]), map: try a.function(1, "the map function of 'mr'"),
        reduce: a.has(2) ? try a.function(2, "the reduce function of 'mr'") : nil,
        final: a.has(3) ? try a.function(3, "the final function of 'mr'") : nil, a.machine)
    },
  ]

  /// The table of a statement: metacode, a name given as text, or a table value held.
  static func table(_ v: Value, label: String?, _ b: inout MetacodeBuilder) -> Expr {
    if case .string(let name, _) = v { return MetacodeBuilder.node(.name(name)) }
    return b.expr(v, label: label)
  }

  static func columnName(_ e: Expr) -> String? {
    if case .name(let n) = e.kind { return n }
    return nil
  }

  /// Sort keys from metacode and `asc` flags (one for all, or one per key; true by default).
  static func keys(_ v: Value, ascending: Value, _ b: inout MetacodeBuilder) throws(ScriptError) -> [OrderKey] {
    let exprs = MetacodeBuilder.items(v).map { b.expr($0) }
    var flags: [Bool] = []
    switch ascending {
    case .void: break
    case .vector(let flagVector): flags = (0..<flagVector.count).map { flagVector[$0].isTruthy }
    default: flags = [ascending.isTruthy]
    }
    return exprs.enumerated().map { i, e in
      let asc = flags.isEmpty ? true : flags[min(i, flags.count - 1)]
      return OrderKey(expr: e, descending: !asc)
    }
  }
}
