import ScriptRuntime

/// Root finding and minimization over a script function, as scipy.optimize does them:
/// `brentq` (Brent's method on a bracketing interval, giving (status, root)) and `fmin` (the
/// Nelder–Mead simplex, giving a dictionary of xopt, fopt, iterations, fcalls and warnFlag).
enum ScalarOptimization {
  /// The most iterations or calls a caller may ask for; the script is interruptible anyway.
  static let maxIterations = 10_000_000
  /// The most variables `fmin` takes: its simplex holds their square.
  static let maxVariables = 1_000

  /// The number a function returned: a numeric scalar or a one-element numeric vector.
  static func number(_ v: Value, _ function: String) throws(ScriptError) -> Double {
    switch v {
    case .vector(let x) where x.count == 1 && (x.type.isNumeric || x.type == .bool):
      return x.doubles[0]
    default:
      guard v.isScalar, v.doubleValue != nil || v.isNull else {
        throw ScriptError(RuntimeMessages.mustReturnNumber(function, v.typeString))
      }
      return v.doubleValue ?? .nan
    }
  }

  /// A positive count argument, or `fallback` when not given.
  static func count(_ a: CallArguments, _ i: Int, _ what: String, fallback: Int) throws(ScriptError) -> Int {
    guard a.has(i) else { return fallback }
    let n = try a.integer(i, what)
    guard n >= 0 else { throw ScriptError(RuntimeMessages.mustBeNonNegative(what, String(n))) }
    return min(n, maxIterations)
  }

  /// A non-negative tolerance argument, or `fallback`.
  static func tolerance(_ a: CallArguments, _ i: Int, _ what: String, fallback: Double) throws(ScriptError) -> Double {
    guard a.has(i) else { return fallback }
    guard let t = a[i].doubleValue, t >= 0 else {
      throw ScriptError(RuntimeMessages.mustBeNonNegative(what, a[i].doubleValue.map { "\($0)" } ?? a[i].typeString))
    }
    return t
  }

  // MARK: brentq

  static let brentq = Builtin(
    "brentq", args: 3...7, parameterNames: ["f", "a", "b", "xtol", "rtol", "maxIter", "funcDataParam"]
  ) { a throws(ScriptError) in
    let f = try a.function(0, "f of 'brentq'")
    guard let lo = a[1].doubleValue, a[1].isScalar else {
      throw ScriptError(RuntimeMessages.cannotTake("brentq", "a of type \(a[1].typeString)"))
    }
    guard let hi = a[2].doubleValue, a[2].isScalar else {
      throw ScriptError(RuntimeMessages.cannotTake("brentq", "b of type \(a[2].typeString)"))
    }
    let xtol = try tolerance(a, 3, "xtol of 'brentq'", fallback: 2e-12)
    let rtol = try tolerance(a, 4, "rtol of 'brentq'", fallback: 4 * Double.ulpOfOne)
    let maxIter = try count(a, 5, "maxIter of 'brentq'", fallback: 100)
    var extra: [Value] = []
    if a.has(6) {
      switch a[6] {
      case .tuple(let items): extra = items
      case .vector(let v): extra = (0..<v.count).map { v[$0] }
      default: extra = [a[6]]
      }
    }
    func call(_ x: Double) throws(ScriptError) -> Double {
      if a.machine.isInterrupted { throw Machine.interrupted() }
      return try number(try a.machine.call(f, [.double(x)] + extra), "brentq")
    }
    let (status, root) = try solve(call, lo, hi, xtol: xtol, rtol: rtol, maxIter: maxIter)
    return .tuple([.string(status), .double(root)])
  }

