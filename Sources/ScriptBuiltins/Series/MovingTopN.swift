import ScriptRuntime

/// DolphinDB's moving TopN functions: in each window of the last `window` rows, the rows are
/// sorted (stably) by S, ascending unless told, rows whose S is null left out, and the first
/// `top` taken; the statistic is then computed over their X (or X and Y) values, nulls ignored.
/// Windows shorter than `window` at the start count too. When the top-th S value is shared by
/// more rows than places are left, `tiesMethod` picks among them: the 'oldest', the 'latest', or
/// 'all' of them. `msumTopN(X, S, window, top, [ascending], [tiesMethod])` and its kin
/// (`mavgTopN`, `mstdTopN`, `mstdpTopN`, `mvarTopN`, `mvarpTopN`, `mskewTopN`, `mkurtosisTopN`),
/// the pairwise `mcorrTopN(X, Y, S, ...)`, `mcovarTopN`, `mbetaTopN` (X regressed on Y) and
/// `mwsumTopN`, and `mpercentileTopN(X, S, percent, window, top, [interpolation], [ascending],
/// [tiesMethod])`. Also the positions themselves, as INT array vectors (`fixed`: each row padded
/// at its front with nulls to its full length): `movingTopNIndex(X, window, top, [ascending],
/// [fixed=false], [tiesMethod='oldest'])`, the chosen rows sorting X itself, in sorted order, and
/// `movingWindowIndex(X, window, [fixed=false])`, every row of each window. The selection is
/// TopNSelection's, shared with the cumulative and time-based families.
enum MovingTopN {
  typealias Ties = TopNSelection.Ties

  /// How the rows of each window are chosen.
  struct Choice {
    let window: Int
    let top: Int
    let ascending: Bool
    let ties: Ties
  }

  /// The window length, top and order arguments.
  static func choice(
    _ a: CallArguments, _ name: String, windowAt: Int, ascendingAt: Int, tiesAt: Int, ties: Ties
  ) throws(ScriptError) -> Choice {
    let w = try Series.window(a, windowAt, name)
    let top = try a.integer(windowAt + 1, "the top of '\(name)'")
    guard top >= 1, top <= w else { throw ScriptError(RuntimeMessages.topOutOfRange(name, top, window: w)) }
    let method = try TopNSelection.ties(a, tiesAt, name, fallback: ties)
    return Choice(window: w, top: top, ascending: a.has(ascendingAt) ? a[ascendingAt].isTruthy : true, ties: method)
  }

  /// Calls `visit` with each row and the rows chosen from its window, in sorted order.
  static func eachWindow(
    _ ranks: [Int], _ c: Choice, _ machine: Machine, _ visit: (Int, [Int]) -> Void
  ) throws(ScriptError) {
    try TopNSelection.eachWindow(
      ranks, start: { max(0, $0 - c.window + 1) }, top: { _ in c.top }, ascending: c.ascending, ties: c.ties, machine,
      visit)
  }

  /// A TopN function of one vector: `f` over the chosen non-null X values (`sameType`: an
  /// integral X gives LONG, as msumTopN does).
  static func single(
    _ name: String, ties: Ties = .oldest, sameType: Bool = false, _ f: @escaping @Sendable ([Double]) -> Double
  ) -> Builtin {
    single(name, ties: ties, sameType: sameType, moment: false) { xs, _ in f(xs) }
  }

