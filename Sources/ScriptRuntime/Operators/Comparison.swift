/// Comparison operators.
public enum ComparisonOperator: String, Sendable {
  case eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">="

  @inline(__always)
  func test<T: Comparable>(_ x: T, _ y: T) -> Bool {
    switch self {
    case .eq: return x == y
    case .ne: return x != y
    case .lt: return x < y
    case .le: return x <= y
    case .gt: return x > y
    case .ge: return x >= y
    }
  }
}

/// Vectorised comparisons; null is equal to null and less than every other value. Two sets are
/// equal when they hold the same elements, and `<=` / `>=` test for a subset / superset.
public enum Comparison {
  public static func apply(_ op: ComparisonOperator, _ a: Value, _ b: Value) throws(ScriptError) -> Value {
    if case .int(let x, let tx) = a, case .int(let y, let ty) = b, tx == ty || (tx.isIntegral && ty.isIntegral) {
      return .bool(op.test(x, y))
    }
    if let r = ComparisonKernels.columnAgainstScalar(op, a, b) { return r }
    if case .set(let x) = a, case .set(let y) = b, op == .le || op == .ge {
      // Two sets: X <= Y when X is a subset of Y, X >= Y when Y is a subset of X.
      let (small, large) = op == .le ? (x, y) : (y, x)
      return .bool(small.elements.allSatisfy { large.contains($0) })
    }
    // A pair compares as its two elements and gives a BOOL pair (`1:2 == 1:6` is `true : false`),
    // as arithmetic on a pair gives a pair.
    if case .pair(let p) = a { return asPair(try apply(op, .vector(p), b)) }
    if case .pair(let q) = b { return asPair(try apply(op, a, .vector(q))) }
    if let r = try Matrix.combine(a, b, { x, y throws(ScriptError) in try apply(op, x, y) }) { return r }
    if let r = try ArrayVectorOperations.combine(a, b, op.rawValue, { x, y throws(ScriptError) in try apply(op, x, y) })
    {
      return r
    }
    if case .tuple(let items) = a {
      var out: [Value] = []
      for (i, item) in items.enumerated() {
        let other = b.isScalar ? b : try Arithmetic.element(b, i, count: items.count, .sub)
        out.append(try apply(op, item, other))
      }
      return .tuple(out)
    }
    let ta = a.type
    let tb = b.type
    if ta.is128 || tb.is128 {
      // By their 16 bytes; text on the other side is read as the same type.
      let t = ta.is128 ? ta : tb
      guard let xs = try Kernel.binary128(a, t), let ys = try Kernel.binary128(b, t) else { throw invalid(op, a, b) }
      return Kernel.wrap(
        try Kernel.map(xs, ys, op.rawValue) { x, y -> Bool? in
          switch op {
          case .eq: return x == y
          case .ne: return x != y
          case .lt: return Binary128.less(x, y, t)
          case .le: return !Binary128.less(y, x, t)
          case .gt: return Binary128.less(y, x, t)
          case .ge: return !Binary128.less(x, y, t)
          }
        })
    }
    if ta.isText || tb.isText {
      // A SYMBOL column against one string: compare each distinct symbol once.
      if case .vector(let v) = a, case .string(let y, _) = b, let r = v.testingSymbols({ op.test($0, y) }) {
        return .vector(r)
      }
      if case .string(let x, _) = a, case .vector(let v) = b, let r = v.testingSymbols({ op.test(x, $0) }) {
        return .vector(r)
      }
      if let r = ComparisonKernels.stringsAgainstScalar(op, a, b) { return r }
      guard let xs = Kernel.strings(a), let ys = Kernel.strings(b) else { throw invalid(op, a, b) }
      return Kernel.wrap(try Kernel.map(xs, ys, op.rawValue) { x, y in op.test(x, y) as Bool? })
    }
    guard a.isNumericShaped, b.isNumericShaped else {
      if op == .eq || op == .ne {
        let same = eqObj(a, b)
        return .bool(op == .eq ? same : !same)
      }
      throw invalid(op, a, b)
    }
    if let r = try DecimalArithmetic.compare(op, a, b) { return r }
    if ta.isTemporal && tb.isTemporal && ta != tb {
      guard let xs = Kernel.ints(a), let ys = Kernel.ints(b) else { throw invalid(op, a, b) }
      return Kernel.wrap(
        try Kernel.map(xs, ys, op.rawValue) { x, y -> Bool? in
          // By the instant, as days and nanoseconds: nulls first, and no wrap outside 1677–2262.
          if x == Int64.min || y == Int64.min { return op.test(x == Int64.min ? 0 : 1, y == Int64.min ? 0 : 1) }
          let (a, b) = (Temporal.dayTime(x, ta), Temporal.dayTime(y, tb))
          return a.days != b.days ? op.test(a.days, b.days) : op.test(a.nanos, b.nanos)
        })
    }
    if ta.isFloating || tb.isFloating {
      guard let xs = Kernel.doubles(a), let ys = Kernel.doubles(b) else { throw invalid(op, a, b) }
      return Kernel.wrap(
        try Kernel.map(xs, ys, op.rawValue) { x, y -> Bool? in
          op.test(x.isNaN ? -Double.infinity : x, y.isNaN ? -Double.infinity : y)
        })
    }
    guard let xs = Kernel.ints(a), let ys = Kernel.ints(b) else { throw invalid(op, a, b) }
    return Kernel.wrap(try Kernel.map(xs, ys, op.rawValue) { x, y -> Bool? in op.test(x, y) })
  }

