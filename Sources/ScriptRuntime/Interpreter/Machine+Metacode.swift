import ScriptSyntax

extension Machine {
  /// Runs metacode in this session (`eval`): its names are the session's variables and
  /// functions, except the values the metacode holds.
  public func evaluate(_ code: MetaCode) throws(ScriptError) -> Value {
    var compiler = Compiler(machine: self, module: "")
    compiler.bindings = code.bindings
    let node = try compiler.compileExpression(code.expr)
    return try node.eval(self)
  }

  /// What a query's `where` says of single columns (`date = d`, `id in ids`, ...) of a table
  /// with `columns` (nil: unknown, so no name is taken for a variable), for choosing the
  /// partitions it may read; none when the metacode is not a query that compiles.
  public func partitionPredicates(_ code: MetaCode, columns: [String]?) -> [ColumnPredicate] {
    var compiler = Compiler(machine: self, module: "")
    compiler.bindings = code.bindings
    guard let query = try? compiler.compileExpression(code.expr) as? QueryNode else { return [] }
    return QueryNode.predicates(query.conditions, self, columns: columns)
  }

  /// `parseExpr(text)`: the expression `text` as metacode, parsed in this session's context.
  public func parseMetacode(_ text: String) throws(ScriptError) -> MetaCode {
    let file = SourceFile(name: "<parseExpr>", text: text)
    let parsed: Result<MetaCode, ScriptError>
    do throws(ScriptError) {
      guard let e = MetaCode.expression(in: try parseNested(file)) else {
        throw ScriptError(RuntimeMessages.parseExprNeedsExpression(text))
      }
      parsed = .success(MetaCode(e))
    } catch {
      parsed = .failure(error)
    }
    if case .success(let code) = parsed { return code }
    // As DolphinDB reads it, the text is what `<text>` holds: a condition such as
    // "sym=`IBM" or "t between 09:00:00 and 15:00:00", as `sql(where=...)` wants one.
    if let program = try? parseNested(SourceFile(name: "<parseExpr>", text: "<" + text + ">")),
      program.statements.count == 1, case .expression(let e) = program.statements[0].kind,
      case .metacode(let inner) = e.kind
    {
      return MetaCode(inner)
    }
    return try parsed.get()
  }

  /// `t[`col] = <expr>` and `t[`col, <cond>] = <expr>`: DolphinDB's update through metacode,
  /// run as `update t set col = expr where cond`.
  func updateColumn(_ table: Value, _ column: String, where condition: MetaCode?, to value: MetaCode)
    throws(ScriptError)
  {
    let key = MetaCode.newKey()
    var bindings = value.bindings.merging(condition?.bindings ?? [:]) { $1 }
    bindings[key] = table
    let r = ExprPrinter.builtRange
    let update = SQLStatement.update(
      table: Expr(.bound(key), r), set: [(column, value.expr)], whereClause: condition.map { [$0.expr] } ?? [],
      contextBy: [])
    _ = try evaluate(MetaCode(Expr(.sql(update), r), bindings: bindings))
  }
}

extension Machine {
  /// A script function's declaration, parsed again from its text, and the module it belongs to
  /// (nil for a built-in or a lambda that captured values).
  public func declaration(of f: FunctionValue) -> (FunctionDecl, module: String)? {
    guard case .user(let u, let captured) = f.kind, captured.isEmpty,
      case .success(let program) = Parser.parse(SourceFile(name: "<\(u.name)>", text: u.source), context: parseContext)
    else { return nil }
    for s in program.statements {
      if case .function(let d) = s.kind { return (d, u.module) }
      if case .expression(let e) = s.kind, case .lambda(let d) = e.kind { return (d, u.module) }
    }
    return nil
  }
}
