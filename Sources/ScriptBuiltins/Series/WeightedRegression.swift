import ScriptRuntime

/// `wls(Y, X, W, [intercept=true], [mode=0])`, weighted least squares (statsmodels' WLS), and
/// `residual(Y, X, params, [intercept=true])`, Y less the fit of given coefficients. Factors
/// are read as `ols` reads them (nulls count as 0). `statistics` also gives the tables of
/// `ridgeBasic`, `lassoBasic` and `elasticNetBasic`, whose coefficients come from elsewhere.
enum WeightedRegression {
  /// A fit's statistics, with the total sum of squares, which for a penalized fit is not the
  /// regression's and the residuals' sums added.
  struct Statistics {
    var fit: Regression.Fit
    var total: Double
  }

  /// The design columns: a column of ones first with an intercept, then the factors.
  static func design(_ x: Value, count n: Int, intercept: Bool) throws(ScriptError) -> ([[Double]], [String]) {
    var (columns, names) = try Regression.factors(x, count: n)
    if intercept {
      columns.insert([Double](repeating: 1, count: n), at: 0)
      names.insert("intercept", at: 0)
    }
    return (columns, names)
  }

  /// The weighted normal equations X'WX (as rows) and X'Wy.
  static func normalEquations(_ columns: [[Double]], _ y: [Double], _ w: [Double]?) -> ([[Double]], [Double]) {
    let k = columns.count
    let n = y.count
    var xtx = Array(repeating: [Double](repeating: 0, count: k), count: k)
    var xty = [Double](repeating: 0, count: k)
    for i in 0..<k {
      let ci = columns[i]
      for j in i..<k {
        let cj = columns[j]
        var s = 0.0
        if let w { for r in 0..<n { s += w[r] * ci[r] * cj[r] } } else { for r in 0..<n { s += ci[r] * cj[r] } }
        xtx[i][j] = s
        xtx[j][i] = s
      }
      var s = 0.0
      if let w { for r in 0..<n { s += w[r] * ci[r] * y[r] } } else { for r in 0..<n { s += ci[r] * y[r] } }
      xty[i] = s
    }
    return (xtx, xty)
  }

  /// The residuals of `beta` (unweighted, as statsmodels' `resid`).
  static func residuals(_ columns: [[Double]], _ y: [Double], _ beta: [Double]) -> [Double] {
    var r = y
    for (k, c) in columns.enumerated() {
      let b = beta[k]
      for i in r.indices { r[i] -= b * c[i] }
    }
    return r
  }

  /// The statistics of coefficients `beta` of y on `columns` (the intercept's first when there is
  /// one): sums of squares weighted by `w`, standard errors from (X'WX)⁻¹ and the residuals'
  /// variance, as least squares gives them.
  static func statistics(
    _ y: [Double], _ columns: [[Double]], _ names: [String], beta: [Double], weights w: [Double]?, intercept: Bool,
    _ function: String
  ) throws(ScriptError) -> Statistics {
    let n = y.count
    let k = columns.count
    guard n > k else { throw ScriptError(RuntimeMessages.tooFewObservations(function, n, k)) }
    let (xtx, _) = normalEquations(columns, y, w)
    guard let inv = Regression.inverse(xtx) else { throw ScriptError(RuntimeMessages.singularRegression(function)) }
    let r = residuals(columns, y, beta)
    var weightSum = 0.0
    var weightedY = 0.0
    for i in 0..<n {
      weightSum += w?[i] ?? 1
      weightedY += (w?[i] ?? 1) * y[i]
    }
    let mean = intercept && weightSum > 0 ? weightedY / weightSum : 0
    var sse = 0.0
    var ssr = 0.0
    var total = 0.0
    for i in 0..<n {
      let wi = w?[i] ?? 1
      let fitted = y[i] - r[i]
      sse += wi * r[i] * r[i]
      ssr += wi * (fitted - mean) * (fitted - mean)
      total += wi * (y[i] - mean) * (y[i] - mean)
    }
    let mse = sse / Double(n - k)
    let fit = Regression.Fit(
      names: names, beta: beta, stdError: (0..<k).map { (inv[$0][$0] * mse).squareRoot() }, residuals: r, ssr: ssr,
      sse: sse, observations: n)
    return Statistics(fit: fit, total: total)
  }

  /// What a regression gives for a mode: 0 the coefficients, 1 their table, 2 a dictionary of
  /// that table, the analysis of variance, the fit's statistics and the residuals.
  static func result(_ s: Statistics, intercept: Bool, mode: Int, _ function: String) throws(ScriptError) -> Value {
    switch mode {
    case 0: return .vector(Vector(doubles: s.fit.beta))
    case 1: return .object(try Regression.coefficients(s.fit))
    case 2: return try Regression.summary(s.fit, intercept: intercept, total: s.total)
    default: throw ScriptError(RuntimeMessages.regressionMode(function, mode))
    }
  }

  static let all: [Builtin] = [
    Builtin("wls", args: 3...5, parameterNames: ["Y", "X", "W", "intercept", "mode"]) { a throws(ScriptError) in
      let y = try a.vector(0, "the Y of 'wls'").doubles.map { $0.isNaN ? 0 : $0 }
      let intercept = a.has(3) ? a[3].isTruthy : true
      let mode = a.has(4) ? try a.integer(4, "the mode of 'wls'") : 0
      guard (0...2).contains(mode) else { throw ScriptError(RuntimeMessages.regressionMode("wls", mode)) }
      let (columns, names) = try design(a[1], count: y.count, intercept: intercept)
      guard columns.count <= LinearModels.maxFeatures else {
        throw ScriptError(RuntimeMessages.tooMany("wls", "factors", columns.count, LinearModels.maxFeatures))
      }
      let w = try a.vector(2, "the W of 'wls'")
      guard w.type.isNumeric || w.type == .bool else {
        throw ScriptError(RuntimeMessages.cannotTake("wls", w.typeName))
      }
      guard w.count == y.count else { throw ScriptError(RuntimeMessages.incompatibleSizes("wls", y.count, w.count)) }
      let weights = w.doubles
      guard weights.allSatisfy({ $0 >= 0 && $0.isFinite }) else {
        throw ScriptError(RuntimeMessages.wlsWeights())
      }
      let (xtx, xty) = normalEquations(columns, y, weights)
      guard let inv = Regression.inverse(xtx) else { throw ScriptError(RuntimeMessages.singularRegression("wls")) }
      let beta = inv.map { row in zip(row, xty).reduce(0) { $0 + $1.0 * $1.1 } }
      if mode == 0 { return .vector(Vector(doubles: beta)) }
      let s = try statistics(y, columns, names, beta: beta, weights: weights, intercept: intercept, "wls")
      return try result(s, intercept: intercept, mode: mode, "wls")
    },
    Builtin("residual", args: 3...4, parameterNames: ["Y", "X", "params", "intercept"]) { a throws(ScriptError) in
      let y = try a.vector(0, "the Y of 'residual'").doubles.map { $0.isNaN ? 0 : $0 }
      let intercept = a.has(3) ? a[3].isTruthy : true
      let (columns, _) = try design(a[1], count: y.count, intercept: intercept)
      let params = try a.vector(2, "the params of 'residual'")
      guard params.type.isNumeric else { throw ScriptError(RuntimeMessages.cannotTake("residual", params.typeName)) }
      guard params.count == columns.count else {
        throw ScriptError(RuntimeMessages.residualParams(params.count, columns.count))
      }
      return .vector(Vector(doubles: residuals(columns, y, params.doubles.map { $0.isNaN ? 0 : $0 })))
    },
  ]
}
