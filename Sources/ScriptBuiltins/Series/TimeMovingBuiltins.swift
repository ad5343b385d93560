import ScriptRuntime

/// Time-based moving windows, DolphinDB's tm-functions: `tmsum(T, X, window)` and its kin
/// compute at each row over the rows up to it whose time lies in (T[i] - window, T[i]],
/// ignoring null values. T rises (ties allowed) and has no nulls; the window is a count of T's
/// unit or a duration (`3d`, `5m`, `1M`: the window's edge is `temporalAdd(T[i], -window)`).
enum TimeMovingBuiltins {
  /// The first row of each row's window: the times are argument `timesAt` (the first unless
  /// said), the window the last argument unless `windowAt` says.
  static func windowStarts(
    _ a: CallArguments, _ name: String, count: Int, timesAt: Int = 0, windowAt: Int? = nil
  ) throws(ScriptError) -> [Int] {
    let times = try Series.vector(a, timesAt, name)
    let type = times.type
    guard (type.isTemporal || type.isIntegral) && type != .bool, !times.isArrayVector else {
      throw ScriptError(RuntimeMessages.timeWindowNeedsTimes(name, got: times.typeName))
    }
    guard times.count == count else { throw ScriptError(RuntimeMessages.incompatibleSizes(name, times.count, count)) }
    let edgeOf = try edge(a[windowAt ?? a.count - 1], type, name)
    let ts = times.int64s
    var starts = [Int](repeating: 0, count: count)
    var lo = 0
    for i in 0..<count {
      guard ts[i] != Int64.min else { throw ScriptError(RuntimeMessages.timeWindowNullTime(name, row: i)) }
      if i > 0 && ts[i] < ts[i - 1] { throw ScriptError(RuntimeMessages.timeWindowNotRising(name, row: i)) }
      // Rows at or before the edge have left the window; an edge below the type's range keeps all.
      if let e = edgeOf(ts[i]), e != Int64.min {
        while lo < i && ts[lo] <= e { lo += 1 }
      }
      starts[i] = lo
    }
    return starts
  }

  /// The window's left edge (excluded) for a time: T - window for a count of T's unit, or
  /// `temporalAdd(T, -window)` for a duration.
  static func edge(_ window: Value, _ type: DataType, _ name: String) throws(ScriptError) -> @Sendable (Int64) -> Int64?
  {
    if case .duration(let d) = window {
      guard d.count > 0 else { throw ScriptError(RuntimeMessages.windowMustBePositive(name, Int(clamping: d.count))) }
      guard type.isTemporal, Temporal.add(0, type, -d.count, unit: d.unit) != nil else {
        throw ScriptError(RuntimeMessages.timeWindowUnit(name, d.description, type.name))
      }
      let (count, unit) = (d.count, d.unit)
      return { t in Temporal.add(t, type, -count, unit: unit) }
    }
    guard let w = window.intValue, w > 0, w != Int64.min else {
      throw ScriptError(RuntimeMessages.windowMustBePositive(name, Int(clamping: window.intValue ?? 0)))
    }
    return { t in
      let (e, overflow) = t.subtractingReportingOverflow(w)
      return overflow ? nil : e
    }
  }

  /// A tm-function that reduces the non-null values of each window to one number (`sameType`:
  /// the result has X's integral type, as `tmmax` does).
  static func reducing(
    _ name: String, sameType: Bool = false, _ reduce: @escaping @Sendable ([Double]) -> Double
  ) -> Builtin {
    reducing(name, sameType: sameType, moment: false) { xs, _ in reduce(xs) }
  }

  /// `moment`: a fourth parameter `biased` (true by default), as tmskew and tmkurtosis take.
  static func reducing(
    _ name: String, sameType: Bool = false, moment: Bool, _ reduce: @escaping @Sendable ([Double], Bool) -> Double
  ) -> Builtin {
    Builtin(name, args: 3...(moment ? 4 : 3), parameterNames: ["T", "X", "window"] + (moment ? ["biased"] : [])) {
      a throws(ScriptError) in
      let biased = a.has(3) ? a[3].isTruthy : true
      let v = try Series.vector(a, 1, name)
      let starts = try windowStarts(a, name, count: v.count, windowAt: 2)
      let xs = v.doubles
      var out = [Double](repeating: .nan, count: xs.count)
      var values: [Double] = []
      for i in xs.indices {
        if i % 4_096 == 0, a.machine.isInterrupted { throw Machine.interrupted() }
        values.removeAll(keepingCapacity: true)
        for j in starts[i]...i where !xs[j].isNaN { values.append(xs[j]) }
        if !values.isEmpty { out[i] = reduce(values, biased) }
      }
      return sameType ? Series.like(v, out) : Series.doubles(out)
    }
  }

