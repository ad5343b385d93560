import ScriptRuntime

/// `aggrTopN(func, funcArgs, sortingCol, top, [ascending=true])`: the aggregate `func` over the
/// rows of funcArgs that come first when sortingCol is sorted (stably, so ties keep their order;
/// nulls are the smallest values). `top` is a count, or a fraction in (0, 1) of the rows (at
/// least one); funcArgs is one vector or a tuple of them, scalars passed as they are.
enum AggregateTopN {
  static let builtin = Builtin(
    "aggrTopN", args: 4...5, parameterNames: ["func", "funcArgs", "sortingCol", "top", "ascending"],
    isAggregate: true
  ) { a throws(ScriptError) in
    let name = "aggrTopN"
    let f = try a.function(0, "the func of 'aggrTopN'")
    let s = try Series.vector(a, 2, name)
    // Null sorting values rank -1, below every other.
    let ranks = try TopNSelection.ranks(s, name)
    let top = try TimeTopN.topArgument(a, 3, name)
    let ascending = a.has(4) ? a[4].isTruthy : true
    let n = s.count
    let order = (0..<n).sorted { i, j in
      ranks[i] != ranks[j] ? (ascending ? ranks[i] < ranks[j] : ranks[i] > ranks[j]) : i < j
    }
    let taken = Array(order.prefix(top.of(n)))
    let given: [Value]
    if case .tuple(let items) = a[1] { given = items } else { given = [a[1]] }
    var arguments: [Value] = []
    for v in given {
      switch v {
      case .vector(let vec), .pair(let vec):
        guard vec.count == n else { throw ScriptError(RuntimeMessages.incompatibleSizes(name, n, vec.count)) }
        arguments.append(.vector(vec.gather(taken)))
      case let scalar where scalar.isScalar:
        arguments.append(scalar)
      default:
        throw ScriptError(RuntimeMessages.cannotTake(name, v.typeString))
      }
    }
    let r = try a.machine.call(f, arguments)
    guard r.isScalar else {
      throw ScriptError(RuntimeMessages.mustReturnScalar("the func of 'aggrTopN'", got: r.typeString))
    }
    return r
  }
}
