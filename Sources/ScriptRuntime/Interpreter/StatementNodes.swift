import ScriptSyntax

/// How a statement finished.
enum Flow {
  case normal, breakLoop, continueLoop, returned
}

/// A compiled statement.
class StmtNode {
  let range: SourceRange
  init(range: SourceRange) { self.range = range }
  func exec(_ m: Machine) throws(ScriptError) -> Flow {
    preconditionFailure("StmtNode.exec must be overridden by \(type(of: self))")
  }
}

/// A function body of statements, as the expression a call evaluates: its `return` value.
final class StatementBodyNode: Node {
  let body: StmtNode
  init(_ body: StmtNode, range: SourceRange) {
    self.body = body
    super.init(range: range)
  }
  override func eval(_ m: Machine) throws(ScriptError) -> Value {
    if case .returned = try body.exec(m) {
      // Move the value out instead of copying it.
      var v = Value.void
      swap(&v, &m.returnValue)
      return v
    }
    return .void
  }
}

/// An expression statement; its value is kept for the console to print.
final class ExpressionStmt: StmtNode {
  let expr: Node
  init(_ expr: Node, range: SourceRange) {
    self.expr = expr
    super.init(range: range)
  }
  override func exec(_ m: Machine) throws(ScriptError) -> Flow {
    // The previous value is let go first: `x.append!(v)` returns x, and a second reference
    // held here would make the next append in a loop copy the whole vector.
    m.lastValue = .void
    m.lastValue = try expr.eval(m)
    return .normal
  }
}

final class EmptyStmt: StmtNode {
  override func exec(_ m: Machine) throws(ScriptError) -> Flow { .normal }
}

/// A sequence of statements, kept as a chain of `let` links: running it touches no array,
/// so no reference counting happens on the hot path of a function body.
final class BlockStmt: StmtNode {
  let head: StmtNode
  let tail: StmtNode

  init(head: StmtNode, tail: StmtNode, range: SourceRange) {
    self.head = head
    self.tail = tail
    super.init(range: range)
  }

  /// The statements as one node, in order.
  static func chain(_ body: [StmtNode], range: SourceRange) -> StmtNode {
    guard var node = body.last else { return EmptyStmt(range: range) }
    for s in body.dropLast().reversed() { node = BlockStmt(head: s, tail: node, range: range) }
    return node
  }

  override func exec(_ m: Machine) throws(ScriptError) -> Flow {
    let f = try head.exec(m)
    guard case .normal = f else { return f }
    return try tail.exec(m)
  }
}

final class IfStmt: StmtNode {
  let condition: Node
  let then: StmtNode
  let otherwise: StmtNode?
  init(condition: Node, then: StmtNode, otherwise: StmtNode?, range: SourceRange) {
    self.condition = condition
    self.then = then
    self.otherwise = otherwise
    super.init(range: range)
  }
  override func exec(_ m: Machine) throws(ScriptError) -> Flow {
    if try condition.test(m) { return try then.exec(m) }
    if let otherwise { return try otherwise.exec(m) }
    return .normal
  }
}

final class ForStmt: StmtNode {
  let variable: VarRef
  let sequence: Node
  let body: StmtNode
  init(variable: VarRef, sequence: Node, body: StmtNode, range: SourceRange) {
    self.variable = variable
    self.sequence = sequence
    self.body = body
    super.init(range: range)
  }

  override func exec(_ m: Machine) throws(ScriptError) -> Flow {
    let seq = try sequence.eval(m)
    // A pair iterates without building a vector: `for (i in 0:10000000)`.
    if case .pair(let p) = seq, case .int(let lo, let t) = p[0], case .int(let hi, _) = p[1], t.isIntegerBacked {
      // `0:3` is 0, 1, 2; `4:1` counts down 3, 2, 1 (the upper bound is excluded).
      let step: Int64 = hi >= lo ? 1 : -1
      let i = hi >= lo ? lo : lo - 1
      let end = hi >= lo ? hi : hi - 1
      return try count(m, from: i, to: end, step: step, t)
    }
    return try iterate(m, seq)
  }

