import ScriptRuntime

/// Interpolation as DolphinDB gives it: `linearInterpolateFit` (a model whose `predict` draws
/// straight lines between the sorted points), `cubicSpline` with `cubicSplinePredict` (scipy's
/// CubicSpline: the slopes at the knots from a tridiagonal system), and `kroghInterpolate`
/// (the polynomial through every point, repeated X giving derivatives, as scipy's
/// KroghInterpolator builds and evaluates it).
enum Interpolation {
  /// The most points the polynomial interpolators take: building costs their square, and each
  /// evaluation their square again.
  static let maxPolynomialPoints = 1_000

  /// X and Y as equal-length doubles without nulls, at least `least` of them.
  static func points(_ a: CallArguments, _ function: String, least: Int) throws(ScriptError) -> ([Double], [Double]) {
    let xs = try Polynomials.numbers(a[0], "X", function)
    let ys = try Polynomials.numbers(a[1], "Y", function)
    guard xs.count == ys.count else {
      throw ScriptError(RuntimeMessages.incompatibleSizes(function, xs.count, ys.count))
    }
    guard xs.count >= least else { throw ScriptError(RuntimeMessages.fewerPoints(function, least, xs.count)) }
    guard !xs.contains(where: { !$0.isFinite }), !ys.contains(where: { !$0.isFinite }) else {
      throw ScriptError(RuntimeMessages.needsNoNulls(function))
    }
    return (xs, ys)
  }

  /// A model's member as doubles.
  static func member(_ d: DictionaryValue, _ key: String, _ function: String, _ model: String) throws(ScriptError)
    -> [Double]
  {
    guard let v = d[.string(key)], case .vector(let vec) = v, vec.type.isNumeric else {
      throw ScriptError(RuntimeMessages.needsModel(function, model))
    }
    return vec.doubles
  }

  /// The evaluated points, as a scalar when X was one.
  static func shaped(_ x: Value, _ ys: [Double]) -> Value {
    if x.isScalar { return .double(ys.first ?? .nan) }
    return .vector(Vector(doubles: ys))
  }

  /// The index of the segment [x[i], x[i+1]] that evaluates `t`; the end segments reach beyond.
  static func segment(_ xs: [Double], _ t: Double) -> Int {
    var lo = 0
    var hi = xs.count - 1
    // The last knot not above t (searchsorted right, minus one), clamped to the segments.
    while lo < hi {
      let mid = (lo + hi + 1) / 2
      if xs[mid] <= t { lo = mid } else { hi = mid - 1 }
    }
    return min(max(lo, 0), xs.count - 2)
  }

  // MARK: linearInterpolateFit

  static let linearPredict = Builtin(
    "linearInterpolatePredict", args: 2...2, parameterNames: ["model", "X"]
  ) { a throws(ScriptError) in
    let name = "linearInterpolatePredict"
    guard case .dictionary(let d) = a[0] else {
      throw ScriptError(RuntimeMessages.needsModel(name, "linearInterpolateFit"))
    }
    let xs = try member(d, "sortedX", name, "linearInterpolateFit")
    let ys = try member(d, "sortedY", name, "linearInterpolateFit")
    guard xs.count >= 2, xs.count == ys.count else {
      throw ScriptError(RuntimeMessages.needsModel(name, "linearInterpolateFit"))
    }
    var below: Double?
    var above: Double?
    if let fill = d[.string("fillValue")], fill.stringValue == nil {
      let pair = try fillPair(fill)
      (below, above) = (pair.0, pair.1)
    }
    let ts = try Polynomials.numbers(a[1], "X", name)
    var out = [Double](repeating: .nan, count: ts.count)
    for (k, t) in ts.enumerated() where !t.isNaN {
      if let below, t < xs[0] {
        out[k] = below
      } else if let above, t > xs[xs.count - 1] {
        out[k] = above
      } else {
        let i = segment(xs, t)
        out[k] = ys[i] + (ys[i + 1] - ys[i]) * (t - xs[i]) / (xs[i + 1] - xs[i])
      }
    }
    return shaped(a[1], out)
  }

  /// (below, above) from a pair, a tuple of two numbers or a two-element vector; a null bound
  /// gives null.
  static func fillPair(_ v: Value) throws(ScriptError) -> (Double, Double) {
    switch v {
    case .pair(let p) where p.type.isNumeric || p.type == .bool, .vector(let p) where p.count == 2 && p.type.isNumeric:
      let d = p.doubles
      return (d[0], d[1])
    case .tuple(let items)
    where items.count == 2 && items.allSatisfy({ $0.isScalar && ($0.doubleValue != nil || $0.isNull) }):
      return (items[0].doubleValue ?? .nan, items[1].doubleValue ?? .nan)
    default:
      throw ScriptError(RuntimeMessages.linearFillValue(v.typeString))
    }
  }

