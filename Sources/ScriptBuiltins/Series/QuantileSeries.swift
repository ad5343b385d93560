import ScriptRuntime

/// `quantileSeries(X, q, [interpolation='linear'])`: X's quantile at each q (a scalar gives a
/// scalar), nulls left out, interpolated between neighbours as `quantile` does.
enum QuantileSeries {
  static let builtin = Builtin("quantileSeries", args: 2...3, parameterNames: ["X", "q", "interpolation"]) {
    a throws(ScriptError) in
    let name = "quantileSeries"
    let sorted = try TechnicalAnalysis.numbers(a, 0, name).filter { !$0.isNaN }.sorted()
    let qs = try TechnicalAnalysis.numbers(a, 1, name)
    guard qs.allSatisfy({ $0 >= 0 && $0 <= 1 }) else {
      throw ScriptError(RuntimeMessages.testArgumentInvalid(name, "q must be between 0 and 1"))
    }
    var method = Statistics.Interpolation.linear
    if a.has(2) {
      guard let m = Statistics.Interpolation(rawValue: try a.text(2, "the interpolation of '\(name)'")) else {
        throw ScriptError(
          RuntimeMessages.testArgumentInvalid(
            name, "interpolation must be 'linear', 'lower', 'higher', 'nearest' or 'midpoint'"))
      }
      method = m
    }
    let out = qs.map { Statistics.quantile(sorted: sorted, $0, method) }
    return a[1].isScalar ? .double(out[0]) : .vector(Vector(doubles: out))
  }
}
