import ScriptSyntax

/// Aggregates computed where a table's rows are: a `group by` query (or an aggregate-only
/// `select`) whose every output and `having` term is built from aggregates that combine
/// (`AggregatePlan.Function`) over plain columns, constants and operators, whose keys are
/// columns or temporal conversions of them, and whose `where` reduces exactly to column
/// predicates, asks an `AggregatingTableSource` for partial results and merges them; `having`,
/// `order by`, `distinct`, `top` and `limit` then run on the merged groups as they do on
/// grouped rows. Any other query reads the rows.
extension QueryNode {
  /// An output or `having` term over the merged groups.
  indirect enum MergedTerm {
    case aggregate(Int)
    case constant(Value)
    case arithmetic(ArithmeticOperator, MergedTerm, MergedTerm, SourceRange)
    case comparison(ComparisonOperator, MergedTerm, MergedTerm, SourceRange)
  }

  /// What a query pushes to its source, and how its outputs come from the merged groups.
  struct Pushdown {
    var plan: AggregatePlan
    var predicates: [ColumnPredicate]
    /// The output columns after the keys (those that are not a key column itself).
    var outputs: [(column: Column, term: MergedTerm)]
    var having: [MergedTerm]
  }

  /// The query's pushdown to `source`, or nil when it must read the rows.
  func pushdown(_ source: AggregatingTableSource, _ m: Machine) -> Pushdown? {
    guard !isContextBy, cgroupBy.isEmpty, !columns.isEmpty, !columns.contains(where: { $0.isStar || !$0.names.isEmpty })
    else { return nil }
    // `having` without `group by` is not a grouped query: the rows decide.
    if groupBy.isEmpty && !having.isEmpty { return nil }
    var types: [String: DataType] = [:]
    for (n, t) in zip(source.columnNames, source.columnTypes) { types[n.lowercased()] = t }
    let (predicates, complete) = QueryNode.extractPredicates(conditions, m, columns: source.columnNames)
    guard complete, predicates.allSatisfy({ types[$0.column.lowercased()] != nil }) else { return nil }
    func builtin(_ call: CallNamedNode) -> Bool {
      guard case .builtin(let b)? = (try? call.resolve(m))?.kind else { return false }
      return b.name == call.name
    }
    var keys: [AggregatePlan.Key] = []
    for g in groupBy {
      if let c = g.node as? ColumnNode, types[c.name.lowercased()] != nil {
        keys.append(AggregatePlan.Key(column: c.name))
      } else if let call = g.node as? CallNamedNode, call.args.count == 1, let c = call.args[0] as? ColumnNode,
        types[c.name.lowercased()] != nil, AggregatePlan.conversions[call.name] != nil, builtin(call)
      {
        keys.append(AggregatePlan.Key(column: c.name, function: call.name))
      } else {
        return nil
      }
    }
    // A key column selected as itself is the key (as `group` leaves it out).
    let keyNames = Set(groupBy.map { $0.name.lowercased() })
    let selected = columns.filter { c in !(c.node is ColumnNode && keyNames.contains(c.name.lowercased())) }
    guard let (aggregates, terms) = QueryNode.mergedTerms(selected.map(\.node) + having, types: types, m),
      !aggregates.isEmpty
    else { return nil }
    let outputs = zip(selected, terms).map { (column: $0, term: $1) }
    let havingTerms = Array(terms.dropFirst(selected.count))
    return Pushdown(
      plan: AggregatePlan(keys: keys, aggregates: aggregates), predicates: predicates, outputs: outputs,
      having: havingTerms)
  }

  /// Each of `nodes` as a term over aggregates that combine (`AggregatePlan.Function`) of
  /// columns (named in `types`, by lowercased name) of types they take, constants and
  /// operators, with the aggregates the terms use; nil when a node is anything else.
  static func mergedTerms(_ nodes: [Node], types: [String: DataType], _ m: Machine) -> (
    aggregates: [AggregatePlan.Aggregate], terms: [MergedTerm]
  )? {
    var aggregates: [AggregatePlan.Aggregate] = []
    func add(_ a: AggregatePlan.Aggregate) -> MergedTerm {
      if let i = aggregates.firstIndex(of: a) { return .aggregate(i) }
      aggregates.append(a)
      return .aggregate(aggregates.count - 1)
    }
    func term(_ n: Node) -> MergedTerm? {
      if n is CountStarNode { return add(AggregatePlan.Aggregate(.countStar, [])) }
      if let c = n as? ConstNode { return .constant(c.value) }
      if let a = n as? ArithmeticNode, let l = term(a.left), let r = term(a.right) {
        return .arithmetic(a.op, l, r, a.range)
      }
      if let c = n as? ComparisonNode, let l = term(c.left), let r = term(c.right) {
        return .comparison(c.op, l, r, c.range)
      }
      guard let call = n as? CallNamedNode, let f = AggregatePlan.Function(rawValue: call.name), f != .countStar,
        call.args.count == f.arity, case .builtin(let b)? = (try? call.resolve(m))?.kind, b.name == call.name
      else { return nil }
      var names: [String] = []
      for arg in call.args {
        guard let c = arg as? ColumnNode, let t = types[c.name.lowercased()], f.accepts(t) else { return nil }
        names.append(c.name)
      }
      return add(AggregatePlan.Aggregate(f, names))
    }
    var terms: [MergedTerm] = []
    for n in nodes {
      guard let t = term(n) else { return nil }
      terms.append(t)
    }
    return (aggregates, terms)
  }

  /// A merged term's value, given each aggregate's values.
  static func evaluate(_ t: MergedTerm, _ values: [Vector]) throws(ScriptError) -> Value {
    switch t {
    case .aggregate(let i): return .vector(values[i])
    case .constant(let v): return v
    case .arithmetic(let op, let l, let r, let range):
      do { return try Arithmetic.apply(op, try evaluate(l, values), try evaluate(r, values)) } catch {
        throw error.located(range)
      }
    case .comparison(let op, let l, let r, let range):
      do { return try Comparison.apply(op, try evaluate(l, values), try evaluate(r, values)) } catch {
        throw error.located(range)
      }
    }
  }

  /// The query's result from partial aggregates, with whether it is one aggregate row; nil
  /// when the source declines or no row matched (the rows decide then).
  func pushedDown(_ source: AggregatingTableSource, _ m: Machine) throws(ScriptError) -> (Table, Bool)? {
    guard let p = pushdown(source, m), let partials = try source.aggregate(p.plan, predicates: p.predicates),
      let (keys, values) = try p.plan.merge(partials)
    else { return nil }
    let groups = values.first?.count ?? keys.first?.count ?? 0
    func eval(_ t: MergedTerm) throws(ScriptError) -> Value { try QueryNode.evaluate(t, values) }
    var kept: [Int]?
    for h in p.having {
      let v = try eval(h)
      let pass: (Int) -> Bool
      if case .vector(let flags) = v, flags.count == groups {
        pass = { flags[$0].isTruthy }
      } else {
        let all = v.isTruthy
        pass = { _ in all }
      }
      kept = (kept ?? Array(0..<groups)).filter(pass)
    }
    var names = groupBy.map(\.name)
    var vectors = keys.map { v in kept.map { v.gather($0) } ?? v }
    for (c, t) in p.outputs {
      names.append(c.name)
      let column = try QueryNode.column(try eval(t), length: groups, name: c.name, at: c.node.range)
      vectors.append(kept.map { column.gather($0) } ?? column)
    }
    return (try Table(names: Table.distinctNames(names), columns: vectors), groupBy.isEmpty)
  }
}
