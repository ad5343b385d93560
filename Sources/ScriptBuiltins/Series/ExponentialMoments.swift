import ScriptRuntime

/// Exponentially weighted second moments, as pandas' `ewm()` computes them: `ewmVar`, `ewmStd`
/// `(X, [com], [span], [halfLife], [alpha], [minPeriods=0], [adjust=true], [ignoreNA=false],
/// [bias=false])`, `ewmCov(X, ..., [ignoreNA], [other], [bias])` and `ewmCorr(X, ...,
/// [ignoreNA], [other])`. The decay is set as for `ewmMean`; `other` defaults to X.
enum ExponentialMoments {
  /// The weighted covariance of x and y at each position (pandas' `ewmcov`): a running mean of
  /// each and of the cross products, with the bias correction (sum w)² / ((sum w)² - sum w²).
  static func covariance(
    _ xs: [Double], _ ys: [Double], alpha: Double, minPeriods: Int, adjust: Bool, ignoreNA: Bool, bias: Bool
  ) -> [Double] {
    var out = [Double](repeating: .nan, count: xs.count)
    guard !xs.isEmpty else { return out }
    let oldFactor = 1 - alpha
    let newWeight = adjust ? 1.0 : alpha
    var meanX = xs[0]
    var meanY = ys[0]
    var observations = 0
    if meanX.isNaN || meanY.isNaN {
      meanX = .nan
      meanY = .nan
    } else {
      observations = 1
    }
    if observations >= minPeriods && bias { out[0] = 0 }
    var cov = 0.0
    var sumWeight = 1.0
    var sumWeight2 = 1.0
    var oldWeight = 1.0
    for i in xs.indices.dropFirst() {
      let x = xs[i]
      let y = ys[i]
      let observed = !x.isNaN && !y.isNaN
      if observed { observations += 1 }
      if !meanX.isNaN {
        if observed || !ignoreNA {
          sumWeight *= oldFactor
          sumWeight2 *= oldFactor * oldFactor
          oldWeight *= oldFactor
          if observed {
            let (oldX, oldY) = (meanX, meanY)
            // Constant series keep their exact mean (no rounding drift).
            if meanX != x { meanX = (oldWeight * oldX + newWeight * x) / (oldWeight + newWeight) }
            if meanY != y { meanY = (oldWeight * oldY + newWeight * y) / (oldWeight + newWeight) }
            cov =
              (oldWeight * (cov + (oldX - meanX) * (oldY - meanY)) + newWeight * (x - meanX) * (y - meanY))
              / (oldWeight + newWeight)
            sumWeight += newWeight
            sumWeight2 += newWeight * newWeight
            oldWeight += newWeight
            if !adjust {
              sumWeight /= oldWeight
              sumWeight2 /= oldWeight * oldWeight
              oldWeight = 1
            }
          }
        }
      } else if observed {
        meanX = x
        meanY = y
      }
      guard observations >= minPeriods else { continue }
      if bias {
        out[i] = cov
      } else {
        let numerator = sumWeight * sumWeight
        let denominator = numerator - sumWeight2
        out[i] = denominator > 0 ? numerator / denominator * cov : .nan
      }
    }
    return out
  }

  /// The shared arguments: X, the decay, minPeriods, adjust and ignoreNA.
  struct Options {
    let xs: [Double]
    let alpha: Double
    let minPeriods: Int
    let adjust: Bool
    let ignoreNA: Bool
  }

  static func options(_ a: CallArguments, _ name: String) throws(ScriptError) -> Options {
    let xs = try TechnicalAnalysis.numbers(a, 0, name)
    let alpha = try ExponentialWeighting.decay(a)
    let minPeriods = a.has(5) ? try a.integer(5, "the minPeriods of '\(name)'") : 0
    guard minPeriods >= 0 else {
      throw ScriptError(RuntimeMessages.minPeriodsOutOfRange(name, minPeriods, window: xs.count))
    }
    return Options(
      xs: xs, alpha: alpha, minPeriods: max(minPeriods, 1), adjust: a.has(6) ? a[6].isTruthy : true,
      ignoreNA: a.has(7) ? a[7].isTruthy : false)
  }

  /// `other` (argument 8) as doubles of X's length, or X itself when not given.
  static func other(_ a: CallArguments, _ o: Options, _ name: String) throws(ScriptError) -> [Double] {
    guard a.has(8) else { return o.xs }
    let ys = try TechnicalAnalysis.numbers(a, 8, name)
    guard ys.count == o.xs.count else { throw ScriptError(RuntimeMessages.lengthMismatch(name, o.xs.count, ys.count)) }
    return ys
  }

  static func run(_ o: Options, _ ys: [Double], bias: Bool) -> [Double] {
    covariance(
      o.xs, ys, alpha: o.alpha, minPeriods: o.minPeriods, adjust: o.adjust, ignoreNA: o.ignoreNA, bias: bias)
  }

  static let variance: [String] = ["X", "com", "span", "halfLife", "alpha", "minPeriods", "adjust", "ignoreNA"]

  static let all: [Builtin] = [
    Builtin("ewmVar", args: 1...9, parameterNames: variance + ["bias"]) { a throws(ScriptError) in
      let o = try options(a, "ewmVar")
      return Series.doubles(run(o, o.xs, bias: a.has(8) && a[8].isTruthy))
    },
    Builtin("ewmStd", args: 1...9, parameterNames: variance + ["bias"]) { a throws(ScriptError) in
      let o = try options(a, "ewmStd")
      return Series.doubles(run(o, o.xs, bias: a.has(8) && a[8].isTruthy).map { $0 < 0 ? 0 : $0.squareRoot() })
    },
    Builtin("ewmCov", args: 1...10, parameterNames: variance + ["other", "bias"]) { a throws(ScriptError) in
      let o = try options(a, "ewmCov")
      return Series.doubles(run(o, try other(a, o, "ewmCov"), bias: a.has(9) && a[9].isTruthy))
    },
    // The biased covariance over the square root of the two biased variances, as pandas does.
    Builtin("ewmCorr", args: 1...9, parameterNames: variance + ["other"]) { a throws(ScriptError) in
      let o = try options(a, "ewmCorr")
      let ys = try other(a, o, "ewmCorr")
      let cov = run(o, ys, bias: true)
      let vx = run(o, o.xs, bias: true)
      let vy = run(
        Options(xs: ys, alpha: o.alpha, minPeriods: o.minPeriods, adjust: o.adjust, ignoreNA: o.ignoreNA), ys,
        bias: true)
      return Series.doubles(
        cov.indices.map { i in
          let d = max(0, vx[i] * vy[i]).squareRoot()
          return d > 0 ? cov[i] / d : .nan
        })
    },
  ]
}
