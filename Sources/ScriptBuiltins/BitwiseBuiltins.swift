import ScriptRuntime

/// Bitwise operators on integers (`&` bitAnd, `|` bitOr, `^` bitXor, `<<` lshift, `>>` rshift,
/// bitNot), element-wise with nulls kept (a pair gives a pair; bitNot keeps an array vector's
/// rows); on two sets `&`, `|` and `^` are the set operations, as are `intersection`, `union`,
/// `difference` and `symmetricDifference`; `difference(X)` of one vector is its last element
/// less its first.
enum BitwiseBuiltins {
  /// The integers of an operand: one number, or a vector's.
  enum Operand {
    case scalar(Int64)
    case column([Int64])
  }

  static func operand(_ v: Value, _ name: String) throws(ScriptError) -> (Operand, DataType) {
    switch v {
    case .int(let x, let t) where t.isIntegral: return (.scalar(x), t)
    case .vector(let vec) where vec.type.isIntegral && !vec.isArrayVector: return (.column(vec.int64s), vec.type)
    case .pair(let vec) where vec.type.isIntegral: return (.column(vec.int64s), vec.type)
    default: throw ScriptError(RuntimeMessages.needsIntegers(name, got: v.typeString))
    }
  }

  /// The wider of two integral types (BOOL and CHAR widen to INT, as DolphinDB's do).
  static func wider(_ a: DataType, _ b: DataType) -> DataType {
    if a == .long || b == .long { return .long }
    if a == .int || b == .int || a == .bool || b == .bool || a == .char || b == .char { return .int }
    return .short
  }

  /// `f` over the integers of two operands (one may be a single number), null where either is.
  static func integers(
    _ a: Value, _ b: Value, _ name: String, _ f: (Int64, Int64) -> Int64
  ) throws(ScriptError) -> Value {
    let (x, tx) = try operand(a, name)
    let (y, ty) = try operand(b, name)
    let type = wider(tx, ty)
    func g(_ p: Int64, _ q: Int64) -> Int64 {
      guard p != Int64.min, q != Int64.min else { return Int64.min }
      let r = f(p, q)
      // A result outside the type is null, as DolphinDB's overflowing integers are not.
      switch type {
      case .long: return r
      case .int: return r == Int64(Int32(truncatingIfNeeded: r)) && r != Int64(Int32.min) ? r : Int64.min
      default: return r == Int64(Int16(truncatingIfNeeded: r)) && r != Int64(Int16.min) ? r : Int64.min
      }
    }
    // A pair in gives a pair out (`1:10 << 10` is `1024 : 10240`), as arithmetic on pairs does.
    var pair = false
    if case .pair = a { pair = true }
    if case .pair = b { pair = true }
    func wrap(_ ints: [Int64]) -> Value {
      let v = Vector(type: type, ints: ints)
      return pair ? .pair(v) : .vector(v)
    }
    switch (x, y) {
    case (.scalar(let p), .scalar(let q)): return .int(g(p, q), type)
    case (.column(let ps), .scalar(let q)): return wrap(ps.map { g($0, q) })
    case (.scalar(let p), .column(let qs)): return wrap(qs.map { g(p, $0) })
    case (.column(let ps), .column(let qs)):
      guard ps.count == qs.count else { throw ScriptError(RuntimeMessages.incompatibleSizes(name, ps.count, qs.count)) }
      return wrap(zip(ps, qs).map { g($0, $1) })
    }
  }

  /// Two sets' union, intersection, difference or symmetric difference.
  static func sets(_ a: Value, _ b: Value, _ name: String, keep: (Bool, Bool) -> Bool) throws(ScriptError) -> Value {
    guard case .set(let x) = a, case .set(let y) = b else {
      throw ScriptError(RuntimeMessages.needsSets(name, a.typeString, b.typeString))
    }
    var out = SetValue(keyType: x.keyType == .void ? y.keyType : x.keyType)
    for v in x.elements where keep(true, y.contains(v)) { out.insert(v) }
    for v in y.elements where !x.contains(v) && keep(false, true) { out.insert(v) }
    return .set(out)
  }

  /// A bitwise operator that is a set operation on two sets.
  static func bitwise(
    _ name: String, setName: String, keep: @escaping @Sendable (Bool, Bool) -> Bool,
    _ f: @escaping @Sendable (Int64, Int64) -> Int64
  ) -> [Builtin] {
    let op = Builtin(name, args: 2...2) { a throws(ScriptError) in
      if case .set = a[0] { return try sets(a[0], a[1], name, keep: keep) }
      return try integers(a[0], a[1], name, f)
    }
    let set = Builtin(setName, args: 2...2) { a throws(ScriptError) in try sets(a[0], a[1], setName, keep: keep) }
    return [op, set]
  }

  /// Each integer's bits flipped, null kept.
  static func bitNot(_ v: Value) throws(ScriptError) -> Value {
    let (x, t) = try operand(v, "bitNot")
    let type = wider(t, t)
    func g(_ p: Int64) -> Int64 { p == Int64.min ? p : ~p }
    switch x {
    case .scalar(let p): return .int(g(p), type)
    case .column(let ps):
      let flipped = Vector(type: type, ints: ps.map(g))
      if case .pair = v { return .pair(flipped) }
      return .vector(flipped)
    }
  }

  /// A shift by a count of bits (0 to 63; a larger one gives 0, a negative one is refused).
  static func shift(_ name: String, left: Bool) -> Builtin {
    Builtin(name, args: 2...2) { a throws(ScriptError) in
      try integers(a[0], a[1], name) { x, n in
        guard n >= 0 else { return Int64.min }
        if n > 63 { return left || x >= 0 ? 0 : -1 }
        return left ? x << n : x >> n
      }
    }
  }

  static let all: [Builtin] =
    bitwise("bitAnd", setName: "intersection", keep: { inFirst, inSecond in inFirst && inSecond }, &)
    + bitwise("bitOr", setName: "union", keep: { _, _ in true }, |)
    + bitwise("bitXor", setName: "symmetricDifference", keep: { inFirst, inSecond in inFirst != inSecond }, ^)
    + [
      // difference(X): X's last element less its first (0 for a scalar), an aggregate;
      // difference(X, Y) of two sets: the elements of X not in Y.
      Builtin("difference", args: 1...2, parameterNames: ["X", "Y"], isAggregate: true) { a throws(ScriptError) in
        if a.has(1) { return try sets(a[0], a[1], "difference") { inFirst, inSecond in inFirst && !inSecond } }
        if a[0].isScalar { return try Arithmetic.apply(.sub, a[0], a[0]) }
        let v = try column(a[0], "difference")
        guard v.count > 0 else { return try Arithmetic.apply(.sub, .null(v.type), .null(v.type)) }
        return try Arithmetic.apply(.sub, v[v.count - 1], v[0])
      },
      Builtin("bitNot", args: 1...1, parameterNames: ["X"], arrayAware: true) { a throws(ScriptError) in
        // An array vector: every element, in the same rows.
        if case .vector(let v) = a[0], case .nested(let rows) = v.storage {
          guard case .vector(let flipped) = try bitNot(.vector(rows.values)) else { return .void }
          return .vector(Vector(type: flipped.type, storage: .nested(rows.reshaped(flipped))))
        }
        return try bitNot(a[0])
      },
      shift("lshift", left: true), shift("rshift", left: false),
    ]
}
