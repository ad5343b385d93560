import ScriptRuntime

/// `wslr(Y, X, W, [mse=false])`: the weighted least-squares line of Y on X, as DolphinDB gives
/// it: a tuple of the intercept, the slope and (asked for) the weighted squared residuals over
/// n - 2, n the rows where none of Y, X, W is null.
enum WeightedSimpleRegression {
  static func fit(_ y: [Double], _ x: [Double], _ w: [Double]) -> (alpha: Double, beta: Double, mse: Double) {
    var rows: [Int] = []
    for i in y.indices where !y[i].isNaN && !x[i].isNaN && !w[i].isNaN { rows.append(i) }
    let total = rows.reduce(0.0) { $0 + w[$1] }
    let xMean = rows.reduce(0.0) { $0 + w[$1] * x[$1] } / total
    let yMean = rows.reduce(0.0) { $0 + w[$1] * y[$1] } / total
    var sxy = 0.0
    var sxx = 0.0
    for i in rows {
      sxy += w[i] * (x[i] - xMean) * (y[i] - yMean)
      sxx += w[i] * (x[i] - xMean) * (x[i] - xMean)
    }
    let beta = sxy / sxx
    let alpha = yMean - beta * xMean
    var residuals = 0.0
    for i in rows {
      let r = y[i] - alpha - beta * x[i]
      residuals += w[i] * r * r
    }
    let mse = rows.count > 2 ? residuals / Double(rows.count - 2) : .nan
    return (alpha.isFinite ? alpha : .nan, beta.isFinite ? beta : .nan, mse)
  }

  static let all: [Builtin] = [
    Builtin("wslr", args: 3...4, parameterNames: ["Y", "X", "W", "mse"]) { a throws(ScriptError) in
      let y = try SeriesDistances.numbers(a[0], "wslr")
      let x = try SeriesDistances.numbers(a[1], "wslr")
      let w = try SeriesDistances.numbers(a[2], "wslr")
      guard y.count == x.count, x.count == w.count else {
        throw ScriptError(RuntimeMessages.incompatibleSizes("wslr", y.count, x.count == y.count ? w.count : x.count))
      }
      guard w.allSatisfy({ $0.isNaN || $0 >= 0 }) else { throw ScriptError(RuntimeMessages.negativeWeights("wslr")) }
      let line = fit(y, x, w)
      var out: [Value] = [.double(line.alpha, .double), .double(line.beta, .double)]
      if a.has(3), a[3].isTruthy { out.append(.double(line.mse, .double)) }
      return .tuple(out)
    }
  ]
}
