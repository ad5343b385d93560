import ScriptRuntime

/// Running statistics from the first element to each: `cumvar`, `cumstd` (and the population
/// `cumvarp`, `cumstdp`), `cumnunique`, and of two vectors `cumcovar`, `cumcorr`, `cumbeta`,
/// `cumwsum`, `cumwavg`. Nulls are skipped; a position with too few values so far is null.
enum CumulativeStatistics {
  /// Welford's running mean and sum of squared deviations: one pass, no cancellation.
  struct Moments {
    var n = 0.0
    var mean = 0.0
    var m2 = 0.0
    mutating func add(_ x: Double) {
      n += 1
      let d = x - mean
      mean += d / n
      m2 += d * (x - mean)
    }
  }

  /// A running variance or standard deviation (`population`: divided by n, else n - 1).
  static func spread(_ name: String, population: Bool, root: Bool) -> Builtin {
    Builtin(name, args: 1...1) { a throws(ScriptError) in
      var m = Moments()
      return Series.doubles(
        try Series.vector(a, 0, name).doubles.map { x in
          if !x.isNaN { m.add(x) }
          let divisor = population ? m.n : m.n - 1
          guard divisor > 0 else { return .nan }
          let v = m.m2 / divisor
          return root ? v.squareRoot() : v
        })
    }
  }

  /// Running figures over the pairs where both are non-null: the sums (for the weighted sums
  /// and means) and, updated as Welford's are, the means and co-moments (for the variances and
  /// the covariance, which sums of products would lose to cancellation on large values).
  struct PairSums {
    var n = 0.0
    var x = 0.0
    var y = 0.0
    var xy = 0.0
    var meanX = 0.0
    var meanY = 0.0
    var m2x = 0.0
    var m2y = 0.0
    var cxy = 0.0
    mutating func add(_ p: Double, _ q: Double) {
      n += 1
      x += p
      y += q
      xy += p * q
      let dx = p - meanX
      meanX += dx / n
      let dy = q - meanY
      meanY += dy / n
      m2x += dx * (p - meanX)
      m2y += dy * (q - meanY)
      cxy += dx * (q - meanY)
    }
    /// Sample covariance of x and y, and the variances.
    var covariance: Double { n > 1 ? cxy / (n - 1) : .nan }
    var populationCovariance: Double { n > 0 ? cxy / n : .nan }
    var varianceX: Double { n > 1 ? m2x / (n - 1) : .nan }
    var varianceY: Double { n > 1 ? m2y / (n - 1) : .nan }
  }

  static func paired(
    _ name: String, _ names: [String] = ["X", "Y"], _ result: @escaping @Sendable (PairSums) -> Double
  ) -> Builtin {
    Builtin(name, args: 2...2, parameterNames: names) { a throws(ScriptError) in
      let xs = try Series.vector(a, 0, name).doubles
      let ys = try Series.vector(a, 1, name).doubles
      guard xs.count == ys.count else { throw ScriptError(RuntimeMessages.incompatibleSizes(name, xs.count, ys.count)) }
      var s = PairSums()
      return Series.doubles(
        zip(xs, ys).map { p, q in
          if !p.isNaN && !q.isNaN { s.add(p, q) }
          return s.n == 0 ? .nan : result(s)
        })
    }
  }

  static let all: [Builtin] = [
    spread("cumvar", population: false, root: false), spread("cumstd", population: false, root: true),
    spread("cumvarp", population: true, root: false), spread("cumstdp", population: true, root: true),
    // cumnunique(X): distinct non-null values so far.
    Builtin("cumnunique", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      let v = try Series.vector(a, 0, "cumnunique")
      var seen = Set<ScalarKey>()
      var out: [Int64] = []
      out.reserveCapacity(v.count)
      for i in 0..<v.count {
        if !v.isNull(i), let k = ScalarKey(v[i]) { seen.insert(k) }
        out.append(Int64(seen.count))
      }
      return .vector(Vector(type: .long, ints: out))
    },
    paired("cumcovar") { $0.covariance },
    paired("cumcovarp") { $0.populationCovariance },
    paired("cumcorr") { s in s.covariance / (s.varianceX * s.varianceY).squareRoot() },
    paired("cumbeta", ["Y", "X"]) { s in s.covariance / s.varianceY },
    paired("cumwsum") { $0.xy },
    paired("cumwavg") { s in s.y == 0 ? .nan : s.xy / s.y },
  ]
}
