import ScriptRuntime

/// `piecewiseLinFit(X, Y, numSegments, [XC], [YC], [bounds], [lapackDriver], [degree],
/// [weights], [method], [maxIter], [initialGuess], [seed])`: a continuous piecewise
/// polynomial fit as the pwlf library makes it: for given breaks, least squares on the basis
/// 1, x - b0, max(x - b_i, 0), ... (and their powers up to `degree`; indicator steps for
/// degree 0), or, with forced points (XC, YC), the least squares constrained through them; the
/// breaks themselves found by differential evolution on the sum of squared residuals (pwlf's
/// settings: popsize 50, tol 1e-3, atol 1e-4, polished by L-BFGS-B), or from `initialGuess` by
/// Nelder–Mead ('nm'), BFGS ('bfgs') or L-BFGS-B ('lbfgs'; without a guess the start is drawn
/// within the bounds). `pwlfPredict(model, X, [beta], [breaks])` evaluates such a model.
enum PiecewiseLinearFit {
  static let maxPoints = 1_000_000
  static let maxParameters = 1000
  static let maxCells = 10_000_000

  /// The data and the shape of the fit.
  struct Fitter {
    let x: [Double]
    let y: [Double]
    let weights: [Double]?
    let degree: Int
    let forced: (x: [Double], y: [Double])?
    let machine: Machine

    /// The regression matrix at `at` for sorted breaks.
    func design(_ breaks: [Double], _ at: [Double]) -> LinearDecompositions.Dense {
      let segments = breaks.count - 1
      var columns: [[Double]] = [[Double](repeating: 1, count: at.count)]
      if degree >= 1 {
        columns.append(at.map { $0 - breaks[0] })
        for i in 1..<max(segments, 1) { columns.append(at.map { $0 > breaks[i] ? $0 - breaks[i] : 0 }) }
        if degree >= 2 {
          for k in 2...degree {
            func power(_ d: Double) -> Double { k == 2 ? d * d : Math.pow(d, Double(k)) }
            columns.append(at.map { power($0 - breaks[0]) })
            for i in 1..<max(segments, 1) { columns.append(at.map { $0 > breaks[i] ? power($0 - breaks[i]) : 0 }) }
          }
        }
      } else {
        for i in 1..<max(segments, 1) { columns.append(at.map { $0 > breaks[i] ? 1 : 0 }) }
      }
      var d = LinearDecompositions.Dense(rows: at.count, columns: 0)
      for c in columns { d.cells += c }
      d.columns = columns.count
      return d
    }

    func residualSquares(_ a: LinearDecompositions.Dense, _ beta: [Double], weighted: Bool) -> Double {
      var ssr = 0.0
      for i in 0..<a.rows {
        var e = -y[i]
        for j in 0..<a.columns { e += a[i, j] * beta[j] }
        if weighted, let weights { e *= weights[i] }
        ssr += e * e
      }
      return ssr
    }

