import ScriptRuntime

/// The line searches scipy's BFGS and Newton-CG use: first MINPACK's More–Thuente search
/// (scipy's Python DCSRCH, `line_search_wolfe1`), and when it fails the bracketing search with
/// cubic and quadratic zoom (`line_search_wolfe2`). Both look along `xk + alpha * pk` for a
/// step meeting the strong Wolfe conditions.
enum WolfeLineSearch {
  /// An accepted step: its length, the value there, the value at the start, and the gradient
  /// there when the search computed it.
  struct Step {
    var alpha: Double
    var value: Double
    var startValue: Double
    var gradient: [Double]?
  }

  /// Python's min of two: the first unless the second compares below it, so NaN in second
  /// place is passed over, as scipy's code sees it.
  static func pyMin(_ a: Double, _ b: Double) -> Double { MoreThuente.Dialect.python.smaller(a, b) }

  static func dot(_ a: [Double], _ b: [Double]) -> Double {
    var s = 0.0
    for i in a.indices { s += a[i] * b[i] }
    return s
  }

  static func along(_ xk: [Double], _ pk: [Double], _ alpha: Double) -> [Double] {
    var p = xk
    for i in p.indices { p[i] = xk[i] + alpha * pk[i] }
    return p
  }

  /// `_line_search_wolfe12`: wolfe1, then wolfe2 when it finds nothing; nil when neither does.
  static func search(
    _ objective: ScriptObjective, _ xk: [Double], _ pk: [Double], _ gfk: [Double], _ oldValue: Double,
    _ olderValue: Double?, c1: Double, c2: Double, amin: Double = 1e-8, amax: Double? = nil
  ) throws(ScriptError) -> Step? {
    if let step = try wolfe1(
      objective, xk, pk, gfk, oldValue, olderValue, c1: c1, c2: c2, amax: amax ?? 50, amin: amin)
    {
      return step
    }
    return try wolfe2(objective, xk, pk, gfk, oldValue, olderValue, c1: c1, c2: c2, amax: amax)
  }

  // MARK: wolfe1

  /// `line_search_wolfe1`: MINPACK's search as scipy's Python runs it, from scipy's first
  /// guess at the step; nil when it ends without convergence.
  static func wolfe1(
    _ objective: ScriptObjective, _ xk: [Double], _ pk: [Double], _ gfk: [Double], _ phi0: Double,
    _ oldPhi0: Double?, c1: Double, c2: Double, amax: Double, amin: Double, xtol: Double = 1e-14
  ) throws(ScriptError) -> Step? {
    var gval = gfk
    let derphi0 = dot(gfk, pk)
    var alpha1 = 1.0
    if let oldPhi0, derphi0 != 0 {
      alpha1 = pyMin(1.0, 1.01 * 2 * (phi0 - oldPhi0) / derphi0)
      if alpha1 < 0 { alpha1 = 1.0 }
    }
    var search = MoreThuente(.python, ftol: c1, gtol: c2, xtol: xtol, stpmin: amin, stpmax: amax)
    var phi1 = phi0
    var derphi1 = derphi0
    var stp = alpha1
    for _ in 0..<100 {
      search.iterate(phi1, derphi1, &stp)
      guard stp.isFinite else { return nil }
      guard search.task == .fg else {
        return search.task == .convergence ? Step(alpha: stp, value: phi1, startValue: phi0, gradient: gval) : nil
      }
      let p = along(xk, pk, stp)
      phi1 = try objective.value(p)
      gval = try objective.gradient(p)
      derphi1 = dot(gval, pk)
    }
    return nil
  }

  // MARK: wolfe2

  static func wolfe2(
    _ objective: ScriptObjective, _ xk: [Double], _ pk: [Double], _ gfk: [Double], _ phi0In: Double,
    _ oldPhi0: Double?, c1: Double, c2: Double, amax: Double?
  ) throws(ScriptError) -> Step? {
    var gval: [Double]?
    func phi(_ alpha: Double) throws(ScriptError) -> Double { try objective.value(along(xk, pk, alpha)) }
    func derphi(_ alpha: Double) throws(ScriptError) -> Double {
      let g = try objective.gradient(along(xk, pk, alpha))
      gval = g
      return dot(g, pk)
    }
    let phi0 = phi0In
    let derphi0 = dot(gfk, pk)
    var alpha0 = 0.0
    var alpha1 = 1.0
    if let oldPhi0, derphi0 != 0 { alpha1 = pyMin(1.0, 1.01 * 2 * (phi0 - oldPhi0) / derphi0) }
    if alpha1 < 0 { alpha1 = 1.0 }
    if let amax { alpha1 = pyMin(alpha1, amax) }
    var phiA1 = try phi(alpha1)
    var phiA0 = phi0
    var derphiA0 = derphi0
    for i in 0..<10 {
      if alpha1 == 0 || (amax.map { alpha0 > $0 } ?? false) { return nil }
      if phiA1 > phi0 + c1 * alpha1 * derphi0 || (phiA1 >= phiA0 && i > 0) {
        guard
          let (a, v) = try zoom(
            alpha0, alpha1, phiA0, phiA1, derphiA0, phi, derphi, phi0, derphi0, c1, c2)
        else { return nil }
        return Step(alpha: a, value: v, startValue: phi0, gradient: gval)
      }
      let derphiA1 = try derphi(alpha1)
      if abs(derphiA1) <= -c2 * derphi0 {
        return Step(alpha: alpha1, value: phiA1, startValue: phi0, gradient: gval)
      }
      if derphiA1 >= 0 {
        guard
          let (a, v) = try zoom(
            alpha1, alpha0, phiA1, phiA0, derphiA1, phi, derphi, phi0, derphi0, c1, c2)
        else { return nil }
        return Step(alpha: a, value: v, startValue: phi0, gradient: gval)
      }
      var alpha2 = 2 * alpha1
      if let amax { alpha2 = pyMin(alpha2, amax) }
      alpha0 = alpha1
      alpha1 = alpha2
      phiA0 = phiA1
      phiA1 = try phi(alpha1)
      derphiA0 = derphiA1
    }
    // Out of iterations: scipy takes the last step without a gradient there.
    return Step(alpha: alpha1, value: phiA1, startValue: phi0, gradient: nil)
  }

