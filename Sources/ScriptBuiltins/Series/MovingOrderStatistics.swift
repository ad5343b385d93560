import ScriptRuntime

/// The moving statistics of order: medians, percentiles, extremes and the first and last values
/// of each window, from the window's sorted values (`SortedWindow`) or a summary of positions
/// (`SlidingSummaries`), over count windows and time windows (`MovingStatistics.Windows`).
enum MovingOrderStatistics {
  typealias Windows = MovingStatistics.Windows

  /// `mmed`/`tmmed`, `mpercentile`/`tmpercentile`: from the window's sorted values.
  static func sorted(
    _ a: CallArguments, _ windows: Windows, _ value: (SortedWindow) -> Double
  ) throws(ScriptError) -> Value {
    var out = [Double](repeating: .nan, count: windows.vector.count)
    try SortedWindow.slide(windows.vector.doubles, extent: windows.extent, machine: a.machine) { i, window in
      if windows.hasResult(i, window.values.count) { out[i] = value(window) }
    }
    return Series.doubles(out)
  }

  /// The middle value of sorted values (the mean of the two middle ones), as `Statistics.median`.
  static func median(_ s: SortedWindow) -> Double {
    let n = s.values.count
    return n % 2 == 1 ? s.values[n / 2] : (s.values[n / 2 - 1] + s.values[n / 2]) / 2
  }

  /// The percent argument at `i`, 0 to 100.
  static func percent(_ a: CallArguments, _ i: Int, _ name: String) throws(ScriptError) -> Double {
    guard let p = a[i].doubleValue, p >= 0, p <= 100 else {
      throw ScriptError(RuntimeMessages.percentileOutOfRange(name, ValueFormatter().format(a[i]), upper: 100))
    }
    return p
  }

  static let medians: [Builtin] = [
    Builtin("mmed", args: 2...3, parameterNames: ["X", "window", "minPeriods"]) { a throws(ScriptError) in
      try sorted(a, try Windows.counted(a, "mmed"), median)
    },
    Builtin("tmmed", args: 3...3, parameterNames: ["T", "X", "window"]) { a throws(ScriptError) in
      try sorted(a, try Windows.timed(a, "tmmed"), median)
    },
    // mpercentile(X, percent, window, [interpolation], [minPeriods]).
    Builtin("mpercentile", args: 3...5, parameterNames: ["X", "percent", "window", "interpolation", "minPeriods"]) {
      a throws(ScriptError) in
      let v = try Series.vector(a, 0, "mpercentile")
      let p = try percent(a, 1, "mpercentile")
      let w = try Series.window(a, 2, "mpercentile")
      let method = try StatisticsBuiltins.interpolation(a, 3)
      let minPeriods = try Series.minPeriods(a, 4, window: w, "mpercentile")
      let windows = Windows(vector: v, extent: .count(w), window: w, minPeriods: minPeriods)
      return try sorted(a, windows) { Statistics.quantile(sorted: $0.values, p / 100, method) }
    },
    // tmpercentile(T, X, percent, window, [interpolation]).
    Builtin("tmpercentile", args: 4...5, parameterNames: ["T", "X", "percent", "window", "interpolation"]) {
      a throws(ScriptError) in
      let p = try percent(a, 2, "tmpercentile")
      let method = try StatisticsBuiltins.interpolation(a, 4)
      let windows = try Windows.timed(a, "tmpercentile", windowAt: 3)
      return try sorted(a, windows) { Statistics.quantile(sorted: $0.values, p / 100, method) }
    },
  ]

  /// Each window's largest value's position (`larger`; else the smallest's), -1 where the
  /// window has no result; the first among equal ones, or the last when `last`.
  static func extremes(
    _ xs: [Double], _ windows: Windows, _ machine: Machine, larger: Bool, last: Bool
  ) throws(ScriptError) -> [Int] {
    func positions<S: WindowExtreme>(_: S.Type) throws(ScriptError) -> [Int] {
      var picks = [Int](repeating: -1, count: xs.count)
      try SlidingSummaries<S>.slide(
        count: xs.count, extent: windows.extent, machine: machine, leaf: { S(larger ? xs[$0] : -xs[$0], at: $0) }
      ) { i, s in
        if windows.hasResult(i, s.count) { picks[i] = s.position }
      }
      return picks
    }
    return last ? try positions(LastLargest.self) : try positions(FirstLargest.self)
  }

  /// `mmax`, `mimax` and kin: the window's largest (or smallest) value, as the element itself or
  /// its position counted from the start of a full window; among equal ones the first, or the
  /// last (`mimaxLast`).
  static func extreme(_ name: String, larger: Bool, position: Bool, last: Bool = false) -> Builtin {
    Builtin(name, args: 2...3, parameterNames: ["X", "window", "minPeriods"]) { a throws(ScriptError) in
      let windows = try Windows.counted(a, name)
      let w = windows.window ?? 1
      let picks = try extremes(windows.vector.doubles, windows, a.machine, larger: larger, last: last)
      guard position else { return .vector(windows.vector.gather(picks)) }
      // DolphinDB counts a window's positions from its first element, a full window's.
      return .vector(
        Vector(type: .int, ints: picks.indices.map { i in picks[i] < 0 ? Int64.min : Int64(picks[i] - (i - w + 1)) }))
    }
  }

  /// `tmmax`, `tmmin`: the window's largest (smallest) value, integers kept exactly.
  static func timedExtreme(_ name: String, larger: Bool) -> Builtin {
    Builtin(name, args: 3...3, parameterNames: ["T", "X", "window"]) { a throws(ScriptError) in
      let windows = try Windows.timed(a, name)
      let xs = windows.vector.doubles
      return picked(windows.vector, try extremes(xs, windows, a.machine, larger: larger, last: false))
    }
  }

  /// `mfirst`, `mlast`: the window's first (last) non-null value.
  static func end(_ name: String, first: Bool) -> Builtin {
    Builtin(name, args: 2...3, parameterNames: ["X", "window", "minPeriods"]) { a throws(ScriptError) in
      let windows = try Windows.counted(a, name)
      let xs = windows.vector.doubles
      var picks = [Int](repeating: -1, count: xs.count)
      try SlidingSummaries<WindowEnds>.slide(
        count: xs.count, extent: windows.extent, machine: a.machine,
        leaf: { WindowEnds(present: !xs[$0].isNaN, at: $0) }
      ) { i, s in
        if windows.hasResult(i, s.count) { picks[i] = first ? s.first : s.last }
      }
      return picked(windows.vector, picks)
    }
  }

  /// The elements at `picks` (-1: null) as `Series.like` types a result from X: integers as INT
  /// or LONG (exactly), anything else as DOUBLE.
  static func picked(_ v: Vector, _ picks: [Int]) -> Value {
    guard v.type.isIntegral, v.type != .bool, v.type != .char else {
      let xs = v.doubles
      return Series.doubles(picks.map { $0 < 0 ? .nan : xs[$0] })
    }
    let ints = v.int64s
    return .vector(Vector(type: v.type == .long ? .long : .int, ints: picks.map { $0 < 0 ? Int64.min : ints[$0] }))
  }

  static let all: [Builtin] =
    medians + [
      extreme("mmax", larger: true, position: false), extreme("mmin", larger: false, position: false),
      extreme("mimax", larger: true, position: true), extreme("mimin", larger: false, position: true),
      extreme("mimaxLast", larger: true, position: true, last: true),
      extreme("miminLast", larger: false, position: true, last: true),
      timedExtreme("tmmax", larger: true), timedExtreme("tmmin", larger: false),
      end("mfirst", first: true), end("mlast", first: false),
    ]
}
