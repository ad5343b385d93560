import ScriptRuntime

/// Discrete distributions: the quantiles `invBinomial(trials, p, X)` and `invPoisson(mean, X)`
/// (the least k whose cdf reaches X; X of 0 gives 0, X outside [0, 1] null, and invPoisson's X
/// of 1 null, as no k reaches it) and `cdfZipf(num, exponent, X)` (P(K <= X) for K taking
/// 1..num with weights k^-exponent).
enum DiscreteQuantiles {
  /// The least k in 0...upper with cdf(k) >= x, by bisection (cdf rises with k).
  static func least(upTo upper: Double, _ x: Double, _ cdf: (Double) -> Double) -> Double {
    var lo = 0.0
    var hi = upper
    if cdf(lo) >= x { return 0 }
    while hi - lo > 1 {
      let mid = ((lo + hi) / 2).rounded(.down)
      if cdf(mid) >= x { hi = mid } else { lo = mid }
    }
    return hi
  }

  /// Quantiles of a large distribution, whose incomplete Beta and gamma functions lose
  /// accuracy: the pmf is stepped by `ratio(k)` = pmf(k + 1) / pmf(k) over [start, end] (30
  /// standard deviations about the mean; the mass outside is nil), unnormalized from 1 so that
  /// no log-gamma rounding enters, summed once for the total and once more for all the
  /// probabilities in rising order. Each x gets the least k whose share reaches it.
  static func walk(_ xs: [Double], from start: Double, to end: Double, _ ratio: (Double) -> Double) -> [Double] {
    // The pmf can rise by more than a double holds from a start at 0 to the mode: it is
    // rescaled by 1e-200 whenever it passes 1e200, the same way in both passes.
    var total = 0.0
    var rescales = 0
    var pk = 1.0
    var k = start
    while true {
      total += pk
      if k >= end { break }
      pk *= ratio(k)
      k += 1
      if pk > 1e200 {
        pk *= 1e-200
        total *= 1e-200
        rescales += 1
      }
    }
    var out = xs.map { _ in Double.nan }
    let order = xs.indices.filter { !xs[$0].isNaN }.sorted { xs[$0] < xs[$1] }
    var next = 0
    k = start
    pk = 1.0
    var sum = pk
    var done = 0
    while next < order.count {
      // The sum in the total's scale; one two rescales behind is nil beside it.
      let scaled = done == rescales ? sum : done + 1 == rescales ? sum * 1e-200 : 0
      // Rounding that keeps the sum short of the last x ends the walk at `end`.
      if scaled >= xs[order[next]] * total || k >= end {
        out[order[next]] = k
        next += 1
        continue
      }
      pk *= ratio(k)
      k += 1
      sum += pk
      if pk > 1e200 {
        pk *= 1e-200
        sum *= 1e-200
        done += 1
      }
    }
    return out
  }

  /// Whether a binomial is large enough for `walk`.
  static func largeBinomial(_ n: Double, _ p: Double) -> Bool { n > 1e6 || n * p * (1 - p) > 1e4 }

  static func binomialWalk(_ xs: [Double], _ n: Double, _ p: Double) -> [Double] {
    let sd = (n * p * (1 - p)).squareRoot()
    let start = max(0, (n * p - 30 * sd - 1).rounded(.down))
    let end = min(n, (n * p + 30 * sd + 1).rounded(.up))
    return walk(xs, from: start, to: end) { k in (n - k) / (k + 1) * p / (1 - p) }
  }

  static func poissonWalk(_ xs: [Double], _ mean: Double) -> [Double] {
    let sd = mean.squareRoot()
    let start = max(0, (mean - 30 * sd - 1).rounded(.down))
    return walk(xs, from: start, to: (mean + 30 * sd + 1).rounded(.up)) { k in mean / (k + 1) }
  }

