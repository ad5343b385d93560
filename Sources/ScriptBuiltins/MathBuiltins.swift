import ScriptRuntime

/// Element-wise math and the functions behind the operators.
enum MathBuiltins {
  static func doubleMap(_ name: String, _ f: @escaping @Sendable (Double) -> Double) -> Builtin {
    Builtin(name, args: 1...1, arrayAware: true) { a throws(ScriptError) in
      try mapDoubles(a[0], name, f)
    }
  }

  static func mapDoubles(_ v: Value, _ name: String, _ f: (Double) -> Double) throws(ScriptError) -> Value {
    func r(_ x: Double) -> Double {
      let y = f(x)
      return y.isFinite ? y : .nan
    }
    if case .vector(let vec) = v,
      let r = try ArrayVectorOperations.mapElements(vec, { x throws(ScriptError) in try mapDoubles(x, name, f) })
    {
      return r
    }
    switch v {
    case .vector(let vec) where vec.type.isNumeric || vec.type == .void:
      return .vector(Vector(doubles: vec.doubles.map(r)))
    case .int(_, let t) where t.isIntegral || t.isDecimal: return .double(r(v.rawDouble))
    case .double: return .double(r(v.rawDouble))
    case .void: return .null(.double)
    case .tuple(let items):
      var out: [Value] = []
      for i in items { out.append(try mapDoubles(i, name, f)) }
      return .tuple(out)
    default: throw ScriptError(RuntimeMessages.cannotTake(name, v.typeString))
    }
  }

  static func arithmetic(_ name: String, _ op: ArithmeticOperator) -> Builtin {
    Builtin(name, args: 2...2) { a throws(ScriptError) in try Arithmetic.apply(op, a[0], a[1]) }
  }

  static func comparison(_ name: String, _ op: ComparisonOperator) -> Builtin {
    Builtin(name, args: 2...2) { a throws(ScriptError) in try Comparison.apply(op, a[0], a[1]) }
  }

