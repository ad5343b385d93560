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
    var out = [Double](repeating: .nan, count: xs.count)
    for i in xs.indices where !xs[i].isNaN {
      var below = 0
      var equal = 0
      var count = 0
      for j in max(0, i - w + 1)...i where !xs[j].isNaN {
        count += 1
        if xs[j] == xs[i] {
          equal += 1
        } else if ascending ? xs[j] < xs[i] : xs[j] > xs[i] {
          below += 1
        }
      }
      guard Series.hasResult(i, count: count, window: w, minPeriods: minPeriods) else { continue }
      // The element is the last of its equals in the window, so `first` ranks it after them.
      out[i] = rank(below: below, equal: equal, count: count, ties: ties, percent: percent)
    }
    return ranks(out, ties: ties, percent: percent)
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
