/// MINPACK-2's More–Thuente line search: dcsrch, which keeps the interval of uncertainty and
/// decides when a step meets the strong Wolfe conditions, and dcstep, its safeguarded cubic or
/// quadratic step. scipy runs two copies of it, the Python `DCSRCH` behind `line_search_wolfe1`
/// (BFGS, Newton-CG) and the C one inside lbfgsb.c; they part only where NaN, an infinite slope
/// or a tie meets the arithmetic, and `Dialect` keeps each one's answer there. While `task` is
/// `.fg` the caller evaluates f and its slope at the new `stp` and calls `iterate` again.
struct MoreThuente {
  /// Which of scipy's two copies to follow where they differ.
  enum Dialect {
    /// `scipy.optimize._dcsrch`: Python's min and max (the first argument unless the second
    /// compares beyond it), numpy's sign and clip (both keep NaN), and a tie between the cubic
    /// and quadratic steps of the first case going to the cubic one.
    case python
    /// lbfgsb.c: C's fmin and fmax (a NaN passed over in either place), the sign of dx taken as
    /// dx / |dx|, and a tie in the first case going to the average of the two steps.
    case c

    func smaller(_ a: Double, _ b: Double) -> Double {
      switch self {
      case .python: b < a ? b : a
      case .c: Double.minimum(a, b)
      }
    }

    func larger(_ a: Double, _ b: Double) -> Double {
      switch self {
      case .python: b > a ? b : a
      case .c: Double.maximum(a, b)
      }
    }

    /// v kept within [lo, hi] as dcstep's third case keeps it: numpy's clip, which leaves NaN
    /// as it is, or fmax(lo, fmin(hi, v)), which sends NaN to hi.
    func clip(_ v: Double, _ lo: Double, _ hi: Double) -> Double {
      switch self {
      case .python: v.isNaN ? v : min(max(v, lo), hi)
      case .c: Double.maximum(lo, Double.minimum(hi, v))
      }
    }

    /// Negative when the slopes have opposite signs: numpy's sign(dp) * sign(dx), or C's
    /// dp * (dx / |dx|), which is NaN for an infinite dx.
    func signProduct(_ dp: Double, _ dx: Double) -> Double {
      switch self {
      case .python: Self.sign(dp) * Self.sign(dx)
      case .c: dp * (dx / abs(dx))
      }
    }

    /// Whether the first case takes the cubic step, `cubic` and `quadratic` being the two
    /// steps' distances from stx.
    func takesCubic(_ cubic: Double, _ quadratic: Double) -> Bool {
      switch self {
      case .python: cubic <= quadratic
      case .c: cubic < quadratic
      }
    }

    /// numpy's sign: NaN stays NaN.
    static func sign(_ v: Double) -> Double { v > 0 ? 1 : (v < 0 ? -1 : (v == 0 ? 0 : .nan)) }
  }

  enum Task { case start, fg, convergence, warning, error }

  let dialect: Dialect
  let ftol: Double
  let gtol: Double
  let xtol: Double
  let stpmin: Double
  /// The longest step; L-BFGS-B sets it anew for each search, as the box allows.
  var stpmax: Double
  var task = Task.start
  var brackt = false
  var stage = 1
  var ginit = 0.0
  var gtest = 0.0
  var gx = 0.0
  var gy = 0.0
  var finit = 0.0
  var fx = 0.0
  var fy = 0.0
  var stx = 0.0
  var sty = 0.0
  var stmin = 0.0
  var stmax = 0.0
  var width = 0.0
  var width1 = 0.0

  init(_ dialect: Dialect, ftol: Double, gtol: Double, xtol: Double, stpmin: Double, stpmax: Double) {
    self.dialect = dialect
    self.ftol = ftol
    self.gtol = gtol
    self.xtol = xtol
    self.stpmin = stpmin
    self.stpmax = stpmax
  }