  static func asPair(_ v: Value) -> Value {
    if case .vector(let r) = v, r.count == 2, !r.isArrayVector { return .pair(r) }
    return v
  }

  static func invalid(_ op: ComparisonOperator, _ a: Value, _ b: Value) -> ScriptError {
    ScriptError(RuntimeMessages.cannotCompare(a.typeString, b.typeString, with: op.rawValue))
  }

  /// Whether two values are the same object: same form, type and elements (`eqObj`).
  public static func eqObj(_ a: Value, _ b: Value, tolerance: Double? = nil) -> Bool {
    switch (a, b) {
    case (.void, .void): return true
    case (.int(let x, _), .int(let y, _)): return x == y
    case (.double(let x, _), .double(let y, _)):
      if let tolerance, !x.isNaN, !y.isNaN { return abs(x - y) < tolerance }
      return x == y || (x.isNaN && y.isNaN) || abs(x - y) < 1e-12 * max(1, abs(x))
    case (.int, .double), (.double, .int):
      guard let x = a.doubleValue, let y = b.doubleValue else { return a.isNull && b.isNull }
      return x == y || tolerance.map { abs(x - y) < $0 } == true
    case (.string(let x, _), .string(let y, _)): return x == y
    case (.duration(let x), .duration(let y)): return x == y
    case (.vector(let x), .vector(let y)), (.pair(let x), .pair(let y)):
      guard x.count == y.count else { return false }
      for i in 0..<x.count where !eqObj(x[i], y[i], tolerance: tolerance) { return false }
      return true
    case (.tuple(let x), .tuple(let y)):
      guard x.count == y.count else { return false }
      return zip(x, y).allSatisfy { eqObj($0, $1, tolerance: tolerance) }
    case (.dictionary(let x), .dictionary(let y)):
      guard x.count == y.count else { return false }
      for (k, v) in zip(x.keys, x.values) {
        guard let w = y[k], eqObj(v, w, tolerance: tolerance) else { return false }
      }
      return true
    case (.set(let x), .set(let y)):
      return x.count == y.count && x.elements.allSatisfy { y.contains($0) }
    case (.function(let x), .function(let y)): return x === y
    case (.object(let x), .object(let y)):
      if x === y { return true }
      // Matrices and tables are equal by shape and elements, as DolphinDB compares them.
      if let m = x as? Matrix, let n = y as? Matrix {
        return m.rowCount == n.rowCount && m.columnCount == n.columnCount
          && zip(m.columns, n.columns).allSatisfy { eqObj(.vector($0), .vector($1), tolerance: tolerance) }
      }
      if let t = x as? Table, let u = y as? Table {
        return t.names == u.names && t.rowCount == u.rowCount
          && zip(t.columns, u.columns).allSatisfy { eqObj(.vector($0), .vector($1), tolerance: tolerance) }
      }
      return false
    default: return false
    }
  }

  /// Three-way order of two scalars for sorting: null first, then by value.
  public static func order(_ a: Value, _ b: Value) -> Int {
    switch (a, b) {
    case (.int(let x, _), .int(let y, _)): return x < y ? -1 : (x > y ? 1 : 0)
    case (.string(let x, let t), .string(let y, _)) where t == .ipaddr || t == .int128:
      // Their text does not sort as their bytes do (10.0.0.1 after 9.0.0.1; INT128 is signed).
      let (p, q) = (Binary128.parse(x, as: t) ?? 0, Binary128.parse(y, as: t) ?? 0)
      return Binary128.less(p, q, t) ? -1 : (Binary128.less(q, p, t) ? 1 : 0)
    case (.string(let x, _), .string(let y, _)): return x < y ? -1 : (x > y ? 1 : 0)
    default:
      let x = a.isNull ? -Double.infinity : (a.doubleValue ?? -Double.infinity)
      let y = b.isNull ? -Double.infinity : (b.doubleValue ?? -Double.infinity)
      return x < y ? -1 : (x > y ? 1 : 0)
    }
  }
}