  static let all: [Builtin] = [
    arithmetic("add", .add), arithmetic("sub", .sub), arithmetic("mul", .mul), arithmetic("div", .div),
    arithmetic("ratio", .ratio), arithmetic("mod", .mod),
    comparison("eq", .eq), comparison("ne", .ne), comparison("lt", .lt), comparison("le", .le),
    comparison("gt", .gt), comparison("ge", .ge),
    Builtin("and", args: 2...2, parameterNames: ["X", "Y"]) { a throws(ScriptError) in try Logic.and(a[0], a[1]) },
    Builtin("or", args: 2...2, parameterNames: ["X", "Y"]) { a throws(ScriptError) in
      try Logic.or(a[0], a[1], ignoringNull: true)
    },
    Builtin("not", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in try Logic.not(a[0]) },
    Builtin("neg", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in try Structural.negate(a[0]) },
    Builtin("pair", args: 2...2, parameterNames: ["a", "b"]) { a throws(ScriptError) in try Structural.pair(a[0], a[1])
    },
    Builtin("cast", args: 2...2, parameterNames: ["X", "Y"]) { a throws(ScriptError) in try Structural.cast(a[0], a[1])
    },
    Builtin("abs", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      try mapElements(a[0]) { v throws(ScriptError) in
        switch v {
        case .int(let x, let t) where t.isIntegral: return .int(x == Int64.min ? x : abs(x), t)
        case .double(let x, let t): return .double(abs(x), t)
        case .void: return .void
        default: throw ScriptError(RuntimeMessages.cannotTake("abs", v.typeString))
        }
      }
    },
    Builtin("round", args: 1...2, parameterNames: ["X", "precision"]) { a throws(ScriptError) in
      let digits = a.count > 1 ? try a.integer(1, "the precision of 'round'") : 0
      guard digits >= 0 && digits <= 10 else { throw ScriptError(RuntimeMessages.roundPrecisionRange()) }
      var scale = 1.0
      for _ in 0..<digits { scale *= 10 }
      if case .int(_, let t) = a[0], t.isIntegral { return a[0] }
      if case .vector(let v) = a[0], v.type.isIntegral { return a[0] }
      // Round half away from zero, after removing binary representation noise.
      return try mapDoubles(a[0], "round") { x in
        let scaled = (x * scale * 1e9).rounded() / 1e9
        return scaled.rounded(.toNearestOrAwayFromZero) / scale
      }
    },
    doubleMap("floor") { $0.rounded(.down) },
    doubleMap("ceil") { $0.rounded(.up) },
    doubleMap("sqrt") { $0 < 0 ? .nan : $0.squareRoot() },
    // log(X, [base]): the natural logarithm, or to a positive base.
    Builtin("log", args: 1...2, arrayAware: true) { a throws(ScriptError) in
      guard a.has(1) else { return try mapDoubles(a[0], "log") { $0 <= 0 ? .nan : Math.log($0) } }
      guard let base = a[1].doubleValue, base > 0, base != 1 else {
        throw ScriptError(RuntimeMessages.logBase(ValueFormatter().format(a[1])))
      }
      let divisor = Math.log(base)
      return try mapDoubles(a[0], "log") { $0 <= 0 ? .nan : Math.log($0) / divisor }
    },
    doubleMap("exp") { Math.exp($0) },
    // cdfNormal(mean, stdev, X): the normal distribution's cumulative probability at X.
    Builtin("cdfNormal", args: 3...3, parameterNames: ["mean", "stdev", "X"]) { a throws(ScriptError) in
      guard let mean = a[0].doubleValue, let stdev = a[1].doubleValue, stdev > 0 else {
        throw ScriptError(RuntimeMessages.needsPositiveStdev("cdfNormal"))
      }
      return try mapDoubles(a[2], "cdfNormal") { x in 0.5 * Math.erfc(-(x - mean) / (stdev * 2.0.squareRoot())) }
    },
    doubleMap("sin") { Math.sin($0) },
    doubleMap("cos") { Math.cos($0) },
    Builtin("pow", args: 2...2, parameterNames: ["X", "Y"]) { a throws(ScriptError) in
      if let r = try ArrayVectorOperations.combine(
        a[0], a[1], "pow",
        { x, y throws(ScriptError) in
          try a.machine.call(function: "pow", [x, y])
        })
      {
        return r
      }
      guard let xs = numeric(a[0]), let ys = numeric(a[1]) else {
        throw ScriptError(RuntimeMessages.powNeedsNumbers(a[0].typeString, a[1].typeString))
      }
      switch (xs, ys) {
      case (.scalar(let x), .scalar(let y)): return .double(Math.pow(x, y))
      case (.array(let x), .scalar(let y)): return .vector(Vector(doubles: x.map { Math.pow($0, y) }))
      case (.scalar(let x), .array(let y)): return .vector(Vector(doubles: y.map { Math.pow(x, $0) }))
      case (.array(let x), .array(let y)):
        guard x.count == y.count else { throw ScriptError(RuntimeMessages.incompatibleSizes("pow", x.count, y.count)) }
        return .vector(Vector(doubles: zip(x, y).map { Math.pow($0, $1) }))
      }
    },
    Builtin("cumsum", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      let v = try column(a[0], "cumsum")
      if v.type.isFloating {
        var s = 0.0
        var seen = false
        return .vector(
          Vector(
            doubles: v.doubles.map { x in
              if !x.isNaN {
                s += x
                seen = true
              }
              return seen ? s : .nan
            }))
      }
      if v.type.isDecimal { return try decimalCumsum(v) }
      guard v.type.isIntegral else { throw ScriptError(RuntimeMessages.cannotTakeVector("cumsum", of: v.type.name)) }
      var s: Int64 = 0
      var seen = false
      // A running sum past what the type holds is null from there on, never a wrapped value.
      var overflowed = false
      let type: DataType = v.type == .long ? .long : .int
      let limit: Int64 = type == .long ? Int64.max : Int64(Int32.max)
      let out = v.int64s.map { x -> Int64 in
        if x != Int64.min && !overflowed {
          let (sum, overflow) = s.addingReportingOverflow(x)
          overflowed = overflow || sum > limit || sum < -limit
          s = sum
          seen = true
        }
        return seen && !overflowed ? s : Int64.min
      }
      return .vector(Vector(type: type, ints: out))
    },
  ]

