import ScriptRuntime

/// `adfuller(X, [maxLag], [regression="c"], [autoLag="aic"], [store=false], [regResults=false])`,
/// the augmented Dickey-Fuller test, and `coint(Y0, Y1, [trend="c"], [method="aeg"], [maxLag],
/// [autoLag="aic"])`, the augmented Engle-Granger cointegration test, as statsmodels'
/// `adfuller` and `coint` compute them (DolphinDB's documentation follows statsmodels): the
/// same lag search, least squares through the pseudo-inverse, and MacKinnon's p-values and
/// critical values.
enum UnitRootTests {
  typealias Dense = LinearDecompositions.Dense

  /// The most observations a test takes: its design has maxLag + 2 to 4 columns (maxLag grows
  /// with the fourth root of the length, 121 at this bound), and its QR costs rows × columns².
  static let maxObservations = 1_000_000

  /// One least-squares fit, with what statsmodels' OLS results give of it.
  struct Fit {
    var params: [Double]
    var bse: [Double]
    var ssr: Double
    var rank: Int
    var nobs: Int

    var tValues: [Double] { zip(params, bse).map { $0 / $1 } }
    var logLikelihood: Double {
      let n = Double(nobs)
      return -n / 2 * (Math.log(2 * .pi) + Math.log(ssr / n) + 1)
    }
    var aic: Double { -2 * logLikelihood + 2 * Double(rank) }
    var bic: Double { -2 * logLikelihood + Math.log(Double(nobs)) * Double(rank) }
  }

  /// The Householder QR of a design, from which the regressions on its first columns come:
  /// their R is the leading block of R and their Q'y the leading part of Q'y.
  struct NestedRegressions {
    let qr: LinearDecompositions.Householder
    /// Q'y, all of it.
    let qty: [Double]
    /// tail[l]: the sum of the squares of Q'y from position l on, the residual sum of squares of
    /// the regression on the first l columns (plus what a rank deficiency leaves).
    let tail: [Double]

    init(_ design: Dense, _ y: [Double]) {
      qr = LinearDecompositions.Householder(design, pivoting: false)
      var z = Dense(rows: y.count, columns: 1)
      z.cells = y
      for j in 0..<qr.tau.count where qr.tau[j] != 0 {
        LinearDecompositions.Householder.reflect(qr.reflector(j), j, qr.tau[j], &z, column: 0)
      }
      qty = z.cells
      var tail = [Double](repeating: 0, count: y.count + 1)
      for i in stride(from: y.count - 1, through: 0, by: -1) { tail[i] = tail[i + 1] + qty[i] * qty[i] }
      self.tail = tail
    }

    /// The regression on the first `l` columns, through the pseudo-inverse of their R (numpy's
    /// pinv cut-off, matrix_rank's tolerance) as statsmodels' OLS.
    func fit(_ l: Int, _ machine: Machine) throws(ScriptError) -> Fit {
      let m = qr.h.rows
      var r = Dense(rows: l, columns: l)
      for j in 0..<l { for i in 0...j { r[i, j] = qr.h[i, j] } }
      let (u, s, v) = try LinearDecompositions.thinSVD(r, machine)
      let largest = s.first ?? 0
      // pinv(R) = V diag(1/s) U'.
      var pinv = Dense(rows: l, columns: l)
      for k in 0..<l where s[k] > 1e-15 * largest {
        for j in 0..<l {
          let x = u[j, k] / s[k]
          for i in 0..<l { pinv[i, j] += v[i, k] * x }
        }
      }
      var params = [Double](repeating: 0, count: l)
      for j in 0..<l { for i in 0..<l { params[i] += pinv[i, j] * qty[j] } }
      var ssr = tail[l]
      for i in 0..<l {
        var fitted = 0.0
        for j in i..<l { fitted += r[i, j] * params[j] }
        ssr += (qty[i] - fitted) * (qty[i] - fitted)
      }
      // Residuals at the size of y's rounding errors are an exact fit (y in the columns' span):
      // counted as zero, the fits tie on their criteria and the shortest lag wins, rather than
      // whichever rounding happened to leave least.
      let noise = 10 * Double(m) * Double.ulpOfOne
      if ssr <= noise * noise * tail[0] { ssr = 0 }
      let rank = s.filter { $0 > largest * Double(max(m, l)) * Double.ulpOfOne }.count
      let scale = ssr / Double(m - rank)
      var bse = [Double](repeating: 0, count: l)
      for i in 0..<l {
        var d = 0.0
        for j in 0..<l { d += pinv[i, j] * pinv[i, j] }
        bse[i] = (d * scale).squareRoot()
      }
      return Fit(params: params, bse: bse, ssr: ssr, rank: rank, nobs: m)
    }
  }

