import ScriptRuntime

/// L-BFGS-B 3.0 (Zhu, Byrd, Lu, Nocedal; with Morales and Nocedal's 2011 subspace correction)
/// as scipy 1.17 runs it from C: the generalized Cauchy point along the projected gradient
/// (LBFGSB+CauchyPoint), subspace minimization over the free variables (LBFGSB+Subspace) with
/// the compact limited-memory matrix (LBFGSB+CompactMatrix), and the More–Thuente line search
/// kept inside the box (LBFGSB+LineSearch). This file holds the driver, mainlb. The routine
/// names and the order of the arithmetic follow that code, so the iterates and call counts are
/// scipy's.
enum LBFGSB {
  /// Where a run ends: the point, f and its gradient there, the iterations and function calls
  /// made, and scipy's warnflag (0 converged; 1 maxIter or maxFun reached; 2 stopped otherwise,
  /// the line search making no progress).
  struct Outcome {
    var x: [Double]
    var f: Double
    var g: [Double]
    var iterations: Int
    var calls: Int
    var warn: Int
  }

  static let epsmach = Double.ulpOfOne

  /// Minimizes from `x0` (already inside the bounds). `kind[i]` is 0 without bounds, 1 with a
  /// lower one, 2 with both, 3 with an upper one. `evaluate` gives f and its gradient; `calls`
  /// how many function calls have been made (for maxFun).
  static func minimize(
    _ x0: [Double], lower: [Double], upper: [Double], kind: [Int], m: Int, factr: Double, pgtol: Double,
    maxls: Int, maxIter: Int, maxFun: Int, machine: Machine,
    evaluate: ([Double]) throws(ScriptError) -> (Double, [Double]), calls: () -> Int
  ) throws(ScriptError) -> Outcome {
    let n = x0.count
    var x = x0
    var ws = [Double](repeating: 0, count: m * n)
    var wy = [Double](repeating: 0, count: m * n)
    var sy = [Double](repeating: 0, count: m * m)
    var ss = [Double](repeating: 0, count: m * m)
    var wt = [Double](repeating: 0, count: m * m)
    var wn = [Double](repeating: 0, count: 4 * m * m)
    var snd = [Double](repeating: 0, count: 4 * m * m)
    var z = [Double](repeating: 0, count: n)
    var r = [Double](repeating: 0, count: n)
    var d = [Double](repeating: 0, count: n)
    var t = [Double](repeating: 0, count: n)
    var xp = [Double](repeating: 0, count: n)
    var wa = [Double](repeating: 0, count: 8 * m)
    var index = [Int](repeating: 0, count: n)
    var iwhere = [Int](repeating: 0, count: n)
    var indx2 = [Int](repeating: 0, count: n)
    var col = 0
    var head = 0
    var theta = 1.0
    var iupdat = 0
    var updatd = false
    var iback = 0
    var itail = 0
    var iword = 0
    var ileave = 0
    var nenter = 0
    var fold = 0.0
    var dnorm = 0.0
    var gd = 0.0
    var stp = 0.0
    var gdold = 0.0
    var dtd = 0.0
    var stpmx = 0.0
    var iter = 0
    var nseg = 0
    var nfree = n
    var ifun = 0
    let tol = factr * epsmach
    var info = 0
    var search = newSearch()
    var iterations = 0

    let (cnstnd, boxed) = active(n, lower, upper, kind, &x, &iwhere)
    var (f, g) = try evaluate(x)
    /// The run ends here: converged (the projected gradient or the relative fall of f within
    /// tolerance), or stopped by a limit or by the line search.
    func outcome(converged: Bool) -> Outcome {
      let made = calls()
      let warn = converged ? 0 : (made > maxFun || iterations >= maxIter ? 1 : 2)
      return Outcome(x: x, f: f, g: g, iterations: iterations, calls: made, warn: warn)
    }
    var sbgnrm = projectedGradientNorm(n, lower, upper, kind, x, g)
    if sbgnrm <= pgtol { return outcome(converged: true) }

    func reset() {
      info = 0
      col = 0
      head = 0
      theta = 1.0
      iupdat = 0
      updatd = false
    }

    while true {
      if machine.isInterrupted { throw Machine.interrupted() }
      iword = -1
      var wrk = false
      if !cnstnd && col > 0 {
        z = x
        wrk = updatd
        nseg = 0
      } else {
        cauchy(
          n, x, lower, upper, kind, g, &indx2, &iwhere, &t, &d, &z, m, wy, ws, sy, wt, theta, col, head, &wa, &nseg,
          sbgnrm, &info)
        if info != 0 {
          reset()
          continue
        }
        wrk = freev(n, &nfree, &index, &nenter, &ileave, &indx2, iwhere, updatd, cnstnd, iter)
      }
      if nfree != 0 && col != 0 {
        if wrk {
          formk(
            n, nfree, index, nenter, ileave, indx2, iupdat, updatd, &wn, &snd, m, ws, wy, sy, theta, col, head, &info)
        }
        if info != 0 {
          reset()
          continue
        }
        cmprlb(n, m, x, g, ws, wy, sy, wt, z, &r, &wa, index, theta, col, head, nfree, cnstnd, &info)
        if info == 0 {
          subsm(
            n, m, nfree, index, lower, upper, kind, &z, &r, &xp, ws, wy, theta, x, g, col, head, &iword, &wa, wn, &info)
        }
        if info != 0 {
          reset()
          continue
        }
      }
      for i in 0..<n { d[i] = z[i] - x[i] }
      // The line search: each request for f and g comes back here.
      var first = true
      var restart = false
      while true {
        let wantsValue = lineSearch(
          first, n, lower, upper, kind, &x, f, &fold, &gd, &gdold, g, &d, &r, &t, z, &stp, &dnorm, &dtd, &stpmx,
          iter, &ifun, &iback, &info, boxed, cnstnd, &search)
        first = false
        if info != 0 || iback >= maxls {
          x = t
          g = r
          f = fold
          if col == 0 { return outcome(converged: false) }
          reset()
          restart = true
          break
        } else if wantsValue {
          if machine.isInterrupted { throw Machine.interrupted() }
          (f, g) = try evaluate(x)
        } else {
          iter += 1
          sbgnrm = projectedGradientNorm(n, lower, upper, kind, x, g)
          break
        }
      }
      if restart { continue }
      // A new iterate: scipy's driver checks its limits before the tests for convergence.
      iterations += 1
      if iterations >= maxIter || calls() > maxFun { return outcome(converged: false) }
      if sbgnrm <= pgtol { return outcome(converged: true) }
      let scale = Double.maximum(Double.maximum(abs(fold), abs(f)), 1.0)
      if fold - f <= tol * scale { return outcome(converged: true) }
      for i in 0..<n { r[i] = g[i] - r[i] }
      let rnorm = nrm2(r, 0, n)
      let rr = rnorm * rnorm
      var dr: Double
      var ddum: Double
      if stp == 1.0 {
        dr = gd - gdold
        ddum = -gdold
      } else {
        dr = (gd - gdold) * stp
        for i in 0..<n { d[i] *= stp }
        ddum = -gdold * stp
      }
      if dr <= epsmach * ddum {
        updatd = false
        continue
      }
      updatd = true
      iupdat += 1
      matupd(n, m, &ws, &wy, &sy, &ss, d, r, &itail, iupdat, &col, &head, &theta, rr, dr, stp, dtd)
      formt(m, &wt, sy, ss, col, theta, &info)
      if info != 0 { reset() }
    }
  }

