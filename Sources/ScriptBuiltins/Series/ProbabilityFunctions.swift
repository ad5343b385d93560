import ScriptRuntime

/// Cumulative distribution functions `cdfX(params..., X)` and their inverses `invX(params...,
/// p)` for the Beta, chi-square, exponential, F, gamma, logistic, Student's t, uniform and
/// Weibull distributions (and the cdf of the binomial and Poisson ones), and random draws
/// `randExp randLogistic randWeibull randUniform`. An inverse without a closed form is found by
/// bisection on its cdf to full double precision; at 0 and 1 an inverse gives the ends of the
/// distribution's support (`invChiSquare(1, 0)` is 0), null where they are infinite.
enum ProbabilityFunctions {
  /// The regularized lower incomplete gamma P(a, x): its series below a + 1, else the
  /// continued fraction of Q (modified Lentz).
  static func incompleteGamma(_ a: Double, _ x: Double) -> Double {
    guard x > 0 else { return 0 }
    guard x.isFinite else { return 1 }
    let front = Math.exp(-x + a * Math.log(x) - Math.logGamma(a))
    // Both the series and the fraction need on the order of sqrt(a) terms past a.
    let terms = Int(min(4e6, max(1_000, 10 * a.squareRoot())))
    if x < a + 1 {
      var term = 1 / a
      var sum = term
      var n = a
      for _ in 0..<terms {
        n += 1
        term *= x / n
        sum += term
        if abs(term) < abs(sum) * 1e-16 { break }
      }
      return min(1, max(0, sum * front))
    }
    let tiny = 1e-300
    var b = x + 1 - a
    var c = 1 / tiny
    var d = 1 / b
    var h = d
    for i in 1...terms {
      let an = -Double(i) * (Double(i) - a)
      b += 2
      d = an * d + b
      d = abs(d) < tiny ? tiny : d
      c = b + an / c
      c = abs(c) < tiny ? tiny : c
      d = 1 / d
      let step = d * c
      h *= step
      if abs(step - 1) < 1e-16 { break }
    }
    return min(1, max(0, 1 - front * h))
  }

  /// A distribution: the parameters that come before X (DolphinDB's names), whether they are
  /// valid, its cdf, a closed-form inverse when there is one, and the range bisection searches.
  struct Distribution: Sendable {
    let name: String
    let names: [String]
    let valid: @Sendable ([Double]) -> Bool
    let cdf: @Sendable ([Double], Double) -> Double
    var inverse: (@Sendable ([Double], Double) -> Double)? = nil
    var support: @Sendable ([Double]) -> (Double, Double) = { _ in (-1e300, 1e300) }
    var parameters: Int { names.count }
  }

  static let distributions: [Distribution] = [
    Distribution(
      name: "Beta", names: ["alpha", "beta"], valid: { $0[0] > 0 && $0[1] > 0 },
      cdf: { p, x in Distributions.incompleteBeta(x, p[0], p[1]) }, support: { _ in (0, 1) }),
    Distribution(
      name: "ChiSquare", names: ["df"], valid: { $0[0] > 0 },
      cdf: { p, x in incompleteGamma(p[0] / 2, x / 2) }, support: { _ in (0, 1e300) }),
    Distribution(
      name: "Exp", names: ["mean"], valid: { $0[0] > 0 }, cdf: { p, x in x <= 0 ? 0 : 1 - Math.exp(-x / p[0]) },
      inverse: { p, q in -p[0] * Math.log(1 - q) }, support: { _ in (0, 1e300) }),
    Distribution(
      name: "F", names: ["numeratorDF", "denominatorDF"], valid: { $0[0] > 0 && $0[1] > 0 },
      cdf: { p, x in x <= 0 ? 0 : 1 - Distributions.fTail(x, p[0], p[1]) }, support: { _ in (0, 1e300) }),
    Distribution(
      name: "Gamma", names: ["shape", "scale"], valid: { $0[0] > 0 && $0[1] > 0 },
      cdf: { p, x in incompleteGamma(p[0], x / p[1]) }, support: { _ in (0, 1e300) }),
    Distribution(
      name: "Logistic", names: ["mean", "s"], valid: { $0[1] > 0 },
      cdf: { p, x in 1 / (1 + Math.exp(-(x - p[0]) / p[1])) },
      inverse: { p, q in p[0] + p[1] * Math.log(q / (1 - q)) }),
    Distribution(
      name: "Student", names: ["df"], valid: { $0[0] > 0 },
      cdf: { p, x in
        let tail = Distributions.studentTail(abs(x), p[0])
        return x >= 0 ? 1 - tail : tail
      }),
    Distribution(
      name: "Uniform", names: ["lower", "upper"], valid: { $0[0] < $0[1] },
      cdf: { p, x in min(1, max(0, (x - p[0]) / (p[1] - p[0]))) }, inverse: { p, q in p[0] + q * (p[1] - p[0]) },
      support: { p in (p[0], p[1]) }),
    Distribution(
      name: "Weibull", names: ["alpha", "beta"], valid: { $0[0] > 0 && $0[1] > 0 },
      cdf: { p, x in x <= 0 ? 0 : 1 - Math.exp(-Math.pow(x / p[1], p[0])) },
      inverse: { p, q in p[1] * Math.pow(-Math.log(1 - q), 1 / p[0]) }, support: { _ in (0, 1e300) }),
  ]

