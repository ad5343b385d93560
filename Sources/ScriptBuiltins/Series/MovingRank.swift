import ScriptRuntime

/// `mrank(X, ascending, window, [ignoreNA=true], [tiesMethod='min'], [percent=false], [minPeriods])`:
/// the rank of each element among the non-null elements of its window (0 the smallest when
/// ascending); null where the element is null or the window is not yet full.
enum MovingRank {
  static let builtin = Builtin(
    "mrank", args: 3...7,
    parameterNames: ["X", "ascending", "window", "ignoreNA", "tiesMethod", "percent", "minPeriods"]
  ) { a throws(ScriptError) in
    let xs = try Series.vector(a, 0, "mrank").doubles
    let ascending = a.has(1) ? a[1].isTruthy : true
    let w = try Series.window(a, 2, "mrank")
    let ties = try Series.tiesMethod(a, 4, "mrank")
    let percent = a.has(5) && a[5].isTruthy
    let minPeriods = try Series.minPeriods(a, 6, window: w, "mrank")
    let out = try windowRanks(
      xs, extent: .count(w), ascending: ascending, ties: ties, percent: percent, machine: a.machine
    ) { i, count in Series.hasResult(i, count: count, window: w, minPeriods: minPeriods) }
    return ranks(out, ties: ties, percent: percent)
  }

  /// Each non-null element's rank among its window's non-null values (NaN the nulls), where
  /// `has(i, count)` says the window has a result.
  static func windowRanks(
    _ xs: [Double], extent: WindowExtent, ascending: Bool, ties: String, percent: Bool, machine: Machine,
    has: (Int, Int) -> Bool
  ) throws(ScriptError) -> [Double] {
    var out = [Double](repeating: .nan, count: xs.count)
    try SortedWindow.slide(xs, extent: extent, machine: machine) { i, window in
      let x = xs[i]
      let count = window.values.count
      guard !x.isNaN, has(i, count) else { return }
      let (low, high) = (window.lowerBound(x), window.upperBound(x))
      // The element is the last of its equals in the window, so `first` ranks it after them.
      out[i] = rank(
        below: ascending ? low : count - high, equal: high - low, count: count, ties: ties, percent: percent)
    }
    return out
  }

  /// An element's rank in its window from how many are below it and equal to it (itself
  /// included, the last of them), by `ties` (`min`, `max`, `first`, `average`).
  static func rank(below: Int, equal: Int, count: Int, ties: String, percent: Bool) -> Double {
    let r: Double
    switch ties {
    case "max", "first": r = Double(below + equal - 1)
    case "average": r = Double(below) + Double(equal - 1) / 2
    default: r = Double(below)
    }
    return percent ? (r + 1) / Double(count) : r
  }

  /// The ranks as DolphinDB types them: INT, DOUBLE for percents and averages.
  static func ranks(_ out: [Double], ties: String, percent: Bool) -> Value {
    if percent || ties == "average" { return Series.doubles(out) }
    return .vector(Vector(type: .int, ints: out.map { $0.isNaN ? Int64.min : Int64($0) }))
  }
}