  /// Projects x into the box and marks each variable's bounds; (constrained, boxed).
  static func active(
    _ n: Int, _ l: [Double], _ u: [Double], _ nbd: [Int], _ x: inout [Double], _ iwhere: inout [Int]
  ) -> (Bool, Bool) {
    var cnstnd = false
    var boxed = true
    for i in 0..<n where nbd[i] > 0 {
      if nbd[i] <= 2 && x[i] <= l[i] {
        if x[i] < l[i] { x[i] = l[i] }
      } else if nbd[i] >= 2 && x[i] >= u[i] {
        if x[i] > u[i] { x[i] = u[i] }
      }
    }
    for i in 0..<n {
      if nbd[i] != 2 { boxed = false }
      if nbd[i] == 0 {
        iwhere[i] = -1
      } else {
        cnstnd = true
        iwhere[i] = nbd[i] == 2 && u[i] - l[i] <= 0 ? 3 : 0
      }
    }
    return (cnstnd, boxed)
  }

  /// The infinity norm of the projected gradient (NaN when a gradient element is).
  static func projectedGradientNorm(
    _ n: Int, _ l: [Double], _ u: [Double], _ nbd: [Int], _ x: [Double], _ g: [Double]
  ) -> Double {
    var norm = 0.0
    for i in 0..<n {
      var gi = g[i]
      if gi.isNaN { return gi }
      if nbd[i] != 0 {
        if gi < 0 {
          if nbd[i] >= 2 { gi = Double.maximum(x[i] - u[i], gi) }
        } else if nbd[i] <= 2 {
          gi = Double.minimum(x[i] - l[i], gi)
        }
      }
      norm = Double.maximum(norm, abs(gi))
    }
    return norm
  }
}