    /// beta for sorted breaks, and what the breaks are judged by: the (weighted) sum of
    /// squared residuals, or with forced points pwlf's sum |C' zeta| + ssr; infinity when the
    /// system cannot be solved.
    func fit(_ breaks: [Double]) throws(ScriptError) -> (beta: [Double], score: Double) {
      let a = design(breaks, x)
      if let forced {
        let c = design(breaks, forced.x)
        let p = a.columns
        let o = forced.x.count
        let size = p + o
        var k = [Double](repeating: 0, count: size * size)
        var z = [Double](repeating: 0, count: size)
        for i in 0..<p {
          for j in 0..<p {
            var s = 0.0
            for r in 0..<a.rows { s += a[r, i] * a[r, j] }
            k[i * size + j] = 2 * s
          }
          var s = 0.0
          for r in 0..<a.rows { s += 2 * a[r, i] * y[r] }
          z[i] = s
        }
        for q in 0..<o {
          for j in 0..<p {
            k[(p + q) * size + j] = c[q, j]
            k[j * size + p + q] = c[q, j]
          }
          z[p + q] = forced.y[q]
        }
        guard let solution = QuadraticConstraints.solve(k, z, size) else { return ([], .infinity) }
        let beta = Array(solution[0..<p])
        var penalty = 0.0
        for j in 0..<p {
          var s = 0.0
          for q in 0..<o { s += c[q, j] * solution[p + q] }
          penalty += abs(s)
        }
        let score = penalty + residualSquares(a, beta, weighted: false)
        return (beta, score.isFinite ? score : .infinity)
      }
      var system = a
      var rhs = y
      if let weights {
        for j in 0..<a.columns { for i in 0..<a.rows { system[i, j] *= weights[i] } }
        rhs = zip(y, weights).map { $0 * $1 }
      }
      let beta = try Polynomials.leastNormSolution(system, rhs, rcond: Double.ulpOfOne, machine)
      let ssr = residualSquares(a, beta, weighted: weights != nil)
      return (beta, ssr.isFinite ? ssr : .infinity)
    }

    /// The breaks an optimizer's variables stand for: sorted, between the data's ends.
    func breaks(_ v: [Double]) -> [Double] { [x.min() ?? 0] + v.sorted() + [x.max() ?? 0] }
  }

  static let pwlfPredict = Builtin(
    "pwlfPredict", args: 2...4, parameterNames: ["model", "X", "beta", "breaks"]
  ) { a throws(ScriptError) in
    let name = "pwlfPredict"
    let model = "piecewiseLinFit"
    guard case .dictionary(let d) = a[0], let degree = d[.string("degree")]?.intValue, (0...11).contains(degree) else {
      throw ScriptError(RuntimeMessages.needsModel(name, model))
    }
    var beta = try Interpolation.member(d, "beta", name, model)
    var breaks = try Interpolation.member(d, "breaks", name, model)
    if a.has(2) { beta = try Polynomials.numbers(a[2], "beta", name) }
    if a.has(3) { breaks = try Polynomials.numbers(a[3], "breaks", name) }
    let xs = try Polynomials.numbers(a[1], "X", name)
    guard !xs.contains(where: \.isNaN), !beta.contains(where: \.isNaN), !breaks.contains(where: \.isNaN) else {
      throw ScriptError(RuntimeMessages.needsNoNulls(name))
    }
    guard breaks.count >= 2 else { throw ScriptError(RuntimeMessages.needsModel(name, model)) }
    let width = (breaks.count - 1) * max(Int(degree), 1) + 1
    guard width <= maxParameters, width * max(xs.count, 1) <= maxCells else {
      throw ScriptError(RuntimeMessages.tooMany(name, "points", xs.count, maxCells / min(width, maxParameters)))
    }
    let fitter = Fitter(x: [], y: [], weights: nil, degree: Int(degree), forced: nil, machine: a.machine)
    let m = fitter.design(breaks.sorted(), xs)
    guard beta.count == m.columns else {
      throw ScriptError(OptimizationMessages.rightHandSide("beta", beta.count, m.columns))
    }
    var out = [Double](repeating: 0, count: xs.count)
    for i in 0..<xs.count {
      var s = 0.0
      for j in 0..<m.columns { s += m[i, j] * beta[j] }
      out[i] = s
    }
    return .vector(Vector(doubles: out))
  }

  static func numbers(_ a: CallArguments, _ i: Int, _ what: String, _ name: String, count: Int? = nil)
    throws(ScriptError) -> [Double]
  {
    let v = try Polynomials.numbers(a[i], what, name)
    guard !v.contains(where: \.isNaN) else { throw ScriptError(RuntimeMessages.needsNoNulls(name)) }
    if let count, v.count != count { throw ScriptError(OptimizationMessages.rightHandSide(what, v.count, count)) }
    return v
  }