  /// `tmsum`: integers summed exactly into LONG, other numbers into DOUBLE; from running sums,
  /// so one pass however wide the windows.
  static let sum = Builtin("tmsum", args: 3...3, parameterNames: ["T", "X", "window"]) { a throws(ScriptError) in
    let v = try Series.vector(a, 1, "tmsum")
    let starts = try windowStarts(a, "tmsum", count: v.count)
    let counts = presentCounts(v)
    guard v.type.isIntegral else {
      var sums = [Double](repeating: 0, count: v.count + 1)
      for (i, x) in v.doubles.enumerated() { sums[i + 1] = sums[i] + (x.isNaN ? 0 : x) }
      return Series.doubles(
        (0..<v.count).map { i in counts[i + 1] == counts[starts[i]] ? .nan : sums[i + 1] - sums[starts[i]] })
    }
    var sums = [Int128](repeating: 0, count: v.count + 1)
    for (i, x) in v.int64s.enumerated() { sums[i + 1] = sums[i] + (x == Int64.min ? 0 : Int128(x)) }
    return .vector(
      Vector(
        type: .long,
        ints: (0..<v.count).map { i in
          let s = sums[i + 1] - sums[starts[i]]
          guard counts[i + 1] > counts[starts[i]], s <= Int128(Int64.max), s > Int128(Int64.min) else {
            return Int64.min
          }
          return Int64(s)
        }))
  }

  /// How many non-null elements come before each position (one more entry than elements).
  static func presentCounts(_ v: Vector) -> [Int] {
    var counts = [Int](repeating: 0, count: v.count + 1)
    for i in 0..<v.count { counts[i + 1] = counts[i] + (v.isNull(i) ? 0 : 1) }
    return counts
  }

  /// `tmfirst`, `tmlast`: the window's first or last element, null or not.
  static func end(_ name: String, first: Bool) -> Builtin {
    Builtin(name, args: 3...3, parameterNames: ["T", "X", "window"]) { a throws(ScriptError) in
      let v = try Series.vector(a, 1, name)
      let starts = try windowStarts(a, name, count: v.count)
      return .vector(v.gather((0..<v.count).map { first ? starts[$0] : $0 }))
    }
  }

  /// A tm-function of two vectors (`tmcorr`, `tmcovar`, `tmbeta`, `tmwavg`, `tmwsum`) over the
  /// window's pairs where both are non-null.
  static func paired(
    _ name: String, _ names: [String] = ["X", "Y"], minimum: Int = 2,
    _ f: @escaping @Sendable ([Double], [Double]) -> Double
  ) -> Builtin {
    Builtin(name, args: 4...4, parameterNames: ["T"] + names + ["window"]) { a throws(ScriptError) in
      let x = try Series.vector(a, 1, name).doubles
      let y = try Series.vector(a, 2, name).doubles
      guard x.count == y.count else { throw ScriptError(RuntimeMessages.incompatibleSizes(name, x.count, y.count)) }
      let starts = try windowStarts(a, name, count: x.count)
      var out = [Double](repeating: .nan, count: x.count)
      for i in x.indices {
        if i % 4_096 == 0, a.machine.isInterrupted { throw Machine.interrupted() }
        var xs: [Double] = []
        var ys: [Double] = []
        for j in starts[i]...i where !x[j].isNaN && !y[j].isNaN {
          xs.append(x[j])
          ys.append(y[j])
        }
        if xs.count >= minimum { out[i] = f(xs, ys) }
      }
      return Series.doubles(out)
    }
  }

