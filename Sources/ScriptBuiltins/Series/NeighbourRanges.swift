import ScriptRuntime

/// Comparisons with the neighbours: `topRange(X)` (how many elements just before each are all
/// smaller than it), `lowRange(X)` (all larger), `isPeak(X)` and `isValley(X)` (above or below
/// both neighbours), `maxPositiveStreak(X)` (the largest sum of a run of positive values).
enum NeighbourRanges {
  /// For each element, the length of the run just before it whose elements all `beat` it loses
  /// to; a stack of earlier elements keeps it one pass.
  static func ranges(_ xs: [Double], _ beats: (Double, Double) -> Bool) -> [Int64] {
    var out = [Int64](repeating: Int64.min, count: xs.count)
    var stack: [Int] = []
    var lastNull = -1
    for i in xs.indices {
      guard !xs[i].isNaN else {
        stack.removeAll()
        lastNull = i
        continue
      }
      while let top = stack.last, beats(xs[i], xs[top]) { stack.removeLast() }
      // The run reaches back to the last element not beaten, or to the last null.
      let start = (stack.last ?? lastNull) + 1
      out[i] = Int64(i - start)
      stack.append(i)
    }
    return out
  }

  static func range(_ name: String, _ beats: @escaping @Sendable (Double, Double) -> Bool) -> Builtin {
    Builtin(name, args: 1...1) { a throws(ScriptError) in
      let v = try Series.vector(a, 0, name)
      guard v.type.isNumeric || v.type.isTemporal else {
        throw ScriptError(RuntimeMessages.cannotTakeVector(name, of: v.type.name))
      }
      return .vector(Vector(type: .int, ints: ranges(v.doubles, beats)))
    }
  }

  /// Whether each element is strictly above (or below) both neighbours; the ends are not.
  static func turn(_ name: String, above: Bool) -> Builtin {
    Builtin(name, args: 1...1) { a throws(ScriptError) in
      let xs = try Series.vector(a, 0, name).doubles
      return .vector(
        Vector(
          bools: xs.indices.map { i in
            guard i > 0, i + 1 < xs.count, !xs[i - 1].isNaN, !xs[i].isNaN, !xs[i + 1].isNaN else { return false }
            return above ? xs[i] > xs[i - 1] && xs[i] > xs[i + 1] : xs[i] < xs[i - 1] && xs[i] < xs[i + 1]
          }))
    }
  }

  /// `mTopRange(X, window, [minPeriods])`, `mLowRange`: the same counts inside each window (at
  /// most window - 1), nulls counted as the smallest values.
  static func moving(_ name: String, _ beats: @escaping @Sendable (Double, Double) -> Bool) -> Builtin {
    Builtin(name, args: 2...3, parameterNames: ["X", "window", "minPeriods"]) { a throws(ScriptError) in
      let (v, w, minPeriods) = try MovingBuiltins.arguments(a, name)
      let xs = v.doubles.map { $0.isNaN ? -Double.infinity : $0 }
      let present = v.doubles.map { !$0.isNaN }
      var out = [Int64](repeating: Int64.min, count: xs.count)
      var inWindow = 0
      for i in xs.indices {
        if i % 4_096 == 0, a.machine.isInterrupted { throw Machine.interrupted() }
        if present[i] { inWindow += 1 }
        if i >= w, present[i - w] { inWindow -= 1 }
        guard Series.hasResult(i, count: inWindow, window: w, minPeriods: minPeriods), present[i] else { continue }
        var j = i - 1
        while j > i - w, j >= 0, beats(xs[i], xs[j]) { j -= 1 }
        out[i] = Int64(i - 1 - j)
      }
      return .vector(Vector(type: .int, ints: out))
    }
  }

  static let all: [Builtin] = [
    moving("mTopRange") { x, earlier in x > earlier },
    moving("mLowRange") { x, earlier in x < earlier },
    range("topRange") { x, earlier in x > earlier },
    range("lowRange") { x, earlier in x < earlier },
    turn("isPeak", above: true), turn("isValley", above: false),
    Builtin("maxPositiveStreak", args: 1...1, parameterNames: ["X"], isAggregate: true) { a throws(ScriptError) in
      var run = 0.0
      var best = 0.0
      for x in try Series.vector(a, 0, "maxPositiveStreak").doubles {
        run = x > 0 ? run + x : 0
        best = max(best, run)
      }
      return .double(best)
    },
  ]
}