/// `and`, `or`, `not`, vectorised; null counts as false.
public enum Logic {
  public static func and(_ a: Value, _ b: Value) throws(ScriptError) -> Value {
    if let r = ComparisonKernels.logic(a, b, and: true) { return r }
    return try combine(a, b, "and") { $0 && $1 }
  }
  /// `||`: null where either side is; `ignoringNull` (the `or` keyword and function, as
  /// DolphinDB's default `logicOrIgnoreNull=true` has them): the other side where one is null.
  public static func or(_ a: Value, _ b: Value, ignoringNull: Bool = false) throws(ScriptError) -> Value {
    if let r = ComparisonKernels.logic(a, b, and: false, ignoringNull: ignoringNull) { return r }
    return try combine(a, b, "or", ignoringNull: ignoringNull) { $0 || $1 }
  }
  public static func not(_ a: Value) throws(ScriptError) -> Value {
    if case .object(let m as Matrix) = a {
      var columns: [Vector] = []
      for c in m.columns {
        guard case .vector(let r) = try not(.vector(c)) else { continue }
        columns.append(r)
      }
      return .object(try m.withColumns(columns))
    }
    if case .vector(let v) = a,
      let r = try ArrayVectorOperations.mapElements(v, { x throws(ScriptError) in try not(x) })
    {
      return r
    }
    switch a {
    case .vector(let v), .pair(let v):
      return .vector(Vector(bools: (0..<v.count).map { !v[$0].isTruthy }))
    case .tuple(let items):
      var out: [Value] = []
      for item in items { out.append(try not(item)) }
      return .tuple(out)
    default:
      if a.isNull { return .null(.bool) }
      return .bool(!a.isTruthy)
    }
  }
  /// Each element's truth; nil for a null.
  static func truths(_ v: Value) -> Operand<Bool?>? {
    func truth(_ x: Value) -> Bool? { x.isNull && x.type != .string && x.type != .symbol ? nil : x.isTruthy }
    switch v {
    case .vector(let vec), .pair(let vec): return .array((0..<vec.count).map { truth(vec[$0]) })
    case .void, .int, .double, .string: return .scalar(truth(v))
    default: return nil
    }
  }
  static func combine(
    _ a: Value, _ b: Value, _ name: String, ignoringNull: Bool = false, _ f: (Bool, Bool) -> Bool
  ) throws(ScriptError) -> Value {
    if let r = try ArrayVectorOperations.combine(
      a, b, name, { x, y throws(ScriptError) in try combine(x, y, name, ignoringNull: ignoringNull, f) })
    {
      return r
    }
    if let r = try matrixwise(a, b, name, f) { return r }
    guard let xs = truths(a), let ys = truths(b) else {
      throw ScriptError(RuntimeMessages.cannotApply(name, a.typeString, b.typeString))
    }
    // A null on either side is null (DolphinDB's `x || 1` where x is null).
    return Kernel.wrap(
      try Kernel.map(xs, ys, name) { x, y -> Bool? in
        guard let x, let y else { return ignoringNull ? x ?? y : nil }
        return f(x, y)
      })
  }

  /// A matrix with a matrix of its shape, a scalar or a vector of its rows: column by column.
  static func matrixwise(_ a: Value, _ b: Value, _ name: String, _ f: (Bool, Bool) -> Bool) throws(ScriptError)
    -> Value?
  {
    let left: Matrix? = if case .object(let m as Matrix) = a { m } else { nil }
    let right: Matrix? = if case .object(let m as Matrix) = b { m } else { nil }
    guard let shape = left ?? right else { return nil }
    if let left, let right, left.rowCount != right.rowCount || left.columnCount != right.columnCount {
      throw ScriptError(
        RuntimeMessages.matrixShapeMismatch(left.rowCount, left.columnCount, right.rowCount, right.columnCount))
    }
    var columns: [Vector] = []
    for j in 0..<shape.columnCount {
      let x = left.map { Value.vector($0.columns[j]) } ?? a
      let y = right.map { Value.vector($0.columns[j]) } ?? b
      guard case .vector(let r) = try combine(x, y, name, f) else {
        throw ScriptError(RuntimeMessages.cannotApply(name, a.typeString, b.typeString))
      }
      columns.append(r)
    }
    return .object(try shape.withColumns(columns))
  }
}