  /// A DECIMAL's running sum, as a DECIMAL64 of its scale (an overflow is an error).
  static func decimalCumsum(_ v: Vector) throws(ScriptError) -> Value {
    guard let type = DataType.decimal(bits: 64, scale: v.type.decimalScale) else { return .void }
    var s: Int64 = 0
    var seen = false
    var out: [Int64] = []
    out.reserveCapacity(v.count)
    for x in v.int64s {
      if x != Int64.min {
        let (r, o) = s.addingReportingOverflow(x)
        guard !o, r != Int64.min else { throw ScriptError(RuntimeMessages.decimalOverflow(type.name)) }
        s = r
        seen = true
      }
      out.append(seen ? s : Int64.min)
    }
    return .vector(Vector(type: type, ints: out))
  }

  enum Numbers {
    case scalar(Double)
    case array([Double])
  }

  static func numeric(_ v: Value) -> Numbers? {
    switch v {
    case .int(_, let t) where t.isIntegral || t.isDecimal: return .scalar(v.rawDouble)
    case .double: return .scalar(v.rawDouble)
    case .vector(let vec) where vec.type.isNumeric: return .array(vec.doubles)
    default: return nil
    }
  }
}

/// libm through Foundation-free Glibc calls.
enum Math {
  static func log(_ x: Double) -> Double { _log(x) }
  static func exp(_ x: Double) -> Double { _exp(x) }
  static func sin(_ x: Double) -> Double { _sin(x) }
  static func cos(_ x: Double) -> Double { _cos(x) }
  static func pow(_ x: Double, _ y: Double) -> Double {
    let r = _pow(x, y)
    return r.isFinite ? r : .nan
  }
  static func erfc(_ x: Double) -> Double { _erfc(x) }
  static func logGamma(_ x: Double) -> Double { _lgamma(x) }
  /// sqrt(x² + y²) without overflow or underflow on the way.
  static func hypot(_ x: Double, _ y: Double) -> Double { _hypot(x, y) }
}

#if canImport(Glibc)
  import Glibc
  private func _log(_ x: Double) -> Double { Glibc.log(x) }
  private func _exp(_ x: Double) -> Double { Glibc.exp(x) }
  private func _sin(_ x: Double) -> Double { Glibc.sin(x) }
  private func _cos(_ x: Double) -> Double { Glibc.cos(x) }
  private func _pow(_ x: Double, _ y: Double) -> Double { Glibc.pow(x, y) }
  private func _erfc(_ x: Double) -> Double { Glibc.erfc(x) }
  private func _lgamma(_ x: Double) -> Double { Glibc.lgamma(x) }
  private func _hypot(_ x: Double, _ y: Double) -> Double { Glibc.hypot(x, y) }
#else
  import Darwin
  private func _log(_ x: Double) -> Double { Darwin.log(x) }
  private func _exp(_ x: Double) -> Double { Darwin.exp(x) }
  private func _sin(_ x: Double) -> Double { Darwin.sin(x) }
  private func _cos(_ x: Double) -> Double { Darwin.cos(x) }
  private func _pow(_ x: Double, _ y: Double) -> Double { Darwin.pow(x, y) }
  private func _erfc(_ x: Double) -> Double { Darwin.erfc(x) }
  private func _lgamma(_ x: Double) -> Double { Darwin.lgamma(x) }
  private func _hypot(_ x: Double, _ y: Double) -> Double { Darwin.hypot(x, y) }
#endif
