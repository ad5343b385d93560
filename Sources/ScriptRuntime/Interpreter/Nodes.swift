import ScriptSyntax

/// A compiled expression: a tree of final classes evaluated by virtual dispatch.
class Node {
  let range: SourceRange
  init(range: SourceRange) { self.range = range }
  func eval(_ m: Machine) throws(ScriptError) -> Value {
    preconditionFailure("Node.eval must be overridden by \(type(of: self))")
  }
  /// The value as a condition (`if`, `do-while`); comparisons answer without building a BOOL.
  func test(_ m: Machine) throws(ScriptError) -> Bool {
    try eval(m).isTruthy
  }
  /// The value when it is an integral scalar, returned in registers instead of as a `Value`;
  /// otherwise the value is parked in `m.parked` and the result's type is `.any`.
  /// Integer arithmetic chains through this without building a `Value` per step.
  func evalInt(_ m: Machine) throws(ScriptError) -> IntScalar {
    let v = try eval(m)
    if case .int(let x, let t) = v { return IntScalar(value: x, type: t) }
    m.parked = v
    return .parkedValue
  }
}

/// An integral scalar's payload and type, or `.parkedValue` (see `Node.evalInt`).
struct IntScalar {
  var value: Int64
  var type: DataType
  static let parkedValue = IntScalar(value: 0, type: .any)
  var isParked: Bool { type == .any }
  /// Back to a `Value`, taking the parked one if that is where it is.
  @inline(__always) func value(_ m: Machine) -> Value {
    if isParked { return m.takeParked() }
    return .int(value, type)
  }
}

/// Where a variable lives: a slot of the current frame or a global slot.
enum VarRef {
  case local(Int)
  case global(Int, String)

  @inline(__always)
  func load(_ m: Machine) -> Value? {
    switch self {
    case .local(let s): return m.stack[m.bp + s]
    case .global(let s, _): return m.globals[s]
    }
  }

  @inline(__always)
  func store(_ m: Machine, _ v: Value) {
    switch self {
    case .local(let s): m.localSlot(s).store(v)
    case .global(let s, _): (m.globals + s).store(v)
    }
  }

  /// Whether the variable holds a value, without copying it out (a local always does).
  @inline(__always)
  func isDefined(_ m: Machine) -> Bool {
    switch self {
    case .local: return true
    case .global(let s, _):
      if case .none = m.globals[s] { return false }
      return true
    }
  }

  /// Moves the value out (leaving VOID) so it can be changed without a copy.
  @inline(__always)
  func take(_ m: Machine) -> Value? {
    switch self {
    case .local(let s):
      let v = m.stack[m.bp + s]
      m.stack[m.bp + s] = .void
      return v
    case .global(let s, _):
      let v = m.globals[s]
      m.globals[s] = .some(.void)
      return v
    }
  }
}

final class ConstNode: Node {
  let value: Value
  init(_ value: Value, range: SourceRange) {
    self.value = value
    super.init(range: range)
  }
  override func eval(_ m: Machine) throws(ScriptError) -> Value { value }
  override func evalInt(_ m: Machine) throws(ScriptError) -> IntScalar {
    if case .int(let x, let t) = value { return IntScalar(value: x, type: t) }
    m.parked = value
    return .parkedValue
  }
}

final class LocalNode: Node {
  let slot: Int
  init(slot: Int, range: SourceRange) {
    self.slot = slot
    super.init(range: range)
  }
  override func eval(_ m: Machine) throws(ScriptError) -> Value { m.stack[m.bp + slot] }
  override func evalInt(_ m: Machine) throws(ScriptError) -> IntScalar {
    let p = m.localSlot(slot)
    if case .int(let x, let t) = p.pointee { return IntScalar(value: x, type: t) }
    m.parked = p.pointee
    return .parkedValue
  }
}

final class GlobalNode: Node {
  let slot: Int
  let name: String
  init(slot: Int, name: String, range: SourceRange) {
    self.slot = slot
    self.name = name
    super.init(range: range)
  }
  override func eval(_ m: Machine) throws(ScriptError) -> Value {
    if let v = m.globals[slot] { return v }
    return try NameNode.resolve(name, module: "", m, range: range)
  }
}