  /// `moment`: `biased` (true by default) comes after `top`, as mskewTopN and mkurtosisTopN
  /// take it.
  static func single(
    _ name: String, ties: Ties = .oldest, sameType: Bool = false, moment: Bool,
    _ f: @escaping @Sendable ([Double], Bool) -> Double
  ) -> Builtin {
    let extra = moment ? 1 : 0
    let names = ["X", "S", "window", "top"] + (moment ? ["biased"] : []) + ["ascending", "tiesMethod"]
    return ColumnByColumn.wrap(
      Builtin(name, args: 4...(6 + extra), parameterNames: names) {
        a throws(ScriptError) in
        let x = try TopNSelection.numbers(a, 0, name)
        let s = try Series.vector(a, 1, name)
        try TopNSelection.sameLength(name, [x, s])
        let biased = moment && a.has(4) ? a[4].isTruthy : true
        let c = try choice(a, name, windowAt: 2, ascendingAt: 4 + extra, tiesAt: 5 + extra, ties: ties)
        let (r, machine) = (try TopNSelection.ranks(s, name), a.machine)
        let out = try TopNSelection.statistic(
          x.doubles,
          { visit throws(ScriptError) in
            try eachWindow(r, c, machine, visit)
          }, { f($0, biased) })
        // Integer sums are LONG, as DolphinDB's TopN sums are.
        return sameType && x.type.isIntegral ? Series.like(Vector.empty(.long), out) : Series.doubles(out)
      }, positions: [0, 1])
  }

  /// A TopN function of two vectors over the chosen pairs where both have values.
  static func paired(
    _ name: String, minimum: Int = 2, _ f: @escaping @Sendable ([Double], [Double]) -> Double
  ) -> Builtin {
    ColumnByColumn.wrap(
      Builtin(name, args: 5...7, parameterNames: ["X", "Y", "S", "window", "top", "ascending", "tiesMethod"]) {
        a throws(ScriptError) in
        let x = try TopNSelection.numbers(a, 0, name)
        let y = try TopNSelection.numbers(a, 1, name)
        let s = try Series.vector(a, 2, name)
        try TopNSelection.sameLength(name, [x, y, s])
        let c = try choice(a, name, windowAt: 3, ascendingAt: 5, tiesAt: 6, ties: .oldest)
        let (r, machine) = (try TopNSelection.ranks(s, name), a.machine)
        return Series.doubles(
          try TopNSelection.pairedStatistic(
            x.doubles, y.doubles, minimum: minimum,
            { visit throws(ScriptError) in
              try eachWindow(r, c, machine, visit)
            }, f))
      }, positions: [0, 1, 2])
  }

  static let percentile = ColumnByColumn.wrap(
    Builtin(
      "mpercentileTopN", args: 5...8,
      parameterNames: ["X", "S", "percent", "window", "top", "interpolation", "ascending", "tiesMethod"]
    ) { a throws(ScriptError) in
      let name = "mpercentileTopN"
      let x = try TopNSelection.numbers(a, 0, name)
      let s = try Series.vector(a, 1, name)
      try TopNSelection.sameLength(name, [x, s])
      guard let p = a[2].doubleValue, p >= 0, p <= 100 else {
        throw ScriptError(RuntimeMessages.percentileOutOfRange(name, ValueFormatter().format(a[2]), upper: 100))
      }
      let c = try choice(a, name, windowAt: 3, ascendingAt: 6, tiesAt: 7, ties: .oldest)
      let method = try StatisticsBuiltins.interpolation(a, 5)
      let xs = x.doubles
      var out = [Double](repeating: .nan, count: xs.count)
      try eachWindow(try TopNSelection.ranks(s, name), c, a.machine) { i, rows in
        let values = rows.map { xs[$0] }.filter { !$0.isNaN }
        if !values.isEmpty { out[i] = Statistics.quantile(values, p / 100, method) }
      }
      return Series.doubles(out)
    }, positions: [0, 1])

  /// Rows of positions as an INT array vector, each padded in front with nulls to `width` when
  /// `width` is given.
  static func indexRows(_ rows: [[Int]], width: Int?) -> Value {
    var ends: [Int] = []
    var flat: [Int64] = []
    ends.reserveCapacity(rows.count)
    for row in rows {
      if let width, row.count < width { flat += [Int64](repeating: Int64.min, count: width - row.count) }
      flat += row.map(Int64.init)
      ends.append(flat.count)
    }
    return .vector(
      Vector(type: .int, storage: .nested(NestedColumn(ends: ends, values: Vector(type: .int, ints: flat)))))
  }

