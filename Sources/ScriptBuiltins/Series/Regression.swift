import ScriptRuntime

/// `ols(Y, X, [intercept=true], [mode=0])`: ordinary least squares. Nulls count as 0, as in
/// DolphinDB. Mode 0 gives the coefficients; mode 1 a table of them with their standard
/// errors, t statistics and p-values; mode 2 a dictionary of that table (`Coefficient`), the
/// analysis of variance (`ANOVA`), `RegressionStat` and the `Residual`s.
enum Regression {
  struct Fit {
    var names: [String]
    var beta: [Double]
    var stdError: [Double]
    var residuals: [Double]
    var ssr: Double
    var sse: Double
    var observations: Int
  }

  /// The factors of X, each a column of doubles as long as Y, with their names.
  static func factors(_ x: Value, count n: Int) throws(ScriptError) -> ([[Double]], [String]) {
    var columns: [[Double]] = []
    var names: [String] = []
    switch x {
    case .object(let t as Table):
      columns = t.columns.map(\.doubles)
      names = t.names
    case .object(let m as Matrix):
      columns =
        m.rowCount == n || m.columnCount != n ? m.columns.map(\.doubles) : (0..<m.rowCount).map { m.row($0).doubles }
    case .tuple(let items):
      for item in items { columns.append(try column(item, "ols").doubles) }
    default:
      columns = [try column(x, "ols").doubles]
    }
    if names.isEmpty { names = columns.indices.map { "beta\($0 + 1)" } }
    for c in columns where c.count != n { throw ScriptError(RuntimeMessages.incompatibleSizes("ols", n, c.count)) }
    return (columns.map { $0.map { $0.isNaN ? 0 : $0 } }, names)
  }

  /// The inverse of a symmetric positive matrix by Gauss-Jordan elimination with pivoting; nil
  /// when it is singular.
  static func inverse(_ a: [[Double]]) -> [[Double]]? {
    let k = a.count
    var m = a
    var inv = (0..<k).map { i in (0..<k).map { $0 == i ? 1.0 : 0.0 } }
    for c in 0..<k {
      guard let p = (c..<k).max(by: { abs(m[$0][c]) < abs(m[$1][c]) }), abs(m[p][c]) > 1e-12 else { return nil }
      m.swapAt(c, p)
      inv.swapAt(c, p)
      let d = m[c][c]
      for j in 0..<k {
        m[c][j] /= d
        inv[c][j] /= d
      }
      for r in 0..<k where r != c && m[r][c] != 0 {
        let f = m[r][c]
        for j in 0..<k {
          m[r][j] -= f * m[c][j]
          inv[r][j] -= f * inv[c][j]
        }
      }
    }
    return inv
  }

  static func fit(_ y: [Double], _ x: Value, intercept: Bool) throws(ScriptError) -> Fit {
    let n = y.count
    var (columns, names) = try factors(x, count: n)
    if intercept {
      columns.insert([Double](repeating: 1, count: n), at: 0)
      names.insert("intercept", at: 0)
    }
    let ys = y.map { $0.isNaN ? 0 : $0 }
    let k = columns.count
    guard n > k else { throw ScriptError(RuntimeMessages.tooFewObservations("ols", n, k)) }
    var xtx = Array(repeating: [Double](repeating: 0, count: k), count: k)
    var xty = [Double](repeating: 0, count: k)
    for i in 0..<k {
      for j in i..<k {
        var s = 0.0
        for r in 0..<n { s += columns[i][r] * columns[j][r] }
        xtx[i][j] = s
        xtx[j][i] = s
      }
      var s = 0.0
      for r in 0..<n { s += columns[i][r] * ys[r] }
      xty[i] = s
    }
    guard let inv = inverse(xtx) else { throw ScriptError(RuntimeMessages.singularRegression("ols")) }
    let beta = (0..<k).map { i in (0..<k).reduce(0.0) { $0 + inv[i][$1] * xty[$1] } }
    var residuals = [Double](repeating: 0, count: n)
    for r in 0..<n { residuals[r] = ys[r] - (0..<k).reduce(0.0) { $0 + beta[$1] * columns[$1][r] } }
    let sse = residuals.reduce(0) { $0 + $1 * $1 }
    let mean = intercept ? ys.reduce(0, +) / Double(n) : 0
    let sst = ys.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    let mse = sse / Double(n - k)
    return Fit(
      names: names, beta: beta, stdError: (0..<k).map { (inv[$0][$0] * mse).squareRoot() }, residuals: residuals,
      ssr: sst - sse, sse: sse, observations: n)
  }

  static func coefficients(_ f: Fit) throws(ScriptError) -> Table {
    let df = Double(f.observations - f.beta.count)
    let t = zip(f.beta, f.stdError).map { $0 / $1 }
    return try Table(
      names: ["factor", "beta", "stdError", "tstat", "pvalue"],
      columns: [
        Vector(strings: f.names), Vector(doubles: f.beta), Vector(doubles: f.stdError), Vector(doubles: t),
        Vector(doubles: t.map { $0.isNaN ? .nan : 2 * Distributions.studentTail(abs($0), df) }),
      ])
  }

