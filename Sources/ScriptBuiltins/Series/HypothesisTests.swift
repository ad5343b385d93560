import ScriptRuntime

#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// Classical hypothesis tests, each returning DolphinDB's dictionary: `tTest`, `zTest`, `fTest`
/// (a `stat` table of p-values and confidence intervals under the three alternatives),
/// `chiSquareTest`, `ksTest`, `mannWhitneyUTest`, `shapiroTest` and `anova`. Nulls in a sample
/// are left out. Also `cdfKolmogorov`, the p-value `ksTest` uses.
enum HypothesisTests {
  /// A sample's non-null values; at least `need` of them.
  static func sample(_ a: CallArguments, _ i: Int, _ name: String, need: Int = 2) throws(ScriptError) -> [Double] {
    let xs = try TechnicalAnalysis.numbers(a, i, name).filter { !$0.isNaN }
    let what = i == 0 ? "X" : "Y"
    guard xs.count >= need else {
      throw ScriptError(RuntimeMessages.sampleTooSmall(name, what, need: need, got: xs.count))
    }
    return xs
  }

  /// An optional finite number argument, else `fallback`.
  static func number(_ a: CallArguments, _ i: Int, _ name: String, _ what: String, _ fallback: Double)
    throws(ScriptError) -> Double
  {
    guard a.has(i) else { return fallback }
    guard let d = a[i].doubleValue, d.isFinite else {
      throw ScriptError(RuntimeMessages.testArgumentInvalid(name, "\(what) must be a number"))
    }
    return d
  }

  static func confLevel(_ a: CallArguments, _ i: Int, _ name: String) throws(ScriptError) -> Double {
    let c = try number(a, i, name, "confLevel", 0.95)
    guard c > 0, c < 1 else {
      throw ScriptError(RuntimeMessages.testArgumentInvalid(name, "confLevel must be between 0 and 1"))
    }
    return c
  }

  static func distribution(_ name: String) -> ProbabilityFunctions.Distribution {
    ProbabilityFunctions.distributions.first { $0.name == name }!
  }

  static func normalCdf(_ z: Double) -> Double { 0.5 * Math.erfc(-z / 2.0.squareRoot()) }

  /// The `stat` table: the alternatives (two-sided, less, greater) with their p-values and,
  /// when given, the bounds of their confidence intervals.
  static func statTable(_ labels: [String], _ p: [Double], _ bounds: [(Double, Double)]?) throws(ScriptError) -> Value {
    var names = ["alternativeHypothesis", "pValue"]
    var columns = [Vector(strings: labels), Vector(doubles: p)]
    if let bounds {
      names += ["lowerBound", "upperBound"]
      columns += [Vector(doubles: bounds.map(\.0)), Vector(doubles: bounds.map(\.1))]
    }
    return .object(try Table(names: names, columns: columns))
  }

  /// The three alternatives' wording: "<subject> is not equal to / less than / greater than <v>".
  static func labels(_ subject: String, _ v: Double) -> [String] {
    let shown = ValueFormatter.plain(.double(v))
    return ["not equal to", "less than", "greater than"].map { "\(subject) is \($0) \(shown)" }
  }

  static func dictionary(_ entries: [(String, Value)]) throws(ScriptError) -> Value {
    var d = DictionaryValue(keyType: .string, valueType: .any)
    for (k, v) in entries { try d.set(.string(k), v) }
    return .dictionary(d)
  }

  /// p-values and intervals of a location test whose statistic follows `cdf`/`quantile`:
  /// `estimate` with standard error `se` against `null`.
  static func location(
    estimate: Double, null: Double, se: Double, level: Double, cdf: (Double) -> Double,
    quantile: (Double) -> Double
  ) -> (stat: Double, p: [Double], bounds: [(Double, Double)]) {
    // No spread (se 0) leaves the statistic undefined: null, as DolphinDB's x/0 is.
    let stat = se > 0 ? (estimate - null) / se : .nan
    let less = cdf(stat)
    let greater = 1 - less
    let two = less.isNaN ? .nan : min(1, 2 * min(less, greater))
    let half = quantile(1 - (1 - level) / 2) * se
    let one = quantile(level) * se
    return (
      stat, [two, less, greater],
      [(estimate - half, estimate + half), (-.infinity, estimate + one), (estimate - one, .infinity)]
    )
  }