/// A name that is not a variable where it is used: a function, a constant, or an error.
final class NameNode: Node {
  let name: String
  let module: String
  /// Top-level code: the name may be a session variable set after this was compiled (by a
  /// script `run` from this one).
  let seesSession: Bool
  init(name: String, module: String, range: SourceRange, seesSession: Bool = false) {
    self.name = name
    self.module = module
    self.seesSession = seesSession
    super.init(range: range)
  }
  override func eval(_ m: Machine) throws(ScriptError) -> Value {
    if seesSession, let v = m.variable(name) { return v }
    return try NameNode.resolve(name, module: module, m, range: range)
  }

  static func resolve(_ name: String, module: String, _ m: Machine, range: SourceRange) throws(ScriptError) -> Value {
    do {
      if let f = try m.lookupFunction(name, fromModule: module) { return .function(f) }
    } catch { throw error.located(range) }
    if let c = m.constants[name] { return c }
    if module.isEmpty, let shared = m.sharedObjects.table(name) { return .object(shared) }
    throw ScriptError(
      RuntimeMessages.undefinedVariable(name, suggestion: m.suggestion(for: name, includeVariables: true)), at: range)
  }
}

final class QualifiedNode: Node {
  let module: String
  let name: String
  init(module: String, name: String, range: SourceRange) {
    self.module = module
    self.name = name
    super.init(range: range)
  }
  override func eval(_ m: Machine) throws(ScriptError) -> Value {
    do { return .function(try m.lookupQualified(module: module, name: name)) } catch { throw error.located(range) }
  }
}

final class ArithmeticNode: Node {
  let op: ArithmeticOperator
  let left: Node
  let right: Node
  init(_ op: ArithmeticOperator, _ left: Node, _ right: Node, range: SourceRange) {
    self.op = op
    self.left = left
    self.right = right
    super.init(range: range)
  }
  override func eval(_ m: Machine) throws(ScriptError) -> Value {
    let a = try left.eval(m)
    let b = try right.eval(m)
    // Inline the commonest case: INT/LONG scalars.
    if case .int(let x, let tx) = a, case .int(let y, let ty) = b,
      let r = ArithmeticNode.fast(op, IntScalar(value: x, type: tx), IntScalar(value: y, type: ty))
    {
      return .int(r.value, r.type)
    }
    do { return try Arithmetic.apply(op, a, b) } catch { throw error.located(range) }
  }
  /// INT/LONG `+ - *` in registers; anything else through `Arithmetic.apply`, parked.
  override func evalInt(_ m: Machine) throws(ScriptError) -> IntScalar {
    let a = try left.evalInt(m)
    if !a.isParked {
      let b = try right.evalInt(m)
      if let r = ArithmeticNode.fast(op, a, b) { return r }
      return try general(m, a.value(m), b.value(m))
    }
    let av = m.takeParked()
    let bv = try right.eval(m)
    return try general(m, av, bv)
  }
  /// The commonest case inline: same-typed non-null INT/LONG scalars.
  @inline(__always)
  static func fast(_ op: ArithmeticOperator, _ a: IntScalar, _ b: IntScalar) -> IntScalar? {
    let t = a.type
    guard t == b.type, t == .int || t == .long, a.value != Int64.min, b.value != Int64.min else { return nil }
    switch op {
    case .add: return IntScalar(value: Kernel.normalize(a.value &+ b.value, t), type: t)
    case .sub: return IntScalar(value: Kernel.normalize(a.value &- b.value, t), type: t)
    case .mul: return IntScalar(value: Kernel.normalize(a.value &* b.value, t), type: t)
    default: return nil
    }
  }
  private func general(_ m: Machine, _ a: Value, _ b: Value) throws(ScriptError) -> IntScalar {
    let v: Value
    do { v = try Arithmetic.apply(op, a, b) } catch { throw error.located(range) }
    if case .int(let x, let t) = v { return IntScalar(value: x, type: t) }
    m.parked = v
    return .parkedValue
  }
}

