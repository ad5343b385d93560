import ScriptRuntime

/// Random draws from the Beta, binomial, chi-square, F, gamma, Poisson and Student's t
/// distributions (`randBeta(alpha, beta, count)`, `randPoisson(mean, count)`, ...), and
/// `shuffle!(X)`, which reorders a vector in place.
///
/// Gamma draws use Marsaglia and Tsang's method and build the Beta, chi-square, F and t
/// draws; Poisson draws use inversion for small means and Hörmann's PTRS above; binomial draws
/// invert the cdf walking from the mode, so each costs about sqrt(n p q) steps.
enum RandomDistributions {
  /// A standard normal draw (Box-Muller).
  static func normal(_ g: inout RandomGenerator) -> Double {
    let u = max(g.nextUnit(), .leastNonzeroMagnitude)
    return (-2 * Math.log(u)).squareRoot() * Math.cos(2 * .pi * g.nextUnit())
  }

  /// A Gamma(shape, 1) draw.
  static func gamma(_ shape: Double, _ g: inout RandomGenerator) -> Double {
    if shape < 1 {
      // Boost to shape + 1 and scale back by U^(1/shape).
      let u = max(g.nextUnit(), .leastNonzeroMagnitude)
      return gamma(shape + 1, &g) * Math.pow(u, 1 / shape)
    }
    let d = shape - 1.0 / 3
    let c = 1 / (9 * d).squareRoot()
    while true {
      var x: Double
      var v: Double
      repeat {
        x = normal(&g)
        v = 1 + c * x
      } while v <= 0
      v = v * v * v
      let u = g.nextUnit()
      if u < 1 - 0.0331 * x * x * x * x { return d * v }
      if Math.log(max(u, .leastNonzeroMagnitude)) < 0.5 * x * x + d * (1 - v + Math.log(v)) { return d * v }
    }
  }

  static func chiSquare(_ df: Double, _ g: inout RandomGenerator) -> Double { 2 * gamma(df / 2, &g) }

  /// A Poisson draw.
  static func poisson(_ mean: Double, _ g: inout RandomGenerator) -> Int64 {
    if mean < 10 {
      let u = g.nextUnit()
      var p = Math.exp(-mean)
      var s = p
      var k: Int64 = 0
      // Rounding can keep s just under u near 1; the cap ends the walk where the mass is nil.
      while u > s && k < 1_000 {
        k += 1
        p *= mean / Double(k)
        s += p
      }
      return k
    }
    let slam = mean.squareRoot()
    let loglam = Math.log(mean)
    let b = 0.931 + 2.53 * slam
    let a = -0.059 + 0.02483 * b
    let invalpha = 1.1239 + 1.1328 / (b - 3.4)
    let vr = 0.9277 - 3.6224 / (b - 2)
    while true {
      let u = g.nextUnit() - 0.5
      let v = g.nextUnit()
      let us = 0.5 - abs(u)
      guard us > 0 else { continue }
      let k = ((2 * a / us + b) * u + mean + 0.43).rounded(.down)
      if us >= 0.07 && v <= vr { return Int64(wholePartOf: k) ?? Int64.min }
      if k < 0 || (us < 0.013 && v > us) { continue }
      if Math.log(max(v, .leastNonzeroMagnitude)) + Math.log(invalpha) - Math.log(a / (us * us) + b)
        <= -mean + k * loglam - Math.logGamma(k + 1)
      {
        return Int64(wholePartOf: k) ?? Int64.min
      }
    }
  }

  /// A binomial draw: the cdf inverted by walking from the mode, whose cdf comes from the
  /// incomplete Beta function.
  static func binomial(_ trials: Int, _ probability: Double, _ g: inout RandomGenerator) -> Int64 {
    // Large n first shrinks by Knuth's split on the middle order statistic of n uniforms (a
    // Beta draw), each halving n, so the walk below (whose incomplete Beta loses accuracy for
    // huge n) only runs on a small one.
    var n = trials
    var p = probability
    var total: Int64 = 0
    while n > 10_000 && p > 0 && p < 1 {
      let a = 1 + n / 2
      let b = n + 1 - a
      let x = gamma(Double(a), &g)
      let beta = x / (x + gamma(Double(b), &g))
      if beta >= p {
        n = a - 1
        p = min(1, p / beta)
      } else {
        total += Int64(a)
        n = b - 1
        p = max(0, (p - beta) / (1 - beta))
      }
    }
    return total + walk(n, p, &g)
  }

  /// A binomial draw for a moderate n: the mode's cdf, then a walk to where U falls.
  static func walk(_ n: Int, _ p: Double, _ g: inout RandomGenerator) -> Int64 {
    if p <= 0 || n == 0 { return 0 }
    if p >= 1 { return Int64(n) }
    let q = 1 - p
    let nd = Double(n)
    let m = min(n, Int(((nd + 1) * p).rounded(.down)))
    let md = Double(m)
    let logPmf =
      Math.logGamma(nd + 1) - Math.logGamma(md + 1) - Math.logGamma(nd - md + 1) + md * Math.log(p) + (nd - md)
      * Math.log(q)
    var pk = Math.exp(logPmf)
    var c = m >= n ? 1 : Distributions.incompleteBeta(q, nd - md, md + 1)
    var k = m
    let u = g.nextUnit()
    if u <= c {
      while k > 0 && u <= c - pk {
        c -= pk
        pk *= Double(k) / Double(n - k + 1) * q / p
        k -= 1
      }
    } else {
      while k < n && u > c {
        k += 1
        pk *= Double(n - k + 1) / Double(k) * p / q
        c += pk
        if pk == 0 { break }  // rounding left c short of u in a tail with no mass
      }
    }
    return Int64(k)
  }

