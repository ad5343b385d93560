import ScriptSyntax

/// `sum(expr)` / `avg(expr)` over element-wise DOUBLE arithmetic, evaluated in blocks of 1024
/// elements that stay in cache instead of materialising every intermediate vector.
///
/// Materialising `x * 2` for 10 million doubles costs 80 MB of freshly faulted pages, several
/// times the arithmetic itself. The fused path gives the same result as the plain one (same
/// operations, same order of additions) and falls back to it whenever the shapes or types
/// differ from plain DOUBLE columns and numeric scalars, or `sum`/`avg` is not the built-in.
final class FusedAggregateNode: Node {
  indirect enum Expr {
    case leaf(Int)
    case binary(ArithmeticOperator, Expr, Expr, SourceRange)
  }

  let aggregate: String
  let tree: Expr
  let leaves: [Node]
  let fallback: CallNamedNode
  static let blockSize = 1024

  init(aggregate: String, tree: Expr, leaves: [Node], fallback: CallNamedNode, range: SourceRange) {
    self.aggregate = aggregate
    self.tree = tree
    self.leaves = leaves
    self.fallback = fallback
    super.init(range: range)
  }

  /// Splits an arithmetic node tree into fusable operators and leaf nodes.
  static func decompose(_ node: Node, into leaves: inout [Node]) -> Expr {
    if let a = node as? ArithmeticNode, a.op != .mod {
      return .binary(a.op, decompose(a.left, into: &leaves), decompose(a.right, into: &leaves), a.range)
    }
    leaves.append(node)
    return .leaf(leaves.count - 1)
  }

  enum Leaf {
    case column(UnsafeBufferPointer<Double>)
    case scalar(Double)
  }

  override func eval(_ m: Machine) throws(ScriptError) -> Value {
    let f = try fallback.resolve(m)
    guard case .builtin(let b) = f.kind, b.name == aggregate else { return try fallback.eval(m) }
    var values: [Value] = []
    values.reserveCapacity(leaves.count)
    for leaf in leaves { values.append(try leaf.eval(m)) }
    var columns: [[Double]] = []
    var kinds: [(isColumn: Bool, index: Int, scalar: Double, isDouble: Bool)] = []
    var length: Int?
    for v in values {
      switch v {
      case .vector(let vec):
        guard case .f64(let a) = vec.storage, length == nil || length == a.count else {
          return try fallback.evalWith(values: values, tree: tree, m)
        }
        length = a.count
        kinds.append((true, columns.count, 0, true))
        columns.append(a)
      case .double(let d, .double): kinds.append((false, 0, d, true))
      case .int(let i, let t) where t.isIntegral: kinds.append((false, 0, i == Int64.min ? .nan : Double(i), false))
      default: return try fallback.evalWith(values: values, tree: tree, m)
      }
    }
    guard let n = length, FusedAggregateNode.allFloating(tree, kinds.map(\.isDouble)) else {
      return try fallback.evalWith(values: values, tree: tree, m)
    }
    let depth = FusedAggregateNode.depth(tree)
    var result: (sum: Double, count: Int) = (0, 0)
    withColumns(columns) { buffers in
      let leafValues: [Leaf] = kinds.map { $0.isColumn ? .column(buffers[$0.index]) : .scalar($0.scalar) }
      result = FusedAggregateNode.reduce(tree, leafValues, count: n, depth: depth)
    }
    let (sum, count) = result
    if count == 0 { return .double(.nan, .double) }
    return .double(aggregate == "avg" ? sum / Double(count) : sum, .double)
  }

  /// Sums the non-null values of the expression, one block at a time (locals stay in registers).
  static func reduce(_ tree: Expr, _ leaves: [Leaf], count n: Int, depth: Int) -> (Double, Int) {
    let scratch = UnsafeMutablePointer<Double>.allocate(capacity: blockSize * (depth + 1))
    defer { scratch.deallocate() }
    var sum = 0.0
    var count = 0
    var start = 0
    while start < n {
      let len = min(blockSize, n - start)
      evaluate(tree, leaves, start, len, scratch, scratch + blockSize)
      for i in 0..<len {
        let v = scratch[i]
        if !v.isNaN {
          sum += v
          count += 1
        }
      }
      start += len
    }
    return (sum, count)
  }

