import ScriptRuntime

/// The moving statistics that come in two forms, over the last `window` elements
/// (`mvar(X, window, [minPeriods])`) and over a time window (`tmvar(T, X, window)`), computed in one
/// slide of window summaries (`SlidingSummaries`) or of the sorted window (`SortedWindow`):
/// linear in the length however wide the window. Nulls are left out of every window.
enum MovingStatistics {
  /// A call's values and windows: which elements each window holds and whether it has a result
  /// when it holds `count` values (a count window from `minPeriods` values or once full, a time
  /// window once it has one).
  struct Windows {
    let vector: Vector
    let extent: WindowExtent
    let window: Int?
    let minPeriods: Int?

    func hasResult(_ i: Int, _ count: Int) -> Bool {
      guard let window else { return count > 0 }
      return Series.hasResult(i, count: count, window: window, minPeriods: minPeriods)
    }

    /// `(X, window, [minPeriods])` with minPeriods at `minPeriodsAt`.
    static func counted(_ a: CallArguments, _ name: String, minPeriodsAt: Int = 2) throws(ScriptError) -> Windows {
      let v = try Series.vector(a, 0, name)
      let w = try Series.window(a, 1, name)
      return Windows(
        vector: v, extent: .count(w), window: w, minPeriods: try Series.minPeriods(a, minPeriodsAt, window: w, name))
    }

    /// `(T, X, window)`: X at 1, the window at `windowAt`.
    static func timed(_ a: CallArguments, _ name: String, windowAt: Int = 2) throws(ScriptError) -> Windows {
      let v = try Series.vector(a, 1, name)
      let starts = try TimeMovingBuiltins.windowStarts(a, name, count: v.count, windowAt: windowAt)
      return Windows(vector: v, extent: .starts(starts), window: nil, minPeriods: nil)
    }
  }

  /// X as doubles, integers less their first non-null value (exactly, in 64 bits) when
  /// `centred`: what moments are made of, which a shift does not change, and a LONG past 2^53
  /// would lose digits to before its deviations are taken.
  static func values(_ v: Vector, centred: Bool) -> [Double] {
    guard centred, v.type.isIntegral, v.type != .bool, v.type != .char else { return v.doubles }
    let ints = v.int64s
    guard let reference = ints.first(where: { $0 != Int64.min }) else { return v.doubles }
    var out = [Double](repeating: .nan, count: ints.count)
    for i in ints.indices where ints[i] != Int64.min {
      let (d, overflow) = ints[i].subtractingReportingOverflow(reference)
      if overflow { return v.doubles }
      out[i] = Double(d)
    }
    return out
  }

  /// Each window's `result` from the summary of its values, null where it has none.
  static func results<S: WindowSummary>(
    _ xs: [Double], _ windows: Windows, _ machine: Machine, leaf: (Double) -> S, count: (S) -> Int,
    result: (S) -> Double
  ) throws(ScriptError) -> [Double] {
    var out = [Double](repeating: .nan, count: xs.count)
    try SlidingSummaries<S>.slide(count: xs.count, extent: windows.extent, machine: machine, leaf: { leaf(xs[$0]) }) {
      i, s in
      if windows.hasResult(i, count(s)) { out[i] = result(s) }
    }
    return out
  }

  /// How a pair of functions computes its results from X's values (as `values` gives them) and
  /// its windows.
  typealias Computation = @Sendable ([Double], Windows, Machine) throws(ScriptError) -> [Double]

  /// Results from each window's summary (`SlidingSummaries`).
  static func summarised<S: WindowSummary>(
    leaf: @escaping @Sendable (Double) -> S, count: @escaping @Sendable (S) -> Int,
    result: @escaping @Sendable (S) -> Double
  ) -> Computation {
    { xs, windows, machine throws(ScriptError) in
      try results(xs, windows, machine, leaf: leaf, count: count, result: result)
    }
  }

  /// Results from each window's power sums (`WindowPowerSums`).
  static func moments(_ result: @escaping @Sendable (WindowPowerSums) -> Double) -> Computation {
    { xs, windows, machine throws(ScriptError) in
      var out = [Double](repeating: .nan, count: xs.count)
      try slideSums(WindowPowerSums(xs), count: xs.count, extent: windows.extent, machine: machine) {
        i, s in
        if windows.hasResult(i, s.count) { out[i] = result(s) }
      }
      return out
    }
  }