  static func tTest(_ a: CallArguments) throws(ScriptError) -> Value {
    let xs = try sample(a, 0, "tTest")
    let mu = try number(a, 2, "tTest", "mu", 0)
    let level = try confLevel(a, 3, "tTest")
    let student = distribution("Student")
    let mx = Statistics.mean(xs)
    let vx = Statistics.variance(xs)
    let n = Double(xs.count)
    var df: Double
    let se: Double
    let estimate: Double
    let method: String
    let subject: String
    if a.has(1) {
      let ys = try sample(a, 1, "tTest")
      let m = Double(ys.count)
      let vy = Statistics.variance(ys)
      estimate = mx - Statistics.mean(ys)
      if a.has(4) && a[4].isTruthy {
        df = n + m - 2
        let pooled = ((n - 1) * vx + (m - 1) * vy) / df
        se = (pooled * (1 / n + 1 / m)).squareRoot()
        method = "Two sample t-test"
        subject = "difference of mean"
      } else {
        let (sx, sy) = (vx / n, vy / m)
        se = (sx + sy).squareRoot()
        df = (sx + sy) * (sx + sy) / (sx * sx / (n - 1) + sy * sy / (m - 1))
        method = "Welch two sample t-test"
        subject = "true difference of mean"
      }
    } else {
      df = n - 1
      se = (vx / n).squareRoot()
      estimate = mx
      method = "One sample t-test"
      subject = "true mean"
    }
    // Constant samples leave no spread: df is then undefined and every p-value null.
    if !df.isFinite { df = .nan }
    let p = [df]
    let r = location(
      estimate: estimate, null: mu, se: se, level: level,
      cdf: { df.isNaN || $0.isNaN ? .nan : student.cdf(p, $0) },
      quantile: { df.isNaN ? .nan : ProbabilityFunctions.bisect(student, p, $0) })
    let dfValue: Value = df == df.rounded() ? .int(Int(df)) : .double(df)
    return try dictionary([
      ("stat", try statTable(labels(subject, mu), r.p, r.bounds)), ("df", dfValue), ("confLevel", .double(level)),
      ("method", .string(method)), ("tValue", .double(r.stat)),
    ])
  }

  static func zTest(_ a: CallArguments) throws(ScriptError) -> Value {
    let xs = try sample(a, 0, "zTest", need: 1)
    let mu = try number(a, 2, "zTest", "mu", 0)
    let sigmaX = try number(a, 3, "zTest", "sigmaX", 1)
    let sigmaY = try number(a, 4, "zTest", "sigmaY", 1)
    guard sigmaX > 0, sigmaY > 0 else {
      throw ScriptError(RuntimeMessages.testArgumentInvalid("zTest", "sigmaX and sigmaY must be positive"))
    }
    let level = try confLevel(a, 5, "zTest")
    var estimate = Statistics.mean(xs)
    var variance = sigmaX * sigmaX / Double(xs.count)
    var method = "One sample z-test"
    var subject = "true mean"
    if a.has(1) {
      let ys = try sample(a, 1, "zTest", need: 1)
      estimate -= Statistics.mean(ys)
      variance += sigmaY * sigmaY / Double(ys.count)
      method = "Two sample z-test"
      subject = "difference of mean"
    }
    let r = location(
      estimate: estimate, null: mu, se: variance.squareRoot(), level: level, cdf: normalCdf,
      quantile: NormalAndRandomDraws.standardQuantile)
    return try dictionary([
      ("stat", try statTable(labels(subject, mu), r.p, r.bounds)), ("confLevel", .double(level)),
      ("method", .string(method)), ("zValue", .double(r.stat)),
    ])
  }

  static func fTest(_ a: CallArguments) throws(ScriptError) -> Value {
    let xs = try sample(a, 0, "fTest")
    let ys = try sample(a, 1, "fTest")
    let ratio = try number(a, 2, "fTest", "ratio", 1)
    guard ratio > 0 else { throw ScriptError(RuntimeMessages.testArgumentInvalid("fTest", "ratio must be positive")) }
    let level = try confLevel(a, 3, "fTest")
    let f = distribution("F")
    let p = [Double(xs.count - 1), Double(ys.count - 1)]
    let estimate = Statistics.variance(xs) / Statistics.variance(ys)
    let stat = estimate / ratio
    let valid = !stat.isNaN
    let less = valid ? f.cdf(p, stat) : .nan
    let greater = valid ? 1 - less : .nan
    let two = less.isNaN ? .nan : min(1, 2 * min(less, greater))
    func q(_ x: Double) -> Double { ProbabilityFunctions.bisect(f, p, x) }
    let alpha = 1 - level
    let bounds = [
      (estimate / q(1 - alpha / 2), estimate / q(alpha / 2)), (0, estimate / q(alpha)),
      (estimate / q(1 - alpha), .infinity),
    ]
    return try dictionary([
      ("numeratorDf", .int(xs.count - 1)),
      ("stat", try statTable(labels("ratio of variances", ratio), [two, less, greater], bounds)),
      ("denominatorDf", .int(ys.count - 1)), ("confLevel", .double(level)), ("fValue", .double(stat)),
      ("method", .string("F test to compare two variances")),
    ])
  }