  /// One call of dcsrch: f and its slope g at `stp` in, the next trial step (or the accepted
  /// one) out, with `task` saying which.
  mutating func iterate(_ f: Double, _ g: Double, _ stp: inout Double) {
    if task == .start {
      if stp < stpmin || stp > stpmax || g >= 0 || ftol < 0 || gtol < 0 || xtol < 0 || stpmin < 0 || stpmax < stpmin {
        task = .error
        return
      }
      brackt = false
      stage = 1
      finit = f
      ginit = g
      gtest = ftol * ginit
      width = stpmax - stpmin
      width1 = width / 0.5
      stx = 0
      fx = finit
      gx = ginit
      sty = 0
      fy = finit
      gy = ginit
      stmin = 0
      stmax = stp + 4.0 * stp
      task = .fg
      return
    }
    let ftest = finit + stp * gtest
    if stage == 1 && f <= ftest && g >= 0 { stage = 2 }
    var verdict = Task.fg
    if brackt && (stp <= stmin || stp >= stmax) { verdict = .warning }
    if brackt && stmax - stmin <= xtol * stmax { verdict = .warning }
    if stp == stpmax && f <= ftest && g <= gtest { verdict = .warning }
    if stp == stpmin && (f > ftest || g >= gtest) { verdict = .warning }
    if f <= ftest && abs(g) <= gtol * -ginit { verdict = .convergence }
    if verdict != .fg {
      task = verdict
      return
    }
    if stage == 1 && f <= fx && f > ftest {
      // Not yet a sufficient decrease: step on the function less its sufficient-decrease line.
      var fxm = fx - stx * gtest
      var fym = fy - sty * gtest
      var gxm = gx - gtest
      var gym = gy - gtest
      Self.step(
        &stx, &fxm, &gxm, &sty, &fym, &gym, &stp, f - stp * gtest, g - gtest, &brackt, stmin, stmax, dialect)
      fx = fxm + stx * gtest
      fy = fym + sty * gtest
      gx = gxm + gtest
      gy = gym + gtest
    } else {
      Self.step(&stx, &fx, &gx, &sty, &fy, &gy, &stp, f, g, &brackt, stmin, stmax, dialect)
    }
    if brackt {
      if abs(sty - stx) >= 0.66 * width1 { stp = stx + 0.5 * (sty - stx) }
      width1 = width
      width = abs(sty - stx)
      stmin = dialect.smaller(stx, sty)
      stmax = dialect.larger(stx, sty)
    } else {
      stmin = stp + 1.1 * (stp - stx)
      stmax = stp + 4.0 * (stp - stx)
    }
    // numpy's clip in Python; fmin(fmax(stp, stpmin), stpmax) in C, where NaN goes to stpmin.
    stp = dialect.smaller(dialect.larger(stp, stpmin), stpmax)
    if brackt && (stp <= stmin || stp >= stmax) || brackt && stmax - stmin <= xtol * stmax { stp = stx }
    task = .fg
  }

  /// The cubic's gamma, s * sqrt((theta / s)^2 - (a / s)(b / s)) with s the largest magnitude
  /// (so the squares cannot overflow); `floored` takes the root of max(0, ...) as the third case
  /// does.
  static func cubicGamma(
    _ theta: Double, _ a: Double, _ b: Double, _ dialect: Dialect, floored: Bool = false
  ) -> Double {
    let s = dialect.larger(dialect.larger(abs(theta), abs(a)), abs(b))
    let radicand = (theta / s) * (theta / s) - (a / s) * (b / s)
    return s * (floored ? dialect.larger(0, radicand) : radicand).squareRoot()
  }

