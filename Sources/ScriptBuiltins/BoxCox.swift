import ScriptRuntime

#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// `boxcox(X, [lmbda])`: the Box-Cox transform (x^λ - 1)/λ, log x at λ = 0, as scipy.stats'
/// `boxcox`. Without λ it is the one maximizing the log-likelihood of the transformed data
/// being normal, found as scipy finds it (its `bracket` from (-2, 2), then Brent's method), and
/// the result is (transformed X, λ).
enum BoxCox {
  /// scipy.special.boxcox: null for a negative or null x.
  static func transform(_ x: Double, _ lambda: Double) -> Double {
    guard x >= 0, !lambda.isNaN else { return .nan }
    if abs(lambda) < 1e-19 { return log(x) }
    return expm1(lambda * log(x)) / lambda
  }

  /// The negated log-likelihood of λ for positive data with logs `logs` (their sum `logSum`):
  /// -((λ - 1)·Σ log x - n/2·log var(y)), the variance taken of x^λ scaled by the largest so that
  /// nothing overflows, and 1/λ² taken out in logs.
  static func negatedLikelihood(_ lambda: Double, _ logs: [Double], _ logSum: Double) -> Double {
    let n = Double(logs.count)
    var logVariance: Double
    if lambda == 0 {
      let mean = logSum / n
      var s = 0.0
      for l in logs { s += (l - mean) * (l - mean) }
      logVariance = log(s / n)
    } else {
      var top = -Double.infinity
      for l in logs { top = max(top, lambda * l) }
      var mean = 0.0
      var scaled = [Double](repeating: 0, count: logs.count)
      for (i, l) in logs.enumerated() {
        scaled[i] = exp(lambda * l - top)
        mean += scaled[i]
      }
      mean /= n
      var s = 0.0
      for v in scaled { s += (v - mean) * (v - mean) }
      logVariance = log(s / n) + 2 * top - 2 * log(abs(lambda))
    }
    return -((lambda - 1) * logSum - n / 2 * logVariance)
  }

  /// scipy.optimize.bracket: three points a, b, c with f(b) below f(a) and f(c); nil when the
  /// search runs away (a likelihood with no maximum).
  static func bracket(_ f: (Double) -> Double, _ start: Double, _ end: Double)
    -> (Double, Double, Double, Double, Double, Double)?
  {
    let gold = 1.618034
    let tiny = 1e-21
    let growLimit = 110.0
    var (xa, xb) = (start, end)
    var (fa, fb) = (f(xa), f(xb))
    if fa < fb {
      swap(&xa, &xb)
      swap(&fa, &fb)
    }
    var xc = xb + gold * (xb - xa)
    var fc = f(xc)
    var iterations = 0
    while fc < fb {
      let tmp1 = (xb - xa) * (fb - fc)
      let tmp2 = (xb - xc) * (fb - fa)
      let val = tmp2 - tmp1
      let denominator = abs(val) < tiny ? 2 * tiny : 2 * val
      var w = xb - ((xb - xc) * tmp2 - (xb - xa) * tmp1) / denominator
      let wlim = xb + growLimit * (xc - xb)
      if iterations > 1000 { return nil }
      iterations += 1
      var fw: Double
      if (w - xc) * (xb - w) > 0 {
        fw = f(w)
        if fw < fc {
          (xa, xb, fa, fb) = (xb, w, fb, fw)
          break
        } else if fw > fb {
          (xc, fc) = (w, fw)
          break
        }
        w = xc + gold * (xc - xb)
        fw = f(w)
      } else if (w - wlim) * (wlim - xc) >= 0 {
        w = wlim
        fw = f(w)
      } else if (w - wlim) * (xc - w) > 0 {
        fw = f(w)
        if fw < fc {
          xb = xc
          xc = w
          w = xc + gold * (xc - xb)
          fb = fc
          fc = fw
          fw = f(w)
        }
      } else {
        w = xc + gold * (xc - xb)
        fw = f(w)
      }
      (xa, xb, xc) = (xb, xc, w)
      (fa, fb, fc) = (fb, fc, fw)
    }
    let lowest = (fb < fc && fb <= fa) || (fb < fa && fb <= fc)
    let ordered = (xa < xb && xb < xc) || (xc < xb && xb < xa)
    guard lowest, ordered, xa.isFinite, xb.isFinite, xc.isFinite else { return nil }
    return (xa, xb, xc, fa, fb, fc)
  }

