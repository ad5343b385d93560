import ScriptRuntime

/// `ridgeBasic`, `lassoBasic` and `elasticNetBasic`: the penalized regressions of `ridge`,
/// `lasso` and `elasticNet` (scikit-learn's objectives, `LinearModels`' fits) on a Y vector and
/// X factors (a vector, tuple, matrix or table, read as `ols` reads them), giving by `mode` the
/// coefficients (the intercept first), their table or the full summary of `ols`. The standard
/// errors are least squares' ((X'X)⁻¹ times the residuals' variance) at the penalized
/// coefficients, as DolphinDB's documented example gives them.
enum PenalizedBasic {
  /// The rows of a regression, nulls checked or left out.
  struct Data {
    var y: [Double]
    var x: [[Double]]
    var names: [String]
    var weights: [Double]?
  }

  /// Y, the factors and, when `swColName` names a column of a table X, the sample weights
  /// (that column is then no factor). A null is an error unless `check` is false (checkInput;
  /// nil where the function has none), which leaves its row out.
  static func read(_ a: CallArguments, weightAt w: Int, check: Bool?, _ name: String) throws(ScriptError) -> Data {
    let yv = try a.vector(0, "the Y of '\(name)'")
    guard yv.type.isNumeric || yv.type == .bool else {
      throw ScriptError(RuntimeMessages.cannotTake(name, yv.typeName))
    }
    var y = yv.doubles
    var x: [[Double]]
    var names: [String]
    var weights: [Double]?
    if case .object(let t as Table) = a[1] {
      guard t.rowCount == y.count else {
        throw ScriptError(RuntimeMessages.incompatibleSizes(name, y.count, t.rowCount))
      }
      var kept: [Int] = Array(t.columns.indices)
      if a.has(w) {
        let column = try a.text(w, "the swColName of '\(name)'")
        guard let k = t.columnIndex(column) else {
          throw ScriptError(RuntimeMessages.penalizedWeightColumn(name, column))
        }
        weights = t.columns[k].doubles
        kept.removeAll { $0 == k }
      }
      for k in kept where !(t.columns[k].type.isNumeric || t.columns[k].type == .bool) {
        throw ScriptError(RuntimeMessages.cannotTake(name, "a \(t.columns[k].typeName) column"))
      }
      x = kept.map { t.columns[$0].doubles }
      names = kept.map { t.names[$0] }
    } else {
      if a.has(w) { throw ScriptError(RuntimeMessages.penalizedWeightColumn(name, nil)) }
      // Regression.factors reads nulls as 0: read the raw columns to check them.
      let (raw, rawNames) = try rawFactors(a[1], count: y.count, name)
      x = raw
      names = rawNames
    }
    try ModelBuiltins.checkWidth(x.count, name)
    var rows = Array(0..<y.count)
    let complete = { (i: Int) -> Bool in
      !y[i].isNaN && x.allSatisfy { !$0[i].isNaN } && !(weights?[i].isNaN ?? false)
    }
    if check != false {
      // ridgeBasic has no checkInput to offer.
      guard rows.allSatisfy(complete) else {
        throw ScriptError(check == nil ? RuntimeMessages.needsNoNulls(name) : RuntimeMessages.penalizedNulls(name))
      }
    } else {
      rows = rows.filter(complete)
      if rows.count < y.count {
        y = rows.map { y[$0] }
        x = x.map { c in rows.map { c[$0] } }
        weights = weights.map { ws in rows.map { ws[$0] } }
      }
    }
    guard !y.isEmpty else { throw ScriptError(ModelMessages.needsRows(name)) }
    if let weights, !weights.allSatisfy({ $0 >= 0 && $0.isFinite }) || !weights.contains(where: { $0 > 0 }) {
      throw ScriptError(RuntimeMessages.penalizedWeights(name))
    }
    return Data(y: y, x: x, names: names, weights: weights)
  }

  /// The factors of a vector, tuple or matrix as `ols` takes them, nulls kept as NaN.
  static func rawFactors(_ x: Value, count n: Int, _ name: String) throws(ScriptError) -> ([[Double]], [String]) {
    var columns: [[Double]] = []
    switch x {
    case .object(let m as Matrix):
      guard m.dataType.isNumeric || m.dataType == .bool else {
        throw ScriptError(RuntimeMessages.cannotTake(name, m.typeString))
      }
      columns =
        m.rowCount == n || m.columnCount != n ? m.columns.map(\.doubles) : (0..<m.rowCount).map { m.row($0).doubles }
    case .tuple(let items):
      for item in items { columns.append(try numeric(item, name)) }
    default:
      columns = [try numeric(x, name)]
    }
    for c in columns where c.count != n { throw ScriptError(RuntimeMessages.incompatibleSizes(name, n, c.count)) }
    return (columns, columns.indices.map { "beta\($0 + 1)" })
  }

  static func numeric(_ v: Value, _ name: String) throws(ScriptError) -> [Double] {
    let c = try column(v, name)
    guard c.type.isNumeric || c.type == .bool else { throw ScriptError(RuntimeMessages.cannotTake(name, c.typeName)) }
    return c.doubles
  }

