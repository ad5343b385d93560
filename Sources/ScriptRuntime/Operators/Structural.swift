/// The operators that build or reshape values: `:`, `..`, `<-`, `$`, unary `-`.
public enum Structural {
  /// The common element type of two scalars (`1 2.5` is DOUBLE).
  public static func commonType(_ a: DataType, _ b: DataType) -> DataType? {
    if a == b { return a }
    if a == .void { return b }
    if b == .void { return a }
    if a.isText && b.isText { return .string }
    if a.isDecimal || b.isDecimal {
      // A DECIMAL with an integer is that DECIMAL; two DECIMALs the wider width and scale.
      guard a.isNumeric, b.isNumeric else { return nil }
      if a.isFloating || b.isFloating { return .double }
      return DataType.decimal(
        bits: max(a.decimalBits, b.decimalBits), scale: max(a.decimalScale, b.decimalScale))
    }
    if a.isNumeric && b.isNumeric {
      if a.isFloating || b.isFloating { return .double }
      // BOOL, CHAR and SHORT widen to INT, as DolphinDB's arithmetic does.
      let wider = a.numericRank >= b.numericRank ? a : b
      return wider.numericRank < DataType.int.numericRank ? .int : wider
    }
    if a.isTemporal && b.isIntegral { return a }
    if b.isTemporal && a.isIntegral { return b }
    return nil
  }

  /// `a : b`.
  public static func pair(_ a: Value, _ b: Value) throws(ScriptError) -> Value {
    guard a.isScalar, b.isScalar else {
      throw ScriptError(RuntimeMessages.pairNeedsScalars(a.typeString, b.typeString))
    }
    // A column holds no unit: a pair of durations (`-5s:0s`, a join's window) stays two values.
    if case .duration = a, case .duration = b { return .tuple([a, b]) }
    guard let t = commonType(a.type, b.type) else {
      throw ScriptError(RuntimeMessages.cannotMakePair(a.type.name, b.type.name))
    }
    var v = Vector.empty(t == .void ? .int : t, capacity: 2)
    try v.append(a)
    try v.append(b)
    return .pair(v)
  }

  /// `a .. b`: every value from a to b inclusive, ascending or descending.
  public static func seq(_ a: Value, _ b: Value, memory: Machine? = nil) throws(ScriptError) -> Value {
    guard case .int(let x, let ta) = a, case .int(let y, let tb) = b else {
      if let x = a.doubleValue, let y = b.doubleValue, x == x.rounded(), y == y.rounded() {
        guard let i = Int64(wholePartOf: x), let j = Int64(wholePartOf: y) else {
          throw ScriptError(RuntimeMessages.rangeTooLong(x, y))
        }
        return try seq(.int(i, .long), .int(j, .long), memory: memory)
      }
      throw ScriptError(RuntimeMessages.rangeNeedsIntegralBounds(a.typeString, b.typeString))
    }
    guard x != Int64.min, y != Int64.min else { throw ScriptError(RuntimeMessages.rangeBoundsNull()) }
    let t: DataType = ta.isTemporal ? ta : (tb.isTemporal ? tb : (ta == .long || tb == .long ? .long : .int))
    let (span, overflow) = y.subtractingReportingOverflow(x)
    guard !overflow, span.magnitude < 2_000_000_000 else { throw ScriptError(RuntimeMessages.rangeTooLong(x, y)) }
    let n = abs(span) + 1
    try memory?.checkAllocation(Int(n), elementBytes: 8, "the range \(x)..\(y)")
    let step: Int64 = y >= x ? 1 : -1
    if t == .long || Vector.empty(t).isInt64Storage {
      return .vector(Vector(type: t, storage: .i64((0..<n).map { x + $0 * step })))
    }
    let x32 = Int32(truncatingIfNeeded: x)
    let s32 = Int32(step)
    let values = Array<Int32>(unsafeUninitializedCapacity: Int(n)) { buf, count in
      var v = x32
      for i in 0..<Int(n) {
        buf[i] = v
        v &+= s32
      }
      count = Int(n)
    }
    return .vector(Vector(type: t, storage: .i32(values)))
  }

  /// `x <- y` / `join(x, y)`: concatenation of scalars, vectors and tuples.
  public static func join(_ a: Value, _ b: Value) throws(ScriptError) -> Value {
    switch (a, b) {
    case (.object(let x as Table), .object(let y as Table)):
      let t = x.copy()
      try t.join(y)
      return .object(t)
    case (.tuple(let x), .tuple(let y)): return .tuple(x + y)
    case (.tuple(let x), _): return .tuple(x + [b])
    case (.object(let x as Matrix), _): return .object(try joinColumns(x, b))
    default: break
    }
    guard let left = asVector(a), let right = asVector(b) else {
      throw ScriptError(RuntimeMessages.cannotJoin(a.typeString, b.typeString))
    }
    guard let t = commonType(left.type, right.type) else {
      if case .tuple(let y) = b { return .tuple([a] + y) }
      throw ScriptError(RuntimeMessages.cannotJoin(left.type.name, right.type.name))
    }
    var out = left.type == t ? left : try Cast.vector(left, to: t)
    try out.append(contentsOf: right)
    return .vector(out)
  }

