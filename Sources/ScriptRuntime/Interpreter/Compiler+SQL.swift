import ScriptSyntax

extension Compiler {
  /// A call's text, to match a selected expression with a `group by` key (plain names match
  /// by name already); empty for anything else.
  static func keyText(_ e: Expr) -> String {
    switch e.kind {
    case .call, .methodCall, .binary: return ExprPrinter(bound: { $0 }).render(e)
    default: return ""
    }
  }

  /// The name DolphinDB gives an unnamed result column: `avg(qty)` is `avg_qty`,
  /// `count(*)` is `count`, a column keeps its name.
  static func generatedName(_ e: Expr, index: Int) -> String {
    func part(_ e: Expr) -> String? {
      switch e.kind {
      case .name(let n): return n == "*" ? nil : n
      case .member(_, let n): return n
      case .literal(let l):
        if case .string(let s) = l { return s }
        return nil
      case .call(let callee, let args):
        guard case .name(let f) = callee.kind else { return nil }
        let inner = args.compactMap { $0.value.flatMap(part) }
        return ([f] + inner).joined(separator: "_")
      case .methodCall(let receiver, let f, let args):
        let inner = ([receiver] + args.compactMap(\.value)).compactMap(part)
        return ([f] + inner).joined(separator: "_")
      case .binary(let op, let l, let r):
        guard let f = Parser.operatorFunctions[op] else { return nil }
        return ([f] + [part(l), part(r)].compactMap { $0 }).joined(separator: "_")
      default: return nil
      }
    }
    return part(e) ?? "col\(index)"
  }

  /// The `col = col` parts of a join's `on` condition (through `and`), for a hash join.
  /// The one-argument calls of a `pivot by` column, from the outside in, each with its compiled
  /// argument (see `QueryNode.Column.pivotLayers`).
  mutating func pivotLayers(_ expr: Expr) throws(ScriptError) -> [QueryNode.PivotLayer] {
    var layers: [QueryNode.PivotLayer] = []
    var e = expr
    while case .call(let f, let args) = e.kind, case .name(let name) = f.kind, args.count == 1, args[0].name == nil,
      let inner = args[0].value
    {
      layers.append(QueryNode.PivotLayer(function: name, argument: try compileExpression(inner)))
      e = inner
    }
    return layers
  }

  static func columnEqualities(_ e: Expr) -> [(JoinNode.ColumnRef, JoinNode.ColumnRef)] {
    func ref(_ e: Expr) -> JoinNode.ColumnRef? {
      switch e.kind {
      case .name(let n): return JoinNode.ColumnRef(alias: nil, name: n)
      case .member(let base, let n):
        if case .name(let alias) = base.kind { return JoinNode.ColumnRef(alias: alias, name: n) }
        return nil
      default: return nil
      }
    }
    guard case .binary(let op, let l, let r) = e.kind else { return [] }
    if op == "and" || op == "&&" { return columnEqualities(l) + columnEqualities(r) }
    guard op == "=" || op == "==", let a = ref(l), let b = ref(r) else { return [] }
    return [(a, b)]
  }

  mutating func sortKeys(_ keys: [OrderKey]) throws(ScriptError) -> [QueryNode.SortKey] {
    var out: [QueryNode.SortKey] = []
    for k in keys {
      out.append(
        QueryNode.SortKey(node: try compileExpression(k.expr), descending: k.descending, nullsFirst: k.nullsFirst))
    }
    return out
  }

  /// The names a macro gives a selected column: its alias (`as _$alias`, `as nm1...nm3`), or,
  /// without one, the macro column itself (`_$name`, `_$$names`, `col1...col3`).
  mutating func name(_ column: inout QueryNode.Column, _ c: SelectColumn) throws(ScriptError) {
    let macro: ColumnMacro
    if let m = c.aliasMacro {
      macro = m
    } else if c.alias == nil, c.names.isEmpty, case .macro(let m) = c.expr.kind {
      macro = m
    } else {
      return
    }
    switch macro {
    case .series(let names): column.names = names
    case .one(let v): column.nameSource = .one(try variableNode(v, c.expr.range))
    case .many(let v): column.nameSource = .many(try variableNode(v, c.expr.range))
    }
  }