  /// The coefficients (the intercept first) as `mode` asks for them.
  static func output(_ d: Data, _ fit: LinearModels.Linear, intercept: Bool, mode: Int, _ name: String)
    throws(ScriptError) -> Value
  {
    let beta = intercept ? [fit.intercept] + fit.coefficients : fit.coefficients
    if mode == 0 { return .vector(Vector(doubles: beta)) }
    var columns = d.x
    var names = d.names
    if intercept {
      columns.insert([Double](repeating: 1, count: d.y.count), at: 0)
      names.insert("intercept", at: 0)
    }
    let s = try WeightedRegression.statistics(
      d.y, columns, names, beta: beta, weights: d.weights, intercept: intercept, name)
    return try WeightedRegression.result(s, intercept: intercept, mode: mode, name)
  }

  static func mode(_ a: CallArguments, _ name: String) throws(ScriptError) -> Int {
    let mode = a.has(2) ? try a.integer(2, "the mode of '\(name)'") : 0
    guard (0...2).contains(mode) else { throw ScriptError(RuntimeMessages.regressionMode(name, mode)) }
    return mode
  }

  /// lassoBasic and elasticNetBasic: the arguments from `alpha` on start at `k`.
  static func coordinateDescent(_ a: CallArguments, _ name: String, l1Ratio: Double, from k: Int) throws(ScriptError)
    -> Value
  {
    let mode = try mode(a, name)
    let alpha = try ModelBuiltins.nonNegative(a, k, 1.0, "alpha", name)
    let intercept = a.has(k + 1) ? a[k + 1].isTruthy : true
    let normalize = a.has(k + 2) ? a[k + 2].isTruthy : false
    let maxIter = try ModelBuiltins.positiveInt(a, k + 3, 1000, "maxIter", name)
    let tolerance = try ModelBuiltins.positive(a, k + 4, 1e-4, "tolerance", name)
    let positive = a.has(k + 5) ? a[k + 5].isTruthy : false
    let check = a.has(k + 7) ? a[k + 7].isTruthy : true
    let d = try read(a, weightAt: k + 6, check: check, name)
    // scikit-learn scales sample weights to sum to the number of rows before fitting.
    var scaled = d.weights
    if let w = d.weights {
      let factor = Double(w.count) / w.reduce(0, +)
      scaled = w.map { $0 * factor }
    }
    let fit = LinearModels.elasticNet(
      d.x, d.y, scaled, alpha: alpha, l1Ratio: l1Ratio, intercept: intercept, normalize: normalize && intercept,
      maxIter: maxIter, tolerance: tolerance, positive: positive)
    return try output(d, fit, intercept: intercept, mode: mode, name)
  }

  static let all: [Builtin] = [
    Builtin(
      "ridgeBasic", args: 2...10,
      parameterNames: [
        "Y", "X", "mode", "alpha", "intercept", "normalize", "maxIter", "tolerance", "solver", "swColName",
      ]
    ) { a throws(ScriptError) in
      let name = "ridgeBasic"
      let mode = try mode(a, name)
      let alpha = try ModelBuiltins.nonNegative(a, 3, 1.0, "alpha", name)
      let intercept = a.has(4) ? a[4].isTruthy : true
      let normalize = a.has(5) ? a[5].isTruthy : false
      // maxIter and tolerance are checked but unused: the normal equations are solved directly.
      _ = try ModelBuiltins.positiveInt(a, 6, 1000, "maxIter", name)
      _ = try ModelBuiltins.positive(a, 7, 1e-4, "tolerance", name)
      if a.has(8) {
        let solver = try a.text(8, "the solver of 'ridgeBasic'")
        guard ["svd", "cholesky"].contains(solver) else {
          throw ScriptError(
            RuntimeMessages.mustBeOneOf("the solver of 'ridgeBasic'", ["svd", "cholesky"], got: solver))
        }
      }
      let d = try read(a, weightAt: 9, check: nil, name)
      let fit = LinearModels.ridge(
        d.x, d.y, d.weights, alpha: alpha, intercept: intercept, normalize: normalize && intercept)
      return try output(d, fit, intercept: intercept, mode: mode, name)
    },
    Builtin(
      "lassoBasic", args: 2...11,
      parameterNames: [
        "Y", "X", "mode", "alpha", "intercept", "normalize", "maxIter", "tolerance", "positive", "swColName",
        "checkInput",
      ]
    ) { a throws(ScriptError) in
      try coordinateDescent(a, "lassoBasic", l1Ratio: 1, from: 3)
    },
    Builtin(
      "elasticNetBasic", args: 2...12,
      parameterNames: [
        "Y", "X", "mode", "alpha", "l1Ratio", "intercept", "normalize", "maxIter", "tolerance", "positive",
        "swColName", "checkInput",
      ]
    ) { a throws(ScriptError) in
      var ratio = 0.5
      if a.has(4) {
        guard let r = a[4].doubleValue, r >= 0, r <= 1 else {
          throw ScriptError(ModelMessages.outOfRange("elasticNetBasic", "l1Ratio", "0 to 1"))
        }
        ratio = r
      }
      var rest = a
      if rest.values.count > 4 { rest.values.remove(at: 4) }
      return try coordinateDescent(rest, "elasticNetBasic", l1Ratio: ratio, from: 3)
    },
  ]
}
