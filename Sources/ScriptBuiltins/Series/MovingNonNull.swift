import ScriptRuntime

/// Moving windows that look for values: `mfirstNot(X, window, [k], [minPeriods])` and `mlastNot`
/// (the window's first or last element that is neither null nor k, null if none), `mifirstNot(X,
/// window, [minPeriods])` and `milastNot` (the first or last non-null position, counted from the
/// start of a full window, -1 if none), and
/// `mmaxPositiveStreak(X, window)` (the largest sum of a run of positive values in the window).
/// A window has a result once it holds `minPeriods` elements (the window unless given), nulls
/// included, as DolphinDB's -1 for an all-null window shows.
enum MovingNonNull {
  /// For each position, the window's first (or last) non-null position, -1 for none, or nil
  /// while the window is too short.
  /// `skipsK`: the function takes k before minPeriods (`mfirstNot`, `mlastNot`).
  static func picks(
    _ a: CallArguments, _ name: String, last: Bool, skipsK: Bool = false
  ) throws(ScriptError) -> (Vector, Int, [Int?]) {
    let v = try Series.vector(a, 0, name)
    let w = try Series.window(a, 1, name)
    let minPeriods = try Series.minPeriods(a, skipsK ? 3 : 2, window: w, name)
    guard !v.isArrayVector else { throw ScriptError(RuntimeMessages.arrayVectorNotTaken(name)) }
    let skipped = SkippedValues.mask(v, skipping: skipsK ? try SkippedValues.k(a, 2, name) : nil)
    let needed = minPeriods ?? w
    // The latest non-null position up to each index makes `last` one step; `first` walks forward
    // from the window's start to the next non-null, known from the right.
    var previous = [Int](repeating: -1, count: v.count)
    var following = [Int](repeating: Int.max, count: v.count)
    var seen = -1
    for i in 0..<v.count {
      if !skipped[i] { seen = i }
      previous[i] = seen
    }
    var next = Int.max
    for i in stride(from: v.count - 1, through: 0, by: -1) {
      if !skipped[i] { next = i }
      following[i] = next
    }
    var out = [Int?](repeating: nil, count: v.count)
    for i in 0..<v.count where min(i + 1, w) >= needed {
      let start = max(0, i - w + 1)
      let found = last ? previous[i] : following[start]
      out[i] = found >= start && found <= i ? found : -1
    }
    return (v, w, out)
  }

  static func value(_ name: String, last: Bool) -> Builtin {
    ColumnByColumn.wrap(
      Builtin(name, args: 2...4, parameterNames: ["X", "window", "k", "minPeriods"]) { a throws(ScriptError) in
        let (v, _, found) = try picks(a, name, last: last, skipsK: true)
        return .vector(v.gather(found.map { $0 ?? -1 }))
      })
  }

  static func position(_ name: String, last: Bool) -> Builtin {
    ColumnByColumn.wrap(
      Builtin(name, args: 2...3, parameterNames: ["X", "window", "minPeriods"]) { a throws(ScriptError) in
        let (_, w, found) = try picks(a, name, last: last)
        return .vector(
          Vector(
            type: .int,
            ints: found.enumerated().map { i, f in
              guard let f else { return Int64.min }
              // As mimax does, positions count from where a full window would start.
              guard f >= 0 else { return -1 }
              // A window far longer than the data puts the position past INT: null.
              let r = Int128(f) - Int128(i) + Int128(w) - 1
              return r <= Int128(Int32.max) ? Int64(r) : Int64.min
            }))
      })
  }

  static let streak = ColumnByColumn.wrap(
    Builtin("mmaxPositiveStreak", args: 2...2, parameterNames: ["X", "window"]) { a throws(ScriptError) in
      let v = try Series.vector(a, 0, "mmaxPositiveStreak")
      guard v.type.isNumeric, !v.isArrayVector else {
        throw ScriptError(RuntimeMessages.needsNumber("mmaxPositiveStreak", got: v.typeName))
      }
      let w = try Series.window(a, 1, "mmaxPositiveStreak")
      let xs = v.doubles
      var out = [Double](repeating: .nan, count: xs.count)
      for i in xs.indices where i + 1 >= w {
        if i % 4_096 == 0, a.machine.isInterrupted { throw Machine.interrupted() }
        var run = 0.0
        var best = 0.0
        for j in (i - w + 1)...i {
          run = xs[j] > 0 ? run + xs[j] : 0
          best = max(best, run)
        }
        out[i] = best
      }
      return Series.like(v.type == .bool || v.type == .char || v.type == .short ? Vector.empty(.int) : v, out)
    })

  static let all: [Builtin] = [
    value("mfirstNot", last: false), value("mlastNot", last: true),
    position("mifirstNot", last: false), position("milastNot", last: true), streak,
  ]
}