  /// scipy's brentq: the status (CONVERGED, SIGNERR or CONVERR) and the root (null on SIGNERR).
  static func solve(
    _ f: (Double) throws(ScriptError) -> Double, _ xa: Double, _ xb: Double, xtol: Double, rtol: Double, maxIter: Int
  ) throws(ScriptError) -> (String, Double) {
    var xpre = xa
    var xcur = xb
    var xblk = 0.0
    var fblk = 0.0
    var spre = 0.0
    var scur = 0.0
    var fpre = try f(xpre)
    var fcur = try f(xcur)
    if fpre == 0 { return ("CONVERGED", xpre) }
    if fcur == 0 { return ("CONVERGED", xcur) }
    if fpre.isNaN || fcur.isNaN || fpre.sign == fcur.sign { return ("SIGNERR", .nan) }
    for _ in 0..<maxIter {
      if fpre != 0 && fcur != 0 && fpre.sign != fcur.sign {
        xblk = xpre
        fblk = fpre
        spre = xcur - xpre
        scur = spre
      }
      if abs(fblk) < abs(fcur) {
        (xpre, xcur, xblk) = (xcur, xblk, xcur)
        (fpre, fcur, fblk) = (fcur, fblk, fcur)
      }
      let delta = (xtol + rtol * abs(xcur)) / 2
      let sbis = (xblk - xcur) / 2
      if fcur == 0 || abs(sbis) < delta { return ("CONVERGED", xcur) }
      if abs(spre) > delta && abs(fcur) < abs(fpre) {
        let stry: Double
        if xpre == xblk {
          stry = -fcur * (xcur - xpre) / (fcur - fpre)  // interpolate
        } else {
          let dpre = (fpre - fcur) / (xpre - xcur)
          let dblk = (fblk - fcur) / (xblk - xcur)
          stry = -fcur * (fblk * dblk - fpre * dpre) / (dblk * dpre * (fblk - fpre))  // extrapolate
        }
        if 2 * abs(stry) < min(abs(spre), 3 * abs(sbis) - delta) {
          spre = scur
          scur = stry
        } else {
          spre = sbis
          scur = sbis
        }
      } else {
        spre = sbis
        scur = sbis
      }
      xpre = xcur
      fpre = fcur
      xcur += abs(scur) > delta ? scur : (sbis > 0 ? delta : -delta)
      fcur = try f(xcur)
    }
    return ("CONVERR", xcur)
  }

  // MARK: fmin

  /// Raised inside `fmin` when the calls run out, as scipy stops.
  struct OutOfCalls: Error {}

  static let fmin = Builtin(
    "fmin", args: 2...6, parameterNames: ["func", "X0", "xtol", "ftol", "maxIter", "maxFun"]
  ) { a throws(ScriptError) in
    let f = try a.function(0, "func of 'fmin'")
    let x0 = try Polynomials.numbers(a[1], "X0", "fmin")
    guard !x0.isEmpty else { throw ScriptError(RuntimeMessages.cannotTake("fmin", "an empty X0")) }
    guard x0.count <= maxVariables else {
      throw ScriptError(RuntimeMessages.tooMany("fmin", "variables", x0.count, maxVariables))
    }
    guard !x0.contains(where: \.isNaN) else { throw ScriptError(RuntimeMessages.needsNoNulls("fmin")) }
    let xtol = try tolerance(a, 2, "xtol of 'fmin'", fallback: 1e-4)
    let ftol = try tolerance(a, 3, "ftol of 'fmin'", fallback: 1e-4)
    let n = x0.count
    // scipy's defaults: 200 per variable for whichever of the two limits is not given.
    let maxIter = try count(a, 4, "maxIter of 'fmin'", fallback: a.has(5) ? maxIterations : 200 * n)
    let maxFun = try count(a, 5, "maxFun of 'fmin'", fallback: a.has(4) ? maxIterations : 200 * n)
    var calls = 0
    func call(_ x: [Double]) throws(ScriptError) -> Double? {
      if a.machine.isInterrupted { throw Machine.interrupted() }
      guard calls < maxFun else { return nil }
      calls += 1
      return try number(try a.machine.call(f, [.vector(Vector(doubles: x))]), "fmin")
    }
    let r = try nelderMead(call, x0, xtol: xtol, ftol: ftol, maxIter: maxIter)
    let warn = calls >= maxFun ? 1 : (r.iterations >= maxIter ? 2 : 0)
    var d = DictionaryValue(keyType: .string, valueType: .any)
    try d.set(.string("xopt"), .vector(Vector(doubles: r.x)))
    try d.set(.string("fopt"), .double(r.f))
    try d.set(.string("iterations"), .int(Int64(r.iterations), .int))
    try d.set(.string("fcalls"), .int(Int64(calls), .int))
    try d.set(.string("warnFlag"), .int(Int64(warn), .int))
    return .dictionary(d)
  }

