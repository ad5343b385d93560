import ScriptRuntime

/// Rescaling and bounding values: `zscore`, `winsorize` (and `winsorize!`), `clip` (and `clip!`),
/// `reciprocal`; the sign test `signbit` and the logical `xor`.
enum Scaling {
  /// A numeric argument's values as doubles (a scalar as one).
  static func numbers(_ v: Value, _ name: String) throws(ScriptError) -> [Double] {
    let vec = try column(v, name)
    guard vec.type.isNumeric || vec.type == .void else {
      throw ScriptError(RuntimeMessages.needsNumber(name, got: vec.typeName))
    }
    return vec.doubles
  }

  /// X with its values below the `low` quantile raised to it and above the `1 - high` one
  /// lowered to it (as scipy's winsorize: the lowest `low * n` and highest `high * n` values).
  static func winsorized(_ a: CallArguments, _ name: String) throws(ScriptError) -> Value {
    let xs = try numbers(a[0], name)
    let (low, high): (Double, Double)
    if case .pair(let p) = a[1] {
      (low, high) = (p[0].doubleValue ?? .nan, p[1].doubleValue ?? .nan)
    } else {
      let l = a[1].doubleValue ?? .nan
      (low, high) = (l, l)
    }
    guard low >= 0, high >= 0, low + high <= 1 else { throw ScriptError(RuntimeMessages.winsorizeLimits(name)) }
    let inclusive = a.has(2) ? a[2].isTruthy : true
    let present = xs.indices.filter { !xs[$0].isNaN }.sorted { xs[$0] < xs[$1] }
    let n = Double(present.count)
    func cut(_ f: Double) -> Int { Int(inclusive ? (f * n).rounded(.down) : (f * n).rounded()) }
    var out = xs
    let lowCount = cut(low)
    let highCount = cut(high)
    if lowCount > 0 && lowCount < present.count {
      for k in 0..<lowCount { out[present[k]] = xs[present[lowCount]] }
    }
    if highCount > 0 && highCount < present.count {
      let edge = xs[present[present.count - highCount - 1]]
      for k in (present.count - highCount)..<present.count { out[present[k]] = edge }
    }
    return .vector(Vector(doubles: out))
  }

  /// X held within [low, high], element by element (either bound may be a vector or null).
  static func clipped(_ a: CallArguments) throws(ScriptError) -> Value {
    let lower = try Comparison.apply(.lt, a[0], a[1])
    let raised = try a.machine.call(function: "iif", [lower, a[1], a[0]])
    let upper = try Comparison.apply(.gt, raised, a[2])
    return try a.machine.call(function: "iif", [upper, a[2], raised])
  }

  static let all: [Builtin] = [
    // zscore(X): (X - avg) / std, the sample deviation.
    Builtin("zscore", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      let xs = try numbers(a[0], "zscore")
      let present = xs.filter { !$0.isNaN }
      let mean = Statistics.mean(present)
      let sd = Statistics.variance(present).squareRoot()
      return Series.doubles(xs.map { ($0 - mean) / sd })
    },
    Builtin("winsorize", args: 2...3, parameterNames: ["X", "limit", "inclusive"]) { a throws(ScriptError) in
      try winsorized(a, "winsorize")
    },
    Builtin("winsorize!", args: 2...3, parameterNames: ["X", "limit", "inclusive"], mutatesFirst: true) {
      a throws(ScriptError) in
      a[0] = try winsorized(a, "winsorize!")
      return a[0]
    },
    Builtin("clip", args: 3...3, parameterNames: ["X", "Y", "Z"]) { a throws(ScriptError) in try clipped(a) },
    Builtin("clip!", args: 3...3, parameterNames: ["X", "Y", "Z"], mutatesFirst: true) { a throws(ScriptError) in
      a[0] = try clipped(a)
      return a[0]
    },
    MathBuiltins.doubleMap("reciprocal") { 1 / $0 },
    Builtin("signbit", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      let v = try column(a[0], "signbit")
      guard v.type.isNumeric else { throw ScriptError(RuntimeMessages.needsNumber("signbit", got: v.typeName)) }
      let bits = v.doubles.map { $0.sign == .minus && !$0.isNaN }
      return a[0].isScalar ? .bool(bits[0]) : .vector(Vector(bools: bits))
    },
    // xor(X, Y): true where exactly one is true.
    Builtin("xor", args: 2...2, parameterNames: ["X", "Y"]) { a throws(ScriptError) in
      let either = try Logic.or(a[0], a[1])
      let both = try Logic.and(a[0], a[1])
      return try Logic.and(either, try Logic.not(both))
    },
  ]
}
