import ScriptRuntime

/// Piecewise cubic Hermite interpolation as scipy's CubicHermiteSpline and PchipInterpolator
/// build it: `cubicHermiteSplineFit(X, Y, derivative, [extrapolate])` from given slopes, and
/// `pchipInterpolateFit(X, Y, [extrapolate])` with PCHIP's shape-preserving slopes (weighted
/// harmonic means, zero at a turn; one-sided three-point ends). Both give a model whose
/// `predict` (cubicHermiteSplinePredict) evaluates the pieces as scipy's PPoly does.
enum HermiteSplines {
  /// The most points taken.
  static let maxPoints = 10_000_000

  /// Each piece's coefficients (cubic first) from the points and the slopes there.
  static func coefficients(_ x: [Double], _ y: [Double], _ dydx: [Double]) -> [[Double]] {
    (0..<(x.count - 1)).map { i in
      let dx = x[i + 1] - x[i]
      let slope = (y[i + 1] - y[i]) / dx
      let t = (dydx[i] + dydx[i + 1] - 2 * slope) / dx
      return [t / dx, (slope - dydx[i]) / dx - t, dydx[i], y[i]]
    }
  }

  static func sign(_ v: Double) -> Double { v > 0 ? 1 : (v < 0 ? -1 : 0) }

  /// PCHIP's one-sided three-point slope at an end, kept to the shape.
  static func edge(_ h0: Double, _ h1: Double, _ m0: Double, _ m1: Double) -> Double {
    let d = ((2 * h0 + h1) * m0 - h0 * m1) / (h0 + h1)
    if sign(d) != sign(m0) { return 0 }
    if sign(m0) != sign(m1) && abs(d) > 3 * abs(m0) { return 3 * m0 }
    return d
  }

  /// PCHIP's slopes at the points.
  static func pchipSlopes(_ x: [Double], _ y: [Double]) -> [Double] {
    let n = x.count
    let h = (0..<(n - 1)).map { x[$0 + 1] - x[$0] }
    let m = (0..<(n - 1)).map { (y[$0 + 1] - y[$0]) / h[$0] }
    if n == 2 { return [m[0], m[0]] }
    var d = [Double](repeating: 0, count: n)
    for k in 1..<(n - 1) {
      if sign(m[k]) != sign(m[k - 1]) || m[k] == 0 || m[k - 1] == 0 { continue }
      let w1 = 2 * h[k] + h[k - 1]
      let w2 = h[k] + 2 * h[k - 1]
      d[k] = 1.0 / ((w1 / m[k - 1] + w2 / m[k]) / (w1 + w2))
    }
    d[0] = edge(h[0], h[1], m[0], m[1])
    d[n - 1] = edge(h[n - 2], h[n - 3], m[n - 2], m[n - 3])
    return d
  }

  /// PPoly's evaluation: the piece holding t (the end pieces reach beyond when extrapolating),
  /// its powers summed upward as scipy sums them.
  static func evaluate(_ x: [Double], _ c: [[Double]], _ t: Double, extrapolate: Bool) -> Double {
    let n = x.count
    guard !t.isNaN else { return .nan }
    if !(x[0] <= t && t <= x[n - 1]) && !extrapolate { return .nan }
    let i = Interpolation.segment(x, t)
    let s = t - x[i]
    var res = 0.0
    var z = 1.0
    for kp in 0..<4 {
      res += c[i][3 - kp] * z
      if kp < 3 { z *= s }
    }
    return res
  }

  static let predict = Builtin(
    "cubicHermiteSplinePredict", args: 2...2, parameterNames: ["model", "X"]
  ) { a throws(ScriptError) in
    let name = "cubicHermiteSplinePredict"
    let model = "cubicHermiteSplineFit"
    guard case .dictionary(let d) = a[0], case .object(let m as Matrix)? = d[.string("coeffs")], m.columnCount == 4
    else { throw ScriptError(RuntimeMessages.needsModel(name, model)) }
    let x = try Interpolation.member(d, "X", name, model)
    guard x.count >= 2, m.rowCount == x.count - 1, m.dataType.isNumeric else {
      throw ScriptError(RuntimeMessages.needsModel(name, model))
    }
    let columns = m.columns.map(\.doubles)
    let c = (0..<m.rowCount).map { r in columns.map { $0[r] } }
    let extrapolate = d[.string("extrapolate")]?.isTruthy ?? true
    let ts = try Polynomials.numbers(a[1], "X", name)
    return Interpolation.shaped(a[1], ts.map { evaluate(x, c, $0, extrapolate: extrapolate) })
  }

  /// The model dictionary DolphinDB's fits give.
  static func model(_ name: String, _ x: [Double], _ c: [[Double]], _ extrapolate: Bool) throws(ScriptError) -> Value {
    var d = DictionaryValue(keyType: .string, valueType: .any)
    try d.set(.string("modelName"), .string(name))
    try d.set(.string("X"), .vector(Vector(doubles: x)))
    try d.set(.string("extrapolate"), .bool(extrapolate))
    try d.set(.string("coeffs"), try ModelBuiltins.rowsMatrix(c))
    try d.set(.string("predict"), .function(FunctionValue(.builtin(predict))))
    return .dictionary(d)
  }

  /// X strictly increasing and Y beside it, both without nulls.
  static func points(_ a: CallArguments, _ name: String) throws(ScriptError) -> ([Double], [Double]) {
    let (x, y) = try Interpolation.points(a, name, least: 2)
    guard x.count <= maxPoints else { throw ScriptError(RuntimeMessages.tooMany(name, "points", x.count, maxPoints)) }
    for i in 1..<x.count where !(x[i - 1] < x[i]) {
      throw ScriptError(RuntimeMessages.needsIncreasing(name, strictly: true))
    }
    return (x, y)
  }

  static let pchipInterpolateFit = Builtin(
    "pchipInterpolateFit", args: 2...3, parameterNames: ["X", "Y", "extrapolate"]
  ) { a throws(ScriptError) in
    let (x, y) = try points(a, "pchipInterpolateFit")
    let extrapolate = a.has(2) ? a[2].isTruthy : true
    return try model("PchipInterpolate", x, coefficients(x, y, pchipSlopes(x, y)), extrapolate)
  }

  static let cubicHermiteSplineFit = Builtin(
    "cubicHermiteSplineFit", args: 3...4, parameterNames: ["X", "Y", "derivative", "extrapolate"]
  ) { a throws(ScriptError) in
    let name = "cubicHermiteSplineFit"
    let (x, y) = try points(a, name)
    let dydx = try Polynomials.numbers(a[2], "derivative", name)
    guard dydx.count == x.count else { throw ScriptError(RuntimeMessages.incompatibleSizes(name, x.count, dydx.count)) }
    guard dydx.allSatisfy(\.isFinite) else { throw ScriptError(RuntimeMessages.needsNoNulls(name)) }
    let extrapolate = a.has(3) ? a[3].isTruthy : true
    return try model("CubicHermiteSpline", x, coefficients(x, y, dydx), extrapolate)
  }

  static let all: [Builtin] = [pchipInterpolateFit, cubicHermiteSplineFit]
}