  /// `m<name>(X, window, [minPeriods])` and `tm<name>(T, X, window)`; `sameType`: mX's result has
  /// X's integral type (as `mprod`'s does, not `tmprod`'s); `centred`: the values as `values`
  /// centres them (for moments, which a shift does not change).
  static func pair(
    _ name: String, sameType: Bool = false, centred: Bool = false, _ compute: @escaping Computation
  ) -> [Builtin] {
    @Sendable func body(_ a: inout CallArguments, _ windows: Windows, sameType: Bool) throws(ScriptError) -> Value {
      let out = try compute(values(windows.vector, centred: centred), windows, a.machine)
      return sameType ? Series.like(windows.vector, out) : Series.doubles(out)
    }
    return [
      Builtin("m" + name, args: 2...3, parameterNames: ["X", "window", "minPeriods"]) { a throws(ScriptError) in
        try body(&a, try .counted(a, "m" + name), sameType: sameType)
      },
      Builtin("tm" + name, args: 3...3, parameterNames: ["T", "X", "window"]) { a throws(ScriptError) in
        try body(&a, try .timed(a, "tm" + name), sameType: false)
      },
    ]
  }

  /// `mskew(X, window, [biased=true], [minPeriods])`, `tmskew(T, X, window, [biased=true])` and
  /// their kurtosis: the flag comes before minPeriods, as DolphinDB places it.
  static func moment(_ name: String, _ result: @escaping @Sendable (FourMoments, Bool) -> Double) -> [Builtin] {
    @Sendable func body(_ a: inout CallArguments, _ windows: Windows, biasedAt: Int) throws(ScriptError) -> Value {
      let biased = a.has(biasedAt) ? a[biasedAt].isTruthy : true
      return Series.doubles(
        try results(
          values(windows.vector, centred: true), windows, a.machine, leaf: FourMoments.init, count: { Int($0.n) },
          result: { result($0, biased) }))
    }
    return [
      Builtin("m" + name, args: 2...4, parameterNames: ["X", "window", "biased", "minPeriods"]) {
        a throws(ScriptError) in
        try body(&a, try .counted(a, "m" + name, minPeriodsAt: 3), biasedAt: 2)
      },
      Builtin("tm" + name, args: 3...4, parameterNames: ["T", "X", "window", "biased"]) { a throws(ScriptError) in
        try body(&a, try .timed(a, "tm" + name), biasedAt: 3)
      },
    ]
  }

  /// How a function of two vectors computes its results from them, its windows and whether a
  /// window with so many pairs has a result.
  typealias PairedComputation =
    @Sendable ([Double], [Double], WindowExtent, Machine, (Int, Int) -> Bool) throws(ScriptError) -> [Double]

  /// Results from each window's summary of its pairs (`SlidingSummaries`).
  static func summarisedPairs<S: WindowSummary>(
    leaf: @escaping @Sendable (Double, Double) -> S, count: @escaping @Sendable (S) -> Int,
    result: @escaping @Sendable (S) -> Double
  ) -> PairedComputation {
    { x, y, extent, machine, has throws(ScriptError) in
      var out = [Double](repeating: .nan, count: x.count)
      try SlidingSummaries<S>.slide(count: x.count, extent: extent, machine: machine, leaf: { leaf(x[$0], y[$0]) }) {
        i, s in
        if has(i, count(s)) { out[i] = result(s) }
      }
      return out
    }
  }

  /// Results from each window's sums of its pairs (`WindowPairSums`).
  static func pairMoments(_ result: @escaping @Sendable (WindowPairSums) -> Double) -> PairedComputation {
    { x, y, extent, machine, has throws(ScriptError) in
      var out = [Double](repeating: .nan, count: x.count)
      try slideSums(WindowPairSums(x, y), count: x.count, extent: extent, machine: machine) { i, s in
        if has(i, s.count) { out[i] = result(s) }
      }
      return out
    }
  }