  static let linearInterpolateFit = Builtin(
    "linearInterpolateFit", args: 2...4, parameterNames: ["X", "Y", "fillValue", "sorted"]
  ) { a throws(ScriptError) in
    let name = "linearInterpolateFit"
    var (xs, ys) = try points(a, name, least: 2)
    var fill: Value = .string("extrapolate")
    if a.has(2) {
      if let s = a[2].stringValue {
        guard s == "extrapolate" else { throw ScriptError(RuntimeMessages.linearFillValue("\"\(s)\"")) }
      } else {
        _ = try fillPair(a[2])
        fill = a[2]
      }
    }
    let sorted = a.has(3) && a[3].isTruthy
    if sorted {
      for i in 1..<xs.count where !(xs[i - 1] < xs[i]) {
        throw ScriptError(
          xs[i - 1] == xs[i] ? RuntimeMessages.repeatedX(name) : RuntimeMessages.needsIncreasing(name, strictly: true))
      }
    } else {
      let order = xs.indices.sorted { xs[$0] < xs[$1] || (xs[$0] == xs[$1] && $0 < $1) }
      xs = order.map { xs[$0] }
      ys = order.map { ys[$0] }
      for i in 1..<xs.count where xs[i - 1] == xs[i] { throw ScriptError(RuntimeMessages.repeatedX(name)) }
    }
    var d = DictionaryValue(keyType: .string, valueType: .any)
    try d.set(.string("modelName"), .string("linearInterpolate"))
    try d.set(.string("sortedX"), .vector(Vector(doubles: xs)))
    try d.set(.string("sortedY"), .vector(Vector(doubles: ys)))
    try d.set(.string("fillValue"), fill)
    try d.set(.string("predict"), .function(FunctionValue(.builtin(linearPredict))))
    return .dictionary(d)
  }

  // MARK: cubicSpline

  /// A boundary condition: the derivative of `order` (1 or 2) fixed at zero, or not-a-knot.
  enum Boundary: Equatable {
    case notAKnot
    case derivative(order: Int)

    static func parse(_ s: String) throws(ScriptError) -> Boundary {
      switch s {
      case "not-a-knot": return .notAKnot
      case "clamped": return .derivative(order: 1)
      case "natural": return .derivative(order: 2)
      default:
        throw ScriptError(
          RuntimeMessages.mustBeOneOf(
            "bc_type of 'cubicSpline'", ["\"not-a-knot\"", "\"clamped\"", "\"natural\""], got: "\"\(s)\""))
      }
    }
  }

  /// The coefficients of each segment (cubic first), segment after segment, as scipy's
  /// CubicSpline finds them.
  static func spline(_ x: [Double], _ y: [Double], _ start: Boundary, _ end: Boundary) -> [Double] {
    let n = x.count
    let dx = (0..<(n - 1)).map { x[$0 + 1] - x[$0] }
    let slope = (0..<(n - 1)).map { (y[$0 + 1] - y[$0]) / dx[$0] }
    var s: [Double]
    if n == 3 && start == .notAKnot && end == .notAKnot {
      // One parabola through the three points: its slopes at the knots.
      s = solveDense(
        [[1, 1, 0], [dx[1], 2 * (dx[0] + dx[1]), dx[0]], [0, 1, 1]],
        [2 * slope[0], 3 * (dx[0] * slope[1] + dx[1] * slope[0]), 2 * slope[1]])
    } else {
      // Tridiagonal: lower[i] * s[i-1] + diag[i] * s[i] + upper[i] * s[i+1] = b[i].
      var lower = [Double](repeating: 0, count: n)
      var diag = [Double](repeating: 0, count: n)
      var upper = [Double](repeating: 0, count: n)
      var b = [Double](repeating: 0, count: n)
      for i in 1..<(n - 1) {
        lower[i] = dx[i]
        diag[i] = 2 * (dx[i - 1] + dx[i])
        upper[i] = dx[i - 1]
        b[i] = 3 * (dx[i] * slope[i - 1] + dx[i - 1] * slope[i])
      }
      switch start {
      case .notAKnot:
        let d = x[2] - x[0]
        diag[0] = dx[1]
        upper[0] = d
        b[0] = ((dx[0] + 2 * d) * dx[1] * slope[0] + dx[0] * dx[0] * slope[1]) / d
      case .derivative(1):
        diag[0] = 1
        b[0] = 0
      default:
        diag[0] = 2 * dx[0]
        upper[0] = dx[0]
        b[0] = 3 * (y[1] - y[0])
      }
      switch end {
      case .notAKnot:
        let d = x[n - 1] - x[n - 3]
        diag[n - 1] = dx[n - 3]
        lower[n - 1] = d
        b[n - 1] = (dx[n - 2] * dx[n - 2] * slope[n - 3] + (2 * d + dx[n - 2]) * dx[n - 3] * slope[n - 2]) / d
      case .derivative(1):
        diag[n - 1] = 1
        b[n - 1] = 0
      default:
        diag[n - 1] = 2 * dx[n - 2]
        lower[n - 1] = dx[n - 2]
        b[n - 1] = 3 * (y[n - 1] - y[n - 2])
      }
      s = solveTridiagonal(lower, diag, upper, b)
    }
    var c: [Double] = []
    c.reserveCapacity(4 * (n - 1))
    for i in 0..<(n - 1) {
      let t = (s[i] + s[i + 1] - 2 * slope[i]) / dx[i]
      c += [t / dx[i], (slope[i] - s[i]) / dx[i] - t, s[i], y[i]]
    }
    return c
  }

