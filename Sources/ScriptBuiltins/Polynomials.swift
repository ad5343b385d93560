import ScriptRuntime

/// `polyFit(X, Y, n, [mode])`: the least-squares polynomial of degree n through the points,
/// coefficients in ascending powers, solved as numpy's polyfit solves it (columns scaled to
/// unit norm, singular values below len(X) * eps of the largest dropped, so a degree too high
/// for the points gives the least-norm answer); `polyPredict(model, X)` and its alias `poly1d`
/// evaluate such coefficients.
enum Polynomials {
  /// Coefficients `polyFit` fits at most: each is a column of the design matrix.
  static let maxCoefficients = LinearDecompositions.maxOrder

  /// A numeric vector argument as doubles; nulls refused unless `nulls`.
  static func numbers(_ v: Value, _ what: String, _ function: String) throws(ScriptError) -> [Double] {
    let vec: Vector
    switch v {
    case .vector(let x) where !x.isArrayVector: vec = x
    default:
      guard v.isScalar, let x = Structural.asVector(v) else {
        throw ScriptError(RuntimeMessages.cannotTake(function, v.typeString))
      }
      vec = x
    }
    guard vec.type.isNumeric || vec.type == .bool else {
      throw ScriptError(RuntimeMessages.cannotTake(function, "\(what) of type \(vec.typeName)"))
    }
    return vec.doubles
  }

  /// The least-norm least-squares solution of A c = y, numpy's polyfit way: columns scaled to
  /// unit norm, singular values below len(y) * eps of the largest dropped.
  static func leastSquares(_ a: LinearDecompositions.Dense, _ y: [Double], _ machine: Machine) throws(ScriptError)
    -> [Double]
  {
    let (m, n) = (a.rows, a.columns)
    var scaled = a
    var scale = [Double](repeating: 1, count: n)
    for j in 0..<n {
      var norm = 0.0
      for i in 0..<m { norm = Math.hypot(norm, a[i, j]) }
      if norm > 0 {
        scale[j] = norm
        for i in 0..<m { scaled[i, j] /= norm }
      }
    }
    let c = try leastNormSolution(scaled, y, rcond: Double(m) * Double.ulpOfOne, machine)
    return zip(c, scale).map { $0 / $1 }
  }

  /// The least-norm least-squares solution of A c = y through the SVD (LAPACK's gelsd),
  /// singular values up to `rcond` times the largest counting as zero.
  static func leastNormSolution(
    _ a: LinearDecompositions.Dense, _ y: [Double], rcond: Double, _ machine: Machine
  ) throws(ScriptError) -> [Double] {
    let (m, n) = (a.rows, a.columns)
    // Many points: reduce to the small triangle R first (A = QR keeps the singular values).
    var system = a
    var rhs = y
    if m > n {
      let qr = LinearDecompositions.Householder(a, pivoting: false)
      for j in 0..<n where qr.tau[j] != 0 {
        var w = rhs[j]
        for i in (j + 1)..<m { w += qr.h[i, j] * rhs[i] }
        w *= qr.tau[j]
        rhs[j] -= w
        for i in (j + 1)..<m { rhs[i] -= w * qr.h[i, j] }
      }
      system = qr.r(rows: n)
      rhs = Array(rhs[0..<n])
    }
    let f = try LinearDecompositions.svd(system, full: false, machine)
    let cutoff = rcond * (f.s.first ?? 0)
    var c = [Double](repeating: 0, count: n)
    for k in f.s.indices where f.s[k] > cutoff {
      var uy = 0.0
      for i in 0..<f.u.rows { uy += f.u[i, k] * rhs[i] }
      let w = uy / f.s[k]
      for j in 0..<n { c[j] += w * f.vt[k, j] }
    }
    return c
  }

  /// Horner's rule over ascending coefficients.
  static func evaluate(_ z: [Double], _ x: Double) -> Double {
    var r = 0.0
    for c in z.reversed() { r = r * x + c }
    return r
  }

  static let predict: @Sendable (inout CallArguments) throws(ScriptError) -> Value = { a throws(ScriptError) in
    var model = a[0]
    if case .dictionary(let d) = model, let z = d[.string("z")] { model = z }
    let z = try numbers(model, "the model", "polyPredict")
    guard !z.isEmpty else { throw ScriptError(RuntimeMessages.cannotTake("polyPredict", "an empty model")) }
    guard !z.contains(where: \.isNaN) else { throw ScriptError(RuntimeMessages.needsNoNulls("polyPredict")) }
    let xs = try numbers(a[1], "X", "polyPredict")
    let ys = xs.map { $0.isNaN ? Double.nan : evaluate(z, $0) }
    if a[1].isScalar { return .double(ys[0]) }
    return .vector(Vector(doubles: ys))
  }

  static let polyPredict = Builtin("polyPredict", args: 2...2, parameterNames: ["model", "X"], predict)

  static let all: [Builtin] = [
    Builtin("polyFit", args: 3...4, parameterNames: ["X", "Y", "n", "mode"]) { a throws(ScriptError) in
      let xs = try numbers(a[0], "X", "polyFit")
      let ys = try numbers(a[1], "Y", "polyFit")
      guard xs.count == ys.count else {
        throw ScriptError(RuntimeMessages.incompatibleSizes("polyFit", xs.count, ys.count))
      }
      guard !xs.isEmpty else { throw ScriptError(RuntimeMessages.cannotTake("polyFit", "empty vectors")) }
      guard !xs.contains(where: \.isNaN), !ys.contains(where: \.isNaN) else {
        throw ScriptError(RuntimeMessages.needsNoNulls("polyFit"))
      }
      let degree = try a.integer(2, "the degree n of 'polyFit'")
      guard degree >= 0, degree < maxCoefficients else {
        throw ScriptError(
          RuntimeMessages.mustBeOneOf("the degree n of 'polyFit'", ["0 to \(maxCoefficients - 1)"], got: String(degree))
        )
      }
      let n = degree + 1
      let (cells, overflow) = xs.count.multipliedReportingOverflow(by: n)
      guard !overflow, cells <= Matrix.maxCells else {
        throw ScriptError(RuntimeMessages.matrixTooLarge(xs.count, n, limit: Matrix.maxCells))
      }
      // The design matrix: a column per power, ascending.
      var design = LinearDecompositions.Dense(rows: xs.count, columns: n)
      for i in xs.indices {
        var p = 1.0
        for j in 0..<n {
          design[i, j] = p
          p *= xs[i]
        }
      }
      guard design.cells.allSatisfy(\.isFinite) else {
        throw ScriptError(RuntimeMessages.cannotTake("polyFit", "powers of X beyond the range of DOUBLE"))
      }
      let z = try leastSquares(design, ys, a.machine)
      guard a.has(3), a[3].isTruthy else { return .vector(Vector(doubles: z)) }
      var d = DictionaryValue(keyType: .string, valueType: .any)
      try d.set(.string("modelName"), .string("polyFit"))
      try d.set(.string("z"), .vector(Vector(doubles: z)))
      try d.set(.string("predict"), .function(FunctionValue(.builtin(polyPredict))))
      return .dictionary(d)
    },
    polyPredict,
    Builtin("poly1d", args: 2...2, parameterNames: ["z", "x"], predict),
  ]
}
