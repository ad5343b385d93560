import ScriptRuntime

/// Autocorrelation about X's own mean, as statsmodels' `acf` computes it: r(k) = Σ (x[t] - m)
/// (x[t+k] - m) / Σ (x[t] - m)². `acf(X, maxLag)` gives r(0) ... r(maxLag) (null past the
/// data); `autocorr(X, lag)` gives r(lag) alone, leaving out pairs with a null.
enum Autocorrelation {
  /// r(lag) of xs about `mean` over `ss`, the sum of squared deviations; null past the data.
  static func coefficient(_ xs: [Double], _ lag: Int, mean: Double, ss: Double) -> Double {
    guard lag < xs.count else { return .nan }
    var s = 0.0
    for t in 0..<(xs.count - lag) where !xs[t].isNaN && !xs[t + lag].isNaN {
      s += (xs[t] - mean) * (xs[t + lag] - mean)
    }
    return ss > 0 ? s / ss : .nan
  }

  static func moments(_ xs: [Double]) -> (mean: Double, ss: Double) {
    let present = xs.filter { !$0.isNaN }
    let mean = Statistics.mean(present)
    return (mean, present.reduce(0) { $0 + ($1 - mean) * ($1 - mean) })
  }

  static let all: [Builtin] = [
    Builtin("acf", args: 2...2, parameterNames: ["X", "maxLag"]) { a throws(ScriptError) in
      let xs = try TechnicalAnalysis.numbers(a, 0, "acf")
      guard !xs.contains(where: \.isNaN) else {
        throw ScriptError(RuntimeMessages.testArgumentInvalid("acf", "X must not contain nulls"))
      }
      let maxLag = try a.integer(1, "the maxLag of 'acf'")
      guard maxLag >= 0, maxLag < Int.max else {
        throw ScriptError(RuntimeMessages.testArgumentInvalid("acf", "maxLag must be a non-negative integer"))
      }
      try a.machine.checkAllocation(maxLag + 1, elementBytes: 8, "the maxLag of 'acf'")
      let (mean, ss) = moments(xs)
      return .vector(Vector(doubles: (0...maxLag).map { coefficient(xs, $0, mean: mean, ss: ss) }))
    },
    Builtin("autocorr", args: 2...2, parameterNames: ["X", "lag"]) { a throws(ScriptError) in
      let xs = try TechnicalAnalysis.numbers(a, 0, "autocorr")
      let lag = try a.integer(1, "the lag of 'autocorr'")
      guard lag >= 0 else {
        throw ScriptError(RuntimeMessages.testArgumentInvalid("autocorr", "lag must be a non-negative integer"))
      }
      let (mean, ss) = moments(xs)
      return .double(coefficient(xs, lag, mean: mean, ss: ss))
    },
  ]
}
