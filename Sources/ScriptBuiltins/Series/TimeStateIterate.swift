import ScriptRuntime

/// `genericTStateIterate(T, X, initial, window, func, [leftClosed=false])`: genericStateIterate
/// over time windows. Rows whose time is in [T[0], T[0] + window) take `initial`; every later
/// row k is `func(results, X1[k], ..., Xn[k])` where `results` are the earlier results whose
/// times lie in (T[k-1] - window, T[k-1]] ([T[k-1] - window, T[k-1]] when leftClosed), the window
/// ending at the row before. T rises (ties allowed) with no nulls; the window is a count of T's
/// unit or a duration, as for the tm-functions.
enum TimeStateIterate {
  static let builtin = Builtin(
    "genericTStateIterate", args: 5...6, parameterNames: ["T", "X", "initial", "window", "func", "leftClosed"]
  ) { a throws(ScriptError) in
    let name = "genericTStateIterate"
    let times = try Series.vector(a, 0, name)
    let type = times.type
    guard (type.isTemporal || type.isIntegral) && type != .bool, !times.isArrayVector else {
      throw ScriptError(RuntimeMessages.timeWindowNeedsTimes(name, got: times.typeName))
    }
    let n = times.count
    let initial: Vector
    switch a[2] {
    case .vector(let v) where !v.isArrayVector: initial = v
    case let v where v.isScalar: initial = try column(v, name).gather([Int](repeating: 0, count: n))
    default: throw ScriptError(RuntimeMessages.cannotTake(name, a[2].typeString))
    }
    guard initial.count == n else { throw ScriptError(RuntimeMessages.incompatibleSizes(name, n, initial.count)) }
    let xs = try StateIterate.iterationColumns(a, 1, count: n, name)
    let edgeOf = try TimeMovingBuiltins.edge(a[3], type, name)
    let f = try a.function(4, "the func of 'genericTStateIterate'")
    let leftClosed = a.has(5) && a[5].isTruthy
    let ts = times.int64s
    for i in 0..<n {
      guard ts[i] != Int64.min else { throw ScriptError(RuntimeMessages.timeWindowNullTime(name, row: i)) }
      if i > 0 && ts[i] < ts[i - 1] { throw ScriptError(RuntimeMessages.timeWindowNotRising(name, row: i)) }
    }
    // The first window's end, T[0] + window; beyond the type's range every row is in it.
    var initialEnd: Int64?
    if n > 0 {
      if case .duration(let d) = a[3] {
        initialEnd = Temporal.add(ts[0], type, d.count, unit: d.unit)
      } else if let w = a[3].intValue {
        let (e, overflow) = ts[0].addingReportingOverflow(w)
        initialEnd = overflow ? nil : e
      }
    }
    var results: [Value] = []
    results.reserveCapacity(n)
    var lo = 0
    for k in 0..<n {
      if k % 256 == 0, a.machine.isInterrupted { throw Machine.interrupted() }
      guard let end = initialEnd, ts[k] >= end, k > 0 else {
        results.append(initial[k])
        continue
      }
      // Earlier rows at or before the edge (before it when leftClosed) have left the window; an
      // edge below the type's range keeps them all. The row before is always in it.
      if let e = edgeOf(ts[k - 1]), e != Int64.min {
        while lo < k - 1 && (leftClosed ? ts[lo] < e : ts[lo] <= e) { lo += 1 }
      }
      let state = collectTyped(Array(results[lo..<k]), empty: initial.type)
      results.append(try StateIterate.iterationStep(f, state, xs, k, name, a.machine))
    }
    return collectTyped(results, empty: initial.type == .void ? .double : initial.type)
  }
}
