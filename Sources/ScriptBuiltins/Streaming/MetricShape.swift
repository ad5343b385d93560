import ScriptRuntime
import ScriptSyntax

/// How an anomaly metric reads its rows, by where its columns stand: outside any aggregate
/// (`temp > 65`, `lt(qty, prev(qty))`: each row), only inside aggregates (`avg(qty) > 10`: each
/// window), or both (`qty > avg(qty)`: each row against the last window's aggregates).
enum MetricShape {
  case row
  case window
  case rowAgainstWindow

  /// DolphinDB's aggregate functions (one value from a column) beside those the registry marks.
  static let aggregates: Set<String> = [
    "sum", "sum2", "sum3", "sum4", "avg", "mean", "min", "max", "count", "size", "std", "stdp", "var", "varp",
    "med", "median", "percentile", "quantile", "first", "last", "firstNot", "lastNot", "wavg", "wsum", "prod",
    "skew", "kurtosis", "corr", "covar", "covarp", "beta", "mad", "nunique", "rms", "range", "mode", "atImax", "atImin",
    "imax", "imin", "spearmanr", "kendall", "sem", "contextCount", "contextSum", "countNanInf",
  ]

  static func isAggregateCall(_ e: Expr, _ m: Machine) -> Bool {
    func aggregate(_ n: String) -> Bool { aggregates.contains(n) || m.registry[n]?.isAggregate == true }
    switch e.kind {
    case .call(let callee, _):
      if case .name(let n) = callee.kind { return aggregate(n) }
      return false
    case .methodCall(_, let name, _): return aggregate(name)
    default: return false
    }
  }

  /// The shape of `e` over rows with `columns` (names compared without case).
  init(_ e: Expr, columns: Set<String>, _ m: Machine) {
    var aggregate = false
    var outside = false
    var stack = [e]
    while let x = stack.popLast() {
      if MetricShape.isAggregateCall(x, m) {
        aggregate = true
        continue
      }
      if case .name(let n) = x.kind, columns.contains(n.lowercased()) { outside = true }
      stack += x.children
    }
    self = !aggregate ? .row : (outside ? .rowAgainstWindow : .window)
  }

  /// `e` with each aggregate call replaced by a bound value, and those calls by their keys.
  static func liftingAggregates(_ e: Expr, _ m: Machine) -> (Expr, [(key: String, call: Expr)]) {
    var lifted: [(key: String, call: Expr)] = []
    let expr = e.rewritten { x in
      guard isAggregateCall(x, m) else { return nil }
      let key = MetaCode.newKey()
      lifted.append((key, x))
      return Expr(.bound(key), x.range)
    }
    return (expr, lifted)
  }
}
