import ScriptRuntime

/// `ewmMean(X, [com], [span], [halfLife], [alpha], [minPeriods=0], [adjust=true], [ignoreNA=false])`:
/// the exponentially weighted mean, as pandas' `ewm().mean()` computes it. Exactly one of com,
/// span, halfLife (a number; a duration with `times` is not taken) and alpha sets the decay.
enum ExponentialWeighting {
  static let builtin = Builtin(
    "ewmMean", args: 1...8,
    parameterNames: ["X", "com", "span", "halfLife", "alpha", "minPeriods", "adjust", "ignoreNA"]
  ) { a throws(ScriptError) in
    let xs = try TechnicalAnalysis.numbers(a, 0, "ewmMean")
    let alpha = try decay(a)
    let minPeriods = a.has(5) ? try a.integer(5, "the minPeriods of 'ewmMean'") : 0
    guard minPeriods >= 0 else {
      throw ScriptError(RuntimeMessages.minPeriodsOutOfRange("ewmMean", minPeriods, window: xs.count))
    }
    let adjust = a.has(6) ? a[6].isTruthy : true
    let ignoreNA = a.has(7) ? a[7].isTruthy : false
    return Series.doubles(mean(xs, alpha: alpha, minPeriods: max(minPeriods, 1), adjust: adjust, ignoreNA: ignoreNA))
  }

  /// The smoothing factor from whichever of com, span, halfLife and alpha was given.
  static func decay(_ a: CallArguments) throws(ScriptError) -> Double {
    let given = (1...4).filter { a.has($0) }
    guard given.count == 1, let k = given.first else { throw ScriptError(RuntimeMessages.ewmNeedsOneDecay()) }
    guard let d = a[k].doubleValue, d.isFinite else {
      throw ScriptError(RuntimeMessages.ewmDecayInvalid(ValueFormatter.plain(a[k])))
    }
    switch k {
    case 1 where d >= 0: return 1 / (1 + d)
    case 2 where d >= 1: return 2 / (d + 1)
    case 3 where d > 0: return 1 - Math.exp(Math.log(0.5) / d)
    case 4 where d > 0 && d <= 1: return d
    default: throw ScriptError(RuntimeMessages.ewmDecayInvalid(ValueFormatter.plain(a[k])))
    }
  }

  static func mean(_ xs: [Double], alpha: Double, minPeriods: Int, adjust: Bool, ignoreNA: Bool) -> [Double] {
    var out = [Double](repeating: .nan, count: xs.count)
    let oldFactor = 1 - alpha
    let newWeight = adjust ? 1.0 : alpha
    var weighted = Double.nan
    var oldWeight = 1.0
    var observations = 0
    for (i, x) in xs.enumerated() {
      let observed = !x.isNaN
      if observed { observations += 1 }
      if !weighted.isNaN {
        if observed || !ignoreNA { oldWeight *= oldFactor }
        if observed {
          if weighted != x { weighted = (oldWeight * weighted + newWeight * x) / (oldWeight + newWeight) }
          oldWeight = adjust ? oldWeight + newWeight : 1
        }
      } else if observed {
        weighted = x
      }
      if observations >= minPeriods { out[i] = weighted }
    }
    return out
  }
}
