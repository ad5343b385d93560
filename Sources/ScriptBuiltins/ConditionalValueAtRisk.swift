import ScriptRuntime

/// `condValueAtRisk(returns, method, [confidenceLevel=0.95])`: the expected shortfall, the
/// mean loss of the returns below the value-at-risk threshold (as a positive number), or the
/// threshold's loss when no return falls below it. The threshold is the (1 - confidenceLevel)
/// quantile of the returns by `method`: 'historical' their own (linear interpolation),
/// 'normal' a normal's of their mean and sample standard deviation, 'logNormal' the same of
/// log(1 + r) mapped back, 'monteCarlo' that of normal draws of their mean and deviation.
enum ConditionalValueAtRisk {
  /// How many draws 'monteCarlo' simulates.
  static let simulations = 100_000

  /// The p quantile of sorted values, interpolating linearly between order statistics.
  static func quantile(_ sorted: [Double], _ p: Double) -> Double {
    let position = p * Double(sorted.count - 1)
    let low = clampedIndex(position.rounded(.down), sorted.count)
    let high = min(low + 1, sorted.count - 1)
    return sorted[low] + (sorted[high] - sorted[low]) * (position - Double(low))
  }

  static func meanAndDeviation(_ xs: [Double]) -> (Double, Double) {
    let mean = xs.reduce(0, +) / Double(xs.count)
    let squares = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    return (mean, (squares / Double(xs.count - 1)).squareRoot())
  }

  static let all: [Builtin] = [
    Builtin("condValueAtRisk", args: 2...3, parameterNames: ["returns", "method", "confidenceLevel"]) {
      a throws(ScriptError) in
      let name = "condValueAtRisk"
      let v = try a.vector(0, "the returns of '\(name)'")
      guard v.type.isNumeric, case .vector = a[0] else {
        throw ScriptError(RuntimeMessages.cannotTake(name, a[0].typeString))
      }
      let returns = v.doubles
      guard !returns.isEmpty, returns.allSatisfy({ $0 > -1 && $0.isFinite }) else {
        throw ScriptError(RuntimeMessages.valueAtRiskReturns(name))
      }
      let methods = ["normal", "logNormal", "historical", "monteCarlo"]
      let given = try a.text(1, "the method of '\(name)'")
      guard let method = methods.first(where: { $0.lowercased() == given.lowercased() }) else {
        throw ScriptError(RuntimeMessages.mustBeOneOf("the method of '\(name)'", methods, got: given))
      }
      var level = 0.95
      if a.has(2) {
        guard a[2].isScalar, let c = a[2].doubleValue, c > 0, c < 1 else {
          throw ScriptError(RuntimeMessages.valueAtRiskLevel(name))
        }
        level = c
      }
      let tail = 1 - level
      let z = NormalAndRandomDraws.standardQuantile(tail)
      let threshold: Double
      switch method {
      case "historical":
        threshold = quantile(returns.sorted(), tail)
      case "normal":
        let (mean, deviation) = meanAndDeviation(returns)
        threshold = mean + z * deviation
      case "logNormal":
        let (mean, deviation) = meanAndDeviation(returns.map { Math.log(1 + $0) })
        threshold = Math.exp(mean + z * deviation) - 1
      default:
        let (mean, deviation) = meanAndDeviation(returns)
        var g = a.machine.random
        var draws = [Double](repeating: 0, count: simulations)
        for i in draws.indices { draws[i] = mean + deviation * RandomDistributions.normal(&g) }
        a.machine.random = g
        threshold = quantile(draws.sorted(), tail)
      }
      var sum = 0.0
      var count = 0
      for r in returns where r < threshold {
        sum += r
        count += 1
      }
      return .double(abs(count > 0 ? sum / Double(count) : threshold))
    }
  ]
}