  /// Gaussian elimination with partial pivoting, for the small systems.
  static func solveDense(_ m: [[Double]], _ b: [Double]) -> [Double] {
    var a = m
    var r = b
    let n = r.count
    for k in 0..<n {
      let p = (k..<n).max { abs(a[$0][k]) < abs(a[$1][k]) } ?? k
      a.swapAt(k, p)
      r.swapAt(k, p)
      for i in (k + 1)..<n where a[k][k] != 0 {
        let f = a[i][k] / a[k][k]
        for j in k..<n { a[i][j] -= f * a[k][j] }
        r[i] -= f * r[k]
      }
    }
    var x = [Double](repeating: 0, count: n)
    for k in stride(from: n - 1, through: 0, by: -1) {
      var v = r[k]
      for j in (k + 1)..<n { v -= a[k][j] * x[j] }
      x[k] = v / a[k][k]
    }
    return x
  }

  /// A tridiagonal system by elimination with partial pivoting between neighbouring rows (the
  /// not-a-knot rows are not diagonally dominant), which fills one more upper diagonal.
  static func solveTridiagonal(_ lower: [Double], _ diag: [Double], _ upper: [Double], _ b: [Double]) -> [Double] {
    let n = b.count
    var d = diag
    var u = upper
    var u2 = [Double](repeating: 0, count: n)
    var l = lower
    var r = b
    for k in 0..<(n - 1) {
      // Rows k and k+1 hold column k at d[k] and l[k+1].
      if abs(l[k + 1]) > abs(d[k]) {
        swap(&d[k], &l[k + 1])
        // Row k: (d[k], u[k], u2[k]); row k+1: (l[k+1], d[k+1], u[k+1]).
        let (a1, a2) = (u[k], u2[k])
        u[k] = d[k + 1]
        u2[k] = k + 2 < n ? u[k + 1] : 0
        d[k + 1] = a1
        if k + 2 < n { u[k + 1] = a2 }
        r.swapAt(k, k + 1)
      }
      guard d[k] != 0 else { continue }
      let f = l[k + 1] / d[k]
      d[k + 1] -= f * u[k]
      if k + 2 < n { u[k + 1] -= f * u2[k] }
      r[k + 1] -= f * r[k]
      l[k + 1] = 0
    }
    var x = [Double](repeating: 0, count: n)
    for k in stride(from: n - 1, through: 0, by: -1) {
      var v = r[k]
      if k + 1 < n { v -= u[k] * x[k + 1] }
      if k + 2 < n { v -= u2[k] * x[k + 2] }
      x[k] = v / d[k]
    }
    return x
  }

  static let cubicSplinePredict = Builtin(
    "cubicSplinePredict", args: 2...2, parameterNames: ["model", "X"]
  ) { a throws(ScriptError) in
    let name = "cubicSplinePredict"
    guard case .dictionary(let d) = a[0] else { throw ScriptError(RuntimeMessages.needsModel(name, "cubicSpline")) }
    let xs = try member(d, "x", name, "cubicSpline")
    let c = try member(d, "c", name, "cubicSpline")
    guard xs.count >= 2, c.count == 4 * (xs.count - 1) else {
      throw ScriptError(RuntimeMessages.needsModel(name, "cubicSpline"))
    }
    let ts = try Polynomials.numbers(a[1], "X", name)
    let ys = ts.map { t -> Double in
      guard !t.isNaN else { return .nan }
      let i = segment(xs, t)
      let h = t - xs[i]
      return ((c[4 * i] * h + c[4 * i + 1]) * h + c[4 * i + 2]) * h + c[4 * i + 3]
    }
    return shaped(a[1], ys)
  }