  /// Positive finite parameters, checked.
  static func positive(_ a: CallArguments, _ count: Int, _ name: String) throws(ScriptError) -> [Double] {
    var out: [Double] = []
    for i in 0..<count {
      guard let x = a[i].doubleValue, x.isFinite, x > 0 else {
        throw ScriptError(RuntimeMessages.distributionParameters(name))
      }
      out.append(x)
    }
    return out
  }

  /// A `randX(params..., count)` built-in whose draws are doubles.
  static func draws(
    _ name: String, _ parameterNames: [String], _ draw: @escaping @Sendable ([Double], inout RandomGenerator) -> Double
  )
    -> Builtin
  {
    Builtin(
      name, args: (parameterNames.count + 1)...(parameterNames.count + 1), parameterNames: parameterNames + ["count"]
    ) {
      a throws(ScriptError) in
      let p = try positive(a, parameterNames.count, name)
      let n = try a.count(parameterNames.count, "the count of '\(name)'")
      guard n >= 0 else { throw ScriptError(RuntimeMessages.mustBePositive("the count of '\(name)'", n)) }
      var g = a.machine.random
      defer { a.machine.random = g }
      var out = [Double](repeating: 0, count: n)
      for i in 0..<n { out[i] = draw(p, &g) }
      return .vector(Vector(doubles: out))
    }
  }

  static func count(_ a: CallArguments, _ i: Int, _ name: String) throws(ScriptError) -> Int {
    let n = try a.count(i, "the count of '\(name)'")
    guard n >= 0 else { throw ScriptError(RuntimeMessages.mustBePositive("the count of '\(name)'", n)) }
    return n
  }

  static let all: [Builtin] = [
    draws("randBeta", ["alpha", "beta"]) { p, g in
      let x = gamma(p[0], &g)
      let y = gamma(p[1], &g)
      return x + y > 0 ? x / (x + y) : (g.nextUnit() < p[0] / (p[0] + p[1]) ? 1 : 0)
    },
    draws("randChiSquare", ["df"]) { p, g in chiSquare(p[0], &g) },
    draws("randF", ["numeratorDF", "denominatorDF"]) { p, g in
      (chiSquare(p[0], &g) / p[0]) / (chiSquare(p[1], &g) / p[1])
    },
    draws("randGamma", ["shape", "scale"]) { p, g in gamma(p[0], &g) * p[1] },
    draws("randStudent", ["df"]) { p, g in normal(&g) / (chiSquare(p[0], &g) / p[0]).squareRoot() },
    Builtin("randPoisson", args: 2...2, parameterNames: ["mean", "count"]) { a throws(ScriptError) in
      let mean = try positive(a, 1, "randPoisson")[0]
      // Beyond this the draws no longer fit an INT.
      guard mean <= 1e9 else { throw ScriptError(RuntimeMessages.distributionParameters("randPoisson")) }
      let n = try count(a, 1, "randPoisson")
      var g = a.machine.random
      defer { a.machine.random = g }
      var out = [Int64](repeating: 0, count: n)
      for i in 0..<n { out[i] = poisson(mean, &g) }
      return .vector(Vector(type: .int, ints: out))
    },
    Builtin("randBinomial", args: 3...3, parameterNames: ["trials", "p", "count"]) { a throws(ScriptError) in
      guard let trials = a[0].intValue, trials > 0, trials <= Int64(Int32.max), a[0].type.isIntegral,
        let p = a[1].doubleValue, p >= 0, p <= 1
      else { throw ScriptError(RuntimeMessages.distributionParameters("randBinomial")) }
      let n = try count(a, 2, "randBinomial")
      var g = a.machine.random
      defer { a.machine.random = g }
      var out = [Int64](repeating: 0, count: n)
      for i in 0..<n { out[i] = binomial(Int(trials), p, &g) }
      return .vector(Vector(type: .int, ints: out))
    },
    Builtin("shuffle!", args: 1...1, parameterNames: ["obj"], mutatesFirst: true) { a throws(ScriptError) in
      guard case .vector(let v) = a[0] else {
        throw ScriptError(RuntimeMessages.cannotTake("shuffle!", a[0].typeString))
      }
      var order = Array(0..<v.count)
      var g = a.machine.random
      defer { a.machine.random = g }
      for i in stride(from: order.count - 1, to: 0, by: -1) {
        order.swapAt(i, Int(g.nextInt(below: Int64(i + 1))))
      }
      a[0] = .vector(v.gather(order))
      return a[0]
    },
  ]
}