  static let topNIndex = Builtin(
    "movingTopNIndex", args: 3...6, parameterNames: ["X", "window", "top", "ascending", "fixed", "tiesMethod"]
  ) { a throws(ScriptError) in
    let x = try Series.vector(a, 0, "movingTopNIndex")
    let c = try choice(a, "movingTopNIndex", windowAt: 1, ascendingAt: 3, tiesAt: 5, ties: .oldest)
    // Each row holds up to `top` positions (fixed rows exactly that): bound the whole first.
    try a.machine.checkAllocation(x.count, elementBytes: 8 * min(c.top, 1 << 40), "the result of 'movingTopNIndex'")
    var rows: [[Int]] = []
    rows.reserveCapacity(x.count)
    try eachWindow(try TopNSelection.ranks(x, "movingTopNIndex"), c, a.machine) { _, chosen in rows.append(chosen) }
    return indexRows(rows, width: a.has(4) && a[4].isTruthy ? c.top : nil)
  }

  /// Each of `count` rows' sliding window as positions, flattened, and where each row ends: the
  /// last `window` positions up to the row, `fixed` padding the first rows to the full width with
  /// -1 in front (movingWindowIndex and movingWindowData share it).
  static func windowPositions(
    count n: Int, window w: Int, fixed: Bool, _ name: String, _ machine: Machine
  ) throws(ScriptError) -> (ends: [Int], positions: [Int]) {
    // Each row holds up to `window` positions (fixed rows exactly that): bound the whole first.
    try machine.checkAllocation(
      n, elementBytes: 8 * min(w, fixed ? 1 << 40 : max(n, 1)), "the result of '\(name)'")
    var ends: [Int] = []
    var flat: [Int] = []
    ends.reserveCapacity(n)
    for i in 0..<n {
      if fixed && i + 1 < w { flat += repeatElement(-1, count: w - 1 - i) }
      for j in max(0, i - w + 1)...i { flat.append(j) }
      ends.append(flat.count)
    }
    return (ends, flat)
  }

  static let windowIndex = Builtin("movingWindowIndex", args: 2...3, parameterNames: ["X", "window", "fixed"]) {
    a throws(ScriptError) in
    let x = try Series.vector(a, 0, "movingWindowIndex")
    let w = try Series.window(a, 1, "movingWindowIndex")
    let (ends, positions) = try windowPositions(
      count: x.count, window: w, fixed: a.has(2) && a[2].isTruthy, "movingWindowIndex", a.machine)
    let flat = positions.map { $0 < 0 ? Int64.min : Int64($0) }
    return .vector(
      Vector(type: .int, storage: .nested(NestedColumn(ends: ends, values: Vector(type: .int, ints: flat)))))
  }

  static let all: [Builtin] = [
    topNIndex, windowIndex,
    single("msumTopN", sameType: true) { $0.reduce(0, +) },
    single("mavgTopN") { Statistics.mean($0) },
    single("mstdTopN") { Statistics.variance($0).squareRoot() },
    single("mstdpTopN") { Statistics.populationVariance($0).squareRoot() },
    single("mvarTopN") { Statistics.variance($0) },
    single("mvarpTopN") { Statistics.populationVariance($0) },
    single("mskewTopN", ties: .latest, moment: true) { Statistics.skew($0, biased: $1) },
    single("mkurtosisTopN", ties: .latest, moment: true) { Statistics.kurtosis($0, biased: $1) },
    paired("mcorrTopN") { Statistics.correlation($0, $1) },
    paired("mcovarTopN") { Statistics.covariance($0, $1) },
    paired("mcovarpTopN", minimum: 1) { Statistics.populationCovariance($0, $1) },
    paired("mbetaTopN") { x, y in Statistics.covariance(x, y) / Statistics.variance(y) },
    paired("mwsumTopN", minimum: 1) { x, y in zip(x, y).reduce(0) { $0 + $1.0 * $1.1 } },
    percentile,
  ]
}
