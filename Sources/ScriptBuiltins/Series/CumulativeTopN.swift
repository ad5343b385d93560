import ScriptRuntime

/// DolphinDB's cumulative TopN functions: at each row, all rows up to it are sorted (stably) by
/// S and the first `top` taken, as TopNSelection does (ties at the cut 'latest' unless told);
/// the statistic is computed over their X (or X and Y) values, nulls ignored.
/// `cumsumTopN(X, S, top, [ascending=true], [tiesMethod='latest'])` (integers sum to LONG) and
/// `cumavgTopN`, `cumstdTopN`, `cumstdpTopN`, `cumvarTopN`, `cumvarpTopN`;
/// `cumskewTopN(X, S, top, [biased=true], [ascending], [tiesMethod])` and `cumkurtosisTopN`;
/// the pairwise `cumcorrTopN(X, Y, S, top, ...)`, `cumcovarTopN`, `cumwsumTopN` and
/// `cumbetaTopN(Y, X, S, top, ...)` (Y regressed on X). A matrix goes column by column.
enum CumulativeTopN {
  /// The top argument: a positive integer.
  static func topCount(_ a: CallArguments, _ i: Int, _ name: String) throws(ScriptError) -> Int {
    guard case .int(let v, let t) = a[i], t.isIntegral, t != .bool, v != Value.nullInt, v >= 1 else {
      throw ScriptError(RuntimeMessages.topNeedsCount(name, got: ValueFormatter().format(a[i])))
    }
    return Int(v)
  }

  /// A function of X's taken values; `moment` adds the `biased` argument after top.
  static func single(
    _ name: String, moment: Bool = false, sum: Bool = false, _ f: @escaping @Sendable ([Double], Bool) -> Double
  ) -> Builtin {
    let names = ["X", "S", "top"] + (moment ? ["biased"] : []) + ["ascending", "tiesMethod"]
    let at = moment ? 4 : 3  // where ascending is
    return ColumnByColumn.wrap(
      Builtin(name, args: 3...names.count, parameterNames: names) { a throws(ScriptError) in
        let x = try TopNSelection.numbers(a, 0, name)
        let s = try Series.vector(a, 1, name)
        try TopNSelection.sameLength(name, [x, s])
        let top = try topCount(a, 2, name)
        let biased = moment && a.has(3) ? a[3].isTruthy : true
        let ascending = a.has(at) ? a[at].isTruthy : true
        let ties = try TopNSelection.ties(a, at + 1, name, fallback: .latest)
        let (ranks, machine) = (try TopNSelection.ranks(s, name), a.machine)
        let out = try TopNSelection.statistic(
          x.doubles,
          { visit throws(ScriptError) in
            try TopNSelection.eachCumulativeWindow(
              ranks, top: top, ascending: ascending, ties: ties, machine, visit)
          }
        ) { f($0, biased) }
        // Integer sums are LONG, as DolphinDB's TopN sums are.
        return sum && x.type.isIntegral ? Series.like(Vector.empty(.long), out) : Series.doubles(out)
      }, positions: [0, 1])
  }

  /// A function of the taken pairs where X and Y both have values (`first`, `second`: the
  /// names DolphinDB gives them).
  static func paired(
    _ name: String, _ first: String = "X", _ second: String = "Y", minimum: Int = 2,
    _ f: @escaping @Sendable ([Double], [Double]) -> Double
  ) -> Builtin {
    ColumnByColumn.wrap(
      Builtin(name, args: 4...6, parameterNames: [first, second, "S", "top", "ascending", "tiesMethod"]) {
        a throws(ScriptError) in
        let x = try TopNSelection.numbers(a, 0, name)
        let y = try TopNSelection.numbers(a, 1, name)
        let s = try Series.vector(a, 2, name)
        try TopNSelection.sameLength(name, [x, y, s])
        let top = try topCount(a, 3, name)
        let ascending = a.has(4) ? a[4].isTruthy : true
        let ties = try TopNSelection.ties(a, 5, name, fallback: .latest)
        let (ranks, machine) = (try TopNSelection.ranks(s, name), a.machine)
        return Series.doubles(
          try TopNSelection.pairedStatistic(
            x.doubles, y.doubles, minimum: minimum,
            { visit throws(ScriptError) in
              try TopNSelection.eachCumulativeWindow(
                ranks, top: top, ascending: ascending, ties: ties, machine, visit)
            }, f))
      }, positions: [0, 1, 2])
  }

  static let all: [Builtin] = [
    single("cumsumTopN", sum: true) { xs, _ in xs.reduce(0, +) },
    single("cumavgTopN") { xs, _ in Statistics.mean(xs) },
    single("cumstdTopN") { xs, _ in Statistics.variance(xs).squareRoot() },
    single("cumstdpTopN") { xs, _ in Statistics.populationVariance(xs).squareRoot() },
    single("cumvarTopN") { xs, _ in Statistics.variance(xs) },
    single("cumvarpTopN") { xs, _ in Statistics.populationVariance(xs) },
    single("cumskewTopN", moment: true) { Statistics.skew($0, biased: $1) },
    single("cumkurtosisTopN", moment: true) { Statistics.kurtosis($0, biased: $1) },
    paired("cumcorrTopN") { Statistics.correlation($0, $1) },
    paired("cumcovarTopN") { Statistics.covariance($0, $1) },
    paired("cumcovarpTopN", minimum: 1) { Statistics.populationCovariance($0, $1) },
    paired("cumbetaTopN", "Y", "X") { y, x in Statistics.covariance(y, x) / Statistics.variance(x) },
    paired("cumwsumTopN", minimum: 1) { x, y in zip(x, y).reduce(0) { $0 + $1.0 * $1.1 } },
  ]
}