  /// scipy's Nelder–Mead (reflection 1, expansion 2, contraction and shrink 1/2; the first
  /// simplex moves each coordinate by 5%, or to 0.00025 from 0). `f` gives nil when the calls
  /// have run out, which ends the search where it stands.
  static func nelderMead(
    _ f: ([Double]) throws(ScriptError) -> Double?, _ x0: [Double], xtol: Double, ftol: Double, maxIter: Int
  ) throws(ScriptError) -> (x: [Double], f: Double, iterations: Int) {
    let n = x0.count
    var sim = [x0]
    for k in 0..<n {
      var y = x0
      y[k] = y[k] != 0 ? 1.05 * y[k] : 0.00025
      sim.append(y)
    }
    var fsim = [Double](repeating: .infinity, count: n + 1)
    var iterations = 1
    func sortSimplex() {
      // Stable, as numpy's argsort keeps ties in order here.
      let order = fsim.indices.sorted { less(fsim[$0], fsim[$1]) || (!less(fsim[$1], fsim[$0]) && $0 < $1) }
      sim = order.map { sim[$0] }
      fsim = order.map { fsim[$0] }
    }
    func less(_ p: Double, _ q: Double) -> Bool { p < q || (!p.isNaN && q.isNaN) }
    func result() -> (x: [Double], f: Double, iterations: Int) {
      (sim[0], fsim.min(by: less) ?? .nan, iterations)
    }
    for k in 0...n {
      guard let v = try f(sim[k]) else { return result() }
      fsim[k] = v
    }
    sortSimplex()
    while iterations < maxIter {
      var spread = 0.0
      for j in 1...n { for i in 0..<n { spread = max(spread, abs(sim[j][i] - sim[0][i])) } }
      var fspread = 0.0
      for j in 1...n { fspread = max(fspread, abs(fsim[0] - fsim[j])) }
      if spread <= xtol && fspread <= ftol { break }
      var xbar = [Double](repeating: 0, count: n)
      for j in 0..<n { for i in 0..<n { xbar[i] += sim[j][i] } }
      for i in 0..<n { xbar[i] /= Double(n) }
      let worst = sim[n]
      func point(_ t: Double) -> [Double] { (0..<n).map { (1 + t) * xbar[$0] - t * worst[$0] } }
      let xr = point(1)
      guard let fxr = try f(xr) else { return result() }
      var shrink = false
      if fxr < fsim[0] {
        let xe = point(2)
        guard let fxe = try f(xe) else { return result() }
        if fxe < fxr {
          (sim[n], fsim[n]) = (xe, fxe)
        } else {
          (sim[n], fsim[n]) = (xr, fxr)
        }
      } else if fxr < fsim[n - 1] {
        (sim[n], fsim[n]) = (xr, fxr)
      } else if fxr < fsim[n] {
        let xc = point(0.5)
        guard let fxc = try f(xc) else { return result() }
        if fxc <= fxr { (sim[n], fsim[n]) = (xc, fxc) } else { shrink = true }
      } else {
        let xcc = point(-0.5)
        guard let fxcc = try f(xcc) else { return result() }
        if fxcc < fsim[n] { (sim[n], fsim[n]) = (xcc, fxcc) } else { shrink = true }
      }
      if shrink {
        for j in 1...n {
          sim[j] = (0..<n).map { sim[0][$0] + 0.5 * (sim[j][$0] - sim[0][$0]) }
          guard let v = try f(sim[j]) else { return result() }
          fsim[j] = v
        }
      }
      iterations += 1
      sortSimplex()
    }
    return result()
  }

  static let all: [Builtin] = [brentq, fmin]
}