  /// `matrix join matrix` (or a vector, as one more column): the columns of both side by side,
  /// as DolphinDB joins matrices; both need as many rows.
  static func joinColumns(_ x: Matrix, _ b: Value) throws(ScriptError) -> Matrix {
    let more: [Vector]
    var labels: Vector?
    switch b {
    case .object(let y as Matrix):
      more = y.columns
      if let l = x.columnLabels, let r = y.columnLabels, let t = commonType(l.type, r.type) {
        var joined = l.type == t ? l : try Cast.vector(l, to: t)
        try joined.append(contentsOf: r)
        labels = joined
      }
      guard y.rowCount == x.rowCount else {
        throw ScriptError(RuntimeMessages.incompatibleSizes("join", x.rowCount, y.rowCount))
      }
    case .vector(let v) where !v.isArrayVector:
      guard v.count == x.rowCount else {
        throw ScriptError(RuntimeMessages.incompatibleSizes("join", x.rowCount, v.count))
      }
      more = [v]
    default:
      throw ScriptError(RuntimeMessages.cannotJoin(x.typeString, b.typeString))
    }
    let all = x.columns + more
    var common: DataType? = all.first?.type
    for c in all.dropFirst() { common = common.flatMap { commonType($0, c.type) } }
    guard let t = common else { throw ScriptError(RuntimeMessages.cannotJoin(x.typeString, b.typeString)) }
    var columns: [Vector] = []
    for c in all { columns.append(c.type == t ? c : try Cast.vector(c, to: t)) }
    return try Matrix(columns: columns, rows: x.rowCount, rowLabels: x.rowLabels, columnLabels: labels)
  }

  /// Scalars as one-element vectors, vectors and pairs as they are.
  public static func asVector(_ v: Value) -> Vector? {
    switch v {
    case .vector(let vec), .pair(let vec): return vec
    case .int, .double, .string, .void:
      var out = Vector.empty(v.type == .void ? .int : v.type, capacity: 1)
      try? out.append(v)
      return out
    default: return nil
    }
  }

  /// `x $ TYPE`.
  public static func cast(_ a: Value, _ b: Value) throws(ScriptError) -> Value {
    if case .vector(let v) = a, v.isArrayVector {
      // An array vector converts its elements (`x $ DOUBLE` and `x $ DOUBLE[]` alike).
      if case .int(let code, _) = b,
        let type = DataType(rawValue: UInt8(truncatingIfNeeded: code)) ?? DataType.arrayElement(ofCode: code), code >= 0
      {
        return .vector(try Cast.vector(v, to: type))
      }
      throw ScriptError(RuntimeMessages.castNeedsType(b.typeString))
    }
    if case .int(let code, _) = b, let type = DataType(rawValue: UInt8(truncatingIfNeeded: code)),
      code >= 0 && (code < 64 || type.isDecimal)
    {
      return try Cast.value(a, to: type)
    }
    if case .string(let name, _) = b, let type = DataType.named(name.uppercased()) {
      return try Cast.value(a, to: type)
    }
    if case .pair(let shape) = b, shape.type.isIntegral, let r = shape[0].intValue, let c = shape[1].intValue {
      return .object(try Matrix.reshape(a, rows: Int(clamping: r), columns: Int(clamping: c)))
    }
    throw ScriptError(RuntimeMessages.castNeedsType(b.typeString))
  }

  /// Unary minus.
  public static func negate(_ a: Value) throws(ScriptError) -> Value {
    switch a {
    case .int(let x, let t) where t.isIntegral:
      let rt: DataType = t == .long ? .long : (t == .short || t == .char || t == .bool ? .int : t)
      return .int(x == Int64.min ? x : Kernel.normalize(-x, rt), rt)
    case .double(let d, let t): return .double(-d, t)
    case .duration(let d): return .duration(Duration(count: -d.count, unit: d.unit))
    default:
      if a.type.isTemporal || a.type.isText { throw ScriptError(RuntimeMessages.cannotNegate(a.typeString)) }
      return try Arithmetic.apply(.sub, .int(0, .int), a)
    }
  }
}

extension Vector {
  var isInt64Storage: Bool {
    if case .i64 = storage { return true }
    return false
  }
}