  static let all: [Builtin] = [
    sum,
    reducing("tmsum2") { $0.reduce(0) { $0 + $1 * $1 } },
    reducing("tmavg") { $0.reduce(0, +) / Double($0.count) },
    Builtin("tmcount", args: 3...3, parameterNames: ["T", "X", "window"]) { a throws(ScriptError) in
      let v = try Series.vector(a, 1, "tmcount")
      let starts = try windowStarts(a, "tmcount", count: v.count)
      let counts = presentCounts(v)
      return .vector(Vector(type: .int, ints: (0..<v.count).map { i in Int64(counts[i + 1] - counts[starts[i]]) }))
    },
    reducing("tmmax", sameType: true) { $0.max() ?? .nan },
    reducing("tmmin", sameType: true) { $0.min() ?? .nan },
    reducing("tmprod") { $0.reduce(1, *) },
    reducing("tmmed") { Statistics.median($0) },
    reducing("tmvar") { Statistics.variance($0) },
    reducing("tmstd") { Statistics.variance($0).squareRoot() },
    reducing("tmvarp") { Statistics.populationVariance($0) },
    reducing("tmstdp") { Statistics.populationVariance($0).squareRoot() },
    reducing("tmskew", moment: true) { Statistics.skew($0, biased: $1) },
    reducing("tmkurtosis", moment: true) { Statistics.kurtosis($0, biased: $1) },
    end("tmfirst", first: true),
    end("tmlast", first: false),
    paired("tmcorr") { Statistics.correlation($0, $1) },
    paired("tmcovar") { Statistics.covariance($0, $1) },
    paired("tmcovarp", minimum: 1) { Statistics.populationCovariance($0, $1) },
    paired("tmbeta", ["Y", "X"]) { y, x in Statistics.covariance(y, x) / Statistics.variance(x) },
    paired("tmwavg", minimum: 1) { x, w in
      let ws = w.reduce(0, +)
      return ws == 0 ? .nan : zip(x, w).reduce(0) { $0 + $1.0 * $1.1 } / ws
    },
    paired("tmwsum", minimum: 1) { x, w in zip(x, w).reduce(0) { $0 + $1.0 * $1.1 } },
    // tmpercentile(T, X, percent, window, [interpolation]).
    Builtin("tmpercentile", args: 4...5, parameterNames: ["T", "X", "percent", "window", "interpolation"]) {
      a throws(ScriptError) in
      let v = try Series.vector(a, 1, "tmpercentile")
      guard let p = a[2].doubleValue, p >= 0, p <= 100 else {
        throw ScriptError(
          RuntimeMessages.percentileOutOfRange("tmpercentile", ValueFormatter().format(a[2]), upper: 100))
      }
      let method = try StatisticsBuiltins.interpolation(a, 4)
      let starts = try windowStarts(a, "tmpercentile", count: v.count, windowAt: 3)
      let xs = v.doubles
      var out = [Double](repeating: .nan, count: xs.count)
      for i in xs.indices {
        if i % 4_096 == 0, a.machine.isInterrupted { throw Machine.interrupted() }
        let w = xs[starts[i]...i].filter { !$0.isNaN }
        if !w.isEmpty { out[i] = Statistics.quantile(w, p / 100, method) }
      }
      return Series.doubles(out)
    },
    // tmoving(func, T, funcArgs, window): func over each window's rows (several arguments: a tuple).
    Builtin("tmoving", args: 4...4, parameterNames: ["func", "T", "funcArgs", "window"]) { a throws(ScriptError) in
      guard case .function(let f) = a[0] else {
        throw ScriptError(RuntimeMessages.mustBeFunction("the first argument of 'tmoving'", got: a[0].typeString))
      }
      let inputs = try Series.arguments(a, 2, "tmoving")
      let n = inputs.first?.count ?? 0
      let starts = try windowStarts(a, "tmoving", count: n, timesAt: 1)
      var results: [Value] = []
      for i in 0..<n {
        results.append(try a.machine.call(f, inputs.map { .vector($0.slice(starts[i]..<(i + 1))) }))
      }
      return collectTyped(results, empty: .double)
    },
    // tmovingWindowData(T, X, window): each row's window as a row of an array vector.
    Builtin("tmovingWindowData", args: 3...3, parameterNames: ["T", "X", "window"]) { a throws(ScriptError) in
      let v = try Series.vector(a, 1, "tmovingWindowData")
      let starts = try windowStarts(a, "tmovingWindowData", count: v.count)
      var rows = NestedColumn(ends: [], values: .empty(v.type))
      for i in 0..<v.count { try rows.appendRow(.vector(v.slice(starts[i]..<(i + 1)))) }
      return .vector(Vector(type: v.type, storage: .nested(rows)))
    },
  ]
}