  /// Upper tail of the chi-square distribution.
  static func chiSquareTail(_ x: Double, _ df: Double) -> Double {
    x.isNaN ? .nan : 1 - ProbabilityFunctions.incompleteGamma(df / 2, x / 2)
  }

  /// Numeric columns of a matrix or a table.
  static func groups(_ v: Value, _ name: String) throws(ScriptError) -> [[Double]] {
    let columns: [Vector]
    switch v {
    case .object(let m as Matrix): columns = m.columns
    case .object(let t as Table): columns = t.columns
    default: throw ScriptError(RuntimeMessages.cannotTake(name, v.typeString))
    }
    for c in columns where !(c.type.isNumeric || c.type == .bool) || c.isArrayVector {
      throw ScriptError(RuntimeMessages.cannotTake(name, v.typeString))
    }
    return columns.map(\.doubles)
  }

  static func chiSquareTest(_ a: CallArguments) throws(ScriptError) -> Value {
    let name = "chiSquareTest"
    var chi = 0.0
    let df: Int
    let method: String
    if case .object = a[0] {
      // Pearson's test of independence on a contingency table (no continuity correction).
      let cols = try groups(a[0], name)
      let rows = cols.first?.count ?? 0
      guard cols.count >= 2, rows >= 2 else {
        throw ScriptError(RuntimeMessages.testArgumentInvalid(name, "a contingency table needs 2 rows and 2 columns"))
      }
      guard cols.allSatisfy({ $0.allSatisfy { !$0.isNaN && $0 >= 0 } }) else {
        throw ScriptError(RuntimeMessages.testArgumentInvalid(name, "counts must be non-null and non-negative"))
      }
      let colSums = cols.map { $0.reduce(0, +) }
      let rowSums = (0..<rows).map { r in cols.reduce(0) { $0 + $1[r] } }
      let total = colSums.reduce(0, +)
      for (j, c) in cols.enumerated() {
        for r in 0..<rows {
          let e = rowSums[r] * colSums[j] / total
          chi += (c[r] - e) * (c[r] - e) / e
        }
      }
      df = (rows - 1) * (cols.count - 1)
      method = "Pearson's Chi-squared test"
    } else {
      // Goodness of fit: X observed, Y the expected frequencies rescaled to X's total.
      guard a.has(1) else { throw ScriptError(RuntimeMessages.testArgumentInvalid(name, "a vector X needs Y")) }
      let xs = try TechnicalAnalysis.numbers(a, 0, name)
      let ys = try TechnicalAnalysis.numbers(a, 1, name)
      guard xs.count == ys.count else { throw ScriptError(RuntimeMessages.lengthMismatch(name, xs.count, ys.count)) }
      let (x, y) = Statistics.pairs(xs, ys)
      guard x.count >= 2 else { throw ScriptError(RuntimeMessages.sampleTooSmall(name, "X", need: 2, got: x.count)) }
      guard y.allSatisfy({ $0 > 0 }) else {
        throw ScriptError(RuntimeMessages.testArgumentInvalid(name, "expected frequencies Y must be positive"))
      }
      let scale = x.reduce(0, +) / y.reduce(0, +)
      for i in x.indices {
        let e = y[i] * scale
        chi += (x[i] - e) * (x[i] - e) / e
      }
      df = x.count - 1
      method = "Chi-square goodness of fit test"
    }
    return try dictionary([
      ("pValue", .double(chiSquareTail(chi, Double(df)))), ("df", .int(df)), ("chiSquaredValue", .double(chi)),
      ("method", .string(method)),
    ])
  }

  /// The Kolmogorov distribution's upper tail Q(λ) = 2 Σ (-1)^(k-1) exp(-2 k² λ²).
  static func kolmogorovTail(_ lambda: Double) -> Double {
    guard !lambda.isNaN else { return .nan }
    if lambda < 0.2 { return 1 }
    var sum = 0.0
    var sign = 1.0
    for k in 1...200 {
      let term = Math.exp(-2 * Double(k * k) * lambda * lambda)
      sum += sign * term
      sign = -sign
      if term < 1e-17 * sum { break }
    }
    return max(0, min(1, 2 * sum))
  }

