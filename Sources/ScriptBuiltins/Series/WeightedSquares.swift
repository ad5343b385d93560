import ScriptRuntime

/// `wsum2(X, Y)`: the weighted sum of squares, the sum of X^2 * Y over the pairs where both
/// have values; DOUBLE even for integers, null when no pair has both. A matrix gives one a
/// column, as the other aggregates do.
enum WeightedSquares {
  static let builtin = Builtin("wsum2", args: 2...2, parameterNames: ["X", "Y"], isAggregate: true) {
    a throws(ScriptError) in
    let x = try Series.vector(a, 0, "wsum2")
    let y = try Series.vector(a, 1, "wsum2")
    for v in [x, y] where !(v.type.isNumeric || v.type == .void) {
      throw ScriptError(RuntimeMessages.needsNumber("wsum2", got: v.typeName))
    }
    guard x.count == y.count || y.count == 1 || x.count == 1 else {
      throw ScriptError(RuntimeMessages.incompatibleSizes("wsum2", x.count, y.count))
    }
    // A scalar on one side weighs (or is squared against) every element of the other.
    let n = max(x.count, y.count)
    let (xd, yd) = (x.doubles, y.doubles)
    var s = 0.0
    var seen = false
    for i in 0..<n {
      let (v, w) = (xd[x.count == 1 ? 0 : i], yd[y.count == 1 ? 0 : i])
      if !v.isNaN && !w.isNaN {
        s += v * v * w
        seen = true
      }
    }
    return .double(seen ? s : .nan)
  }
}