  /// The counting loop, the commonest loop, kept small: the variable's slot is written in
  /// place (a local's in a function, a session variable's at the top level). One copy of the
  /// loop per kind of slot: a test per pass of which kind it is costs a tenth of the loop.
  private func count(_ m: Machine, from: Int64, to end: Int64, step: Int64, _ t: DataType) throws(ScriptError)
    -> Flow
  {
    switch variable {
    case .local(let slot):
      return try count(m, from: from, to: end, step: step) { m, i in m.localSlot(slot).store(.int(i, t)) }
    case .global(let slot, _):
      return try count(m, from: from, to: end, step: step) { m, i in (m.globals + slot).store(.int(i, t)) }
    }
  }

  @inline(__always)
  private func count(_ m: Machine, from: Int64, to end: Int64, step: Int64, _ store: (Machine, Int64) -> Void)
    throws(ScriptError) -> Flow
  {
    var i = from
    let session = m.interruption
    while i != end {
      if Interrupt.isRequested || session.isRequested { throw Machine.interrupted().located(range) }
      store(m, i)
      switch try body.exec(m) {
      case .breakLoop: return .normal
      case .returned: return .returned
      default: break
      }
      i &+= step
    }
    return .normal
  }

  /// Every other sequence: vectors, tuples, sets, dictionaries, tables, scalars.
  private func iterate(_ m: Machine, _ seq: Value) throws(ScriptError) -> Flow {
    let count: Int
    let element: (Int) -> Value
    switch seq {
    case .vector(let v), .pair(let v):
      count = v.count
      element = { v[$0] }
    case .tuple(let items):
      count = items.count
      element = { items[$0] }
    case .set(let s):
      count = s.count
      element = { s.elements[$0] }
    case .dictionary(let d):
      count = d.count
      element = { d.keys[$0] }
    case .object(let m as Matrix):
      // A matrix is iterated column by column, as DolphinDB does.
      count = m.columnCount
      element = { .vector(m.columns[$0]) }
    case .object(let o):
      guard let rows = o.rows else {
        throw ScriptError(RuntimeMessages.cannotIterate(seq.typeString), at: sequence.range)
      }
      count = rows.count
      element = { rows[$0] }
    default:
      count = 1
      element = { _ in seq }
    }
    for k in 0..<count {
      if m.isInterrupted { throw Machine.interrupted().located(range) }
      variable.store(m, element(k))
      switch try body.exec(m) {
      case .breakLoop: return .normal
      case .returned: return .returned
      default: break
      }
    }
    return .normal
  }
}

final class DoWhileStmt: StmtNode {
  let body: StmtNode
  let condition: Node
  init(body: StmtNode, condition: Node, range: SourceRange) {
    self.body = body
    self.condition = condition
    super.init(range: range)
  }
  override func exec(_ m: Machine) throws(ScriptError) -> Flow {
    repeat {
      if m.isInterrupted { throw Machine.interrupted().located(range) }
      switch try body.exec(m) {
      case .breakLoop: return .normal
      case .returned: return .returned
      default: break
      }
    } while try condition.test(m)
    return .normal
  }
}

final class JumpStmt: StmtNode {
  let flow: Flow
  init(_ flow: Flow, range: SourceRange) {
    self.flow = flow
    super.init(range: range)
  }
  override func exec(_ m: Machine) throws(ScriptError) -> Flow { flow }
}

final class ReturnStmt: StmtNode {
  let value: Node
  /// False for a bare `return`, which returns a constant VOID.
  let hasValue: Bool
  init(_ value: Node?, range: SourceRange) {
    self.value = value ?? ConstNode(.void, range: range)
    hasValue = value != nil
    super.init(range: range)
  }
  override func exec(_ m: Machine) throws(ScriptError) -> Flow {
    m.returnValue = try value.eval(m)
    return .returned
  }
}

final class TryStmt: StmtNode {
  let body: StmtNode
  let errorVariable: VarRef?
  let handler: StmtNode
  init(body: StmtNode, errorVariable: VarRef?, handler: StmtNode, range: SourceRange) {
    self.body = body
    self.errorVariable = errorVariable
    self.handler = handler
    super.init(range: range)
  }
  override func exec(_ m: Machine) throws(ScriptError) -> Flow {
    let savedSp = m.sp
    let savedBp = m.bp
    let savedDepth = m.callDepth
    do {
      return try body.exec(m)
    } catch {
      if error.isInterrupt { throw error }
      // Frames unwound by the error were cleared by their defers; restore ours.
      m.sp = savedSp
      m.bp = savedBp
      m.callDepth = savedDepth
      if let errorVariable {
        let pair = Vector(strings: [error.category.rawValue, error.message])
        errorVariable.store(m, .pair(pair))
      }
      return try handler.exec(m)
    }
  }
}

