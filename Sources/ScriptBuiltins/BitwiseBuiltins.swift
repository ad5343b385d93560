import ScriptRuntime

/// Bitwise operators on integers (`&` bitAnd, `|` bitOr, `^` bitXor, `<<` lshift, `>>` rshift,
/// bitNot), element-wise with nulls kept; on two sets `&`, `|` and `^` are the set operations,
/// as are `intersection`, `union`, `difference` and `symmetricDifference`.
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
    switch (x, y) {
    case (.scalar(let p), .scalar(let q)): return .int(g(p, q), type)
    case (.column(let ps), .scalar(let q)): return .vector(Vector(type: type, ints: ps.map { g($0, q) }))
    case (.scalar(let p), .column(let qs)): return .vector(Vector(type: type, ints: qs.map { g(p, $0) }))
    case (.column(let ps), .column(let qs)):
      guard ps.count == qs.count else { throw ScriptError(RuntimeMessages.incompatibleSizes(name, ps.count, qs.count)) }
      return .vector(Vector(type: type, ints: zip(ps, qs).map { g($0, $1) }))
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
      Builtin("difference", args: 2...2) { a throws(ScriptError) in
        try sets(a[0], a[1], "difference") { inFirst, inSecond in inFirst && !inSecond }
      },
      Builtin("bitNot", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
        let (x, t) = try operand(a[0], "bitNot")
        let type = wider(t, t)
        func g(_ p: Int64) -> Int64 { p == Int64.min ? p : ~p }
        switch x {
        case .scalar(let p): return .int(g(p), type)
        case .column(let ps): return .vector(Vector(type: type, ints: ps.map(g)))
        }
      },
      shift("lshift", left: true), shift("rshift", left: false),
    ]
}
