import ScriptRuntime

/// `mmad(X, window, [useMedian=false], [minPeriods])`, the mean (or median) absolute deviation
/// in each window, `demean(X)`, each value less the mean, and `cumPositiveStreak(X)`, the running
/// sum of the positive values since the last value that was not (a null ends a streak too).
enum DeviationAndStreaks {
  static let all: [Builtin] = [
    Builtin("mmad", args: 2...4, parameterNames: ["X", "window", "useMedian", "minPeriods"]) { a throws(ScriptError) in
      let xs = try TechnicalAnalysis.numbers(a, 0, "mmad")
      let w = try Series.window(a, 1, "mmad")
      let useMedian = a.has(2) && a[2].isTruthy
      let minPeriods = try Series.minPeriods(a, 3, window: w, "mmad")
      var out = [Double](repeating: .nan, count: xs.count)
      var values: [Double] = []
      for i in xs.indices {
        // Each window is read whole: a wide window over a long vector is a long loop.
        if i % 4_096 == 0, a.machine.isInterrupted { throw Machine.interrupted() }
        values.removeAll(keepingCapacity: true)
        for j in max(0, i - w + 1)...i where !xs[j].isNaN { values.append(xs[j]) }
        guard Series.hasResult(i, count: values.count, window: w, minPeriods: minPeriods) else { continue }
        if useMedian {
          let center = Statistics.median(values)
          out[i] = Statistics.median(values.map { abs($0 - center) })
        } else {
          let center = Statistics.mean(values)
          out[i] = Statistics.mean(values.map { abs($0 - center) })
        }
      }
      return Series.doubles(out)
    },
    Builtin("demean", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      let xs = try TechnicalAnalysis.numbers(a, 0, "demean")
      let mean = Statistics.mean(xs.filter { !$0.isNaN })
      return Series.doubles(xs.map { $0 - mean })
    },
    Builtin("cumPositiveStreak", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      let v = try Series.vector(a, 0, "cumPositiveStreak")
      guard v.type.isIntegral || v.type.isFloating, !v.isArrayVector else {
        throw ScriptError(RuntimeMessages.cannotTake("cumPositiveStreak", a[0].typeString))
      }
      var out = [Double](repeating: 0, count: v.count)
      var run = 0.0
      for (i, x) in v.doubles.enumerated() {
        run = x > 0 ? run + x : 0
        out[i] = run
      }
      // BOOL and CHAR count in INT; other types keep theirs.
      if v.type == .bool || v.type == .char || v.type == .short {
        return Series.like(Vector(type: .int, ints: []), out)
      }
      return Series.like(v, out)
    },
  ]
}