  /// A function of two vectors over each window's pairs where both are non-null (`mcorr`,
  /// `tmcorr`, ...): from the first full window, or once the window holds `minPeriods` such
  /// pairs when given (and at least `minimum`, what the result needs).
  static func paired(
    _ name: String, _ names: [String] = ["X", "Y"], minimum: Int = 2, centred: Bool = false,
    _ compute: @escaping PairedComputation
  ) -> [Builtin] {
    @Sendable func vectors(_ a: CallArguments, _ at: Int, _ name: String) throws(ScriptError) -> ([Double], [Double]) {
      let x = values(try Series.vector(a, at, name), centred: centred)
      let y = values(try Series.vector(a, at + 1, name), centred: centred)
      guard x.count == y.count else { throw ScriptError(RuntimeMessages.incompatibleSizes(name, x.count, y.count)) }
      return (x, y)
    }
    return [
      Builtin("m" + name, args: 3...4, parameterNames: names + ["window", "minPeriods"]) { a throws(ScriptError) in
        let (x, y) = try vectors(a, 0, "m" + name)
        let w = try Series.window(a, 2, "m" + name)
        let minPeriods = try Series.minPeriods(a, 3, window: w, "m" + name)
        return Series.doubles(
          try compute(x, y, .count(w), a.machine) { i, count in
            (minPeriods != nil || i + 1 >= w) && count >= max(minimum, minPeriods ?? 0)
          })
      },
      Builtin("tm" + name, args: 4...4, parameterNames: ["T"] + names + ["window"]) { a throws(ScriptError) in
        let (x, y) = try vectors(a, 1, "tm" + name)
        let starts = try TimeMovingBuiltins.windowStarts(a, "tm" + name, count: x.count)
        return Series.doubles(try compute(x, y, .starts(starts), a.machine) { _, count in count >= minimum })
      },
    ]
  }

  static let variances: [Builtin] =
    pair("var", centred: true, moments(\.variance))
    + pair("std", centred: true, moments { $0.variance.squareRoot() })
    + pair("varp", centred: true, moments(\.populationVariance))
    + pair("stdp", centred: true, moments { $0.populationVariance.squareRoot() })

  static let sums: [Builtin] =
    pair("prod", sameType: true, summarised(leaf: WindowProduct.init, count: { Int($0.count) }, result: \.product))
    + pair(
      "sum2",
      summarised(
        leaf: { $0.isNaN ? .empty : WindowSums(count: 1, sum: $0 * $0) }, count: { Int($0.count) }, result: \.sum))

  static let shapes: [Builtin] = moment("skew") { $0.skew(biased: $1) } + moment("kurtosis") { $0.kurtosis(biased: $1) }

  static let covariances: [Builtin] =
    paired("corr", centred: true, pairMoments(\.correlation))
    + paired("covar", centred: true, pairMoments(\.covariance))
    + paired("covarp", minimum: 1, centred: true, pairMoments(\.populationCovariance))
    + paired("beta", ["Y", "X"], centred: true, pairMoments(\.slopeOnSecond))

  static let weightedSums: [Builtin] =
    paired(
      "wavg", minimum: 1,
      summarisedPairs(leaf: weighted, count: { Int($0.count) }) { $0.weights == 0 ? .nan : $0.sum / $0.weights })
    + paired("wsum", minimum: 1, summarisedPairs(leaf: weighted, count: { Int($0.count) }, result: \.sum))

  static let all: [Builtin] =
    variances + sums + shapes + covariances + weightedSums + MovingOrderStatistics.all + [timedAverage]

  /// `tmavg(T, X, window)`; mavg is a running sum (MovingBuiltins).
  static let timedAverage = Builtin("tmavg", args: 3...3, parameterNames: ["T", "X", "window"]) {
    a throws(ScriptError) in
    let windows = try Windows.timed(a, "tmavg")
    return Series.doubles(
      try results(
        windows.vector.doubles, windows, a.machine, leaf: { $0.isNaN ? .empty : WindowSums(count: 1, sum: $0) },
        count: { Int($0.count) }, result: { $0.sum / $0.count }))
  }

  /// A pair's weighted value and weight, when both are non-null.
  @Sendable static func weighted(_ x: Double, _ w: Double) -> WindowSums {
    x.isNaN || w.isNaN ? .empty : WindowSums(count: 1, sum: x * w, weights: w)
  }
}
