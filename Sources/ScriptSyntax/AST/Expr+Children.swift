extension Expr {
  /// The expressions directly inside this one, SQL clauses included; not the statements of a
  /// lambda's body.
  public var children: [Expr] {
    switch kind {
    case .literal, .vectorLiteral, .name, .qualified, .functionRef, .bound, .lambda, .macro: return []
    case .unary(_, let e), .member(let e, _), .template(let e, _), .metacode(let e): return [e]
    case .binary(_, let l, let r): return [l, r]
    case .comparisonChain(let operands, _): return operands
    case .conditional(let c, let a, let b): return [c, a, b]
    case .call(let callee, let args): return [callee] + args.compactMap(\.value)
    case .methodCall(let receiver, _, let args): return [receiver] + args.compactMap(\.value)
    case .partial(let callee, let bound): return [callee] + bound.compactMap { $0 }
    case .index(let base, let indices): return [base] + indices
    case .bracketVector(let items), .tuple(let items): return items
    case .dictionary(let entries): return entries.flatMap { [$0.0, $0.1] }
    case .sql(let statement):
      switch statement {
      case .query(let q):
        var out: [Expr] = q.columns.map(\.expr) + q.whereClause + q.groupBy.map(\.expr) + q.having
        out += q.orderBy.map(\.expr) + q.pivotBy.map(\.expr) + q.csort.map(\.expr)
        out += q.cgroupBy.map(\.expr)
        for e in [q.top, q.from, q.limit, q.offset] { if let e { out.append(e) } }
        out += q.joinedTables.map(\.table) + q.joinedTables.flatMap(\.on)
        return out
      case .update(let table, let set, let whereClause, let contextBy):
        return [table] + set.map(\.1) + whereClause + contextBy
      case .insert(let table, _, let values): return [table] + values
      case .delete(let table, let whereClause): return [table] + whereClause
      }
    }
  }

  /// Every plain name used in this expression and the expressions inside it.
  public var referencedNames: Set<String> {
    var names: Set<String> = []
    var stack = [self]
    while let e = stack.popLast() {
      switch e.kind {
      case .name(let n): names.insert(n)
      case .macro(let macro): if let v = macro.variable { names.insert(v) }
      case .sql(.query(let q)):
        // A macro alias reads a variable too.
        for c in q.columns + q.groupBy { if let v = c.aliasMacro?.variable { names.insert(v) } }
      default: break
      }
      stack += e.children
    }
    return names
  }
}