  /// The trend columns of `rows` rows (1, t, t² by regression type, t from 1).
  static func trendColumns(_ regression: String, rows: Int) -> [[Double]] {
    var out: [[Double]] = []
    if regression.hasPrefix("c") { out.append([Double](repeating: 1, count: rows)) }
    if regression.hasPrefix("ct") { out.append((0..<rows).map { Double($0 + 1) }) }
    if regression == "ctt" { out.append((0..<rows).map { Double($0 + 1) * Double($0 + 1) }) }
    return out
  }

  /// The design of the Dickey-Fuller regression with `lags` lagged differences: for each t from
  /// lags on, Δx(t) on x(t), Δx(t-1) ... Δx(t-lags), with the trend columns first or last.
  static func design(_ x: [Double], _ dx: [Double], lags: Int, _ regression: String, trendFirst: Bool)
    -> (Dense, [Double])
  {
    let rows = dx.count - lags
    var columns: [[Double]] = [(0..<rows).map { x[lags + $0] }]
    for j in stride(from: 1, through: lags, by: 1) { columns.append((0..<rows).map { dx[lags + $0 - j] }) }
    let trend = trendColumns(regression, rows: rows)
    columns = trendFirst ? trend + columns : columns + trend
    var d = Dense(rows: rows, columns: columns.count)
    d.cells = Array(columns.joined())
    return (d, Array(dx[lags...]))
  }

  struct Result {
    var statistic: Double
    var pValue: Double
    var usedLag: Int
    var maxLag: Int
    var nobs: Int
    var critical: [Double]
    var icBest: Double?
    /// The criterion of each lag tried, by lag.
    var criteria: [(Int, Double)]
    var final: Fit
  }

  /// statsmodels' adfuller. `autoLag` is "aic", "bic", "tstat" or nil (use maxLag).
  static func adfuller(
    _ x: [Double], maxLag given: Int?, regression: String, autoLag: String?, _ machine: Machine, _ function: String
  ) throws(ScriptError) -> Result {
    guard let low = x.min(), let high = x.max(), low != high else {
      throw ScriptError(RuntimeMessages.unitRootConstant(function))
    }
    let n = x.count
    let trends = regression == "n" ? 0 : regression.count
    let limit = n / 2 - trends - 1
    var maxLag: Int
    if let given {
      guard given >= 0, given <= limit else {
        throw ScriptError(RuntimeMessages.unitRootMaxLag(function, given, limit: limit))
      }
      maxLag = given
    } else {
      // Schwert's rule, as statsmodels (from Greene) takes it.
      maxLag = min(limit, Int((12 * Math.pow(Double(n) / 100, 0.25)).rounded(.up)))
      guard maxLag >= 0 else { throw ScriptError(RuntimeMessages.unitRootTooShort(function, n, regression)) }
    }
    guard maxLag + trends + 1 <= LinearDecompositions.maxOrder else {
      throw ScriptError(RuntimeMessages.unitRootMaxLag(function, maxLag, limit: LinearDecompositions.maxOrder))
    }
    var dx = [Double](repeating: 0, count: n - 1)
    for i in 0..<(n - 1) { dx[i] = x[i + 1] - x[i] }
    try machine.checkAllocation((n - 1) * (maxLag + trends + 1), elementBytes: 8, "the regressions of '\(function)'")
    var usedLag = maxLag
    var icBest: Double?
    var criteria: [(Int, Double)] = []
    if let autoLag {
      // Every lag from 0 to maxLag fits on the same rows, so that the criteria compare.
      let (d, y) = design(x, dx, lags: maxLag, regression, trendFirst: true)
      let nested = NestedRegressions(d, y)
      let start = trends + 1
      var fits: [Fit] = []
      for columns in start...(start + maxLag) {
        if machine.isInterrupted { throw Machine.interrupted() }
        fits.append(try nested.fit(columns, machine))
      }
      switch autoLag {
      case "tstat":
        // From the longest lag down, the first whose last coefficient is significant at 5%.
        let stop = 1.6448536269514722
        usedLag = 0
        icBest = 0
        for lag in stride(from: maxLag, through: 0, by: -1) {
          let t = abs(fits[lag].tValues.last ?? 0)
          criteria.append((lag, t))
          icBest = t
          usedLag = lag
          if t >= stop { break }
        }
        criteria.reverse()
      default:
        let values = fits.map { autoLag == "bic" ? $0.bic : $0.aic }
        criteria = values.enumerated().map { ($0.offset, $0.element) }
        var best = 0
        // Python's min of (criterion, lag): a NaN never wins, and ties take the shortest lag.
        for lag in values.indices where values[lag] < values[best] || values[best].isNaN { best = lag }
        usedLag = best
        icBest = values[best]
      }
    }
    let (d, y) = design(x, dx, lags: usedLag, regression, trendFirst: false)
    let final = try NestedRegressions(d, y).fit(d.columns, machine)
    let statistic = final.tValues[0]
    let nobs = d.rows
    return Result(
      statistic: statistic, pValue: MacKinnon.pValue(statistic, regression: regression, n: 1) ?? .nan,
      usedLag: usedLag, maxLag: maxLag, nobs: nobs,
      critical: MacKinnon.criticalValues(regression: regression, n: 1, nobs: Double(nobs)) ?? [.nan, .nan, .nan],
      icBest: icBest, criteria: criteria, final: final)
  }