  static func ksTest(_ a: CallArguments) throws(ScriptError) -> Value {
    let xs = try sample(a, 0, "ksTest", need: 1).sorted()
    let ys = try sample(a, 1, "ksTest", need: 1).sorted()
    var (i, j) = (0, 0)
    var d = 0.0
    let (n, m) = (Double(xs.count), Double(ys.count))
    while i < xs.count && j < ys.count {
      let v = min(xs[i], ys[j])
      while i < xs.count && xs[i] == v { i += 1 }
      while j < ys.count && ys[j] == v { j += 1 }
      d = max(d, abs(Double(i) / n - Double(j) / m))
    }
    // The effective statistic of Numerical Recipes' kstwo: sqrt(en) with Stephens' correction.
    let en = (n * m / (n + m)).squareRoot()
    let lambda = (en + 0.12 + 0.11 / en) * d
    return try dictionary([
      ("ksValue", .double(lambda)), ("pValue", .double(kolmogorovTail(lambda))), ("D", .double(d)),
      ("method", .string("Two-sample Kolmogorov-Smirnov test")),
    ])
  }

  static func mannWhitneyUTest(_ a: CallArguments) throws(ScriptError) -> Value {
    let xs = try sample(a, 0, "mannWhitneyUTest", need: 1)
    let ys = try sample(a, 1, "mannWhitneyUTest", need: 1)
    let correct = a.has(2) ? a[2].isTruthy : true
    let ranks = Statistics.ranks(xs + ys)
    let (n1, n2) = (Double(xs.count), Double(ys.count))
    let u1 = ranks[0..<xs.count].reduce(0, +) - n1 * (n1 + 1) / 2
    // The normal approximation with the tie correction of the variance.
    var ties = 0.0
    let sorted = (xs + ys).sorted()
    var k = 0
    while k < sorted.count {
      var e = k
      while e + 1 < sorted.count && sorted[e + 1] == sorted[k] { e += 1 }
      let t = Double(e - k + 1)
      ties += t * t * t - t
      k = e + 1
    }
    let n = n1 + n2
    let mean = n1 * n2 / 2
    let sd = (n1 * n2 / 12 * ((n + 1) - ties / (n * (n - 1)))).squareRoot()
    let c = correct ? 0.5 : 0
    // DolphinDB states U and the one-sided alternatives from Y's side: U = n1 * n2 - U1.
    let u = n1 * n2 - u1
    let less = normalCdf((u - mean + c) / sd)
    let greater = 1 - normalCdf((u - mean - c) / sd)
    let two = less.isNaN ? .nan : min(1, 2 * min(less, greater))
    let label = labels("true location shift", 0)
    return try dictionary([
      ("stat", try statTable(label, sd > 0 ? [two, less, greater] : [.nan, .nan, .nan], nil)),
      ("correct", .bool(correct)), ("method", .string("Mann-Whitney U test")),
      ("U", .double(u)),
    ])
  }

  /// Royston's algorithm AS R94 for the Shapiro-Wilk W and its p-value (3 <= n <= 5000).
  static func shapiro(_ sorted: [Double]) -> (w: Double, p: Double) {
    let n = sorted.count
    let an = Double(n)
    let half = n / 2
    func poly(_ c: [Double], _ x: Double) -> Double { c.reversed().reduce(0) { $0 * x + $1 } }
    var coefficients = [Double](repeating: 0, count: half)
    if n == 3 {
      coefficients[0] = 0.5.squareRoot()
    } else {
      let m = (1...half).map { NormalAndRandomDraws.standardQuantile((Double($0) - 0.375) / (an + 0.25)) }
      let summ2 = 2 * m.reduce(0) { $0 + $1 * $1 }
      let ssumm2 = summ2.squareRoot()
      let rsn = 1 / an.squareRoot()
      let a1 = poly([0, 0.221157, -0.147981, -2.07119, 4.434685, -2.706056], rsn) - m[0] / ssumm2
      let first: Int
      let fac: Double
      if n > 5 {
        let a2 = -m[1] / ssumm2 + poly([0, 0.042981, -0.293762, -1.752461, 5.682633, -3.582633], rsn)
        fac = ((summ2 - 2 * m[0] * m[0] - 2 * m[1] * m[1]) / (1 - 2 * a1 * a1 - 2 * a2 * a2)).squareRoot()
        coefficients[1] = a2
        first = 2
      } else {
        fac = ((summ2 - 2 * m[0] * m[0]) / (1 - 2 * a1 * a1)).squareRoot()
        first = 1
      }
      coefficients[0] = a1
      for i in first..<half { coefficients[i] = -m[i] / fac }
    }
    let mean = Statistics.mean(sorted)
    let ss = sorted.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    var b = 0.0
    for i in 0..<half { b += coefficients[i] * (sorted[n - 1 - i] - sorted[i]) }
    let w = min(1, b * b / ss)
    if n == 3 {
      return (w, max(0, 6 / Double.pi * (asin(w.squareRoot()) - Double.pi / 3)))
    }
    var y = Math.log(1 - w)
    let mu: Double
    let sigma: Double
    if n <= 11 {
      let gamma = -2.273 + 0.459 * an
      if y >= gamma { return (w, 1e-99) }
      y = -Math.log(gamma - y)
      mu = poly([0.544, -0.39978, 0.025054, -6.714e-4], an)
      sigma = Math.exp(poly([1.3822, -0.77857, 0.062767, -0.0020322], an))
    } else {
      let x = Math.log(an)
      mu = poly([-1.5861, -0.31082, -0.083751, 0.0038915], x)
      sigma = Math.exp(poly([-0.4803, -0.082676, 0.0030302], x))
    }
    return (w, 1 - normalCdf((y - mu) / sigma))
  }