  /// The analysis of variance, the fit's statistics, the coefficients' table and the residuals.
  /// `total` is the total sum of squares when it is not the regression's and the residuals'
  /// added (as for a penalized fit).
  static func summary(_ f: Fit, intercept: Bool, total: Double? = nil) throws(ScriptError) -> Value {
    let total = total ?? f.ssr + f.sse
    let p = f.beta.count - (intercept ? 1 : 0)
    let residualDF = f.observations - f.beta.count
    let msr = f.ssr / Double(p)
    let mse = f.sse / Double(residualDF)
    let fStat = msr / mse
    let anova = try Table(
      names: ["Breakdown", "DF", "SS", "MS", "F", "Significance"],
      columns: [
        Vector(strings: ["Regression", "Residual", "Total"]),
        Vector(type: .int, ints: [Int64(p), Int64(residualDF), Int64(p + residualDF)]),
        Vector(doubles: [f.ssr, f.sse, total]), Vector(doubles: [msr, mse, .nan]),
        Vector(doubles: [fStat, .nan, .nan]),
        Vector(doubles: [Distributions.fTail(fStat, Double(p), Double(residualDF)), .nan, .nan]),
      ])
    let r2 = f.ssr / total
    let adjusted = 1 - (1 - r2) * Double(f.observations - (intercept ? 1 : 0)) / Double(residualDF)
    let stat = try Table(
      names: ["item", "statistics"],
      columns: [
        Vector(strings: ["R2", "AdjustedR2", "StdError", "Observations"]),
        Vector(doubles: [r2, adjusted, mse.squareRoot(), Double(f.observations)]),
      ])
    var d = DictionaryValue(keyType: .string, valueType: .any)
    try d.set(.string("ANOVA"), .object(anova))
    try d.set(.string("RegressionStat"), .object(stat))
    try d.set(.string("Coefficient"), .object(try coefficients(f)))
    try d.set(.string("Residual"), .vector(Vector(doubles: f.residuals)))
    return .dictionary(d)
  }

  static let builtin = Builtin(
    "ols", args: 2...6, parameterNames: ["Y", "X", "intercept", "mode", "method", "usePinv"]
  ) { a throws(ScriptError) in
    let y = try a.vector(0, "the Y of 'ols'").doubles
    let intercept = a.has(2) ? a[2].isTruthy : true
    let mode = a.has(3) ? try a.integer(3, "the mode of 'ols'") : 0
    return try result(try fit(y, a[1], intercept: intercept), intercept: intercept, mode: mode)
  }

  /// What `ols` and `olsEx` return for a mode: 0 the coefficients, 1 their table, 2 everything.
  static func result(_ f: Fit, intercept: Bool, mode: Int) throws(ScriptError) -> Value {
    switch mode {
    case 0: return .vector(Vector(doubles: f.beta))
    case 1: return .object(try coefficients(f))
    case 2: return try summary(f, intercept: intercept)
    default: throw ScriptError(RuntimeMessages.olsMode(mode))
    }
  }
}

/// Tail probabilities of Student's t and Fisher's F through the regularized incomplete beta
/// function (its continued fraction, evaluated by the modified Lentz method).
enum Distributions {
  static func incompleteBeta(_ x: Double, _ a: Double, _ b: Double) -> Double {
    guard x > 0 else { return 0 }
    guard x < 1 else { return 1 }
    let front = Math.exp(
      Math.logGamma(a + b) - Math.logGamma(a) - Math.logGamma(b) + a * Math.log(x) + b * Math.log(1 - x))
    // The fraction converges fast on this side; the other side by symmetry.
    if x > (a + 1) / (a + b + 2) { return 1 - incompleteBeta(1 - x, b, a) }
    let tiny = 1e-300
    var c = 1.0
    var d = 1 - (a + b) * x / (a + 1)
    d = abs(d) < tiny ? 1 / tiny : 1 / d
    var h = d
    // The fraction needs on the order of sqrt(max(a, b)) terms (Numerical Recipes, 6.4).
    let terms = Int(min(4e6, max(300, 10 * max(a, b).squareRoot())))
    for m in 1...terms {
      let m = Double(m)
      let even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
      d = 1 + even * d
      d = abs(d) < tiny ? 1 / tiny : 1 / d
      c = 1 + even / c
      c = abs(c) < tiny ? tiny : c
      h *= d * c
      let odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
      d = 1 + odd * d
      d = abs(d) < tiny ? 1 / tiny : 1 / d
      c = 1 + odd / c
      c = abs(c) < tiny ? tiny : c
      let step = d * c
      h *= step
      if abs(step - 1) < 1e-15 { break }
    }
    return min(1, max(0, front * h / a))
  }

  /// P(T > t) for Student's t with `df` degrees of freedom (t >= 0).
  static func studentTail(_ t: Double, _ df: Double) -> Double {
    guard df > 0, t.isFinite else { return t.isNaN ? .nan : 0 }
    return 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5)
  }

  /// P(F > f) for Fisher's F with `d1`, `d2` degrees of freedom.
  static func fTail(_ f: Double, _ d1: Double, _ d2: Double) -> Double {
    guard d1 > 0, d2 > 0, f.isFinite, f >= 0 else { return f.isInfinite ? 0 : .nan }
    return incompleteBeta(d2 / (d2 + d1 * f), d2 / 2, d1 / 2)
  }
}
