import ScriptSyntax

/// `local op constant` for INT/LONG constants (`n - 1`, `i * 2`): reads the slot in place,
/// without copying the value out first. Anything but a same-typed integer takes the general path.
final class LocalConstArithmeticNode: Node {
  let op: ArithmeticOperator
  let slot: Int
  let constant: Int64
  let type: DataType
  let general: ArithmeticNode
  init(_ op: ArithmeticOperator, slot: Int, constant: Int64, type: DataType, general: ArithmeticNode) {
    self.op = op
    self.slot = slot
    self.constant = constant
    self.type = type
    self.general = general
    super.init(range: general.range)
  }
  override func eval(_ m: Machine) throws(ScriptError) -> Value {
    if case .int(let x, let t) = m.localSlot(slot).pointee, t == type, x != Int64.min {
      switch op {
      case .add: return .int(Kernel.normalize(x &+ constant, t), t)
      case .sub: return .int(Kernel.normalize(x &- constant, t), t)
      case .mul: return .int(Kernel.normalize(x &* constant, t), t)
      default: break
      }
    }
    return try general.eval(m)
  }
  override func evalInt(_ m: Machine) throws(ScriptError) -> IntScalar {
    if case .int(let x, let t) = m.localSlot(slot).pointee, t == type, x != Int64.min {
      switch op {
      case .add: return IntScalar(value: Kernel.normalize(x &+ constant, t), type: t)
      case .sub: return IntScalar(value: Kernel.normalize(x &- constant, t), type: t)
      case .mul: return IntScalar(value: Kernel.normalize(x &* constant, t), type: t)
      default: break
      }
    }
    return try general.evalInt(m)
  }
}

/// `variable op constant` (a local or a session variable) as plain data, for nodes that
/// compute it inline.
struct SlotConstOperand {
  let op: ArithmeticOperator
  let slot: Int
  let constant: Int64
  let type: DataType
  var isGlobal = false

  init(op: ArithmeticOperator, slot: Int, constant: Int64, type: DataType, isGlobal: Bool = false) {
    (self.op, self.slot, self.constant, self.type, self.isGlobal) = (op, slot, constant, type, isGlobal)
  }

  /// The operand of a right side that is `variable op INT-constant`, local or global; nil for
  /// any other expression.
  init?(_ node: Node) {
    if let l = node as? LocalConstArithmeticNode {
      self.init(op: l.op, slot: l.slot, constant: l.constant, type: l.type)
    } else if let a = node as? ArithmeticNode, let g = a.left as? GlobalNode, let c = a.right as? ConstNode,
      case .int(let k, let t) = c.value, t == .int || t == .long, k != Int64.min
    {
      self.init(op: a.op, slot: g.slot, constant: k, type: t, isGlobal: true)
    } else {
      return nil
    }
  }

  /// The result, when the variable holds a non-null integer of `type` and `op` is `+ - *`.
  @inline(__always) func value(_ m: Machine) -> Int64? {
    let x: Int64
    if isGlobal {
      guard case .some(.int(let g, let t)) = m.globals[slot], t == type, g != Int64.min else { return nil }
      x = g
    } else {
      guard case .int(let l, let t) = m.localSlot(slot).pointee, t == type, l != Int64.min else { return nil }
      x = l
    }
    let t = type
    switch op {
    case .add: return Kernel.normalize(x &+ constant, t)
    case .sub: return Kernel.normalize(x &- constant, t)
    case .mul: return Kernel.normalize(x &* constant, t)
    default: return nil
    }
  }
}

/// `local < constant` and the other comparisons against an integer constant.
final class LocalConstComparisonNode: Node {
  let op: ComparisonOperator
  let slot: Int
  let constant: Int64
  let general: ComparisonNode
  init(_ op: ComparisonOperator, slot: Int, constant: Int64, general: ComparisonNode) {
    self.op = op
    self.slot = slot
    self.constant = constant
    self.general = general
    super.init(range: general.range)
  }
  override func eval(_ m: Machine) throws(ScriptError) -> Value {
    if case .int(let x, let t) = m.stack[m.bp + slot], t.isIntegral {
      return .int(op.test(x, constant) ? 1 : 0, .bool)
    }
    return try general.eval(m)
  }
  override func test(_ m: Machine) throws(ScriptError) -> Bool {
    if case .int(let x, let t) = m.stack[m.bp + slot], t.isIntegral { return op.test(x, constant) }
    return try general.eval(m).isTruthy
  }
}

extension Compiler {
  /// Picks a specialised node for `local op INT-constant` shapes.
  func specialize(_ node: Node) -> Node {
    if let a = node as? ArithmeticNode, let local = a.left as? LocalNode, let c = a.right as? ConstNode,
      case .int(let k, let t) = c.value, t == .int || t == .long, k != Int64.min
    {
      return LocalConstArithmeticNode(a.op, slot: local.slot, constant: k, type: t, general: a)
    }
    if let cmp = node as? ComparisonNode, let local = cmp.left as? LocalNode, let c = cmp.right as? ConstNode,
      case .int(let k, let t) = c.value, t.isIntegral, k != Int64.min
    {
      return LocalConstComparisonNode(cmp.op, slot: local.slot, constant: k, general: cmp)
    }
    return node
  }
}

/// `if (c) return a; return b` as one expression.
final class ChoiceNode: Node {
  let condition: Node
  let then: Node
  let otherwise: Node
  init(_ condition: Node, _ then: Node, _ otherwise: Node, range: SourceRange) {
    self.condition = condition
    self.then = then
    self.otherwise = otherwise
    super.init(range: range)
  }
  override func eval(_ m: Machine) throws(ScriptError) -> Value {
    try condition.test(m) ? try then.eval(m) : try otherwise.eval(m)
  }
}

/// `x[i]` for a local `x` and one index: an integer index into a plain vector is read in place,
/// without copying the variable's value out first (the loops of `c[i] = a[i] + b[i]`).
/// Anything else (a table, a pair, a vector index, a null or an index out of range) takes
/// the general path with the index already evaluated.
final class LocalElementNode: Node {
  let slot: Int
  let index: Node
  let general: IndexNode
  init(slot: Int, index: Node, general: IndexNode) {
    self.slot = slot
    self.index = index
    self.general = general
    super.init(range: general.range)
  }
  override func eval(_ m: Machine) throws(ScriptError) -> Value {
    let i = try index.evalInt(m)
    if !i.isParked, i.type != .bool, i.type.isIntegral, i.value >= 0,
      case .vector(let v) = m.localSlot(slot).pointee, i.value < v.count, !v.isArrayVector
    {
      return v[Int(i.value)]
    }
    return try general.element(m.localSlot(slot).pointee, i.value(m), at: index.range, m)
  }
}
