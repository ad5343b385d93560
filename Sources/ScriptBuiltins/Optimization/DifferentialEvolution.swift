import ScriptRuntime

/// `differentialEvolution(func, bounds, [X0], [maxIter], [popSize], [mutation],
/// [recombination], [tol], [atol], [polish], [seed])`: scipy's differential evolution
/// (best1bin, Latin hypercube start, dithered mutation, immediate updating) and its L-BFGS-B
/// polish. The draws are numpy's legacy RandomState, so a seed gives scipy's very run.
enum DifferentialEvolution {
  /// The most population cells (members times variables) and variables taken.
  static let maxPopulationCells = 10_000_000
  static let maxVariables = 10_000

  struct Options {
    var maxIter = 1000
    var popSize = 15
    /// A (min, max) range to draw each generation's mutation from, or one fixed value.
    var mutation: (Double, Double)? = (0.5, 1)
    var fixedMutation = 0.5
    var recombination = 0.7
    var tol = 0.01
    var atol = 0.0
    var polish = true
    var x0: [Double]?
  }

  struct Result {
    var x: [Double]
    var f: Double
    var iterations: Int
    var calls: Int
    var converged: Bool
  }

  /// numpy's pairwise summation, so means and deviations round as numpy's do.
  static func pairwiseSum(_ a: [Double], _ from: Int, _ count: Int) -> Double {
    if count < 8 {
      var r = 0.0
      for i in from..<(from + count) { r += a[i] }
      return r
    }
    if count <= 128 {
      var r = Array(a[from..<(from + 8)])
      var i = 8
      while i < count - count % 8 {
        for j in 0..<8 { r[j] += a[from + i + j] }
        i += 8
      }
      var res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
      while i < count {
        res += a[from + i]
        i += 1
      }
      return res
    }
    var half = count / 2
    half -= half % 8
    return pairwiseSum(a, from, half) + pairwiseSum(a, from + half, count - half)
  }

