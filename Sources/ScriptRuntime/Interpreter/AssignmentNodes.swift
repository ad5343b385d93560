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
    return try finish(m, old: old, rhs: try value.eval(m))
  }

  /// Combines the old value with the evaluated right side and stores the result.
  func finish(_ m: Machine, old: Value, rhs: Value) throws(ScriptError) -> Flow {
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

/// `x += e` and `x -= e` on a variable's slot: the integer case changes the slot in place.
/// A subclass per kind of slot (local, session variable), so that neither tests which it is.
class SlotCompoundAssignStmt: StmtNode {
  let slot: Int
  let isAdd: Bool
  let value: Node
  /// Everything but INT/LONG on both sides.
  let general: CompoundAssignStmt
  /// When the right side is `variable op constant` (`s += i * 2`): its parts, computed here
  /// without a call (a superinstruction, as Lua's `ADDK`/`MULK`).
  let operand: SlotConstOperand?
  init(slot: Int, isAdd: Bool, general: CompoundAssignStmt) {
    self.slot = slot
    self.isAdd = isAdd
    self.value = general.value
    self.general = general
    operand = SlotConstOperand(general.value)
    super.init(range: general.range)
  }
}

/// On a local variable.
final class LocalCompoundAssignStmt: SlotCompoundAssignStmt {
  override func exec(_ m: Machine) throws(ScriptError) -> Flow {
    // The old value is read before the right side runs, as the general path does.
    if case .double(let x, .double) = m.localSlot(slot).pointee {
      // A DOUBLE sum (`s = 0.0; s += v[i]`): a DOUBLE or an integer right side adds in place.
      let rhs = try value.eval(m)
      let y: Double
      switch rhs {
      case .double(let d, .double): y = d
      case .int(let i, let t) where t.isIntegral && t != .bool && i != Int64.min: y = Double(i)
      default: return try general.finish(m, old: .double(x, .double), rhs: rhs)
      }
      m.localSlot(slot).store(.double(isAdd ? x + y : x - y, .double))
      return .normal
    }
    guard case .int(let x, let tx) = m.localSlot(slot).pointee, tx == .int || tx == .long, x != Int64.min else {
      return try general.exec(m)
    }
    if let k = operand, let y = k.value(m), k.type == tx {
      m.localSlot(slot).initialize(to: .int(Kernel.normalize(isAdd ? x &+ y : x &- y, tx), tx))
      return .normal
    }
    let rhs = try value.evalInt(m)
    guard rhs.type == tx, rhs.value != Int64.min else {
      return try general.finish(m, old: .int(x, tx), rhs: rhs.value(m))
    }
    let y = rhs.value
    let r = isAdd ? x &+ y : x &- y
    // The slot held an integer when read; a call in the right side may have moved the stack.
    m.localSlot(slot).store(.int(Kernel.normalize(r, tx), tx))
    return .normal
  }
}

/// On a session variable (a top-level loop's), in its global slot.
final class GlobalCompoundAssignStmt: SlotCompoundAssignStmt {
  override func exec(_ m: Machine) throws(ScriptError) -> Flow {
    guard case .some(.int(let x, let tx)) = m.globals[slot], tx == .int || tx == .long, x != Int64.min else {
      return try general.exec(m)
    }
    if let k = operand, let y = k.value(m), k.type == tx {
      (m.globals + slot).initialize(to: .int(Kernel.normalize(isAdd ? x &+ y : x &- y, tx), tx))
      return .normal
    }
    let rhs = try value.evalInt(m)
    guard rhs.type == tx, rhs.value != Int64.min else {
      return try general.finish(m, old: .int(x, tx), rhs: rhs.value(m))
    }
    // The right side may have changed the variable (a call): store as any assignment does.
    (m.globals + slot).store(.int(Kernel.normalize(isAdd ? x &+ rhs.value : x &- rhs.value, tx), tx))
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
  /// Whether the indices were one bracket's, `x[a, b]` (not `x[a][b]`): keys of a dictionary.
  let commaKeys: Bool
  init(
    target: VarRef, name: String, indices: [Node], commaKeys: Bool = false, op: ArithmeticOperator?, value: Node,
    range: SourceRange
  ) {
    self.target = target
    self.name = name
    self.indices = indices
    self.commaKeys = commaKeys
    self.op = op
    self.value = value
    super.init(range: range)
  }
  override func exec(_ m: Machine) throws(ScriptError) -> Flow {
    guard target.isDefined(m) else { throw ScriptError(RuntimeMessages.undefinedVariable(name), at: range) }
    if indices.count == 1, op == nil {
      // `x[i] = e`, the loop case: no array of indices is made.
      let index = try indices[0].eval(m)
      let newValue = try value.eval(m)
      if case .object(let o) = newValue, o is MetaCode { return try exec(m, [index], newValue) }
      var base = target.take(m) ?? .void
      do { try Indexing.set(&base, index: index, newValue) } catch {
        target.store(m, base)
        throw error.located(range)
      }
      target.store(m, base)
      return .normal
    }
    var idx: [Value] = []
    for i in indices { idx.append(try i.eval(m)) }
    return try exec(m, idx, try value.eval(m))
  }

  private static func isMetaCode(_ v: Value) -> Bool {
    if case .object(let o) = v { return o is MetaCode }
    return false
  }

  private func exec(_ m: Machine, _ idx: [Value], _ evaluated: Value) throws(ScriptError) -> Flow {
    var newValue = evaluated
    if op == nil, idx.count == 2, case .object(let c) = idx[1], c is MetaCode, case .string = idx[0],
      target.load(m)?.form == .table, !Self.isMetaCode(evaluated)
    {
      // `t[`col, <cond>] = 1`: a plain value set where the condition holds, as metacode of it.
      let key = MetaCode.newKey()
      newValue = .object(MetaCode(Expr(.bound(key), range), bindings: [key: evaluated]))
    }
    if op == nil, case .object(let o) = newValue, let code = o as? MetaCode, idx.count <= 2,
      let table = target.load(m), table.form == .table, case .string(let column, _) = idx[0]
    {
      // `t[`col] = <expr>`, `t[`col, <cond>] = <expr>`: an update of the table through metacode.
      var condition: MetaCode?
      if idx.count == 2, case .object(let c) = idx[1] { condition = c as? MetaCode }
      if idx.count == 2 && condition == nil {
        throw ScriptError(RuntimeMessages.metacodeConditionExpected(), at: range)
      }
      do { try m.updateColumn(table, column, where: condition, to: code) } catch { throw error.located(range) }
      return .normal
    }
    if op == nil, case .object(let o) = newValue, let code = o as? MetaCode, idx.count == 1,
      let table = target.load(m), table.form == .table, case .vector(let names) = idx[0], names.type.isText,
      let parts = MetaCode.items(of: code.expr) ?? [code.expr] as [Expr]?
    {
      // `t[`a`b] = <[e1, e2]>`: each column from its part.
      guard parts.count == names.count else {
        throw ScriptError(RuntimeMessages.namesMismatch(names.count, got: "CODE", parts.count), at: range)
      }
      do {
        for (name, part) in zip(names.strings, parts) {
          try m.updateColumn(table, name, where: nil, to: MetaCode(part, bindings: code.bindings, labels: code.labels))
        }
      } catch { throw error.located(range) }
      return .normal
    }
    var base = target.take(m) ?? .void
    var idx = idx
    if commaKeys, case .dictionary = base {
      // `d[1, 2, 3] = v`: three keys of the dictionary, as `d[1 2 3] = v`.
      idx = [HigherOrder.collect(idx)]
    }
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
