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

  /// A number, or a pair or two-element vector of them, as (low side, high side).
  static func sides(_ v: Value) -> (Value, Value)? {
    switch v {
    case .pair(let p): return (p[0], p[1])
    case .vector(let p) where p.count == 2: return (p[0], p[1])
    case _ where v.isScalar: return (v, v)
    default: return nil
    }
  }

  /// `winsorize(X, limit, [inclusive=true], [nanPolicy='upper'])`, as scipy's mstats.winsorize:
  /// of X's n elements (nulls included) the `limit[0] * n` smallest are raised to the next one
  /// and the `limit[1] * n` largest lowered to the one before them, the counts truncated
  /// (inclusive) or rounded. nanPolicy places nulls: 'upper' as the largest values, 'lower' as
  /// the smallest, 'omit' left as they are, 'raise' refused.
  static func winsorized(_ a: CallArguments, _ name: String) throws(ScriptError) -> Value {
    let xs = try numbers(a[0], name)
    guard let limits = sides(a[1]), let low = limits.0.doubleValue, let high = limits.1.doubleValue, low >= 0,
      high >= 0, low + high <= 1
    else { throw ScriptError(RuntimeMessages.winsorizeLimits(name)) }
    var inclusive = (true, true)
    if a.has(2) {
      guard let given = sides(a[2]) else { throw ScriptError(RuntimeMessages.winsorizeInclusive(name)) }
      inclusive = (given.0.isTruthy, given.1.isTruthy)
    }
    let policy = a.has(3) ? try a.text(3, "the nanPolicy of '\(name)'") : "upper"
    guard ["upper", "lower", "omit", "raise"].contains(policy) else {
      throw ScriptError(RuntimeMessages.winsorizeNanPolicy(name, policy))
    }
    let nulls = xs.indices.filter { xs[$0].isNaN }
    if policy == "raise", !nulls.isEmpty { throw ScriptError(RuntimeMessages.winsorizeNulls(name)) }
    let values = xs.indices.filter { !xs[$0].isNaN }.sorted { xs[$0] < xs[$1] }
    let order = policy == "lower" ? nulls + values : values + nulls
    let n = order.count
    func count(_ f: Double, truncated: Bool) -> Int {
      Int(truncated ? (f * Double(n)).rounded(.down) : (f * Double(n)).rounded())
    }
    var out = xs
    var lowCount = count(low, truncated: inclusive.0)
    // 'omit' leaves nulls be: the sides stop short of them.
    if policy == "omit" { lowCount = min(lowCount, values.count - 1) }
    if lowCount > 0 && lowCount < n {
      for k in 0..<lowCount { out[order[k]] = xs[order[lowCount]] }
    }
    let upper = n - count(high, truncated: inclusive.1)
    let end = policy == "omit" ? values.count : n
    if upper >= 1 && upper < end {
      for k in upper..<end { out[order[k]] = xs[order[upper - 1]] }
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
    Builtin("winsorize", args: 2...4, parameterNames: ["X", "limit", "inclusive", "nanPolicy"]) {
      a throws(ScriptError) in
      try winsorized(a, "winsorize")
    },
    Builtin("winsorize!", args: 2...4, parameterNames: ["X", "limit", "inclusive", "nanPolicy"], mutatesFirst: true) {
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