  static func solve(
    _ machine: Machine, _ name: String, _ function: @escaping ScriptObjective.Function, lower: [Double],
    upper: [Double], _ options: Options, _ rng: inout LegacyRandomState
  ) throws(ScriptError) -> Result {
    let n = lower.count
    let center = (0..<n).map { 0.5 * (lower[$0] + upper[$0]) }
    let width = (0..<n).map { abs(lower[$0] - upper[$0]) }
    let fixedCount = (0..<n).filter { lower[$0] == upper[$0] }.count
    let (product, overflow) = options.popSize.multipliedReportingOverflow(by: max(1, n - fixedCount))
    let members = overflow ? Int.max : max(5, product)
    let (cells, cellOverflow) = members.multipliedReportingOverflow(by: n)
    guard !cellOverflow, cells <= maxPopulationCells else {
      throw ScriptError(
        RuntimeMessages.tooMany(name, "population cells (popSize x variables)", cells, maxPopulationCells))
    }
    func scaled(_ trial: [Double]) -> [Double] { (0..<n).map { center[$0] + (trial[$0] - 0.5) * width[$0] } }
    // Latin hypercube: one member in each of `members` strata per variable, shuffled per column.
    let segment = 1.0 / Double(members)
    var samples = [[Double]](repeating: [Double](repeating: 0, count: n), count: members)
    for i in 0..<members {
      for j in 0..<n { samples[i][j] = segment * rng.nextDouble() + Double(i) * segment }
    }
    var population = samples
    for j in 0..<n {
      var order = Array(0..<members)
      rng.shuffle(&order)
      for i in 0..<members { population[i][j] = samples[order[i]][j] }
    }
    if let x0 = options.x0 {
      var start = [Double](repeating: 0, count: n)
      for j in 0..<n {
        let reciprocal = 1 / width[j]
        start[j] = (x0[j] - center[j]) * (reciprocal.isFinite ? reciprocal : 0) + 0.5
        guard start[j] >= 0, start[j] <= 1 else { throw ScriptError(RuntimeMessages.startOutsideBounds(name)) }
      }
      population[0] = start
    }
    var energies = [Double](repeating: .infinity, count: members)
    var calls = 0
    var index = Array(0..<members)
    func promoteLowest() {
      // numpy's argmin: the first NaN, else the first least.
      var best = 0
      for i in 1..<members {
        if energies[best].isNaN { break }
        if energies[i].isNaN || energies[i] < energies[best] { best = i }
      }
      energies.swapAt(0, best)
      population.swapAt(0, best)
    }
    func converged() -> Bool {
      guard !energies.contains(where: { $0.isInfinite }) else { return false }
      let mean = pairwiseSum(energies, 0, members) / Double(members)
      let squares = energies.map { ($0 - mean) * ($0 - mean) }
      let deviation = (pairwiseSum(squares, 0, members) / Double(members)).squareRoot()
      return deviation <= options.atol + options.tol * abs(mean)
    }
    for i in 0..<members {
      energies[i] = try function(scaled(population[i]))
      calls += 1
    }
    promoteLowest()
    var scale = options.fixedMutation
    var nit = 0
    var finished = false
    for generation in 1...max(options.maxIter, 1) where options.maxIter > 0 {
      nit = generation
      if machine.isInterrupted { throw Machine.interrupted() }
      if let (lo, hi) = options.mutation { scale = rng.uniform(lo, hi) }
      for candidate in 0..<members {
        let fill = rng.integer(below: n)
        rng.shuffle(&index)
        let picks = index.prefix(6).filter { $0 != candidate }
        let (r0, r1) = (picks[0], picks[1])
        var trial = population[candidate]
        let best = population[0]
        for j in 0..<n {
          let cross = rng.nextDouble() < options.recombination
          if cross || j == fill { trial[j] = best[j] + scale * (population[r0][j] - population[r1][j]) }
        }
        for j in 0..<n where trial[j] > 1 || trial[j] < 0 { trial[j] = rng.nextDouble() }
        let energy = try function(scaled(trial))
        calls += 1
        if energy <= energies[candidate] {
          population[candidate] = trial
          energies[candidate] = energy
          if energy <= energies[0] { promoteLowest() }
        }
      }
      if converged() {
        finished = true
        break
      }
    }
    var result = Result(
      x: scaled(population[0]), f: energies[0], iterations: nit, calls: calls, converged: finished)
    if options.polish {
      let free = (0..<n).filter { lower[$0] != upper[$0] }
      if free.isEmpty {
        // Every variable fixed: scipy evaluates once and keeps the better value.
        let f = try function(lower)
        result.calls += 1
        if f < result.f {
          result.f = f
          result.x = lower
        }
      } else {
        // Fixed variables are left out of the polish, as scipy's minimize leaves them out.
        let full = result.x
        let reduced: ScriptObjective.Function = { p throws(ScriptError) in
          var x = full
          for (k, j) in free.enumerated() { x[j] = p[k] }
          for j in 0..<n where lower[j] == upper[j] { x[j] = lower[j] }
          return try function(x)
        }
        let polished = try BoundedMinimization.minimize(
          machine, name, reduced, x0: free.map { full[$0] }, lower: free.map { lower[$0] },
          upper: free.map { upper[$0] })
        result.calls += polished.calls
        var x = full
        for (k, j) in free.enumerated() { x[j] = polished.x[k] }
        for j in 0..<n where lower[j] == upper[j] { x[j] = lower[j] }
        if polished.f < result.f && polished.warn == 0
          && (0..<n).allSatisfy({ x[$0] <= upper[$0] && lower[$0] <= x[$0] })
        {
          result.f = polished.f
          result.x = x
        }
      }
    }
    return result
  }

  /// The seed argument (masked to 32 bits, as numpy takes it), or one drawn from the session.
  static func generator(_ a: CallArguments, _ i: Int, _ what: String) throws(ScriptError) -> LegacyRandomState {
    if a.has(i) {
      let seed = try a.integer(i, what)
      return LegacyRandomState(seed: UInt32(truncatingIfNeeded: seed))
    }
    return LegacyRandomState(seed: UInt32(truncatingIfNeeded: a.machine.random.next()))
  }

