import ScriptSyntax

extension Compiler {
  mutating func compileStatement(_ s: Stmt) throws(ScriptError) -> StmtNode {
    let r = s.range
    switch s.kind {
    case .expression(let e):
      return ExpressionStmt(try compileExpression(e), range: r)
    case .assign(let targets, let op, let value, _):
      return try compileAssignment(targets, op: op, value: value, range: r)
    case .constant(let name, let value):
      if isConstant(name) { throw Compiler.error(RuntimeMessages.cannotRedefineConstant(name), r) }
      let target = declare(name)
      if let scope = scopes.last { scope.constants.insert(name) } else { m.constantGlobals.insert(name) }
      return AssignStmt(target: target, value: try compileExpression(value), range: r)
    case .function(let decl):
      // A named function inside a function: a local closure.
      let target = declare(decl.name ?? "")
      return AssignStmt(target: target, value: try compileLambda(decl, range: decl.range), range: r)
    case .ifElse(let condition, let then, let otherwise):
      return IfStmt(
        condition: try compileExpression(condition), then: try compileStatement(then),
        otherwise: try otherwise.map { o throws(ScriptError) in try compileStatement(o) }, range: r)
    case .forIn(let variable, let sequence, let body):
      let target = declare(variable)
      return ForStmt(
        variable: target, sequence: try compileExpression(sequence), body: try compileStatement(body), range: r)
    case .doWhile(let body, let condition):
      return DoWhileStmt(body: try compileStatement(body), condition: try compileExpression(condition), range: r)
    case .block(let body):
      var nodes: [StmtNode] = []
      for b in body { nodes.append(try compileStatement(b)) }
      return BlockStmt.chain(nodes, range: r)
    case .breakLoop: return JumpStmt(.breakLoop, range: r)
    case .continueLoop: return JumpStmt(.continueLoop, range: r)
    case .returnValue(let value):
      return ReturnStmt(try value.map { v throws(ScriptError) in try compileExpression(v) }, range: r)
    case .tryCatch(let body, let errorName, let handler):
      let ref = errorName.map { declare($0) }
      return TryStmt(
        body: try compileStatement(body), errorVariable: ref, handler: try compileStatement(handler), range: r)
    case .throwValue(let value):
      return ThrowStmt(try compileExpression(value), range: r)
    case .assertion(let name, let condition):
      return AssertStmt(
        name: try name.map { n throws(ScriptError) in try compileExpression(n) },
        condition: try compileExpression(condition), range: r)
    case .transaction(let body):
      return TransactionStmt(body: try compileStatement(body), range: r)
    case .timer(let count, let body):
      return TimerStmt(
        count: try count.map { c throws(ScriptError) in try compileExpression(c) }, body: try compileStatement(body),
        range: r)
    case .module:
      // Running a module file as a script just defines its functions in the session.
      return EmptyStmt(range: r)
    case .use(let name):
      return UseStmt(module: name, range: r)
    case .share(let table, let name):
      var variable: String?
      if case .name(let n) = table.kind { variable = n }
      return ShareStmt(table: try compileExpression(table), variable: variable, name: name, range: r)
    case .empty:
      return EmptyStmt(range: r)
    case .classDef(let decl):
      try compileClass(decl)
      return EmptyStmt(range: r)
    }
  }

  static func arithmeticOperator(_ op: String) -> ArithmeticOperator? {
    switch op {
    case "+=": return .add
    case "-=": return .sub
    case "*=": return .mul
    case "/=": return .div
    case "%=": return .mod
    default: return nil
    }
  }

  mutating func compileAssignment(_ targets: [Expr], op: String, value: Expr, range r: SourceRange)
    throws(ScriptError) -> StmtNode
  {
    let valueNode = try compileExpression(value)
    if targets.count > 1 {
      var refs: [VarRef] = []
      for t in targets {
        guard case .name(let n) = t.kind else {
          throw Compiler.error(RuntimeMessages.multipleAssignmentNeedsNames(), t.range)
        }
        if isConstant(n) { throw Compiler.error(RuntimeMessages.cannotModifyConstant(n), t.range) }
        refs.append(declare(n))
      }
      return MultiAssignStmt(targets: refs, value: valueNode, range: r)
    }
    let target = targets[0]
    let compound = Compiler.arithmeticOperator(op)
    switch target.kind {
    case .name(let n) where isAttribute(n):
      // An attribute set inside a method; `x += 1` reads it first.
      var node = valueNode
      if let compound {
        node = ArithmeticNode(compound, AttributeNode(name: n, range: target.range), valueNode, range: r)
      }
      return AttributeAssignStmt(name: n, value: node, range: r)
    case .name(let n):
      if isConstant(n) { throw Compiler.error(RuntimeMessages.cannotModifyConstant(n), target.range) }
      let ref = resolve(n, at: target.range) ?? declare(n)
      if let compound {
        let general = CompoundAssignStmt(target: ref, name: n, op: compound, value: valueNode, range: r)
        if compound == .add || compound == .sub {
          switch ref {
          case .local(let slot): return LocalCompoundAssignStmt(slot: slot, isAdd: compound == .add, general: general)
          case .global(let slot, _):
            return GlobalCompoundAssignStmt(slot: slot, isAdd: compound == .add, general: general)
          }
        }
        return general
      }
      return AssignStmt(target: ref, value: valueNode, range: r)
    case .index:
      // Flatten x[i][j] into a base name and a list of indices.
      var indices: [Expr] = []
      var base = target
      while case .index(let inner, let idx) = base.kind {
        indices.insert(contentsOf: idx, at: 0)
        base = inner
      }
      guard case .name(let n) = base.kind else {
        throw Compiler.error(RuntimeMessages.invalidIndexedTarget(), target.range)
      }
      // `x[i] = e` changes x: it must exist already.
      guard let ref = resolve(n, at: base.range) else {
        throw Compiler.error(RuntimeMessages.undefinedVariable(n), base.range)
      }
      if isConstant(n) { throw Compiler.error(RuntimeMessages.cannotModifyConstant(n), target.range) }
      var nodes: [Node] = []
      for i in indices { nodes.append(try compileExpression(i)) }
      var commaKeys = false
      if case .index(let inner, let idx) = target.kind, idx.count > 1, case .name = inner.kind { commaKeys = true }
      return IndexAssignStmt(
        target: ref, name: n, indices: nodes, commaKeys: commaKeys, op: compound, value: valueNode, range: r)
    case .member(let base, let member):
      guard case .name(let n) = base.kind else {
        throw Compiler.error(RuntimeMessages.invalidIndexedTarget(), target.range)
      }
      guard let ref = resolve(n, at: base.range) else {
        throw Compiler.error(RuntimeMessages.undefinedVariable(n), base.range)
      }
      // `d.key = e` is `d[`key] = e`.
      let key = ConstNode(.string(member, .string), range: target.range)
      return IndexAssignStmt(target: ref, name: n, indices: [key], op: compound, value: valueNode, range: r)
    default:
      throw Compiler.error(RuntimeMessages.invalidAssignmentTarget(), target.range)
    }
  }
}