  /// The minimizer of the cubic through the trial step (stp, value fp, slope dp) and an end of
  /// the interval (st, f, d), as dcstep's second and fourth cases take it. (dcstep writes the
  /// fourth case's theta as 3 (fp - fy) / (sty - stp): the same number, both signs flipped.)
  static func cubicStep(
    _ stp: Double, _ fp: Double, _ dp: Double, toward st: Double, _ f: Double, _ d: Double, _ dialect: Dialect
  ) -> Double {
    let theta = 3.0 * (f - fp) / (stp - st) + d + dp
    var gamma = cubicGamma(theta, d, dp, dialect)
    if stp > st { gamma = -gamma }
    let p = (gamma - dp) + theta
    let q = ((gamma - dp) + gamma) + d
    let r = p / q
    return stp + r * (st - stp)
  }

  /// dcstep: the safeguarded step from the best step stx (value fx, slope dx), the other end of
  /// the interval sty and the trial stp, updating the interval.
  static func step(
    _ stx: inout Double, _ fx: inout Double, _ dx: inout Double, _ sty: inout Double, _ fy: inout Double,
    _ dy: inout Double, _ stp: inout Double, _ fp: Double, _ dp: Double, _ brackt: inout Bool, _ stpmin: Double,
    _ stpmax: Double, _ dialect: Dialect
  ) {
    let sgnd = dialect.signProduct(dp, dx)
    var stpf: Double
    if fp > fx {
      // A higher value: the minimum is bracketed.
      let theta = 3.0 * (fx - fp) / (stp - stx) + dx + dp
      var gamma = cubicGamma(theta, dx, dp, dialect)
      if stp < stx { gamma = -gamma }
      let p = (gamma - dx) + theta
      let q = ((gamma - dx) + gamma) + dp
      let r = p / q
      let stpc = stx + r * (stp - stx)
      let stpq = stx + ((dx / ((fx - fp) / (stp - stx) + dx)) / 2.0) * (stp - stx)
      stpf = dialect.takesCubic(abs(stpc - stx), abs(stpq - stx)) ? stpc : stpc + (stpq - stpc) / 2.0
      brackt = true
    } else if sgnd < 0 {
      // A lower value and slopes of opposite signs: bracketed too.
      let stpc = cubicStep(stp, fp, dp, toward: stx, fx, dx, dialect)
      let stpq = stp + (dp / (dp - dx)) * (stx - stp)
      stpf = abs(stpc - stp) > abs(stpq - stp) ? stpc : stpq
      brackt = true
    } else if abs(dp) < abs(dx) {
      // A lower value, slopes of one sign, the slope's magnitude falling.
      let theta = 3.0 * (fx - fp) / (stp - stx) + dx + dp
      var gamma = cubicGamma(theta, dx, dp, dialect, floored: true)
      if stp > stx { gamma = -gamma }
      let p = (gamma - dp) + theta
      let q = (gamma + (dx - dp)) + gamma
      let r = p / q
      let stpc: Double
      if r < 0 && gamma != 0 {
        stpc = stp + r * (stx - stp)
      } else if stp > stx {
        stpc = stpmax
      } else {
        stpc = stpmin
      }
      let stpq = stp + (dp / (dp - dx)) * (stx - stp)
      if brackt {
        stpf = abs(stpc - stp) < abs(stpq - stp) ? stpc : stpq
        if stp > stx {
          stpf = dialect.smaller(stp + 0.66 * (sty - stp), stpf)
        } else {
          stpf = dialect.larger(stp + 0.66 * (sty - stp), stpf)
        }
      } else {
        stpf = abs(stpc - stp) > abs(stpq - stp) ? stpc : stpq
        stpf = dialect.clip(stpf, stpmin, stpmax)
      }
    } else if brackt {
      // The slope's magnitude not falling: the cubic step toward sty.
      stpf = cubicStep(stp, fp, dp, toward: sty, fy, dy, dialect)
    } else {
      stpf = stp > stx ? stpmax : stpmin
    }
    if fp > fx {
      sty = stp
      fy = fp
      dy = dp
    } else {
      if sgnd < 0 {
        sty = stx
        fy = fx
        dy = dx
      }
      stx = stp
      fx = fp
      dx = dp
    }
    stp = stpf
  }
}
