/// L-BFGS-B's line search (lnsrlb): MINPACK's More–Thuente search as lbfgsb.c runs it, along
/// the direction to the subspace minimizer, its longest step cut where the box ends.
extension LBFGSB {
  /// The search lbfgsb.c runs: sufficient decrease 1e-3, curvature 0.9, interval tolerance 0.1,
  /// no shortest step. One is kept for the whole run, as lbfgsb.c keeps its state in isave and
  /// dsave between searches.
  static func newSearch() -> MoreThuente { MoreThuente(.c, ftol: 1e-3, gtol: 0.9, xtol: 0.1, stpmin: 0, stpmax: 0) }

  /// How far along d (component `dk`) a variable at `xk` may go before the bound it heads for,
  /// when that is less than `cap` (0 when it already sits on that bound); nil when the bound is
  /// no nearer or there is none. Both the line search's longest step and subsm's step back
  /// into the box take the least of these.
  static func boundStep(
    _ dk: Double, from xk: Double, _ lk: Double, _ uk: Double, _ kind: Int, within cap: Double
  ) -> Double? {
    guard kind != 0 else { return nil }
    if dk < 0 && kind <= 2 {
      let room = lk - xk
      if room >= 0 { return 0 }
      if dk * cap < room { return room / dk }
    } else if dk > 0 && kind >= 2 {
      let room = uk - xk
      if room <= 0 { return 0 }
      if dk * cap > room { return room / dk }
    }
    return nil
  }

  /// lnsrlb: starts or continues the line search along d; true when it wants f and g at the new
  /// x, false when the step is accepted (or `info` reports a failure).
  static func lineSearch(
    _ first: Bool, _ n: Int, _ l: [Double], _ u: [Double], _ nbd: [Int], _ x: inout [Double], _ f: Double,
    _ fold: inout Double, _ gd: inout Double, _ gdold: inout Double, _ g: [Double], _ d: inout [Double],
    _ r: inout [Double], _ t: inout [Double], _ z: [Double], _ stp: inout Double, _ dnorm: inout Double,
    _ dtd: inout Double, _ stpmx: inout Double, _ iter: Int, _ ifun: inout Int, _ iback: inout Int,
    _ info: inout Int, _ boxed: Bool, _ cnstnd: Bool, _ search: inout MoreThuente
  ) -> Bool {
    if first {
      dnorm = nrm2(d, 0, n)
      dtd = dnorm * dnorm
      stpmx = 1.0e10
      if cnstnd {
        if iter == 0 {
          stpmx = 1.0
        } else {
          for i in 0..<n {
            if let limit = boundStep(d[i], from: x[i], l[i], u[i], nbd[i], within: stpmx) { stpmx = limit }
          }
        }
      }
      stp = iter == 0 && !boxed ? Double.minimum(1.0 / dnorm, stpmx) : 1.0
      t = x
      r = g
      fold = f
      ifun = 0
      iback = 0
      search.stpmax = stpmx
      search.task = .start
    }
    gd = dot(g, 0, d, 0, n)
    if ifun == 0 {
      gdold = gd
      if gd >= 0 {
        // Not a descent direction (rounding): the caller restarts.
        info = -4
        return false
      }
    }
    search.iterate(f, gd, &stp)
    if search.task != .convergence && search.task != .warning {
      ifun += 1
      iback = ifun - 1
      if stp == 1.0 {
        x = z
      } else {
        for i in 0..<n {
          x[i] = stp * d[i] + t[i]
          if nbd[i] == 1 || nbd[i] == 2 { x[i] = Double.maximum(x[i], l[i]) }
          if nbd[i] == 2 || nbd[i] == 3 { x[i] = Double.minimum(x[i], u[i]) }
        }
      }
      return true
    }
    return false
  }
}
