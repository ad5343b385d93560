import ScriptRuntime
import ScriptSyntax

/// How an anomaly metric reads its rows, by where its columns stand: outside any aggregate
/// (`temp > 65`, `lt(qty, prev(qty))`: each row), only inside aggregates (`avg(qty) > 10`: each
/// window), or both (`qty > avg(qty)`: each row against the last window's aggregates).
enum MetricShape {
  case row
  case window
  case rowAgainstWindow

  /// DolphinDB's aggregate functions: one value from a column.
  static let aggregates: Set<String> = [
    "sum", "sum2", "sum3", "sum4", "avg", "mean", "min", "max", "count", "size", "std", "stdp", "var", "varp",
    "med", "median", "percentile", "quantile", "first", "last", "firstNot", "lastNot", "wavg", "wsum", "prod",
    "skew", "kurtosis", "corr", "covar", "beta", "mad", "nunique", "rms", "range", "mode", "atImax", "atImin",
    "imax", "imin", "spearmanr", "kendall", "sem", "contextCount", "contextSum", "countNanInf",
  ]

  static func isAggregateCall(_ e: Expr) -> Bool {
    switch e.kind {
    case .call(let callee, _):
      if case .name(let n) = callee.kind { return aggregates.contains(n) }
      return false
    case .methodCall(_, let name, _): return aggregates.contains(name)
    default: return false
    }
  }

  /// The shape of `e` over rows with `columns` (names compared without case).
  init(_ e: Expr, columns: Set<String>) {
    var aggregate = false
    var outside = false
    var stack = [e]
    while let x = stack.popLast() {
      if MetricShape.isAggregateCall(x) {
        aggregate = true
        continue
      }
      if case .name(let n) = x.kind, columns.contains(n.lowercased()) { outside = true }
      stack += x.children
    }
    self = !aggregate ? .row : (outside ? .rowAgainstWindow : .window)
  }

  /// `e` with each aggregate call replaced by a bound value, and those calls by their keys.
  static func liftingAggregates(_ e: Expr) -> (Expr, [(key: String, call: Expr)]) {
    var lifted: [(key: String, call: Expr)] = []
    func walk(_ e: Expr) -> Expr {
      if isAggregateCall(e) {
        let key = MetaCode.newKey()
        lifted.append((key, e))
        return Expr(.bound(key), e.range)
      }
      func args(_ a: [Argument]) -> [Argument] {
        a.map { Argument(name: $0.name, value: $0.value.map(walk), alias: $0.alias) }
      }
      switch e.kind {
      case .unary(let op, let x): return Expr(.unary(op: op, walk(x)), e.range)
      case .binary(let op, let l, let r): return Expr(.binary(op: op, walk(l), walk(r)), e.range)
      case .comparisonChain(let xs, let ops): return Expr(.comparisonChain(xs.map(walk), ops), e.range)
      case .call(let callee, let a): return Expr(.call(callee, args(a)), e.range)
      case .methodCall(let receiver, let name, let a):
        return Expr(.methodCall(receiver: walk(receiver), name: name, args(a)), e.range)
      case .index(let base, let indices): return Expr(.index(walk(base), indices.map(walk)), e.range)
      case .bracketVector(let items): return Expr(.bracketVector(items.map(walk)), e.range)
      case .tuple(let items): return Expr(.tuple(items.map(walk)), e.range)
      default: return e
      }
    }
    return (walk(e), lifted)
  }
}