  /// The parameters before X, checked.
  static func parameters(_ a: CallArguments, _ d: Distribution, _ name: String) throws(ScriptError) -> [Double] {
    var out: [Double] = []
    for i in 0..<d.parameters {
      guard let x = a[i].doubleValue, x.isFinite else {
        throw ScriptError(RuntimeMessages.distributionParameters(name))
      }
      out.append(x)
    }
    guard d.valid(out) else { throw ScriptError(RuntimeMessages.distributionParameters(name)) }
    return out
  }

  /// The x where the cdf reaches q, by bisection over the support.
  static func bisect(_ d: Distribution, _ p: [Double], _ q: Double) -> Double {
    var (lo, hi) = d.support(p)
    // Narrow an unbounded side first by doubling from 1, so that bisection needs few steps.
    if hi > 1e299 {
      hi = 1
      while d.cdf(p, hi) < q && hi < 1e300 { hi *= 2 }
    }
    if lo < -1e299 {
      lo = -1
      while d.cdf(p, lo) > q && lo > -1e300 { lo *= 2 }
    }
    for _ in 0..<2_000 {
      let mid = (lo + hi) / 2
      if mid == lo || mid == hi { break }
      if d.cdf(p, mid) < q { lo = mid } else { hi = mid }
    }
    return (lo + hi) / 2
  }

  static func builtins(_ d: Distribution) -> [Builtin] {
    let cdfName = "cdf" + d.name
    let invName = "inv" + d.name
    let arity = (d.parameters + 1)...(d.parameters + 1)
    return [
      Builtin(cdfName, args: arity, parameterNames: d.names + ["X"]) { a throws(ScriptError) in
        let p = try parameters(a, d, cdfName)
        return try MathBuiltins.mapDoubles(a[d.parameters], cdfName) { x in d.cdf(p, x) }
      },
      Builtin(invName, args: arity, parameterNames: d.names + ["X"]) { a throws(ScriptError) in
        let p = try parameters(a, d, invName)
        let (lowest, highest) = d.support(p)
        return try MathBuiltins.mapDoubles(a[d.parameters], invName) { q in
          // At 0 and 1 the quantile is the end of the support, null where that is infinite.
          if q == 0 { return lowest > -1e299 ? lowest : .nan }
          if q == 1 { return highest < 1e299 ? highest : .nan }
          guard q > 0, q < 1 else { return .nan }
          return d.inverse?(p, q) ?? bisect(d, p, q)
        }
      },
    ]
  }

  /// `n` draws of a distribution with a closed-form inverse (inverse transform sampling).
  static func draws(_ d: Distribution) -> Builtin {
    let name = "rand" + d.name
    return Builtin(name, args: (d.parameters + 1)...(d.parameters + 1), parameterNames: d.names + ["count"]) {
      a throws(ScriptError) in
      let p = try parameters(a, d, name)
      let n = try a.integer(d.parameters, "the count of '\(name)'")
      try a.machine.checkAllocation(n, elementBytes: 8, "the count of '\(name)'")
      var g = a.machine.random
      defer { a.machine.random = g }
      let inverse = d.inverse ?? { p, q in bisect(d, p, q) }
      return .vector(
        Vector(
          doubles: (0..<n).map { _ in
            var u = g.nextUnit()
            while u == 0 { u = g.nextUnit() }
            return inverse(p, u)
          }))
    }
  }

  static let all: [Builtin] =
    distributions.flatMap(builtins)
    + distributions.filter { ["Exp", "Logistic", "Weibull"].contains($0.name) }.map(draws)
    + [
      // cdfPoisson(mean, X): P(K <= X); cdfBinomial(trials, p, X): P(K <= X).
      Builtin("cdfPoisson", args: 2...2, parameterNames: ["mean", "X"]) { a throws(ScriptError) in
        guard let mean = a[0].doubleValue, mean > 0 else {
          throw ScriptError(RuntimeMessages.distributionParameters("cdfPoisson"))
        }
        return try MathBuiltins.mapDoubles(a[1], "cdfPoisson") { k in
          k < 0 ? 0 : 1 - incompleteGamma(k.rounded(.down) + 1, mean)
        }
      },
      Builtin("cdfBinomial", args: 3...3, parameterNames: ["trials", "p", "X"]) { a throws(ScriptError) in
        guard let n = a[0].doubleValue, n >= 0, n == n.rounded(), let p = a[1].doubleValue, p >= 0, p <= 1 else {
          throw ScriptError(RuntimeMessages.distributionParameters("cdfBinomial"))
        }
        return try MathBuiltins.mapDoubles(a[2], "cdfBinomial") { x in
          let k = x.rounded(.down)
          if k < 0 { return 0 }
          if k >= n { return 1 }
          return Distributions.incompleteBeta(1 - p, n - k, k + 1)
        }
      },
    ]
}
