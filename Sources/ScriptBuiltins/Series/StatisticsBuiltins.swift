import ScriptRuntime

/// Aggregates of one or two vectors: `corr`, `covar`, `beta`, `wsum`, `sum2`, `percentile`,
/// `quantile`, `skew`, `kurtosis`, `mad`, `imax`, `imin`, `nunique`, `mode`, `firstNot`, `lastNot`.
enum StatisticsBuiltins {
  static func present(_ a: CallArguments, _ i: Int, _ name: String) throws(ScriptError) -> [Double] {
    try Series.vector(a, i, name).doubles.filter { !$0.isNaN }
  }

  static func twoColumns(
    _ name: String, _ names: [String] = ["X", "Y"], _ f: @escaping @Sendable ([Double], [Double]) -> Double
  ) -> Builtin {
    Builtin(name, args: 2...2, parameterNames: names, isAggregate: true) { a throws(ScriptError) in
      let x = try Series.vector(a, 0, name).doubles
      let y = try Series.vector(a, 1, name).doubles
      guard x.count == y.count else { throw ScriptError(RuntimeMessages.incompatibleSizes(name, x.count, y.count)) }
      let (xs, ys) = Statistics.pairs(x, y)
      return .double(f(xs, ys))
    }
  }

  static func oneColumn(_ name: String, _ f: @escaping @Sendable ([Double]) -> Double) -> Builtin {
    Builtin(name, args: 1...2, isAggregate: true) { a throws(ScriptError) in .double(f(try present(a, 0, name))) }
  }

  /// `skew(X, [biased=true])` and `kurtosis(X, [biased=true])`.
  static func moment(_ name: String, _ f: @escaping @Sendable ([Double], Bool) -> Double) -> Builtin {
    Builtin(name, args: 1...2, parameterNames: ["X", "biased"], isAggregate: true) { a throws(ScriptError) in
      .double(f(try present(a, 0, name), a.has(1) ? a[1].isTruthy : true))
    }
  }

  /// The position of the first (`last`: the last) largest (smallest) non-null element, or -1
  /// when there is none.
  static func position(_ name: String, larger: Bool, last: Bool = false) -> Builtin {
    Builtin(name, args: 1...1, isAggregate: true) { a throws(ScriptError) in
      let xs = try Series.vector(a, 0, name).doubles
      var best = -1
      for (i, x) in xs.enumerated() where !x.isNaN {
        if best < 0 || (larger ? x > xs[best] : x < xs[best]) || (last && x == xs[best]) { best = i }
      }
      return .int(Int64(best), .int)
    }
  }

  /// `atImax(location, value)`: the element of `value` where `location` has its first largest
  /// (smallest) non-null element; null when there is none.
  static func atExtreme(_ name: String, larger: Bool) -> Builtin {
    Builtin(name, args: 2...2, parameterNames: ["location", "value"], isAggregate: true) { a throws(ScriptError) in
      let xs = try Series.vector(a, 0, name).doubles
      let values = try Series.vector(a, 1, name)
      guard xs.count == values.count else {
        throw ScriptError(RuntimeMessages.incompatibleSizes(name, xs.count, values.count))
      }
      var best = -1
      for (i, x) in xs.enumerated() where !x.isNaN {
        if best < 0 || (larger ? x > xs[best] : x < xs[best]) { best = i }
      }
      return best < 0 ? .null(values.type) : values[best]
    }
  }

  /// The first (last) non-null element, or its position; `firstNot(X, [k])` and `lastNot` also
  /// pass over the elements equal to `k`.
  static func firstPresent(_ name: String, last: Bool, position: Bool) -> Builtin {
    Builtin(name, args: 1...(position ? 1 : 2), parameterNames: position ? ["X"] : ["X", "k"], isAggregate: true) {
      a throws(ScriptError) in
      if position, case .tuple(let items) = a[0] {
        // `ifirstNot([high, low])`: the first (last) position where no vector of the tuple is null.
        var vectors: [Vector] = []
        for item in items { vectors.append(try column(item, name)) }
        let n = vectors.first?.count ?? 0
        guard vectors.allSatisfy({ $0.count == n }) else {
          throw ScriptError(RuntimeMessages.incompatibleSizes(name, n, vectors.first { $0.count != n }?.count ?? 0))
        }
        let order = last ? Array((0..<n).reversed()) : Array(0..<n)
        let i = order.first { k in vectors.allSatisfy { !$0.isNull(k) } }
        return .int(Int64(i ?? -1), .int)
      }
      let v = try Series.vector(a, 0, name)
      let skipped = SkippedValues.mask(v, skipping: try SkippedValues.k(a, 1, name))
      let order = last ? Array((0..<v.count).reversed()) : Array(0..<v.count)
      guard let i = order.first(where: { !skipped[$0] }) else { return position ? .int(-1) : .null(v.type) }
      return position ? .int(Int64(i), .int) : v[i]
    }
  }

