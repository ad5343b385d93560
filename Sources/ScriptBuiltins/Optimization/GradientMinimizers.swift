import ScriptRuntime

/// Minimizers that follow the gradient, as scipy.optimize writes them: `fminBFGS` (BFGS with
/// an inverse-Hessian estimate; the gradient by forward differences when no `fprime`) and
/// `fminNCG` (Newton steps found by conjugate gradients on the script's Hessian). Both take
/// their steps by scipy's Wolfe line searches, so iterations and call counts are scipy's.
enum GradientMinimizers {
  /// The most variables taken: BFGS keeps an n x n matrix, Newton-CG asks for one.
  static let maxVariables = ScalarOptimization.maxVariables

  /// X0 as doubles: a number or a numeric vector, not empty, without nulls.
  static func start(_ a: CallArguments, _ name: String) throws(ScriptError) -> [Double] {
    let x0 = try Polynomials.numbers(a[1], "X0", name)
    guard !x0.isEmpty else { throw ScriptError(RuntimeMessages.cannotTake(name, "an empty X0")) }
    guard x0.count <= maxVariables else {
      throw ScriptError(RuntimeMessages.tooMany(name, "variables", x0.count, maxVariables))
    }
    guard !x0.contains(where: { !$0.isFinite }) else { throw ScriptError(RuntimeMessages.needsNoNulls(name)) }
    return x0
  }

  /// A positive number argument, or `fallback`.
  static func positive(_ a: CallArguments, _ i: Int, _ what: String, fallback: Double) throws(ScriptError) -> Double {
    guard a.has(i) else { return fallback }
    guard a[i].isScalar, let v = a[i].doubleValue, v > 0 else {
      throw ScriptError(RuntimeMessages.mustBePositiveNumber(what, ValueFormatter.plain(a[i])))
    }
    return v
  }

  /// The Wolfe constants c1 and c2 at `i` and `i + 1`, with 0 < c1 < c2 < 1.
  static func wolfeConstants(_ a: CallArguments, _ i: Int, _ name: String) throws(ScriptError) -> (Double, Double) {
    let c1 = a.has(i) ? a[i].doubleValue ?? .nan : 1e-4
    let c2 = a.has(i + 1) ? a[i + 1].doubleValue ?? .nan : 0.9
    guard 0 < c1, c1 < c2, c2 < 1 else { throw ScriptError(RuntimeMessages.wolfeConstants(name, c1, c2)) }
    return (c1, c2)
  }

  /// numpy's vector norm of order `order` (infinity: the largest magnitude).
  static func norm(_ v: [Double], _ order: Double) -> Double {
    if order == .infinity { return v.reduce(0) { $0.isNaN || $1.isNaN ? .nan : max($0, abs($1)) } }
    if order == 2 { return WolfeLineSearch.dot(v, v).squareRoot() }
    var s = 0.0
    for x in v { s += Math.pow(abs(x), order) }
    return Math.pow(s, 1 / order)
  }

  static func result(_ entries: [(String, Value)]) throws(ScriptError) -> Value {
    var d = DictionaryValue(keyType: .string, valueType: .any)
    for (k, v) in entries { try d.set(.string(k), v) }
    return .dictionary(d)
  }

  // MARK: fminBFGS

  struct BFGSResult {
    var x: [Double]
    var f: Double
    var g: [Double]
    var h: LinearDecompositions.Dense
    var iterations: Int
    var warn: Int
  }

