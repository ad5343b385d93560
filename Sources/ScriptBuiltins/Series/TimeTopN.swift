import ScriptRuntime

/// DolphinDB's time-based TopN functions: each row's window is the rows up to it whose time lies
/// in (T[i] - window, T[i]] (TimeMovingBuiltins' windows), sorted (stably) by S and the first
/// `top` taken, as TopNSelection does (ties at the cut 'latest' unless told); the statistic is
/// computed over their X (or X and Y) values, nulls ignored. `top` is a count, or a fraction in
/// (0, 1) of the window's rows (at least one). `tmsumTopN(T, X, S, window, top, [ascending=true],
/// [tiesMethod='latest'])` (integers sum to LONG) and `tmavgTopN`, `tmstdTopN`, `tmstdpTopN`,
/// `tmvarTopN`, `tmvarpTopN`; `tmskewTopN(T, X, S, window, top, [biased=true], [ascending],
/// [tiesMethod])` and `tmkurtosisTopN`; the pairwise `tmcorrTopN(T, X, Y, S, window, top, ...)`,
/// `tmcovarTopN`, `tmwsumTopN` and `tmbetaTopN` (X regressed on Y, as `tmbeta(T, Y, X)` orders
/// them).
enum TimeTopN {
  enum Top {
    case count(Int)
    case fraction(Double)

    /// How many rows a window of `rows` rows takes.
    func of(_ rows: Int) -> Int {
      switch self {
      case .count(let k): return k
      case .fraction(let f): return max(1, Int((Double(rows) * f).rounded(.down)))
      }
    }
  }

  /// The top argument: a positive integer, or a floating fraction strictly between 0 and 1.
  static func topArgument(_ a: CallArguments, _ i: Int, _ name: String) throws(ScriptError) -> Top {
    switch a[i] {
    case .int(let v, let t) where t.isIntegral && t != .bool && v != Value.nullInt && v >= 1: return .count(Int(v))
    case .double(let d, _) where d > 0 && d < 1: return .fraction(d)
    default: throw ScriptError(RuntimeMessages.topNeedsCountOrFraction(name, got: ValueFormatter().format(a[i])))
    }
  }

  /// The windows of a call whose times are argument 0, window and top at `windowAt` and after.
  static func timeWindows(
    _ a: CallArguments, _ name: String, _ s: Vector, windowAt: Int, ascending: Bool, ties: TopNSelection.Ties
  ) throws(ScriptError) -> TopNSelection.Windows {
    let starts = try TimeMovingBuiltins.windowStarts(a, name, count: s.count, windowAt: windowAt)
    let top = try topArgument(a, windowAt + 1, name)
    let (ranks, machine) = (try TopNSelection.ranks(s, name), a.machine)
    return { visit throws(ScriptError) in
      try TopNSelection.eachWindow(
        ranks, start: { starts[$0] }, top: { top.of($0 - starts[$0] + 1) }, ascending: ascending, ties: ties,
        machine, visit)
    }
  }

  /// A function of X's taken values; `moment` adds the `biased` argument after top.
  static func single(
    _ name: String, moment: Bool = false, sum: Bool = false, _ f: @escaping @Sendable ([Double], Bool) -> Double
  ) -> Builtin {
    let names = ["T", "X", "S", "window", "top"] + (moment ? ["biased"] : []) + ["ascending", "tiesMethod"]
    let at = moment ? 6 : 5  // where ascending is
    return Builtin(name, args: 5...names.count, parameterNames: names) { a throws(ScriptError) in
      let x = try TopNSelection.numbers(a, 1, name)
      let s = try Series.vector(a, 2, name)
      try TopNSelection.sameLength(name, [x, s])
      let biased = moment && a.has(5) ? a[5].isTruthy : true
      let ascending = a.has(at) ? a[at].isTruthy : true
      let ties = try TopNSelection.ties(a, at + 1, name, fallback: .latest)
      let windows = try timeWindows(a, name, s, windowAt: 3, ascending: ascending, ties: ties)
      let out = try TopNSelection.statistic(x.doubles, windows) { f($0, biased) }
      // Integer sums are LONG, as DolphinDB's TopN sums are.
      return sum && x.type.isIntegral ? Series.like(Vector.empty(.long), out) : Series.doubles(out)
    }
  }

  /// A function of the taken pairs where X and Y both have values.
  static func paired(
    _ name: String, minimum: Int = 2, _ f: @escaping @Sendable ([Double], [Double]) -> Double
  ) -> Builtin {
    Builtin(name, args: 6...8, parameterNames: ["T", "X", "Y", "S", "window", "top", "ascending", "tiesMethod"]) {
      a throws(ScriptError) in
      let x = try TopNSelection.numbers(a, 1, name)
      let y = try TopNSelection.numbers(a, 2, name)
      let s = try Series.vector(a, 3, name)
      try TopNSelection.sameLength(name, [x, y, s])
      let ascending = a.has(6) ? a[6].isTruthy : true
      let ties = try TopNSelection.ties(a, 7, name, fallback: .latest)
      let windows = try timeWindows(a, name, s, windowAt: 4, ascending: ascending, ties: ties)
      return Series.doubles(try TopNSelection.pairedStatistic(x.doubles, y.doubles, minimum: minimum, windows, f))
    }
  }

  static let all: [Builtin] = [
    single("tmsumTopN", sum: true) { xs, _ in xs.reduce(0, +) },
    single("tmavgTopN") { xs, _ in Statistics.mean(xs) },
    single("tmstdTopN") { xs, _ in Statistics.variance(xs).squareRoot() },
    single("tmstdpTopN") { xs, _ in Statistics.populationVariance(xs).squareRoot() },
    single("tmvarTopN") { xs, _ in Statistics.variance(xs) },
    single("tmvarpTopN") { xs, _ in Statistics.populationVariance(xs) },
    single("tmskewTopN", moment: true) { Statistics.skew($0, biased: $1) },
    single("tmkurtosisTopN", moment: true) { Statistics.kurtosis($0, biased: $1) },
    paired("tmcorrTopN") { Statistics.correlation($0, $1) },
    paired("tmcovarTopN") { Statistics.covariance($0, $1) },
    paired("tmcovarpTopN", minimum: 1) { Statistics.populationCovariance($0, $1) },
    paired("tmbetaTopN") { x, y in Statistics.covariance(x, y) / Statistics.variance(y) },
    paired("tmwsumTopN", minimum: 1) { x, y in zip(x, y).reduce(0) { $0 + $1.0 * $1.1 } },
  ]
}