final class ComparisonNode: Node {
  let op: ComparisonOperator
  let left: Node
  let right: Node
  init(_ op: ComparisonOperator, _ left: Node, _ right: Node, range: SourceRange) {
    self.op = op
    self.left = left
    self.right = right
    super.init(range: range)
  }
  override func eval(_ m: Machine) throws(ScriptError) -> Value {
    let a = try left.eval(m)
    let b = try right.eval(m)
    if case .int(let x, let tx) = a, case .int(let y, let ty) = b, tx == ty {
      return .int(op.test(x, y) ? 1 : 0, .bool)
    }
    do { return try Comparison.apply(op, a, b) } catch { throw error.located(range) }
  }
  override func test(_ m: Machine) throws(ScriptError) -> Bool {
    let a = try left.eval(m)
    let b = try right.eval(m)
    if case .int(let x, let tx) = a, case .int(let y, let ty) = b, tx == ty { return op.test(x, y) }
    do { return try Comparison.apply(op, a, b).isTruthy } catch { throw error.located(range) }
  }
}

final class ComparisonChainNode: Node {
  let operands: [Node]
  let ops: [ComparisonOperator]
  init(operands: [Node], ops: [ComparisonOperator], range: SourceRange) {
    self.operands = operands
    self.ops = ops
    super.init(range: range)
  }
  override func eval(_ m: Machine) throws(ScriptError) -> Value {
    var left = try operands[0].eval(m)
    var result: Value = .bool(true)
    do {
      for (i, op) in ops.enumerated() {
        let right = try operands[i + 1].eval(m)
        result = try Logic.and(result, try Comparison.apply(op, left, right))
        left = right
      }
    } catch { throw error.located(range) }
    return result
  }
}

/// `and` / `or`: short-circuits when the left side is a scalar that decides the result.
/// `ignoresNull`: the `or` keyword, which takes the other side where one is null (`||` and
/// `and` give null there).
final class LogicNode: Node {
  let isAnd: Bool
  let ignoresNull: Bool
  let left: Node
  let right: Node
  init(isAnd: Bool, ignoresNull: Bool = false, _ left: Node, _ right: Node, range: SourceRange) {
    self.isAnd = isAnd
    self.ignoresNull = ignoresNull
    self.left = left
    self.right = right
    super.init(range: range)
  }
  override func eval(_ m: Machine) throws(ScriptError) -> Value {
    let a = try left.eval(m)
    // A null left side decides nothing: the result is null, after the right side has run.
    if a.isScalar && !(a.isNull && a.type != .string && a.type != .symbol) {
      if isAnd && !a.isTruthy { return .bool(false) }
      if !isAnd && a.isTruthy { return .bool(true) }
    }
    let b = try right.eval(m)
    do { return isAnd ? try Logic.and(a, b) : try Logic.or(a, b, ignoringNull: ignoresNull) } catch {
      throw error.located(range)
    }
  }
}

/// `:`, `..`, `<-`, `$` and other binary operators backed by a plain function.
/// (The function is handed the session too: `..` checks its size against the memory limit.)
final class BinaryFunctionNode: Node {
  let function: (Value, Value, Machine) throws(ScriptError) -> Value
  let left: Node
  let right: Node
  init(
    _ function: @escaping (Value, Value, Machine) throws(ScriptError) -> Value, _ left: Node, _ right: Node,
    range: SourceRange
  ) {
    self.function = function
    self.left = left
    self.right = right
    super.init(range: range)
  }
  convenience init(
    _ function: @escaping (Value, Value) throws(ScriptError) -> Value, _ left: Node, _ right: Node, range: SourceRange
  ) {
    self.init({ a, b, _ throws(ScriptError) in try function(a, b) }, left, right, range: range)
  }
  override func eval(_ m: Machine) throws(ScriptError) -> Value {
    let a = try left.eval(m)
    let b = try right.eval(m)
    do { return try function(a, b, m) } catch { throw error.located(range) }
  }
}