  /// scipy's BFGS from x0 (`_minimize_bfgs`).
  static func bfgs(
    _ objective: ScriptObjective, _ x0: [Double], gtol: Double, order: Double, maxIter: Int, xrtol: Double,
    c1: Double, c2: Double
  ) throws(ScriptError) -> BFGSResult {
    let n = x0.count
    var oldValue = try objective.value(x0)
    var gfk = try objective.gradient(x0)
    var h = LinearDecompositions.Dense.identity(n)
    var olderValue = oldValue + WolfeLineSearch.dot(gfk, gfk).squareRoot() / 2
    var xk = x0
    var k = 0
    var warn = 0
    var gnorm = norm(gfk, order)
    while gnorm > gtol && k < maxIter {
      if objective.machine.isInterrupted { throw Machine.interrupted() }
      var pk = [Double](repeating: 0, count: n)
      for i in 0..<n {
        var s = 0.0
        for j in 0..<n { s += h[i, j] * gfk[j] }
        pk[i] = -s
      }
      guard
        let step = try WolfeLineSearch.search(
          objective, xk, pk, gfk, oldValue, olderValue, c1: c1, c2: c2, amin: 1e-100, amax: 1e100)
      else {
        warn = 2
        break
      }
      (oldValue, olderValue) = (step.value, step.startValue)
      let sk = pk.map { step.alpha * $0 }
      xk = zip(xk, sk).map { $0 + $1 }
      var next = step.gradient ?? []
      if step.gradient == nil { next = try objective.gradient(xk) }
      let yk = zip(next, gfk).map { $0 - $1 }
      gfk = next
      k += 1
      gnorm = norm(gfk, order)
      if gnorm <= gtol { break }
      if step.alpha * norm(pk, 2) <= xrtol * (xrtol + norm(xk, 2)) { break }
      if !oldValue.isFinite {
        warn = 2
        break
      }
      let product = WolfeLineSearch.dot(yk, sk)
      let rho = product == 0 ? 1000.0 : 1 / product
      if n > 64 {
        // H <- (I - rho s y') H (I - rho y s') + rho s s', in n² steps for large n.
        var hy = [Double](repeating: 0, count: n)
        var yh = [Double](repeating: 0, count: n)
        for i in 0..<n {
          for j in 0..<n {
            hy[i] += h[i, j] * yk[j]
            yh[j] += yk[i] * h[i, j]
          }
        }
        let yhy = WolfeLineSearch.dot(yk, hy)
        for j in 0..<n {
          for i in 0..<n {
            h[i, j] += -rho * sk[i] * yh[j] - rho * hy[i] * sk[j] + (rho * rho * yhy + rho) * sk[i] * sk[j]
          }
        }
        continue
      }
      // The same, formed as scipy forms it (the products' rounding steers later steps).
      var a1 = LinearDecompositions.Dense.identity(n)
      var a2 = LinearDecompositions.Dense.identity(n)
      for j in 0..<n {
        for i in 0..<n {
          a1[i, j] -= sk[i] * yk[j] * rho
          a2[i, j] -= yk[i] * sk[j] * rho
        }
      }
      var ha2 = LinearDecompositions.Dense(rows: n, columns: n)
      for j in 0..<n {
        for i in 0..<n {
          var s = 0.0
          for q in 0..<n { s += h[i, q] * a2[q, j] }
          ha2[i, j] = s
        }
      }
      for j in 0..<n {
        for i in 0..<n {
          var s = 0.0
          for q in 0..<n { s += a1[i, q] * ha2[q, j] }
          h[i, j] = s + rho * sk[i] * sk[j]
        }
      }
    }
    if warn != 2 {
      if k >= maxIter {
        warn = 1
      } else if gnorm.isNaN || oldValue.isNaN || xk.contains(where: \.isNaN) {
        warn = 3
      }
    }
    return BFGSResult(x: xk, f: oldValue, g: gfk, h: h, iterations: k, warn: warn)
  }

  static let fminBFGS = Builtin(
    "fminBFGS", args: 2...10,
    parameterNames: ["func", "X0", "fprime", "gtol", "norm", "epsilon", "maxIter", "xrtol", "c1", "c2"]
  ) { a throws(ScriptError) in
    let name = "fminBFGS"
    let f = try a.function(0, "func of 'fminBFGS'")
    let x0 = try start(a, name)
    let fprime = a.has(2) ? try a.function(2, "fprime of 'fminBFGS'") : nil
    let gtol = try positive(a, 3, "gtol of 'fminBFGS'", fallback: 1e-5)
    let order = try positive(a, 4, "norm of 'fminBFGS'", fallback: .infinity)
    let epsilon = try positive(a, 5, "epsilon of 'fminBFGS'", fallback: Double.ulpOfOne.squareRoot())
    let n = x0.count
    let maxIter = try ScalarOptimization.count(a, 6, "maxIter of 'fminBFGS'", fallback: 200 * n)
    let xrtol = try ScalarOptimization.tolerance(a, 7, "xrtol of 'fminBFGS'", fallback: 0)
    let (c1, c2) = try wolfeConstants(a, 8, name)
    let objective = try ScriptObjective(
      a.machine, name, ScriptObjective.script(a.machine, f, name), gradient: fprime, x0: x0, epsilon: epsilon)
    let r = try bfgs(objective, x0, gtol: gtol, order: order, maxIter: maxIter, xrtol: xrtol, c1: c1, c2: c2)
    return try result([
      ("xopt", .vector(Vector(doubles: r.x))), ("fopt", .double(r.f)), ("gopt", .vector(Vector(doubles: r.g))),
      ("Hinv", try r.h.value), ("iterations", .int(r.iterations)), ("fcalls", .int(objective.functionCalls)),
      ("gcalls", .int(objective.gradientCalls)), ("warnFlag", .int(r.warn)),
    ])
  }

