import ScriptRuntime

/// `mslr(Y, X, window, [minPeriods])`: a simple linear regression of Y on X over each window
/// (pairs where both are non-null), as the tuple (alpha, beta) of intercepts and slopes; null
/// before a full window (or before the window holds `minPeriods` pairs, when given) and where X
/// does not vary.
enum MovingRegression {
  static let builtin = Builtin("mslr", args: 3...4, parameterNames: ["Y", "X", "window", "minPeriods"]) {
    a throws(ScriptError) in
    let y = try Series.vector(a, 0, "mslr").doubles
    let x = try Series.vector(a, 1, "mslr").doubles
    guard x.count == y.count else { throw ScriptError(RuntimeMessages.incompatibleSizes("mslr", y.count, x.count)) }
    let w = try Series.window(a, 2, "mslr")
    let minPeriods = try Series.minPeriods(a, 3, window: w, "mslr")
    var alpha = [Double](repeating: .nan, count: x.count)
    var beta = [Double](repeating: .nan, count: x.count)
    for i in x.indices where minPeriods != nil || i + 1 >= w {
      var s = CumulativeStatistics.PairSums()
      for j in max(0, i - w + 1)...i where !x[j].isNaN && !y[j].isNaN { s.add(x[j], y[j]) }
      guard s.n > 1, s.n >= Double(minPeriods ?? 0), s.varianceX > 0 else { continue }
      beta[i] = s.covariance / s.varianceX
      alpha[i] = s.meanY - beta[i] * s.meanX
    }
    return .tuple([Series.doubles(alpha), Series.doubles(beta)])
  }
}
