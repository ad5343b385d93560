import ScriptRuntime

/// More time-based window functions over TimeMovingBuiltins' windows (the rows up to each row
/// whose time lies in (T[i] - window, T[i]]): `tmove(T, X, window)`, X as it stood `window`
/// before each row (at the last row at or before that time; null when there is none);
/// `tmrank(T, X, ascending, window, [ignoreNA=true], [tiesMethod='min'], [percent=false])`, each
/// element's rank in its window; `tmTopRange(T, X, window)` and `tmLowRange`, how many elements
/// just before each in its window are all smaller (or larger) than it, nulls counting as the
/// smallest values, null where the window has no value at all.
enum TimeWindows {
  static let move = Builtin("tmove", args: 3...3, parameterNames: ["T", "X", "window"]) { a throws(ScriptError) in
    let v = try Series.vector(a, 1, "tmove")
    // A window's first row is the first after the time `window` before, so the row before it is
    // the one that stood then.
    let starts = try TimeMovingBuiltins.windowStarts(a, "tmove", count: v.count)
    return .vector(v.gather(starts.map { $0 - 1 }))
  }

  static let rank = Builtin(
    "tmrank", args: 4...7, parameterNames: ["T", "X", "ascending", "window", "ignoreNA", "tiesMethod", "percent"]
  ) { a throws(ScriptError) in
    let v = try Series.vector(a, 1, "tmrank")
    guard (v.type.isNumeric || v.type.isTemporal || v.type == .void), !v.isArrayVector else {
      throw ScriptError(RuntimeMessages.cannotTakeVector("tmrank", of: v.typeName))
    }
    let starts = try TimeMovingBuiltins.windowStarts(a, "tmrank", count: v.count, windowAt: 3)
    let ascending = a.has(2) ? a[2].isTruthy : true
    let ignoreNA = a.has(4) ? a[4].isTruthy : true
    let ties = try Series.tiesMethod(a, 5, "tmrank")
    let percent = a.has(6) && a[6].isTruthy
    // Nulls that take part rank as the smallest values.
    let xs = v.doubles.map { $0.isNaN && !ignoreNA ? -Double.infinity : $0 }
    let out = try MovingRank.windowRanks(
      xs, extent: .starts(starts), ascending: ascending, ties: ties, percent: percent, machine: a.machine
    ) { _, _ in true }
    return MovingRank.ranks(out, ties: ties, percent: percent)
  }

  /// `tmTopRange` (`beats` is >) or `tmLowRange` (<).
  static func range(_ name: String, _ beats: @escaping @Sendable (Double, Double) -> Bool) -> Builtin {
    Builtin(name, args: 3...3, parameterNames: ["T", "X", "window"]) { a throws(ScriptError) in
      let v = try Series.vector(a, 1, name)
      guard (v.type.isNumeric || v.type.isTemporal || v.type == .void), !v.isArrayVector else {
        throw ScriptError(RuntimeMessages.cannotTakeVector(name, of: v.typeName))
      }
      let starts = try TimeMovingBuiltins.windowStarts(a, name, count: v.count)
      let counts = TimeMovingBuiltins.presentCounts(v)
      let xs = v.doubles.map { $0.isNaN ? -Double.infinity : $0 }
      var out = [Int64](repeating: Int64.min, count: xs.count)
      for i in xs.indices where counts[i + 1] > counts[starts[i]] {
        if i % 4_096 == 0, a.machine.isInterrupted { throw Machine.interrupted() }
        var j = i - 1
        while j >= starts[i], beats(xs[i], xs[j]) { j -= 1 }
        out[i] = Int64(i - 1 - j)
      }
      return .vector(Vector(type: .int, ints: out))
    }
  }

  static let all: [Builtin] = [
    move, rank, range("tmTopRange") { x, earlier in x > earlier }, range("tmLowRange") { x, earlier in x < earlier },
  ]
}