  static let builtin = Builtin(
    "differentialEvolution", args: 2...11,
    parameterNames: [
      "func", "bounds", "X0", "maxIter", "popSize", "mutation", "recombination", "tol", "atol", "polish", "seed",
    ]
  ) { a throws(ScriptError) in
    let name = "differentialEvolution"
    let f = try a.function(0, "func of 'differentialEvolution'")
    guard case .object(let m as Matrix) = a[1], m.columnCount == 2, m.rowCount > 0 else {
      throw ScriptError(RuntimeMessages.boundsMatrix("bounds of 'differentialEvolution'", 0, a[1].typeString))
    }
    let n = m.rowCount
    guard n <= maxVariables else { throw ScriptError(RuntimeMessages.tooMany(name, "variables", n, maxVariables)) }
    let (lower, upper) = try BoundedMinimization.bounds(a[1], n, "bounds of 'differentialEvolution'")
    guard lower.allSatisfy(\.isFinite), upper.allSatisfy(\.isFinite) else {
      throw ScriptError(RuntimeMessages.boundsMustBeFinite("bounds of 'differentialEvolution'"))
    }
    var options = Options()
    if a.has(2) {
      let x0 = try Polynomials.numbers(a[2], "X0", name)
      guard x0.count == n else { throw ScriptError(OptimizationMessages.rightHandSide("X0", x0.count, n)) }
      guard x0.allSatisfy(\.isFinite) else { throw ScriptError(RuntimeMessages.needsNoNulls(name)) }
      options.x0 = x0
    }
    options.maxIter = try ScalarOptimization.count(a, 3, "maxIter of 'differentialEvolution'", fallback: 1000)
    if a.has(4) {
      let p = try a.integer(4, "popSize of 'differentialEvolution'")
      guard p > 0 else { throw ScriptError(RuntimeMessages.mustBePositive("popSize of 'differentialEvolution'", p)) }
      options.popSize = p
    }
    if a.has(5) {
      let what = "mutation of 'differentialEvolution'"
      // A pair (min, max), two numbers, or one fixed number.
      let v = Structural.asVector(a[5]).flatMap { $0.type.isNumeric ? $0.doubles : nil } ?? []
      guard (1...2).contains(v.count), v.allSatisfy({ $0.isFinite && $0 >= 0 && $0 < 2 }) else {
        throw ScriptError(RuntimeMessages.mutationRange(what, ValueFormatter.plain(a[5])))
      }
      if v.count == 2 {
        options.mutation = (min(v[0], v[1]), max(v[0], v[1]))
      } else {
        options.mutation = nil
        options.fixedMutation = v[0]
      }
    }
    if a.has(6) {
      guard let r = a[6].doubleValue, a[6].isScalar, r >= 0, r <= 1 else {
        throw ScriptError(
          RuntimeMessages.outOfUnitRange("recombination of 'differentialEvolution'", ValueFormatter.plain(a[6])))
      }
      options.recombination = r
    }
    options.tol = try ScalarOptimization.tolerance(a, 7, "tol of 'differentialEvolution'", fallback: 0.01)
    options.atol = try ScalarOptimization.tolerance(a, 8, "atol of 'differentialEvolution'", fallback: 0)
    options.polish = a.has(9) ? a[9].isTruthy : true
    var rng = try generator(a, 10, "seed of 'differentialEvolution'")
    let r = try solve(
      a.machine, name, ScriptObjective.script(a.machine, f, name), lower: lower, upper: upper, options, &rng)
    return try GradientMinimizers.result([
      ("xopt", .vector(Vector(doubles: r.x))), ("fopt", .double(r.f)), ("iterations", .int(r.iterations)),
      ("fcalls", .int(r.calls)), ("converged", .bool(r.converged)),
    ])
  }

  static let all: [Builtin] = [builtin]
}