  /// A large distribution's quantiles of a scalar or numeric vector X: `edge` answers the
  /// probabilities outside (0, 1) and nulls, one walk all the others.
  static func whole(
    _ v: Value, _ name: String, edge: (Double) -> Double?, _ walk: ([Double]) -> [Double]
  ) throws(ScriptError) -> Value {
    let xs: [Double]
    switch v {
    case .vector(let vec) where !vec.isArrayVector && (vec.type.isNumeric || vec.type == .void): xs = vec.doubles
    case _ where v.isScalar && (v.type.isNumeric || v.type == .void): xs = [v.doubleValue ?? .nan]
    default: throw ScriptError(RuntimeMessages.cannotTake(name, v.typeString))
    }
    var out = xs.map { edge($0) ?? .nan }
    let inner = xs.indices.filter { edge(xs[$0]) == nil }
    for (i, q) in zip(inner, walk(inner.map { xs[$0] })) { out[i] = q }
    return v.isScalar ? .double(out[0]) : .vector(Vector(doubles: out))
  }

  static func binomialCdf(_ n: Double, _ p: Double, _ k: Double) -> Double {
    k >= n ? 1 : Distributions.incompleteBeta(1 - p, n - k, k + 1)
  }

  static func poissonCdf(_ mean: Double, _ k: Double) -> Double {
    1 - ProbabilityFunctions.incompleteGamma(k + 1, mean)
  }

  static let all: [Builtin] = [
    Builtin("invBinomial", args: 3...3, parameterNames: ["trials", "p", "X"]) { a throws(ScriptError) in
      guard let n = a[0].doubleValue, n > 0, n == n.rounded(), n <= 1e12, let p = a[1].doubleValue, p >= 0, p <= 1
      else { throw ScriptError(RuntimeMessages.distributionParameters("invBinomial")) }
      func edge(_ x: Double) -> Double? {
        guard x >= 0, x <= 1 else { return .nan }
        if x == 0 || p == 0 { return 0 }
        if p == 1 || x == 1 { return n }
        return nil
      }
      if largeBinomial(n, p) { return try whole(a[2], "invBinomial", edge: edge) { xs in binomialWalk(xs, n, p) } }
      return try MathBuiltins.mapDoubles(a[2], "invBinomial") { x in
        edge(x) ?? least(upTo: n, x) { k in binomialCdf(n, p, k) }
      }
    },
    Builtin("invPoisson", args: 2...2, parameterNames: ["mean", "X"]) { a throws(ScriptError) in
      guard let mean = a[0].doubleValue, mean > 0, mean <= 1e12 else {
        throw ScriptError(RuntimeMessages.distributionParameters("invPoisson"))
      }
      func edge(_ x: Double) -> Double? {
        guard x >= 0, x < 1 else { return .nan }
        return x == 0 ? 0 : nil
      }
      if mean > 1e4 { return try whole(a[1], "invPoisson", edge: edge) { xs in poissonWalk(xs, mean) } }
      return try MathBuiltins.mapDoubles(a[1], "invPoisson") { x in
        if let e = edge(x) { return e }
        // An upper bound the cdf passes: doubled until it does (the tail thins fast).
        var upper = mean + 10 * mean.squareRoot() + 10
        while poissonCdf(mean, upper) < x && upper < 1e300 { upper *= 2 }
        return least(upTo: upper.rounded(.up), x) { k in poissonCdf(mean, k) }
      }
    },
    Builtin("cdfZipf", args: 3...3, parameterNames: ["num", "exponent", "X"]) { a throws(ScriptError) in
      guard let num = a[0].intValue, num > 0, a[0].type.isIntegral, let s = a[1].doubleValue, s >= 0, s.isFinite
      else { throw ScriptError(RuntimeMessages.distributionParameters("cdfZipf")) }
      try a.machine.checkAllocation(Int(num), elementBytes: 8, "the num of 'cdfZipf'")
      // Partial sums of k^-s, so each X costs one look-up.
      var partial = [Double](repeating: 0, count: Int(num) + 1)
      for k in 1...Int(num) { partial[k] = partial[k - 1] + Math.pow(Double(k), -s) }
      let total = partial[Int(num)]
      return try MathBuiltins.mapDoubles(a[2], "cdfZipf") { x in
        if x.isNaN { return .nan }
        if x < 1 { return 0 }
        if x >= Double(num) { return 1 }
        return partial[Int(x)] / total
      }
    },
  ]
}