final class UnaryNode: Node {
  let isNot: Bool
  let operand: Node
  init(isNot: Bool, _ operand: Node, range: SourceRange) {
    self.isNot = isNot
    self.operand = operand
    super.init(range: range)
  }
  override func eval(_ m: Machine) throws(ScriptError) -> Value {
    let v = try operand.eval(m)
    do { return isNot ? try Logic.not(v) : try Structural.negate(v) } catch { throw error.located(range) }
  }
}

/// `[a, b, c]`: a typed vector when the items are scalars of one type, else a tuple.
final class BracketVectorNode: Node {
  let items: [Node]
  init(items: [Node], range: SourceRange) {
    self.items = items
    super.init(range: range)
  }
  override func eval(_ m: Machine) throws(ScriptError) -> Value {
    var values: [Value] = []
    values.reserveCapacity(items.count)
    for item in items { values.append(try item.eval(m)) }
    return BracketVectorNode.build(values)
  }

  static func build(_ values: [Value]) -> Value {
    guard !values.isEmpty, values.allSatisfy({ $0.isScalar }) else { return .tuple(values) }
    var type: DataType = .void
    for v in values {
      if case .duration = v { return .tuple(values) }
      guard let t = Structural.commonType(type, v.type) else { return .tuple(values) }
      type = t
    }
    if type == .void { return .tuple(values) }
    var out = Vector.empty(type, capacity: values.count)
    for v in values {
      do { try out.append(v) } catch { return .tuple(values) }
    }
    return .vector(out)
  }
}

final class TupleNode: Node {
  let items: [Node]
  init(items: [Node], range: SourceRange) {
    self.items = items
    super.init(range: range)
  }
  override func eval(_ m: Machine) throws(ScriptError) -> Value {
    var values: [Value] = []
    for item in items { values.append(try item.eval(m)) }
    return .tuple(values)
  }
}

final class DictionaryNode: Node {
  let entries: [(Node, Node)]
  init(entries: [(Node, Node)], range: SourceRange) {
    self.entries = entries
    super.init(range: range)
  }
  override func eval(_ m: Machine) throws(ScriptError) -> Value {
    var d = DictionaryValue(keyType: .any, valueType: .any)
    var keyType: DataType?
    var valueType: DataType?
    for (k, v) in entries {
      let key = try k.eval(m)
      let value = try v.eval(m)
      do { try d.set(key, value) } catch { throw error.located(k.range) }
      keyType = keyType == nil ? key.type : (keyType == key.type ? keyType : .any)
      valueType = valueType == nil ? value.type : (valueType == value.type && value.isScalar ? valueType : .any)
    }
    d.keyType = keyType ?? .string
    d.valueType = valueType ?? .any
    return .dictionary(d)
  }
}

/// `x[i]`.
final class IndexNode: Node {
  let base: Node
  let indices: [Node]
  init(base: Node, indices: [Node], range: SourceRange) {
    self.base = base
    self.indices = indices
    super.init(range: range)
  }
  override func eval(_ m: Machine) throws(ScriptError) -> Value {
    var v = try base.eval(m)
    if indices.count == 2, case .object(let o) = v, let matrix = o as? Matrix {
      let r = try indices[0].eval(m)
      let c = try indices[1].eval(m)
      do { return try matrix.cells(r, c) } catch { throw error.located(range) }
    }
    if indices.count == 2, case .vector(let vec) = v, vec.isArrayVector {
      // x[r, c]: the rows first (a single row stays a one-row array vector; none given, all of
      // them), then the columns of those rows.
      let r = try indices[0].eval(m)
      let c = try indices[1].eval(m)
      do throws(ScriptError) {
        var rows = vec
        if case .void = r {
        } else if let picked = try Indexing.positions(r, count: vec.count) {
          rows = vec.gather(picked)
        } else {
          rows = vec.gather([try Indexing.position(r)])
        }
        if case .void = c { return .vector(rows) }
        return try Indexing.get(.vector(rows), c)
      } catch { throw error.located(range) }
    }
    if indices.count == 2, case .tuple(let items) = v, case .void = try indices[0].eval(m) {
      // tp[, j]: element j of each item (null where an item is shorter), as a tuple.
      let c = try indices[1].eval(m)
      do throws(ScriptError) {
        return .tuple(try items.map { item throws(ScriptError) in try Indexing.get(item, c) })
      } catch { throw error.located(range) }
    }
    if indices.count == 2, ArrayVectorOperations.isArrayVector(v) {
      // x[r, c]: the rows first (a single row stays a one-row array vector), then the column.
      var r = try indices[0].eval(m)
      if case .int(let k, let t) = r { r = .vector(Vector(type: t, ints: [k])) }
      let c = try indices[1].eval(m)
      do { return try Indexing.get(try Indexing.get(v, r), c) } catch { throw error.located(range) }
    }
    for index in indices {
      let i = try index.eval(m)
      // An empty slot (`x[1,]`) leaves what it indexes whole.
      if case .void = i, indices.count > 1 { continue }
      v = try element(v, i, at: index.range, m)
    }
    return v
  }