  // MARK: fminNCG

  static let fminNCG = Builtin(
    "fminNCG", args: 4...8, parameterNames: ["func", "X0", "fprime", "fhess", "xtol", "maxIter", "c1", "c2"]
  ) { a throws(ScriptError) in
    let name = "fminNCG"
    let f = try a.function(0, "func of 'fminNCG'")
    let x0 = try start(a, name)
    let fprime = try a.function(2, "fprime of 'fminNCG'")
    let fhess = try a.function(3, "fhess of 'fminNCG'")
    let avextol = try positive(a, 4, "xtol of 'fminNCG'", fallback: 1e-5)
    let n = x0.count
    let maxIter = try ScalarOptimization.count(a, 5, "maxIter of 'fminNCG'", fallback: 200 * n)
    let (c1, c2) = try wolfeConstants(a, 6, name)
    let objective = try ScriptObjective(
      a.machine, name, ScriptObjective.script(a.machine, f, name), gradient: fprime, hessian: fhess, x0: x0)
    let xtol = Double(n) * avextol
    var updateNorm = Double.greatestFiniteMagnitude
    var xk = x0
    var k = 0
    var hcalls = 0
    var oldValue = try objective.value(x0)
    var olderValue: Double?
    func finish(_ warn: Int) throws(ScriptError) -> Value {
      try result([
        ("xopt", .vector(Vector(doubles: xk))), ("fopt", .double(oldValue)), ("iterations", .int(k)),
        ("fcalls", .int(objective.functionCalls)), ("gcalls", .int(objective.gradientCalls)),
        ("hcalls", .int(hcalls)), ("warnFlag", .int(warn)),
      ])
    }
    while updateNorm > xtol {
      if a.machine.isInterrupted { throw Machine.interrupted() }
      if k >= maxIter { return try finish(1) }
      let b = try objective.gradient(xk).map { -$0 }
      let maggrad = b.reduce(0) { $0 + abs($1) }
      let eta = WolfeLineSearch.pyMin(0.5, maggrad.squareRoot())
      let termcond = eta * maggrad
      var xsupi = [Double](repeating: 0, count: n)
      var ri = b.map { -$0 }
      var psupi = b
      var i = 0
      var dri0 = WolfeLineSearch.dot(ri, ri)
      let hessian = try objective.hessian(xk)
      hcalls += 1
      var converged = false
      // Conjugate gradients on H p = -g, stopped early by the residual or negative curvature.
      for _ in 0..<(20 * n) {
        if ri.reduce(0, { $0 + abs($1) }) <= termcond {
          converged = true
          break
        }
        var ap = [Double](repeating: 0, count: n)
        for r in 0..<n {
          var s = 0.0
          for c in 0..<n { s += hessian[r, c] * psupi[c] }
          ap[r] = s
        }
        let curv = WolfeLineSearch.dot(psupi, ap)
        if 0 <= curv && curv <= 3 * Double.ulpOfOne {
          converged = true
          break
        } else if curv < 0 {
          if i == 0 { xsupi = b.map { dri0 / -curv * $0 } }
          converged = true
          break
        }
        let alphai = dri0 / curv
        for j in 0..<n {
          xsupi[j] += alphai * psupi[j]
          ri[j] += alphai * ap[j]
        }
        let dri1 = WolfeLineSearch.dot(ri, ri)
        let betai = dri1 / dri0
        for j in 0..<n { psupi[j] = -ri[j] + betai * psupi[j] }
        i += 1
        dri0 = dri1
      }
      if !converged { return try finish(3) }
      let gfk = b.map { -$0 }
      guard
        let step = try WolfeLineSearch.search(objective, xk, xsupi, gfk, oldValue, olderValue, c1: c1, c2: c2)
      else { return try finish(2) }
      (oldValue, olderValue) = (step.value, step.startValue)
      let update = xsupi.map { step.alpha * $0 }
      xk = zip(xk, update).map { $0 + $1 }
      k += 1
      updateNorm = update.reduce(0) { $0 + abs($1) }
    }
    return try finish(oldValue.isNaN || updateNorm.isNaN ? 3 : 0)
  }

  static let all: [Builtin] = [fminBFGS, fminNCG]
}
