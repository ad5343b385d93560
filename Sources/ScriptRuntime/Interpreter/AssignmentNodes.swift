import ScriptSyntax

final class AssignStmt: StmtNode {
  let target: VarRef
  let value: Node
  init(target: VarRef, value: Node, range: SourceRange) {
    self.target = target
    self.value = value
    super.init(range: range)
  }
  override func exec(_ m: Machine) throws(ScriptError) -> Flow {
    target.store(m, try value.eval(m))
    return .normal
  }
}

/// `x += e` and friends.
final class CompoundAssignStmt: StmtNode {
  let target: VarRef
  let name: String
  let op: ArithmeticOperator
  let value: Node
  init(target: VarRef, name: String, op: ArithmeticOperator, value: Node, range: SourceRange) {
    self.target = target
    self.name = name
    self.op = op
    self.value = value
    super.init(range: range)
  }
  override func exec(_ m: Machine) throws(ScriptError) -> Flow {
    guard let old = target.load(m) else { throw ScriptError(RuntimeMessages.undefinedVariable(name), at: range) }
    let rhs = try value.eval(m)
    if case .int(let x, let tx) = old, case .int(let y, let ty) = rhs, tx == ty, tx == .int || tx == .long,
      x != Int64.min, y != Int64.min
    {
      switch op {
      case .add:
        target.store(m, .int(Kernel.normalize(x &+ y, tx), tx))
        return .normal
      case .sub:
        target.store(m, .int(Kernel.normalize(x &- y, tx), tx))
        return .normal
      default: break
      }
    }
    do { target.store(m, try Arithmetic.apply(op, old, rhs)) } catch { throw error.located(range) }
    return .normal
  }
}

/// `a, b = e`.
final class MultiAssignStmt: StmtNode {
  let targets: [VarRef]
  let value: Node
  init(targets: [VarRef], value: Node, range: SourceRange) {
    self.targets = targets
    self.value = value
    super.init(range: range)
  }
  override func exec(_ m: Machine) throws(ScriptError) -> Flow {
    let v = try value.eval(m)
    let parts: [Value]
    switch v {
    case .tuple(let items): parts = items
    case .vector(let vec), .pair(let vec): parts = vec.values
    default: parts = [v]
    }
    guard parts.count == targets.count else {
      throw ScriptError(
        RuntimeMessages.assignmentCountMismatch(parts.count, variables: targets.count), at: range)
    }
    for (t, p) in zip(targets, parts) { t.store(m, p) }
    return .normal
  }
}

/// `x[i] = e`, `d[key] = e`, `x[i] += e`.
final class IndexAssignStmt: StmtNode {
  let target: VarRef
  let name: String
  let indices: [Node]
  let op: ArithmeticOperator?
  let value: Node
  init(target: VarRef, name: String, indices: [Node], op: ArithmeticOperator?, value: Node, range: SourceRange) {
    self.target = target
    self.name = name
    self.indices = indices
    self.op = op
    self.value = value
    super.init(range: range)
  }
  override func exec(_ m: Machine) throws(ScriptError) -> Flow {
    guard target.load(m) != nil else { throw ScriptError(RuntimeMessages.undefinedVariable(name), at: range) }
    var idx: [Value] = []
    for i in indices { idx.append(try i.eval(m)) }
    var newValue = try value.eval(m)
    var base = target.take(m) ?? .void
    do {
      if let op {
        var current = base
        for i in idx { current = try Indexing.get(current, i) }
        newValue = try Arithmetic.apply(op, current, newValue)
      }
      try Indexing.set(&base, idx[...], newValue)
    } catch {
      target.store(m, base)
      throw error.located(range)
    }
    target.store(m, base)
    return .normal
  }
}