  /// `v[i]` for one evaluated index.
  func element(_ v: Value, _ index: Value, at indexRange: SourceRange, _ m: Machine) throws(ScriptError) -> Value {
    var i = index
    // `dates[def(x): weekday(x) between 1:5]`: a function indexes by what it gives for the whole.
    if case .function(let f) = i { i = try m.call(f, [v], at: indexRange) }
    do { return try Indexing.get(v, i) } catch { throw error.located(range) }
  }
}

/// `x.name` without a call: a dictionary key, a column, or a one-argument function.
final class MemberNode: Node {
  let base: Node
  let name: String
  let module: String
  init(base: Node, name: String, module: String, range: SourceRange) {
    self.base = base
    self.name = name
    self.module = module
    super.init(range: range)
  }
  override func eval(_ m: Machine) throws(ScriptError) -> Value {
    let v = try base.eval(m)
    switch v {
    case .dictionary(let d):
      if let value = d[.string(name, .string)] { return value }
    case .object(let o):
      if let value = o.member(name) { return value }
    default: break
    }
    do {
      if let f = try m.lookupFunction(name, fromModule: module) {
        return try m.call(f, [v], at: range)
      }
    } catch { throw error.located(range) }
    throw ScriptError(RuntimeMessages.noMember(name, in: v.typeString), at: range)
  }
}

/// `f{a, , c}`.
final class PartialNode: Node {
  let callee: Node
  let bound: [Node?]
  init(callee: Node, bound: [Node?], range: SourceRange) {
    self.callee = callee
    self.bound = bound
    super.init(range: range)
  }
  override func eval(_ m: Machine) throws(ScriptError) -> Value {
    guard case .function(let f) = try callee.eval(m) else {
      throw ScriptError(RuntimeMessages.partialNeedsFunction(), at: callee.range)
    }
    var values: [Value?] = []
    for b in bound { values.append(try b?.eval(m)) }
    return .function(FunctionValue(.partial(f, bound: values)))
  }
}

/// `f:E`.
final class TemplateNode: Node {
  let callee: Node
  let letter: Character
  init(callee: Node, letter: Character, range: SourceRange) {
    self.callee = callee
    self.letter = letter
    super.init(range: range)
  }
  override func eval(_ m: Machine) throws(ScriptError) -> Value {
    guard case .function(let f) = try callee.eval(m) else {
      throw ScriptError(RuntimeMessages.templateNeedsFunction(letter), at: callee.range)
    }
    return .function(FunctionValue(.template(f, letter)))
  }
}

/// A lambda: creates a closure holding the captured values.
final class LambdaNode: Node {
  let function: UserFunction
  let captures: [Node]
  init(function: UserFunction, captures: [Node], range: SourceRange) {
    self.function = function
    self.captures = captures
    super.init(range: range)
  }
  override func eval(_ m: Machine) throws(ScriptError) -> Value {
    var values: [Value] = []
    values.reserveCapacity(captures.count)
    for c in captures { values.append(try c.eval(m)) }
    return .function(FunctionValue(.user(function, captured: values)))
  }
}

extension ScriptObject {
  public func member(_ name: String) -> Value? { nil }
}
