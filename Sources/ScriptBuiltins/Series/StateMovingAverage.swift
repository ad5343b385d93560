import ScriptRuntime

/// `stateMavg(X, window)`: a moving average over earlier results, the reactive state engine's.
/// The first `window - 1` rows give X itself; every later row gives the average of the last
/// `window - 1` results and X there, nulls left out (null when all are null), as `avg` does.
enum StateMovingAverage {
  static let builtin = Builtin("stateMavg", args: 2...2, parameterNames: ["X", "window"]) { a throws(ScriptError) in
    let name = "stateMavg"
    let xs = try TopNSelection.numbers(a, 0, name).doubles
    let w = try Series.window(a, 1, name)
    let n = xs.count
    var out = [Double](repeating: .nan, count: n)
    var window = RunningMean()
    for k in 0..<n {
      if k + 1 < w {
        out[k] = xs[k]
      } else {
        window.add(xs[k], 1)
        out[k] = window.mean
        window.add(xs[k], -1)
      }
      // The window of the next row holds results k - w + 2 ... k.
      window.add(out[k], 1)
      if k - w + 1 >= 0 { window.add(out[k - w + 1], -1) }
    }
    return Series.doubles(out)
  }

  /// The mean of the non-null values in a sliding window: a running sum of the finite ones and
  /// counts of the rest, so each row costs the same however wide the window (an infinity would
  /// poison a plain sum).
  struct RunningMean {
    var sum = 0.0
    var present = 0
    var plusInfinite = 0
    var minusInfinite = 0

    /// Adds a value (`sign` 1) or takes it out (-1); nulls count for nothing.
    mutating func add(_ v: Double, _ sign: Int) {
      guard !v.isNaN else { return }
      present += sign
      if v == .infinity {
        plusInfinite += sign
      } else if v == -.infinity {
        minusInfinite += sign
      } else {
        sum += Double(sign) * v
      }
    }

    var mean: Double {
      if present == 0 { return .nan }
      if plusInfinite > 0 && minusInfinite > 0 { return .nan }
      if plusInfinite > 0 { return .infinity }
      if minusInfinite > 0 { return -.infinity }
      return sum / Double(present)
    }
  }
}
