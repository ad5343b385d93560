import ScriptRuntime

/// Order statistics: `searchK(X, k)` (the k-th smallest, from 1), `percentileRank(X, score,
/// [method])` (the share of X below a score, in percent), `cummed(X)` (the running median, two
/// heaps: O(n log n)) and `cumpercentile(X, percent, [interpolation])`.
enum OrderStatistics {
  static let all: [Builtin] = [
    Builtin("searchK", args: 2...2, parameterNames: ["X", "k"], isAggregate: true) { a throws(ScriptError) in
      let v = try Series.vector(a, 0, "searchK")
      let k = try a.integer(1, "the k of 'searchK'")
      let present = (0..<v.count).filter { !v.isNull($0) }.sorted { Comparison.order(v[$0], v[$1]) < 0 }
      guard k >= 1, k <= present.count else { return .null(v.type) }
      return v[present[k - 1]]
    },
    // percentileRank(X, score, [method="excel"]): "excel" counts the values below the score,
    // "weak" those at or below, "strict" those strictly below, "mean" the mean of weak and strict.
    Builtin("percentileRank", args: 2...3, parameterNames: ["X", "score", "method"], isAggregate: true) {
      a throws(ScriptError) in
      let xs = try Series.vector(a, 0, "percentileRank").doubles.filter { !$0.isNaN }
      guard let score = a[1].doubleValue else {
        throw ScriptError(RuntimeMessages.needsNumber("percentileRank", got: a[1].typeString))
      }
      let method = a.has(2) ? try a.text(2, "the method of 'percentileRank'") : "excel"
      guard !xs.isEmpty else { return .null(.double) }
      let n = Double(xs.count)
      let below = Double(xs.count { $0 < score })
      let atOrBelow = Double(xs.count { $0 <= score })
      switch method {
      case "strict": return .double(below / n * 100)
      case "weak": return .double(atOrBelow / n * 100)
      case "mean": return .double((below + atOrBelow) / 2 / n * 100)
      case "excel":
        guard xs.count > 1 else { return .double(below == 0 ? 0 : 100) }
        return .double(below / (n - 1) * 100)
      default: throw ScriptError(RuntimeMessages.percentileRankMethod(method))
      }
    },
    Builtin("cummed", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      // A max-heap of the lower half and a min-heap of the upper half (as negated values).
      var lower = Heap()
      var upper = Heap()
      return Series.doubles(
        try Series.vector(a, 0, "cummed").doubles.map { x in
          if !x.isNaN {
            if lower.isEmpty || x <= lower.top { lower.push(x) } else { upper.push(-x) }
            if lower.count > upper.count + 1 { upper.push(-lower.pop()) }
            if upper.count > lower.count { lower.push(-upper.pop()) }
          }
          if lower.isEmpty { return .nan }
          return lower.count > upper.count ? lower.top : (lower.top - upper.top) / 2
        })
    },
    Builtin("cumpercentile", args: 2...3, parameterNames: ["X", "percent", "interpolation"]) {
      a throws(ScriptError) in
      let xs = try Series.vector(a, 0, "cumpercentile").doubles
      guard let p = a[1].doubleValue, p >= 0, p <= 100 else {
        throw ScriptError(
          RuntimeMessages.percentileOutOfRange("cumpercentile", ValueFormatter().format(a[1]), upper: 100))
      }
      let method = try StatisticsBuiltins.interpolation(a, 2)
      // Kept sorted by insertion: quadratic in the worst case, as the windows only grow.
      var sorted: [Double] = []
      var out: [Double] = []
      out.reserveCapacity(xs.count)
      for (i, x) in xs.enumerated() {
        if i % 4_096 == 0, a.machine.isInterrupted { throw Machine.interrupted() }
        if !x.isNaN {
          var (lo, hi) = (0, sorted.count)
          while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid] <= x { lo = mid + 1 } else { hi = mid }
          }
          sorted.insert(x, at: lo)
        }
        out.append(sorted.isEmpty ? .nan : Statistics.quantile(sorted: sorted, p / 100, method))
      }
      return Series.doubles(out)
    },
  ]

  /// A binary max-heap of doubles.
  struct Heap {
    var items: [Double] = []
    var isEmpty: Bool { items.isEmpty }
    var count: Int { items.count }
    var top: Double { items[0] }

    mutating func push(_ x: Double) {
      items.append(x)
      var i = items.count - 1
      while i > 0 && items[(i - 1) / 2] < items[i] {
        items.swapAt(i, (i - 1) / 2)
        i = (i - 1) / 2
      }
    }

    mutating func pop() -> Double {
      let out = items[0]
      items[0] = items[items.count - 1]
      items.removeLast()
      var i = 0
      while true {
        let (l, r) = (2 * i + 1, 2 * i + 2)
        var largest = i
        if l < items.count && items[l] > items[largest] { largest = l }
        if r < items.count && items[r] > items[largest] { largest = r }
        if largest == i { break }
        items.swapAt(i, largest)
        i = largest
      }
      return out
    }
  }
}