  /// scipy.optimize.brent from a bracket: golden sections and parabolic steps to a relative
  /// tolerance of 1.48e-8, at most 500 steps.
  static func brent(_ f: (Double) -> Double, _ start: Double, _ end: Double) -> Double? {
    guard let (xa, xb, xc, _, fb, _) = bracket(f, start, end) else { return nil }
    let tolerance = 1.48e-8
    let minimumTolerance = 1.0e-11
    let cg = 0.3819660
    var (x, w, v) = (xb, xb, xb)
    var (fx, fw, fv) = (fb, fb, fb)
    var (a, b) = xa < xc ? (xa, xc) : (xc, xa)
    var deltax = 0.0
    var rat = 0.0
    for _ in 0..<500 {
      let tol1 = tolerance * abs(x) + minimumTolerance
      let tol2 = 2 * tol1
      let xmid = 0.5 * (a + b)
      if abs(x - xmid) < tol2 - 0.5 * (b - a) { break }
      if abs(deltax) <= tol1 {
        deltax = x >= xmid ? a - x : b - x
        rat = cg * deltax
      } else {
        let tmp1 = (x - w) * (fx - fv)
        var tmp2 = (x - v) * (fx - fw)
        var p = (x - v) * tmp2 - (x - w) * tmp1
        tmp2 = 2 * (tmp2 - tmp1)
        if tmp2 > 0 { p = -p }
        tmp2 = abs(tmp2)
        let previous = deltax
        deltax = rat
        if p > tmp2 * (a - x) && p < tmp2 * (b - x) && abs(p) < abs(0.5 * tmp2 * previous) {
          rat = p / tmp2
          let u = x + rat
          if u - a < tol2 || b - u < tol2 { rat = xmid - x >= 0 ? tol1 : -tol1 }
        } else {
          deltax = x >= xmid ? a - x : b - x
          rat = cg * deltax
        }
      }
      let u = abs(rat) < tol1 ? (rat >= 0 ? x + tol1 : x - tol1) : x + rat
      let fu = f(u)
      if fu > fx {
        if u < x { a = u } else { b = u }
        if fu <= fw || w == x {
          (v, w, fv, fw) = (w, u, fw, fu)
        } else if fu <= fv || v == x || v == w {
          (v, fv) = (u, fu)
        }
      } else {
        if u >= x { a = x } else { b = x }
        (v, w, x) = (w, x, u)
        (fv, fw, fx) = (fw, fx, fu)
      }
    }
    return x
  }

  static let all: [Builtin] = [
    Builtin("boxcox", args: 1...2, parameterNames: ["X", "lmbda"]) { a throws(ScriptError) in
      let v = try a.vector(0, "the X of 'boxcox'")
      guard v.type.isNumeric || v.type == .bool, case .vector = a[0] else {
        throw ScriptError(RuntimeMessages.cannotTake("boxcox", a[0].typeString))
      }
      let xs = v.doubles
      if a.has(1) {
        switch a[1] {
        case .vector(let l) where l.type.isNumeric:
          guard l.count == xs.count else {
            throw ScriptError(RuntimeMessages.incompatibleSizes("boxcox", xs.count, l.count))
          }
          let lambdas = l.doubles
          return .vector(Vector(doubles: xs.indices.map { finite(transform(xs[$0], lambdas[$0])) }))
        default:
          guard a[1].isScalar, a[1].type.isNumeric, let lambda = a[1].doubleValue ?? (a[1].isNull ? .nan : nil) else {
            throw ScriptError(RuntimeMessages.cannotTake("boxcox", "lmbda of type \(a[1].typeString)"))
          }
          return .vector(Vector(doubles: xs.map { finite(transform($0, lambda)) }))
        }
      }
      guard !xs.isEmpty, xs.allSatisfy({ $0 > 0 && $0.isFinite }) else {
        throw ScriptError(RuntimeMessages.boxcoxData())
      }
      guard xs.contains(where: { $0 != xs[0] }) else { throw ScriptError(RuntimeMessages.boxcoxData()) }
      let logs = xs.map { log($0) }
      let logSum = logs.reduce(0, +)
      guard let lambda = brent({ negatedLikelihood($0, logs, logSum) }, -2, 2), lambda.isFinite else {
        throw ScriptError(RuntimeMessages.boxcoxNoOptimum())
      }
      return .tuple([.vector(Vector(doubles: xs.map { finite(transform($0, lambda)) })), .double(lambda)])
    }
  ]

  /// Infinite results (x = 0 at λ <= 0) are nulls, as elsewhere.
  static func finite(_ x: Double) -> Double { x.isFinite ? x : .nan }
}