final class ThrowStmt: StmtNode {
  let value: Node
  init(_ value: Node, range: SourceRange) {
    self.value = value
    super.init(range: range)
  }
  override func exec(_ m: Machine) throws(ScriptError) -> Flow {
    let v = try value.eval(m)
    throw ScriptError(ValueFormatter.plain(v), at: range, category: .user)
  }
}

final class AssertStmt: StmtNode {
  let name: Node?
  let condition: Node
  init(name: Node?, condition: Node, range: SourceRange) {
    self.name = name
    self.condition = condition
    super.init(range: range)
  }
  override func exec(_ m: Machine) throws(ScriptError) -> Flow {
    let c = try condition.eval(m)
    let holds: Bool
    switch c {
    case .vector(let v): holds = (0..<v.count).allSatisfy { v[$0].isTruthy }
    default: holds = c.isTruthy
    }
    if holds { return .normal }
    if let name {
      let label = ValueFormatter.plain(try name.eval(m))
      throw ScriptError(RuntimeMessages.assertionFailed(label), at: condition.range, category: .assertion)
    }
    throw ScriptError(RuntimeMessages.assertionFailed(), at: condition.range, category: .assertion)
  }
}

/// `timer { }`: runs the body (n times) and prints the elapsed time.
final class TimerStmt: StmtNode {
  let count: Node?
  let body: StmtNode
  init(count: Node?, body: StmtNode, range: SourceRange) {
    self.count = count
    self.body = body
    super.init(range: range)
  }
  override func exec(_ m: Machine) throws(ScriptError) -> Flow {
    let n = try count.map { node throws(ScriptError) in try node.eval(m).intValue ?? 1 } ?? 1
    let start = m.clock.monotonicNanoseconds()
    for _ in 0..<max(1, n) {
      if case .returned = try body.exec(m) { return .returned }
    }
    m.output.write(ValueFormatter.elapsed(nanoseconds: m.clock.monotonicNanoseconds() &- start))
    return .normal
  }
}

/// `use a::b`: loads the module (once) and imports it.
final class UseStmt: StmtNode {
  let module: String
  init(module: String, range: SourceRange) {
    self.module = module
    super.init(range: range)
  }
  override func exec(_ m: Machine) throws(ScriptError) -> Flow {
    do { try m.use(module) } catch { throw error.located(range) }
    return .normal
  }
}

/// `share t as name`: the table becomes visible to every session of the node as `name`; here,
/// `name` (and `t`, when it is a variable) now reach it through the shared table's lock.
final class ShareStmt: StmtNode {
  let table: Node
  let variable: String?
  let name: String
  init(table: Node, variable: String?, name: String, range: SourceRange) {
    self.table = table
    self.variable = variable
    self.name = name
    super.init(range: range)
  }
  override func exec(_ m: Machine) throws(ScriptError) -> Flow {
    let v = try table.eval(m)
    do {
      let shared = try m.share(v, as: name)
      if let variable, m.variable(variable) != nil { m.setVariable(variable, shared) }
    } catch { throw error.located(range) }
    return .normal
  }
}

extension Machine {
  /// Shares a table in memory under `name` for every session of the node, and binds `name`
  /// to it in this session (`share t as name`, `share(t, name)`).
  @discardableResult
  public func share(_ v: Value, as name: String) throws(ScriptError) -> Value {
    let t = try shareableTable(v)
    let shared = Value.object(try sharedObjects.share(t, as: name, by: access?.userName ?? "guest"))
    setVariable(name, shared)
    return shared
  }

  /// The in-memory table `v` holds, which `share` may share: not one shared already (a table
  /// is shared under one name only), nor anything else.
  public func shareableTable(_ v: Value) throws(ScriptError) -> Table {
    guard case .object(let o) = v else { throw ScriptError(RuntimeMessages.shareNeedsTable(v.typeString)) }
    if let already = o as? SharedTable { throw ScriptError(RuntimeMessages.sharedUnderOneName(already.name)) }
    guard let t = o as? Table else { throw ScriptError(RuntimeMessages.shareNeedsTable(v.typeString)) }
    return t
  }
}

extension ScriptObject {
  public var rows: [Value]? { nil }
}