  /// Every operator must see a DOUBLE on at least one side, as the plain path would.
  static func allFloating(_ e: Expr, _ isDouble: [Bool]) -> Bool {
    floating(e, isDouble) != nil
  }

  private static func floating(_ e: Expr, _ isDouble: [Bool]) -> Bool? {
    switch e {
    case .leaf(let i): return isDouble[i]
    case .binary(let op, let l, let r, _):
      guard let a = floating(l, isDouble), let b = floating(r, isDouble) else { return nil }
      if a || b || op == .ratio { return true }
      return nil
    }
  }

  static func depth(_ e: Expr) -> Int {
    switch e {
    case .leaf: return 0
    case .binary(_, let l, let r, _): return 1 + max(depth(l), depth(r))
    }
  }

  /// Computes one block of the expression into `out`, using `scratch` for subexpressions.
  static func evaluate(
    _ e: Expr, _ leaves: [Leaf], _ start: Int, _ len: Int, _ out: UnsafeMutablePointer<Double>,
    _ scratch: UnsafeMutablePointer<Double>
  ) {
    switch e {
    case .leaf(let i):
      switch leaves[i] {
      case .column(let c): for k in 0..<len { out[k] = c[start + k] }
      case .scalar(let s): for k in 0..<len { out[k] = s }
      }
    case .binary(let op, let l, let r, _):
      let right = scratch
      evaluate(l, leaves, start, len, out, scratch + blockSize)
      if case .leaf(let i) = r, case .scalar(let s) = leaves[i] {
        apply(op, out, s, len)
        return
      }
      evaluate(r, leaves, start, len, right, scratch + blockSize)
      switch op {
      case .add: for k in 0..<len { out[k] = out[k] + right[k] }
      case .sub: for k in 0..<len { out[k] = out[k] - right[k] }
      case .mul: for k in 0..<len { out[k] = out[k] * right[k] }
      default: for k in 0..<len { out[k] = Arithmetic.doubleOp(op, out[k], right[k]) }
      }
    }
  }

  static func apply(_ op: ArithmeticOperator, _ out: UnsafeMutablePointer<Double>, _ s: Double, _ len: Int) {
    switch op {
    case .add: for k in 0..<len { out[k] = out[k] + s }
    case .sub: for k in 0..<len { out[k] = out[k] - s }
    case .mul: for k in 0..<len { out[k] = out[k] * s }
    default: for k in 0..<len { out[k] = Arithmetic.doubleOp(op, out[k], s) }
    }
  }
}

/// Gives stable buffer pointers to every column for the duration of `body`.
private func withColumns(_ columns: [[Double]], _ body: ([UnsafeBufferPointer<Double>]) -> Void) {
  func nest(_ k: Int, _ acc: [UnsafeBufferPointer<Double>]) {
    if k == columns.count {
      body(acc)
      return
    }
    columns[k].withUnsafeBufferPointer { nest(k + 1, acc + [$0]) }
  }
  nest(0, [])
}

extension CallNamedNode {
  /// The unfused call, reusing leaf values already evaluated (so side effects happen once).
  func evalWith(values: [Value], tree: FusedAggregateNode.Expr, _ m: Machine) throws(ScriptError) -> Value {
    func compute(_ e: FusedAggregateNode.Expr) throws(ScriptError) -> Value {
      switch e {
      case .leaf(let i): return values[i]
      case .binary(let op, let l, let r, let where_):
        let a = try compute(l)
        let b = try compute(r)
        do { return try Arithmetic.apply(op, a, b) } catch { throw error.located(where_) }
      }
    }
    let argument = try compute(tree)
    let f = try resolve(m)
    return try m.call(f, [argument], at: range)
  }
}