  /// The minimizer of the cubic through (a, fa) with slope fpa, (b, fb) and (c, fc); nil where
  /// numpy would raise (a zero division, an overflow, a negative radical).
  static func cubicMin(_ a: Double, _ fa: Double, _ fpa: Double, _ b: Double, _ fb: Double, _ c: Double, _ fc: Double)
    -> Double?
  {
    let cc = fpa
    let db = b - a
    let dc = c - a
    let denom = (db * dc) * (db * dc) * (db - dc)
    guard denom != 0, denom.isFinite else { return nil }
    let u = fb - fa - cc * db
    let v = fc - fa - cc * dc
    let aa = (dc * dc * u + -(db * db) * v) / denom
    let bb = (-(dc * dc * dc) * u + db * db * db * v) / denom
    let radical = bb * bb - 3 * aa * cc
    guard aa.isFinite, bb.isFinite, radical.isFinite, radical >= 0, aa != 0 else { return nil }
    let xmin = a + (-bb + radical.squareRoot()) / (3 * aa)
    return xmin.isFinite ? xmin : nil
  }

  /// The minimizer of the quadratic through (a, fa) with slope fpa and (b, fb).
  static func quadMin(_ a: Double, _ fa: Double, _ fpa: Double, _ b: Double, _ fb: Double) -> Double? {
    let db = b - a * 1.0
    guard db != 0 else { return nil }
    let bb = (fb - fa - fpa * db) / (db * db)
    guard bb.isFinite, bb != 0 else { return nil }
    let xmin = a - fpa / (2.0 * bb)
    return xmin.isFinite ? xmin : nil
  }

  static func zoom(
    _ aLoIn: Double, _ aHiIn: Double, _ phiLoIn: Double, _ phiHiIn: Double, _ derphiLoIn: Double,
    _ phi: (Double) throws(ScriptError) -> Double, _ derphi: (Double) throws(ScriptError) -> Double,
    _ phi0: Double, _ derphi0: Double, _ c1: Double, _ c2: Double
  ) throws(ScriptError) -> (Double, Double)? {
    var (aLo, aHi, phiLo, phiHi, derphiLo) = (aLoIn, aHiIn, phiLoIn, phiHiIn, derphiLoIn)
    var phiRec = phi0
    var aRec = 0.0
    var i = 0
    while true {
      let dalpha = aHi - aLo
      let (a, b) = dalpha < 0 ? (aHi, aLo) : (aLo, aHi)
      var aj: Double?
      var cchk = 0.0
      if i > 0 {
        cchk = 0.2 * dalpha
        aj = cubicMin(aLo, phiLo, derphiLo, aHi, phiHi, aRec, phiRec)
      }
      if i == 0 || aj == nil || aj! > b - cchk || aj! < a + cchk {
        let qchk = 0.1 * dalpha
        aj = quadMin(aLo, phiLo, derphiLo, aHi, phiHi)
        if aj == nil || aj! > b - qchk || aj! < a + qchk { aj = aLo + 0.5 * dalpha }
      }
      let j = aj ?? aLo + 0.5 * dalpha
      let phiJ = try phi(j)
      if phiJ > phi0 + c1 * j * derphi0 || phiJ >= phiLo {
        phiRec = phiHi
        aRec = aHi
        aHi = j
        phiHi = phiJ
      } else {
        let derphiJ = try derphi(j)
        if abs(derphiJ) <= -c2 * derphi0 { return (j, phiJ) }
        if derphiJ * (aHi - aLo) >= 0 {
          phiRec = phiHi
          aRec = aHi
          aHi = aLo
          phiHi = phiLo
        } else {
          phiRec = phiLo
          aRec = aLo
        }
        aLo = j
        phiLo = phiJ
        derphiLo = derphiJ
      }
      i += 1
      if i > 10 { return nil }
    }
  }
}