  static let builtin = Builtin(
    "piecewiseLinFit", args: 3...13,
    parameterNames: [
      "X", "Y", "numSegments", "XC", "YC", "bounds", "lapackDriver", "degree", "weights", "method", "maxIter",
      "initialGuess", "seed",
    ]
  ) { a throws(ScriptError) in
    let name = "piecewiseLinFit"
    let x = try numbers(a, 0, "X", name)
    let y = try numbers(a, 1, "Y", name, count: x.count)
    guard !x.isEmpty else { throw ScriptError(RuntimeMessages.fewerPoints(name, 1, 0)) }
    guard x.count <= maxPoints else { throw ScriptError(RuntimeMessages.tooMany(name, "points", x.count, maxPoints)) }
    let segments = try a.integer(2, "numSegments of 'piecewiseLinFit'")
    guard segments > 0 else {
      throw ScriptError(RuntimeMessages.mustBePositive("numSegments of 'piecewiseLinFit'", segments))
    }
    guard a.has(3) == a.has(4) else { throw ScriptError(RuntimeMessages.needsBoth(name, "XC", "YC")) }
    var forced: (x: [Double], y: [Double])?
    if a.has(3) {
      let xc = try numbers(a, 3, "XC", name)
      let yc = try numbers(a, 4, "YC", name, count: xc.count)
      let order = xc.indices.sorted { xc[$0] < xc[$1] }
      forced = (order.map { xc[$0] }, order.map { yc[$0] })
    }
    let driver = a.has(6) ? try a.text(6, "lapackDriver of 'piecewiseLinFit'") : "gelsd"
    guard ["gelsd", "gelsy", "gelss"].contains(driver) else {
      throw ScriptError(
        RuntimeMessages.mustBeOneOf(
          "lapackDriver of 'piecewiseLinFit'", ["'gelsd'", "'gelsy'", "'gelss'"], got: "'\(driver)'"))
    }
    let degree = a.has(7) ? try a.integer(7, "degree of 'piecewiseLinFit'") : 1
    guard (0...11).contains(degree) else {
      throw ScriptError(RuntimeMessages.mustBeOneOf("degree of 'piecewiseLinFit'", ["0 to 11"], got: String(degree)))
    }
    let (parameters, overflow) = segments.multipliedReportingOverflow(by: max(degree, 1))
    guard !overflow, parameters + 1 <= maxParameters, (parameters + 1) * x.count <= maxCells else {
      throw ScriptError(RuntimeMessages.tooMany(name, "segments", segments, maxParameters / max(degree, 1) - 1))
    }
    var weights: [Double]?
    if a.has(8) {
      weights = try numbers(a, 8, "weights", name, count: x.count)
      guard forced == nil else { throw ScriptError(RuntimeMessages.weightsWithForcedPoints(name)) }
    }
    let method = a.has(9) ? try a.text(9, "method of 'piecewiseLinFit'") : "de"
    guard ["nm", "bfgs", "lbfgs", "slsqp", "de"].contains(method) else {
      throw ScriptError(
        RuntimeMessages.mustBeOneOf(
          "method of 'piecewiseLinFit'", ["'nm'", "'bfgs'", "'lbfgs'", "'slsqp'", "'de'"], got: "'\(method)'"))
    }
    guard method != "slsqp" else { throw ScriptError(RuntimeMessages.methodNotSupported(name, method)) }
    let variables = segments - 1
    let lowEnd = x.min() ?? 0
    let highEnd = x.max() ?? 0
    var lower = [Double](repeating: lowEnd, count: variables)
    var upper = [Double](repeating: highEnd, count: variables)
    if a.has(5), variables > 0 {
      (lower, upper) = try BoundedMinimization.bounds(a[5], variables, "bounds of 'piecewiseLinFit'")
      guard lower.allSatisfy(\.isFinite), upper.allSatisfy(\.isFinite) else {
        throw ScriptError(RuntimeMessages.boundsMustBeFinite("bounds of 'piecewiseLinFit'"))
      }
    }
    let maxIter = a.has(10) ? try ScalarOptimization.count(a, 10, "maxIter of 'piecewiseLinFit'", fallback: 0) : nil
    let guess = a.has(11) ? try numbers(a, 11, "initialGuess", name, count: variables) : nil
    var rng = try DifferentialEvolution.generator(a, 12, "seed of 'piecewiseLinFit'")
    let machine = a.machine
    let fitter = Fitter(x: x, y: y, weights: weights, degree: degree, forced: forced, machine: machine)
    let objective: ScriptObjective.Function = { v throws(ScriptError) in
      if machine.isInterrupted { throw Machine.interrupted() }
      return try fitter.fit(fitter.breaks(v)).score
    }
    var found: [Double] = []
    if variables > 0 {
      switch method {
      case "de":
        var options = DifferentialEvolution.Options()
        options.maxIter = maxIter ?? 1000
        options.popSize = 50
        options.tol = 1e-3
        options.atol = 1e-4
        if let guess {
          guard (0..<variables).allSatisfy({ lower[$0] <= guess[$0] && guess[$0] <= upper[$0] }) else {
            throw ScriptError(RuntimeMessages.startOutsideBounds(name))
          }
          options.x0 = guess
        }
        found = try DifferentialEvolution.solve(a.machine, name, objective, lower: lower, upper: upper, options, &rng).x
      default:
        let start = guess ?? (0..<variables).map { lower[$0] + (upper[$0] - lower[$0]) * rng.nextDouble() }
        switch method {
        case "nm":
          var calls = 0
          let limit = maxIter ?? 200 * variables
          let r = try ScalarOptimization.nelderMead(
            { v throws(ScriptError) -> Double? in
              guard calls < 200 * variables || maxIter != nil else { return nil }
              calls += 1
              return try objective(v)
            }, start, xtol: 1e-4, ftol: 1e-4, maxIter: limit)
          found = r.x
        case "bfgs":
          let o = try ScriptObjective(a.machine, name, objective, x0: start, epsilon: Double.ulpOfOne.squareRoot())
          found = try GradientMinimizers.bfgs(
            o, start, gtol: 1e-5, order: .infinity, maxIter: maxIter ?? 200 * variables, xrtol: 0, c1: 1e-4, c2: 0.9
          ).x
        default:
          found = try BoundedMinimization.minimize(
            a.machine, name, objective, x0: start, lower: lower, upper: upper, factr: 1e2,
            maxIter: maxIter ?? 15000
          ).x
        }
      }
    }
    let breaks = fitter.breaks(found)
    let (beta, _) = try fitter.fit(breaks)
    guard !beta.isEmpty else { throw ScriptError(RuntimeMessages.cannotTake(name, "points it cannot fit through")) }
    var d = DictionaryValue(keyType: .string, valueType: .any)
    try d.set(.string("breaks"), .vector(Vector(doubles: breaks)))
    try d.set(.string("beta"), .vector(Vector(doubles: beta)))
    try d.set(.string("xData"), .vector(Vector(doubles: x)))
    try d.set(.string("yData"), .vector(Vector(doubles: y)))
    try d.set(.string("xC"), .vector(Vector(doubles: forced?.x ?? [])))
    try d.set(.string("yC"), .vector(Vector(doubles: forced?.y ?? [])))
    try d.set(.string("weights"), .vector(Vector(doubles: weights ?? [])))
    try d.set(.string("degree"), .int(degree))
    try d.set(.string("lapackDriver"), .string(driver))
    try d.set(.string("numParameters"), .int(beta.count))
    try d.set(.string("predict"), .function(FunctionValue(.builtin(pwlfPredict))))
    try d.set(.string("modelName"), .string("Piecewise Linear Regression"))
    return .dictionary(d)
  }

  static let all: [Builtin] = [builtin, pwlfPredict]
}