  /// A series argument: numeric, without nulls, within the size bound.
  static func series(_ v: Value, _ what: String, _ function: String) throws(ScriptError) -> [Double] {
    guard case .vector(let vec) = v, vec.type.isNumeric || vec.type == .bool else {
      throw ScriptError(RuntimeMessages.cannotTake(function, v.typeString))
    }
    guard vec.count <= maxObservations else {
      throw ScriptError(RuntimeMessages.tooMany(function, "observations", vec.count, maxObservations))
    }
    let xs = vec.doubles
    guard !xs.contains(where: \.isNaN) else { throw ScriptError(RuntimeMessages.needsNoNulls(function)) }
    return xs
  }

  /// A string option among `options`, `fallback` when not given.
  static func option(_ a: CallArguments, _ i: Int, _ what: String, _ options: [String], _ fallback: String)
    throws(ScriptError) -> String
  {
    guard a.has(i) else { return fallback }
    let s = try a.text(i, what)
    guard options.contains(s) else { throw ScriptError(RuntimeMessages.mustBeOneOf(what, options, got: s)) }
    return s
  }

  static func maxLag(_ a: CallArguments, _ i: Int, _ function: String) throws(ScriptError) -> Int? {
    guard a.has(i) else { return nil }
    return try a.integer(i, "the maxLag of '\(function)'")
  }

  static let adfullerBuiltin = Builtin(
    "adfuller", args: 1...6, parameterNames: ["X", "maxLag", "regression", "autoLag", "store", "regResults"]
  ) { a throws(ScriptError) in
    let name = "adfuller"
    let x = try series(a[0], "X", name)
    let regression = try option(a, 2, "the regression of 'adfuller'", ["c", "ct", "ctt", "n"], "c")
    let autoLag = try option(a, 3, "the autoLag of 'adfuller'", ["aic", "bic", "tstat", "max"], "aic")
    let regResults = a.has(5) && a[5].isTruthy
    let store = regResults || (a.has(4) && a[4].isTruthy)
    let r = try adfuller(
      x, maxLag: try maxLag(a, 1, name), regression: regression, autoLag: autoLag == "max" ? nil : autoLag, a.machine,
      name)
    var d = DictionaryValue(keyType: .string, valueType: .any)
    try d.set(.string("adfStat"), .double(r.statistic))
    try d.set(.string("pValue"), .double(r.pValue))
    try d.set(.string("usedLag"), .int(r.usedLag))
    try d.set(.string("nobs"), .int(r.nobs))
    try d.set(.string("criticalValues"), .vector(Vector(doubles: r.critical)))
    if let ic = r.icBest { try d.set(.string("icBest"), .double(ic)) }
    if store {
      var s = DictionaryValue(keyType: .string, valueType: .any)
      try s.set(.string("adfStat"), .double(r.statistic))
      try s.set(.string("criticalValues"), .vector(Vector(doubles: r.critical)))
      try s.set(.string("usedLag"), .int(r.usedLag))
      try s.set(.string("maxLag"), .int(r.maxLag))
      try s.set(.string("nobs"), .int(r.nobs))
      if let ic = r.icBest { try s.set(.string("icBest"), .double(ic)) }
      try s.set(.string("H0"), .string("The coefficient on the lagged level equals 1 - unit root"))
      try s.set(.string("HA"), .string("The coefficient on the lagged level < 1 - stationary"))
      // The final regression: the lagged level first, the lagged differences, then the trend.
      try s.set(.string("params"), .vector(Vector(doubles: r.final.params)))
      try s.set(.string("bse"), .vector(Vector(doubles: r.final.bse)))
      try s.set(.string("tValues"), .vector(Vector(doubles: r.final.tValues)))
      try s.set(.string("ssr"), .double(r.final.ssr))
      if regResults && !r.criteria.isEmpty {
        var c = DictionaryValue(keyType: .int, valueType: .double)
        for (lag, value) in r.criteria { try c.set(.int(lag), .double(value)) }
        try s.set(.string("autoLagResult"), .dictionary(c))
      }
      try d.set(.string("resultStore"), .dictionary(s))
    }
    return .dictionary(d)
  }