  /// Argument `i` as an interpolation method (`linear` when not given).
  static func interpolation(_ a: CallArguments, _ i: Int) throws(ScriptError) -> Statistics.Interpolation {
    guard a.has(i) else { return .linear }
    let name = try a.text(i, "the interpolation")
    guard let method = Statistics.Interpolation(rawValue: name) else {
      throw ScriptError(RuntimeMessages.interpolationInvalid(name))
    }
    return method
  }

  static let all: [Builtin] = [
    twoColumns("corr") { Statistics.correlation($0, $1) },
    twoColumns("covar") { Statistics.covariance($0, $1) },
    twoColumns("covarp") { Statistics.populationCovariance($0, $1) },
    twoColumns("beta", ["Y", "X"]) { y, x in Statistics.covariance(y, x) / Statistics.variance(x) },
    twoColumns("wsum") { x, w in zip(x, w).reduce(0) { $0 + $1.0 * $1.1 } },
    // dot(X, Y), X ** Y: a matrix product when either is a matrix, else the inner product; a
    // scalar multiplies a vector element by element (a matrix takes `*` for that).
    Builtin("dot", args: 2...2, parameterNames: ["X", "Y"], isAggregate: true, matrixAware: true) {
      a throws(ScriptError) in
      let matrices = MatrixBuiltins.matrix(a[0]) != nil || MatrixBuiltins.matrix(a[1]) != nil
      if a[0].isScalar || a[1].isScalar {
        guard !matrices else { throw ScriptError(RuntimeMessages.dotScalarMatrix()) }
        return try Arithmetic.apply(.mul, a[0], a[1])
      }
      if matrices { return try MatrixProduct.dot(a[0], a[1]) }
      let x = try Series.vector(a, 0, "dot").doubles
      let y = try Series.vector(a, 1, "dot").doubles
      guard x.count == y.count else { throw ScriptError(RuntimeMessages.incompatibleSizes("dot", x.count, y.count)) }
      let (xs, ys) = Statistics.pairs(x, y)
      return .double(zip(xs, ys).reduce(0) { $0 + $1.0 * $1.1 })
    },
    oneColumn("sum2") { $0.reduce(0) { $0 + $1 * $1 } },
    oneColumn("varp") { Statistics.populationVariance($0) },
    oneColumn("stdp") { Statistics.populationVariance($0).squareRoot() },
    oneColumn("rms") { $0.isEmpty ? .nan : ($0.reduce(0) { $0 + $1 * $1 } / Double($0.count)).squareRoot() },
    atExtreme("atImax", larger: true),
    atExtreme("atImin", larger: false),
    moment("skew") { Statistics.skew($0, biased: $1) },
    moment("kurtosis") { Statistics.kurtosis($0, biased: $1) },
    // mad(X, [useMedian]): mean absolute deviation (from the median when asked).
    Builtin("mad", args: 1...2, parameterNames: ["X", "useMedian"], isAggregate: true) { a throws(ScriptError) in
      let xs = try present(a, 0, "mad")
      guard !xs.isEmpty else { return .null(.double) }
      if a.has(1), a[1].isTruthy {
        let m = Statistics.median(xs)
        return .double(Statistics.median(xs.map { abs($0 - m) }))
      }
      let m = Statistics.mean(xs)
      return .double(Statistics.mean(xs.map { abs($0 - m) }))
    },
    // percentile(X, p) with p in 0..100; quantile(X, q) with q in 0..1.
    Builtin("percentile", args: 2...3, parameterNames: ["X", "percent", "interpolation"], isAggregate: true) {
      a throws(ScriptError) in
      guard let p = a[1].doubleValue, p >= 0, p <= 100 else {
        throw ScriptError(RuntimeMessages.percentileOutOfRange("percentile", ValueFormatter().format(a[1]), upper: 100))
      }
      return .double(Statistics.quantile(try present(a, 0, "percentile"), p / 100, try interpolation(a, 2)))
    },
    Builtin("quantile", args: 2...3, parameterNames: ["X", "q", "interpolation"], isAggregate: true) {
      a throws(ScriptError) in
      guard let q = a[1].doubleValue, q >= 0, q <= 1 else {
        throw ScriptError(RuntimeMessages.percentileOutOfRange("quantile", ValueFormatter().format(a[1]), upper: 1))
      }
      return .double(Statistics.quantile(try present(a, 0, "quantile"), q, try interpolation(a, 2)))
    },
    position("imax", larger: true),
    // stat(X): Median, Avg, Min, Stdev, Count, Size, Name (the argument's) and Max, as DolphinDB lists them.
    Builtin("stat", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      let v = try Series.vector(a, 0, "stat")
      let xs = v.doubles.filter { !$0.isNaN }
      var d = DictionaryValue(keyType: .string, valueType: .any)
      let present = (0..<v.count).filter { !v.isNull($0) }
      let largest = present.max { Comparison.order(v[$0], v[$1]) < 0 }
      let smallest = present.min { Comparison.order(v[$0], v[$1]) < 0 }
      try d.set(.string("Median"), .double(Statistics.median(xs)))
      try d.set(.string("Avg"), .double(Statistics.mean(xs)))
      try d.set(.string("Min"), smallest.map { v[$0] } ?? .null(v.type))
      try d.set(.string("Stdev"), .double(Statistics.variance(xs).squareRoot()))
      try d.set(.string("Count"), .int(Int64(present.count), .int))
      try d.set(.string("Size"), .int(Int64(v.count), .int))
      try d.set(.string("Name"), .string(a.sourceNames.first.flatMap { $0 } ?? ""))
      try d.set(.string("Max"), largest.map { v[$0] } ?? .null(v.type))
      return .dictionary(d)
    },
    position("imaxLast", larger: true, last: true),
    position("iminLast", larger: false, last: true),
    // sem(X): the standard error of the mean, the sample deviation over the root of the count.
    oneColumn("sem") { xs in (Statistics.variance(xs) / Double(xs.count)).squareRoot() },
    // spearmanr(X, Y): the correlation of the ranks (ties at their mean rank).
    twoColumns("spearmanr") { x, y in Statistics.correlation(Statistics.ranks(x), Statistics.ranks(y)) },
    // kendall(X, Y): Kendall's tau-b over the pairs of pairs.
    twoColumns("kendall") { x, y in Statistics.kendall(x, y) },
    position("imin", larger: false),
    firstPresent("firstNot", last: false, position: false),
    firstPresent("lastNot", last: true, position: false),
    firstPresent("ifirstNot", last: false, position: true),
    firstPresent("ilastNot", last: true, position: true),
    Builtin("nunique", args: 1...1, parameterNames: ["X"], isAggregate: true) { a throws(ScriptError) in
      let v = try Series.vector(a, 0, "nunique")
      if let first = DistinctValues.firstPositions(v) { return .int(Int64(first.count), .int) }
      var seen = Set<ScalarKey>()
      for i in 0..<v.count { if let k = ScalarKey(v[i]) { seen.insert(k) } }
      return .int(Int64(seen.count), .int)
    },
    // mode(X): the most frequent value (the first seen among equals).
    Builtin("mode", args: 1...1, parameterNames: ["X"], isAggregate: true) { a throws(ScriptError) in
      let v = try Series.vector(a, 0, "mode")
      var counts: [ScalarKey: Int] = [:]
      var best = -1
      var bestCount = 0
      for i in 0..<v.count where !v.isNull(i) {
        guard let k = ScalarKey(v[i]) else { continue }
        let c = (counts[k] ?? 0) + 1
        counts[k] = c
        if c > bestCount {
          best = i
          bestCount = c
        }
      }
      return best < 0 ? .null(v.type) : v[best]
    },
  ]
}
