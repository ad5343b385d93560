import ScriptRuntime

/// `mslr(Y, X, window, [minPeriods])`: a simple linear regression of Y on X over each window
/// (pairs where both are non-null), as the tuple (alpha, beta) of intercepts and slopes; null
/// before a full window (or before the window holds `minPeriods` pairs, when given) and where X
/// does not vary. One pass over sliding sums (`WindowPairSums`), however wide the window.
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
    try slideSums(WindowPairSums(x, y), count: x.count, extent: .count(w), machine: a.machine) { i, s in
      guard minPeriods != nil || i + 1 >= w, s.count > 1, s.count >= minPeriods ?? 0 else { return }
      let d = s.deviations
      guard d.xx > 0 else { return }
      let n = Double(s.count)
      beta[i] = d.xy / d.xx
      alpha[i] = s.sy.value / n - beta[i] * (s.sx.value / n)
    }
    return .tuple([Series.doubles(alpha), Series.doubles(beta)])
  }
}
