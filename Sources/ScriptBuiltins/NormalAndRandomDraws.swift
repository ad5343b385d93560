import ScriptRuntime

/// The normal distribution's quantile (`invNormal`), and random draws: `randUniform(lower,
/// upper, n)` and `randDiscrete(v, p, n)` (each of v drawn with its probability p).
enum NormalAndRandomDraws {
  /// The standard normal quantile: Acklam's rational approximation, refined by one Halley step
  /// against erfc (full double precision).
  static func standardQuantile(_ p: Double) -> Double {
    guard p > 0, p < 1 else { return p == 0 ? -.infinity : p == 1 ? .infinity : .nan }
    let a = [
      -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
      -3.066479806614716e+01, 2.506628277459239e+00,
    ]
    let b = [
      -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
      -1.328068155288572e+01,
    ]
    let c = [
      -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
      4.374664141464968e+00, 2.938163982698783e+00,
    ]
    let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
    let low = 0.02425
    var x: Double
    if p < low || p > 1 - low {
      let q = (-2 * Math.log(p < low ? p : 1 - p)).squareRoot()
      x =
        (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
        / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
      if p > 1 - low { x = -x }
    } else {
      let q = p - 0.5
      let r = q * q
      x =
        (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
        / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
    }
    let e = 0.5 * Math.erfc(-x / 2.0.squareRoot()) - p
    let u = e * (2 * Double.pi).squareRoot() * Math.exp(x * x / 2)
    return x - u / (1 + x * u / 2)
  }

  static let all: [Builtin] = [
    // invNormal(mean, stdev, p): the value below which a normal variable falls with probability p.
    Builtin("invNormal", args: 3...3, parameterNames: ["mean", "stdev", "X|p"]) { a throws(ScriptError) in
      guard let mean = a[0].doubleValue, let stdev = a[1].doubleValue, stdev > 0 else {
        throw ScriptError(RuntimeMessages.needsPositiveStdev("invNormal"))
      }
      return try MathBuiltins.mapDoubles(a[2], "invNormal") { p in
        p > 0 && p < 1 ? mean + stdev * standardQuantile(p) : .nan
      }
    },
    Builtin("randUniform", args: 3...3, parameterNames: ["lower", "upper", "count"]) { a throws(ScriptError) in
      guard let lower = a[0].doubleValue, let upper = a[1].doubleValue, lower.isFinite, upper.isFinite,
        lower < upper
      else { throw ScriptError(RuntimeMessages.uniformBounds()) }
      let n = try a.integer(2, "the count of 'randUniform'")
      try a.machine.checkAllocation(n, elementBytes: 8, "the count of 'randUniform'")
      var g = a.machine.random
      defer { a.machine.random = g }
      return .vector(Vector(doubles: (0..<n).map { _ in lower + (upper - lower) * g.nextUnit() }))
    },
    Builtin("randDiscrete", args: 3...3, parameterNames: ["v", "p", "count"], arrayAware: true) {
      a throws(ScriptError) in
      // A tuple of values (vectors among them) draws its items: the result is a tuple; an array
      // vector draws its rows.
      if a.values.dropFirst().contains(where: ArrayVectorOperations.isArrayVector) {
        throw ScriptError(RuntimeMessages.arrayVectorNotTaken("randDiscrete"))
      }
      var items: [Value]? = nil
      if case .tuple(let t) = a[0] { items = t }
      let v = items == nil ? try a.vector(0, "the values of 'randDiscrete'") : Vector(strings: [])
      let valueCount = items?.count ?? v.count
      let p = try a.vector(1, "the probabilities of 'randDiscrete'").doubles
      guard valueCount == p.count, valueCount > 0, p.allSatisfy({ $0 >= 0 && $0.isFinite }) else {
        throw ScriptError(RuntimeMessages.discreteProbabilities())
      }
      let total = p.reduce(0, +)
      guard total > 0 else { throw ScriptError(RuntimeMessages.discreteProbabilities()) }
      let n = try a.integer(2, "the count of 'randDiscrete'")
      try a.machine.checkAllocation(n, elementBytes: 8, "the count of 'randDiscrete'")
      var cumulative: [Double] = []
      var s = 0.0
      for x in p {
        s += x / total
        cumulative.append(s)
      }
      var g = a.machine.random
      defer { a.machine.random = g }
      let picks = (0..<n).map { _ -> Int in
        let u = g.nextUnit()
        var (lo, hi) = (0, cumulative.count - 1)
        while lo < hi {
          let mid = (lo + hi) / 2
          if cumulative[mid] > u { hi = mid } else { lo = mid + 1 }
        }
        return lo
      }
      if let items { return .tuple(picks.map { items[$0] }) }
      return .vector(v.gather(picks))
    },
  ]
}
