import ScriptRuntime

/// DolphinDB's `crossStat(X, Y)`: the sums a correlation or regression of Y on X is built from,
/// over the pairs where both have values, as a tuple (count, sum(X), sum(Y), sum2(X), sum2(Y),
/// sum(X*Y)). The count is INT and the sums DOUBLE; with no pairs the sums are 0, so the tuples
/// of several parts (map-reduce over partitions) add up.
enum CrossStatistics {
  static let builtin = Builtin("crossStat", args: 2...2, parameterNames: ["X", "Y"]) { a throws(ScriptError) in
    let x = try Series.vector(a, 0, "crossStat")
    let y = try Series.vector(a, 1, "crossStat")
    for v in [x, y] where !(v.type.isNumeric || v.type == .void) {
      throw ScriptError(RuntimeMessages.cannotTake("crossStat", v.typeName))
    }
    guard x.count == y.count else {
      throw ScriptError(RuntimeMessages.incompatibleSizes("crossStat", x.count, y.count))
    }
    let (xs, ys) = (x.doubles, y.doubles)
    var count = 0
    var (sx, sy, sxx, syy, sxy) = (0.0, 0.0, 0.0, 0.0, 0.0)
    for i in xs.indices where !xs[i].isNaN && !ys[i].isNaN {
      let (p, q) = (xs[i], ys[i])
      count += 1
      sx += p
      sy += q
      sxx += p * p
      syy += q * q
      sxy += p * q
    }
    return .tuple([.int(count), .double(sx), .double(sy), .double(sxx), .double(syy), .double(sxy)])
  }
}
