import ScriptRuntime

/// `conditionalFilter(X, condition, filterMap)`: true where condition is a key of filterMap and
/// X is among that key's values (a scalar, a vector of them, or a pair standing for the closed
/// range between its ends), as `where conditionalFilter(sym, date, wanted)` picks rows.
enum ConditionalFilter {
  static let builtin = Builtin("conditionalFilter", args: 3...3, parameterNames: ["X", "condition", "filterMap"]) {
    a throws(ScriptError) in
    guard case .dictionary(let filters) = a[2] else {
      throw ScriptError(RuntimeMessages.mustBeDictionary("the filterMap of 'conditionalFilter'", got: a[2].typeString))
    }
    let xs = HigherOrder.elements(a[0])
    let conditions = HigherOrder.elements(a[1])
    let n = xs?.count ?? conditions?.count ?? 1
    if let xs, let conditions, xs.count != conditions.count {
      throw ScriptError(RuntimeMessages.incompatibleSizes("conditionalFilter", xs.count, conditions.count))
    }
    // Each key's accepted values, hashed once; a pair is a range.
    var accepted: [ScalarKey: Set<ScalarKey>] = [:]
    var ranges: [ScalarKey: (Value, Value)] = [:]
    for (key, value) in zip(filters.keys, filters.values) {
      guard let k = ScalarKey(key) else { continue }
      switch value {
      case .pair(let bounds): ranges[k] = (bounds[0], bounds[1])
      case .vector(let v): accepted[k] = Set((0..<v.count).compactMap { ScalarKey(v[$0]) })
      case .tuple(let items): accepted[k] = Set(items.compactMap { ScalarKey($0) })
      default:
        if let one = ScalarKey(value) { accepted[k] = [one] }
      }
    }
    var out = [Bool](repeating: false, count: n)
    for i in 0..<n {
      let x = xs?[i] ?? a[0]
      guard let c = ScalarKey(conditions?[i] ?? a[1]), let key = ScalarKey(x) else { continue }
      if let (lo, hi) = ranges[c] {
        out[i] = !x.isNull && Comparison.order(x, lo) >= 0 && Comparison.order(x, hi) <= 0
      } else if let set = accepted[c] {
        out[i] = set.contains(key)
      }
    }
    if xs == nil && conditions == nil { return .bool(out[0]) }
    return .vector(Vector(bools: out))
  }
}