  static let cubicSpline = Builtin("cubicSpline", args: 2...3, parameterNames: ["x", "y", "bc_type"]) {
    a throws(ScriptError) in
    let name = "cubicSpline"
    let (xs, ys) = try points(a, name, least: 3)
    for i in 1..<xs.count where !(xs[i - 1] < xs[i]) {
      throw ScriptError(RuntimeMessages.needsIncreasing(name, strictly: true))
    }
    var start = Boundary.notAKnot
    var end = Boundary.notAKnot
    if a.has(2) {
      if let s = a[2].stringValue {
        start = try Boundary.parse(s)
        end = start
      } else {
        let v = try a.vector(2, "bc_type of 'cubicSpline'")
        guard v.type == .string || v.type == .symbol, (1...2).contains(v.count) else {
          throw ScriptError(RuntimeMessages.mustBeString("bc_type of 'cubicSpline'", got: a[2].typeString))
        }
        let texts = (0..<v.count).map { v[$0].stringValue ?? "" }
        start = try Boundary.parse(texts[0])
        end = try Boundary.parse(texts[texts.count - 1])
      }
    }
    var d = DictionaryValue(keyType: .string, valueType: .any)
    try d.set(.string("modelName"), .string("cubicSpline"))
    try d.set(.string("x"), .vector(Vector(doubles: xs)))
    try d.set(.string("c"), .vector(Vector(doubles: spline(xs, ys, start, end))))
    try d.set(.string("predict"), .function(FunctionValue(.builtin(cubicSplinePredict))))
    return .dictionary(d)
  }

  // MARK: kroghInterpolate

  /// The Newton coefficients of the Krogh interpolant; repeated X take the following Y as
  /// derivatives.
  static func kroghCoefficients(_ x: [Double], _ y: [Double]) throws(ScriptError) -> [Double] {
    let n = x.count
    var c = [Double](repeating: 0, count: n + 1)
    c[0] = y[0]
    // Kept across k on purpose: a repeated point reuses the previous point's table.
    var v = [Double](repeating: 0, count: n)
    for k in 1..<n {
      var s = 0
      while s <= k && x[k - s] == x[k] { s += 1 }
      s -= 1
      var factorial = 1.0
      if s > 1 { for j in 2...s { factorial *= Double(j) } }
      v[0] = y[k] / factorial
      for i in 0..<(k - s) {
        if s == 0 {
          v[i + 1] = (c[i] - v[i]) / (x[i] - x[k])
        } else {
          v[i + 1] = (v[i + 1] - v[i]) / (x[i] - x[k])
        }
      }
      c[k] = v[k - s]
    }
    return c
  }

  /// The der-th derivative of the Krogh interpolant at t.
  static func kroghEvaluate(_ x: [Double], _ c: [Double], _ t: Double, der: Int) -> Double {
    let n = x.count
    if der >= n { return 0 }
    var pi = [Double](repeating: 0, count: n)
    var w = [Double](repeating: 0, count: n)
    pi[0] = 1
    var p = c[0]
    for k in 1..<n {
      w[k - 1] = t - x[k - 1]
      pi[k] = w[k - 1] * pi[k - 1]
      p += pi[k] * c[k]
    }
    if der == 0 { return p }
    var cn = Array(c.prefix(n + 1))
    cn[0] = p
    var factorial = 1.0
    for k in 1..<n {
      var i = 1
      while i <= n - k {
        pi[i] = w[k + i - 1] * pi[i - 1] + pi[i]
        cn[k] += pi[i] * cn[k + i]
        i += 1
      }
      factorial *= Double(k)
      cn[k] *= factorial
      if k == der { return cn[k] }
    }
    return 0
  }

  static let kroghInterpolate = Builtin(
    "kroghInterpolate", args: 3...4, parameterNames: ["X", "Y", "newX", "der"]
  ) { a throws(ScriptError) in
    let name = "kroghInterpolate"
    let (xs, ys) = try points(a, name, least: 1)
    guard xs.count <= maxPolynomialPoints else {
      throw ScriptError(RuntimeMessages.tooMany(name, "points", xs.count, maxPolynomialPoints))
    }
    for i in xs.indices.dropFirst() where xs[i - 1] > xs[i] {
      throw ScriptError(RuntimeMessages.needsIncreasing(name, strictly: false))
    }
    let ts = try Polynomials.numbers(a[2], "newX", name)
    guard !ts.contains(where: \.isNaN) else { throw ScriptError(RuntimeMessages.needsNoNulls(name)) }
    let der = a.has(3) ? try a.integer(3, "der of 'kroghInterpolate'") : 0
    guard der >= 0 else {
      throw ScriptError(RuntimeMessages.mustBeNonNegative("der of 'kroghInterpolate'", String(der)))
    }
    let c = try kroghCoefficients(xs, ys)
    var out: [Double] = []
    out.reserveCapacity(ts.count)
    for t in ts {
      if a.machine.isInterrupted { throw Machine.interrupted() }
      out.append(kroghEvaluate(xs, c, t, der: der))
    }
    return .vector(Vector(doubles: out))
  }

  static let all: [Builtin] = [linearInterpolateFit, cubicSpline, cubicSplinePredict, kroghInterpolate]
}
