import ScriptRuntime

/// `fminLBFGSB(func, X0, [fprime], [bounds], [m], [factr], [pgtol], [epsilon], [maxIter],
/// [maxFun], [maxLS])`: L-BFGS-B within per-variable bounds, driven as scipy's
/// `fmin_l_bfgs_b` drives it (the gradient by forward differences kept inside the bounds when
/// there is no `fprime`). The same driver polishes `differentialEvolution`'s answer and fits
/// `piecewiseLinFit`'s breaks from a guess.
enum BoundedMinimization {
  /// The most variables taken (each finite-difference gradient costs one call per variable).
  static let maxVariables = 100_000
  /// The most numbers the stored corrections may hold (m pairs of n-vectors).
  static let maxCorrectionCells = 10_000_000

  /// L-BFGS-B from x0 (clipped into the bounds; an infinite bound is none).
  static func minimize(
    _ machine: Machine, _ name: String, _ function: @escaping ScriptObjective.Function, gradient: FunctionValue? = nil,
    x0: [Double], lower: [Double], upper: [Double], m: Int = 10, factr: Double = 1e7, pgtol: Double = 1e-5,
    epsilon: Double = 1e-8, maxIter: Int = 15000, maxFun: Int = 15000, maxls: Int = 20
  ) throws(ScriptError) -> LBFGSB.Outcome {
    let n = x0.count
    var x = x0
    var kind = [Int](repeating: 0, count: n)
    var lo = [Double](repeating: 0, count: n)
    var hi = [Double](repeating: 0, count: n)
    for i in 0..<n {
      x[i] = min(max(x[i], lower[i]), upper[i])
      let hasLower = lower[i] > -.infinity
      let hasUpper = upper[i] < .infinity
      if hasLower { lo[i] = lower[i] }
      if hasUpper { hi[i] = upper[i] }
      kind[i] = hasLower ? (hasUpper ? 2 : 1) : (hasUpper ? 3 : 0)
    }
    let objective = try ScriptObjective(
      machine, name, function, gradient: gradient, x0: x, epsilon: epsilon, lower: lower, upper: upper)
    return try LBFGSB.minimize(
      x, lower: lo, upper: hi, kind: kind, m: m, factr: factr, pgtol: pgtol, maxls: maxls, maxIter: maxIter,
      maxFun: maxFun, machine: machine,
      evaluate: { p throws(ScriptError) in try objective.valueAndGradient(p) }, calls: { objective.functionCalls })
  }

  /// An n x 2 matrix of (min, max) rows; null or infinite: no bound.
  static func bounds(_ v: Value, _ n: Int, _ what: String) throws(ScriptError) -> ([Double], [Double]) {
    guard case .object(let m as Matrix) = v, m.rowCount == n, m.columnCount == 2,
      m.dataType.isNumeric || m.dataType == .bool
    else { throw ScriptError(RuntimeMessages.boundsMatrix(what, n, v.typeString)) }
    let lower = m.columns[0].doubles.map { $0.isNaN ? -Double.infinity : $0 }
    let upper = m.columns[1].doubles.map { $0.isNaN ? Double.infinity : $0 }
    for i in 0..<n where lower[i] > upper[i] {
      throw ScriptError(RuntimeMessages.boundsCrossed(what, i, lower[i], upper[i]))
    }
    return (lower, upper)
  }

  static let fminLBFGSB = Builtin(
    "fminLBFGSB", args: 2...11,
    parameterNames: ["func", "X0", "fprime", "bounds", "m", "factr", "pgtol", "epsilon", "maxIter", "maxFun", "maxLS"]
  ) { a throws(ScriptError) in
    let name = "fminLBFGSB"
    let f = try a.function(0, "func of 'fminLBFGSB'")
    let x0 = try Polynomials.numbers(a[1], "X0", name)
    guard !x0.isEmpty else { throw ScriptError(RuntimeMessages.cannotTake(name, "an empty X0")) }
    guard x0.count <= maxVariables else {
      throw ScriptError(RuntimeMessages.tooMany(name, "variables", x0.count, maxVariables))
    }
    guard !x0.contains(where: { !$0.isFinite }) else { throw ScriptError(RuntimeMessages.needsNoNulls(name)) }
    let n = x0.count
    let fprime = a.has(2) ? try a.function(2, "fprime of 'fminLBFGSB'") : nil
    var lower = [Double](repeating: -.infinity, count: n)
    var upper = [Double](repeating: .infinity, count: n)
    if a.has(3) { (lower, upper) = try bounds(a[3], n, "bounds of 'fminLBFGSB'") }
    let m = a.has(4) ? try a.integer(4, "m of 'fminLBFGSB'") : 10
    guard m > 0 else { throw ScriptError(RuntimeMessages.mustBePositive("m of 'fminLBFGSB'", m)) }
    let (cells, overflow) = m.multipliedReportingOverflow(by: n)
    guard !overflow, cells <= maxCorrectionCells, m <= 1000 else {
      throw ScriptError(RuntimeMessages.tooMany(name, "corrections (m)", m, min(1000, maxCorrectionCells / n)))
    }
    let factr = try ScalarOptimization.tolerance(a, 5, "factr of 'fminLBFGSB'", fallback: 1e7)
    let pgtol = try ScalarOptimization.tolerance(a, 6, "pgtol of 'fminLBFGSB'", fallback: 1e-5)
    let epsilon = try GradientMinimizers.positive(a, 7, "epsilon of 'fminLBFGSB'", fallback: 1e-8)
    let maxIter = try ScalarOptimization.count(a, 8, "maxIter of 'fminLBFGSB'", fallback: 15000)
    let maxFun = try ScalarOptimization.count(a, 9, "maxFun of 'fminLBFGSB'", fallback: 15000)
    let maxls = a.has(10) ? try a.integer(10, "maxLS of 'fminLBFGSB'") : 20
    guard maxls > 0 else { throw ScriptError(RuntimeMessages.mustBePositive("maxLS of 'fminLBFGSB'", maxls)) }
    let r = try minimize(
      a.machine, name, ScriptObjective.script(a.machine, f, name), gradient: fprime, x0: x0, lower: lower,
      upper: upper, m: m, factr: factr, pgtol: pgtol, epsilon: epsilon, maxIter: maxIter, maxFun: maxFun,
      maxls: maxls)
    return try GradientMinimizers.result([
      ("xopt", .vector(Vector(doubles: r.x))), ("fopt", .double(r.f)), ("gopt", .vector(Vector(doubles: r.g))),
      ("iterations", .int(r.iterations)), ("fcalls", .int(r.calls)), ("warnFlag", .int(r.warn)),
    ])
  }

  static let all: [Builtin] = [fminLBFGSB]
}
