import ScriptRuntime

/// Random forests of CART trees: each tree grows on a bootstrap sample of the rows, and each
/// split looks at `maxFeatures` features chosen at random, with thresholds between `numBins`
/// bins of each feature (its distinct values, or its quantiles when there are more). Classes are
/// split by Gini impurity and voted; numbers by variance and averaged.
enum RandomForest {
  /// One tree as parallel arrays; node 0 is the root, a leaf's feature is -1.
  struct Tree {
    var feature: [Int] = []
    var threshold: [Double] = []
    var left: [Int] = []
    var right: [Int] = []
    var value: [Double] = []

    /// The leaf value for a row of features (nil when a feature it needs is null).
    func predict(_ row: (Int) -> Double) -> Double? {
      var node = 0
      while feature[node] >= 0 {
        let v = row(feature[node])
        guard v.isFinite else { return nil }
        node = v <= threshold[node] ? left[node] : right[node]
      }
      return value[node]
    }
  }

  struct Settings {
    var classes: Int?  // nil: regression
    var maxFeatures: Int
    var trees: Int
    var bins: Int
    var maxDepth: Int
    var minImpurityDecrease: Double
  }

  static func fit(_ x: [[Double]], _ y: [Double], _ s: Settings, random: inout RandomGenerator) -> [Tree] {
    let n = y.count
    let thresholds = x.map { candidates($0, bins: s.bins) }
    let binned = RandomForest.binned(x, thresholds)
    var forest: [Tree] = []
    for _ in 0..<s.trees {
      let sample = (0..<n).map { _ in Int(random.nextInt(below: Int64(n))) }
      var grower = Grower(y: y, binned: binned, thresholds: thresholds, settings: s)
      grower.grow(sample, depth: 0, random: &random)
      forest.append(grower.tree)
    }
    return forest
  }

  /// Each row's bin per feature: the number of thresholds below its value.
  static func binned(_ x: [[Double]], _ thresholds: [[Double]]) -> [[Int32]] {
    zip(x, thresholds).map { column, cuts in
      column.map { v in
        var lo = 0
        var hi = cuts.count
        while lo < hi {
          let mid = (lo + hi) / 2
          if cuts[mid] < v { lo = mid + 1 } else { hi = mid }
        }
        return Int32(lo)
      }
    }
  }

  /// Split points of one feature: midpoints of its distinct values, or of its quantiles.
  static func candidates(_ column: [Double], bins: Int) -> [Double] {
    let sorted = column.sorted()
    var distinct: [Double] = []
    for v in sorted where distinct.last != v { distinct.append(v) }
    if distinct.count <= bins { return zip(distinct, distinct.dropFirst()).map { ($0 + $1) / 2 } }
    var cuts: [Double] = []
    for b in 1..<bins {
      let v = sorted[min(sorted.count - 1, b * sorted.count / bins)]
      if cuts.last != v { cuts.append(v) }
    }
    return cuts
  }

  struct Grower {
    let y: [Double]
    let binned: [[Int32]]
    let thresholds: [[Double]]
    let settings: Settings
    var tree = Tree()

    /// Grows the node of `rows`, returns its index.
    @discardableResult
    mutating func grow(_ rows: [Int], depth: Int, random: inout RandomGenerator) -> Int {
      let node = tree.feature.count
      tree.feature.append(-1)
      tree.threshold.append(0)
      tree.left.append(-1)
      tree.right.append(-1)
      tree.value.append(leafValue(rows))
      guard depth < settings.maxDepth, rows.count >= 2, let split = bestSplit(rows, random: &random) else {
        return node
      }
      let cut = Int32(split.bin)
      let goLeft = rows.filter { binned[split.feature][$0] <= cut }
      let goRight = rows.filter { binned[split.feature][$0] > cut }
      tree.feature[node] = split.feature
      tree.threshold[node] = thresholds[split.feature][split.bin]
      let l = grow(goLeft, depth: depth + 1, random: &random)
      let r = grow(goRight, depth: depth + 1, random: &random)
      tree.left[node] = l
      tree.right[node] = r
      return node
    }

    /// The class most rows have (the lowest on ties), or their mean.
    func leafValue(_ rows: [Int]) -> Double {
      guard let classes = settings.classes else { return rows.reduce(0) { $0 + y[$1] } / Double(rows.count) }
      var counts = [Int](repeating: 0, count: classes)
      for r in rows { counts[Int(y[r])] += 1 }
      var best = 0
      for c in 1..<classes where counts[c] > counts[best] { best = c }
      return Double(best)
    }

    /// Impurity of a node: Gini of class counts, or the variance times the count.
    func impurity(_ counts: [Double], _ n: Double) -> Double {
      guard n > 0 else { return 0 }
      if settings.classes != nil { return 1 - counts.reduce(0) { $0 + ($1 / n) * ($1 / n) } }
      // counts = [sum, sum of squares]
      return counts[1] / n - (counts[0] / n) * (counts[0] / n)
    }

    mutating func bestSplit(_ rows: [Int], random: inout RandomGenerator) -> (feature: Int, bin: Int)? {
      let width = settings.classes ?? 2
      var total = [Double](repeating: 0, count: width)
      for r in rows { add(&total, y[r]) }
      let n = Double(rows.count)
      let parent = impurity(total, n)
      if parent <= 0 { return nil }
      var features = Array(0..<binned.count)
      // A random subset: a partial Fisher-Yates shuffle.
      let m = min(settings.maxFeatures, features.count)
      for i in 0..<m {
        let j = i + Int(random.nextInt(below: Int64(features.count - i)))
        features.swapAt(i, j)
      }
      var best: (feature: Int, bin: Int, gain: Double)?
      for f in features.prefix(m) {
        let cuts = thresholds[f].count
        guard cuts > 0 else { continue }
        var histogram = [[Double]](repeating: [Double](repeating: 0, count: width), count: cuts + 1)
        var sizes = [Double](repeating: 0, count: cuts + 1)
        for r in rows {
          let b = Int(binned[f][r])
          add(&histogram[b], y[r])
          sizes[b] += 1
        }
        var leftCounts = [Double](repeating: 0, count: width)
        var leftSize = 0.0
        for b in 0..<cuts {
          for k in 0..<width { leftCounts[k] += histogram[b][k] }
          leftSize += sizes[b]
          let rightSize = n - leftSize
          if leftSize == 0 || rightSize == 0 { continue }
          let rightCounts = (0..<width).map { total[$0] - leftCounts[$0] }
          let children = (leftSize * impurity(leftCounts, leftSize) + rightSize * impurity(rightCounts, rightSize)) / n
          let gain = parent - children
          if gain > (best?.gain ?? 0) { best = (f, b, gain) }
        }
      }
      guard let best, best.gain > 1e-12, best.gain >= settings.minImpurityDecrease else { return nil }
      return (best.feature, best.bin)
    }

    func add(_ counts: inout [Double], _ v: Double) {
      if settings.classes != nil {
        counts[Int(v)] += 1
      } else {
        counts[0] += v
        counts[1] += v * v
      }
    }
  }
}