  static let cointBuiltin = Builtin(
    "coint", args: 2...6, parameterNames: ["Y0", "Y1", "trend", "method", "maxLag", "autoLag"]
  ) { a throws(ScriptError) in
    let name = "coint"
    let y0 = try series(a[0], "Y0", name)
    var others: [[Double]]
    if case .object(let m as Matrix) = a[1] {
      guard m.dataType.isNumeric || m.dataType == .bool else {
        throw ScriptError(RuntimeMessages.cannotTake(name, m.typeString))
      }
      others = m.columns.map(\.doubles)
      guard m.rowCount == y0.count else {
        throw ScriptError(RuntimeMessages.incompatibleSizes(name, y0.count, m.rowCount))
      }
      guard !others.contains(where: { $0.contains(where: \.isNaN) }) else {
        throw ScriptError(RuntimeMessages.needsNoNulls(name))
      }
    } else {
      let y1 = try series(a[1], "Y1", name)
      guard y1.count == y0.count else { throw ScriptError(RuntimeMessages.incompatibleSizes(name, y0.count, y1.count)) }
      others = [y1]
    }
    // MacKinnon's p-values go up to 6 series in all.
    guard !others.isEmpty, others.count <= 5 else {
      throw ScriptError(RuntimeMessages.tooMany(name, "series in Y1", others.count, 5))
    }
    let trend = try option(a, 2, "the trend of 'coint'", ["c", "ct", "ctt", "n"], "c")
    _ = try option(a, 3, "the method of 'coint'", ["aeg"], "aeg")
    let autoLag = try option(a, 5, "the autoLag of 'coint'", ["aic", "bic", "tstat", "max"], "aic")
    let n = y0.count
    let columns = others + trendColumns(trend, rows: n)
    guard n > columns.count else { throw ScriptError(RuntimeMessages.tooFewObservations(name, n, columns.count)) }
    var d = Dense(rows: n, columns: columns.count)
    d.cells = Array(columns.joined())
    // The cointegrating regression of Y0 on Y1 (and the trend); its residuals' unit-root test.
    let fit = try NestedRegressions(d, y0).fit(columns.count, a.machine)
    var residuals = y0
    for (k, c) in columns.enumerated() { for i in 0..<n { residuals[i] -= fit.params[k] * c[i] } }
    let mean = trend == "n" ? 0 : y0.reduce(0, +) / Double(n)
    let total = y0.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    let rSquared = 1 - fit.ssr / total
    var statistic = -Double.infinity
    // Series (almost) perfectly collinear leave nothing to test: statsmodels' cut-off.
    if rSquared < 1 - 100 * Double.ulpOfOne.squareRoot() {
      statistic =
        try adfuller(
          residuals, maxLag: try maxLag(a, 4, name), regression: "n", autoLag: autoLag == "max" ? nil : autoLag,
          a.machine, name
        ).statistic
    }
    let series = others.count + 1
    let critical =
      trend == "n"
      ? [.nan, .nan, .nan] : MacKinnon.criticalValues(regression: trend, n: series, nobs: Double(n - 1)) ?? []
    var out = DictionaryValue(keyType: .string, valueType: .any)
    try out.set(.string("tValue"), .double(statistic))
    try out.set(.string("pValue"), .double(MacKinnon.pValue(statistic, regression: trend, n: series) ?? .nan))
    try out.set(.string("criticalValues"), .vector(Vector(doubles: critical)))
    return .dictionary(out)
  }

  static let all: [Builtin] = [adfullerBuiltin, cointBuiltin]
}