  mutating func compileSQL(_ statement: SQLStatement, range r: SourceRange) throws(ScriptError) -> Node {
    switch statement {
    case .query(let q):
      var from = try q.from.map { f throws(ScriptError) in try compileExpression(f) }
      var joined: [Node] = []
      for j in q.joinedTables { joined.append(try compileExpression(j.table)) }
      // In a join, a table named by a variable is its own alias: `on trades.id = quotes.id`.
      func alias(_ given: String?, _ table: Expr?) -> String? {
        if given != nil || q.joinedTables.isEmpty { return given }
        if let table, case .name(let n) = table.kind { return n }
        return nil
      }
      let firstAlias = alias(q.tableAlias, q.from)
      let joinedAliases = q.joinedTables.map { alias($0.alias, $0.table) }
      sqlDepth += 1
      let outerAliases = tableAliases
      if let firstAlias { tableAliases[firstAlias] = "" }
      for a in joinedAliases {
        if let a { tableAliases[a] = JoinNode.prefix(a) }
      }
      // `from ej(t1, t2, `id)`: `t1.x` is the left table's column, `t2.x` the right's, which
      // the join calls `t2_x` when the left has an `x` too.
      if q.joinedTables.isEmpty, let f = q.from, case .call(let callee, let args) = f.kind,
        case .name(let fn) = callee.kind, QueryNode.joinFunctions.contains(fn), args.count >= 2
      {
        func variable(_ a: Argument) -> String? {
          if let v = a.value, case .name(let n) = v.kind { return n }
          return nil
        }
        let (left, right) = (variable(args[0]), variable(args[1]))
        if let left, left != right { tableAliases[left] = "" }
        if let right, left != right { tableAliases[right] = JoinNode.prefix(right) }
      }
      defer {
        sqlDepth -= 1
        tableAliases = outerAliases
      }
      if let first = from, !q.joinedTables.isEmpty {
        var conditions: [[Node]] = []
        for j in q.joinedTables {
          var on: [Node] = []
          for c in j.on { on.append(try compileExpression(c)) }
          conditions.append(on)
        }
        from = JoinNode(
          tables: [first] + joined, aliases: [firstAlias] + joinedAliases, kinds: q.joinedTables.map(\.kind),
          conditions: conditions, equalities: q.joinedTables.map { $0.on.flatMap(Compiler.columnEqualities) }, range: r)
      }
      var columns: [QueryNode.Column] = []
      for (i, c) in q.columns.enumerated() {
        if c.isStar {
          var star = QueryNode.Column(node: ConstNode(.void, range: c.expr.range), name: "*", isStar: true)
          star.starTable = c.starTable
          columns.append(star)
          continue
        }
        var column = QueryNode.Column(
          node: try compileExpression(c.expr), name: c.alias ?? Compiler.generatedName(c.expr, index: i),
          isStar: false)
        column.names = c.names
        column.text = Compiler.keyText(c.expr)
        if !q.pivotBy.isEmpty {
          column.pivotLayers = try pivotLayers(c.expr)
          column.pivotRowName = c.alias ?? column.pivotLayers.first?.function ?? column.name
        }
        try name(&column, c)
        columns.append(column)
      }
      var groups: [QueryNode.Column] = []
      for (i, g) in q.groupBy.enumerated() {
        var group = QueryNode.Column(
          node: try compileExpression(g.expr), name: g.alias ?? Compiler.generatedName(g.expr, index: i),
          isStar: false)
        group.text = Compiler.keyText(g.expr)
        try name(&group, g)
        groups.append(group)
      }
      var conditions: [Node] = []
      for w in q.whereClause { conditions.append(try compileExpression(w)) }
      var having: [Node] = []
      for h in q.having { having.append(try compileExpression(h)) }
      let node = QueryNode(
        isExec: q.isExec, distinct: q.distinct,
        top: try q.top.map { t throws(ScriptError) in try compileExpression(t) },
        columns: columns, from: from, conditions: conditions, groupBy: groups, isContextBy: q.isContextBy,
        having: having, orderBy: try sortKeys(q.orderBy),
        limit: try q.limit.map { l throws(ScriptError) in try compileExpression(l) }, range: r)
      node.offset = try q.offset.map { o throws(ScriptError) in try compileExpression(o) }
      for (i, p) in q.pivotBy.enumerated() {
        node.pivotBy.append(
          QueryNode.Column(
            node: try compileExpression(p.expr), name: p.alias ?? Compiler.generatedName(p.expr, index: i),
            isStar: false))
      }
      node.csort = try sortKeys(q.csort)
      for (i, c) in q.cgroupBy.enumerated() {
        node.cgroupBy.append(
          QueryNode.Column(
            node: try compileExpression(c.expr), name: c.alias ?? Compiler.generatedName(c.expr, index: i),
            isStar: false))
      }
      node.explains = q.hints.contains("HINT_EXPLAIN")
      node.readsSnapshot = q.hints.contains("HINT_SNAPSHOT")
      return node
    case .update(let table, let set, let whereClause, let contextBy):
      let t = try compileExpression(table)
      sqlDepth += 1
      defer { sqlDepth -= 1 }
      var assignments: [(String, Node)] = []
      for (name, e) in set { assignments.append((name, try compileExpression(e))) }
      var conditions: [Node] = []
      for w in whereClause { conditions.append(try compileExpression(w)) }
      var groups: [Node] = []
      for g in contextBy { groups.append(try compileExpression(g)) }
      return UpdateNode(table: t, assignments: assignments, conditions: conditions, contextBy: groups, range: r)
    case .insert(let table, let columns, let values):
      let t = try compileExpression(table)
      var nodes: [Node] = []
      for v in values { nodes.append(try compileExpression(v)) }
      return InsertNode(table: t, columnNames: columns, values: nodes, range: r)
    case .delete(let table, let whereClause):
      let t = try compileExpression(table)
      sqlDepth += 1
      defer { sqlDepth -= 1 }
      var conditions: [Node] = []
      for w in whereClause { conditions.append(try compileExpression(w)) }
      return DeleteNode(table: t, conditions: conditions, range: r)
    }
  }
}