  static func shapiroTest(_ a: CallArguments) throws(ScriptError) -> Value {
    let xs = try sample(a, 0, "shapiroTest", need: 3).sorted()
    guard xs.count <= 5000 else {
      throw ScriptError(RuntimeMessages.testArgumentInvalid("shapiroTest", "X may hold at most 5000 values"))
    }
    guard xs[xs.count - 1] - xs[0] > 1e-19 else {
      throw ScriptError(RuntimeMessages.testArgumentInvalid("shapiroTest", "all values of X are identical"))
    }
    let (w, p) = shapiro(xs)
    return try dictionary([
      ("method", .string("Shapiro-Wilk normality test")), ("pValue", .double(p)), ("W", .double(w)),
    ])
  }

  static func anova(_ a: CallArguments) throws(ScriptError) -> Value {
    let groups = try groups(a[0], "anova").map { $0.filter { !$0.isNaN } }.filter { !$0.isEmpty }
    let total = groups.reduce(0) { $0 + $1.count }
    guard groups.count >= 2, total > groups.count else {
      throw ScriptError(RuntimeMessages.testArgumentInvalid("anova", "needs 2 groups and more values than groups"))
    }
    let grand = groups.reduce(0) { $0 + $1.reduce(0, +) } / Double(total)
    var between = 0.0
    var within = 0.0
    for g in groups {
      let m = Statistics.mean(g)
      between += Double(g.count) * (m - grand) * (m - grand)
      within += g.reduce(0) { $0 + ($1 - m) * ($1 - m) }
    }
    let dfB = groups.count - 1
    let dfW = total - groups.count
    let f = (between / Double(dfB)) / (within / Double(dfW))
    let p = f.isNaN ? .nan : Distributions.fTail(f, Double(dfB), Double(dfW))
    return try dictionary([
      ("pValue", .double(p)), ("fValue", .double(f)), ("ssBetween", .double(between)), ("dfBetween", .int(dfB)),
      ("ssWithin", .double(within)), ("dfWithin", .int(dfW)),
    ])
  }

  static let all: [Builtin] = [
    Builtin("tTest", args: 1...5, parameterNames: ["X", "Y", "mu", "confLevel", "equalVar"]) {
      a throws(ScriptError) in try tTest(a)
    },
    Builtin("zTest", args: 1...6, parameterNames: ["X", "Y", "mu", "sigmaX", "sigmaY", "confLevel"]) {
      a throws(ScriptError) in try zTest(a)
    },
    Builtin("fTest", args: 2...4, parameterNames: ["X", "Y", "ratio", "confLevel"]) { a throws(ScriptError) in
      try fTest(a)
    },
    Builtin("chiSquareTest", args: 1...2, parameterNames: ["X", "Y"]) { a throws(ScriptError) in
      try chiSquareTest(a)
    },
    Builtin("ksTest", args: 2...2, parameterNames: ["X", "Y"]) { a throws(ScriptError) in try ksTest(a) },
    Builtin("mannWhitneyUTest", args: 2...3, parameterNames: ["X", "Y", "correct"]) { a throws(ScriptError) in
      try mannWhitneyUTest(a)
    },
    Builtin("shapiroTest", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in try shapiroTest(a) },
    Builtin("anova", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in try anova(a) },
    // cdfKolmogorov(X): as DolphinDB's, the Kolmogorov distribution's upper tail Q(X) (1 at 0).
    Builtin("cdfKolmogorov", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      try MathBuiltins.mapDoubles(a[0], "cdfKolmogorov", kolmogorovTail)
    },
  ]
}
