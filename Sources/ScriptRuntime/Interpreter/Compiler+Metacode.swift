import ScriptSyntax

extension Compiler {
  /// `<expr>` inside a function holds the function's locals it names, as DolphinDB's does
  /// (`def f(t) { return sqlDS(<select * from t>) }`); session variables are read when the
  /// metacode runs.
  mutating func compileMetacode(_ inner: Expr, range r: SourceRange) -> Node {
    var captures: [(String, Node)] = []
    if !scopes.isEmpty {
      for name in inner.referencedNames.sorted() where bindings[name] == nil {
        if case .local(let slot)? = resolve(name, at: r) { captures.append((name, LocalNode(slot: slot, range: r))) }
      }
    }
    return MetacodeNode(expr: inner, captures: captures, inherited: bindings, range: r)
  }
}

/// Makes the metacode value of a `<...>` literal.
final class MetacodeNode: Node {
  let expr: Expr
  let captures: [(String, Node)]
  /// The bindings of the metacode being run, when a literal sits inside evaluated metacode.
  let inherited: [String: Value]

  init(expr: Expr, captures: [(String, Node)], inherited: [String: Value], range: SourceRange) {
    self.expr = expr
    self.captures = captures
    self.inherited = inherited
    super.init(range: range)
  }

  override func eval(_ m: Machine) throws(ScriptError) -> Value {
    var bindings = inherited
    for (name, node) in captures { bindings[name] = try node.eval(m) }
    return .object(MetaCode(expr, bindings: bindings))
  }
}
