import ScriptSyntax

extension Expr {
  /// This expression with `replace` applied from the top: where it gives an expression, that
  /// stands in place of the node (and is not looked into); elsewhere the node's operands are
  /// rewritten. Lambdas, SQL and metacode inside are left as they are.
  func rewritten(_ replace: (Expr) -> Expr?) -> Expr {
    if let r = replace(self) { return r }
    func walk(_ e: Expr) -> Expr { e.rewritten(replace) }
    func args(_ a: [Argument]) -> [Argument] {
      a.map { Argument(name: $0.name, value: $0.value.map(walk), alias: $0.alias) }
    }
    switch kind {
    case .unary(let op, let x): return Expr(.unary(op: op, walk(x)), range)
    case .binary(let op, let l, let r): return Expr(.binary(op: op, walk(l), walk(r)), range)
    case .comparisonChain(let xs, let ops): return Expr(.comparisonChain(xs.map(walk), ops), range)
    case .conditional(let c, let a, let b): return Expr(.conditional(walk(c), walk(a), walk(b)), range)
    case .call(let callee, let a): return Expr(.call(callee, args(a)), range)
    case .methodCall(let receiver, let name, let a):
      return Expr(.methodCall(receiver: walk(receiver), name: name, args(a)), range)
    case .index(let base, let indices): return Expr(.index(walk(base), indices.map(walk)), range)
    case .member(let base, let name): return Expr(.member(walk(base), name), range)
    case .bracketVector(let items): return Expr(.bracketVector(items.map(walk)), range)
    case .tuple(let items): return Expr(.tuple(items.map(walk)), range)
    default: return self
    }
  }
}
