import ScriptRuntime

#if canImport(Glibc)
  import Glibc
#endif

/// AdaBoost.R2 (Drucker, 1997, as scikit-learn's AdaBoostRegressor): each tree grows on rows
/// drawn by the current weights, rows it predicts badly weigh more for the next, and trees that
/// predict better count more in the weighted median that predicts.
enum AdaBoost {
  enum Loss: String {
    case linear, square, exponential
  }

  static func regressor(
    _ x: [[Double]], _ y: [Double], _ settings: RandomForest.Settings, learningRate: Double, loss: Loss,
    random: inout RandomGenerator
  ) -> (trees: [RandomForest.Tree], weights: [Double]) {
    let n = y.count
    let thresholds = x.map { RandomForest.candidates($0, bins: settings.bins) }
    let binned = RandomForest.binned(x, thresholds)
    var weights = [Double](repeating: 1 / Double(n), count: n)
    var trees: [RandomForest.Tree] = []
    var treeWeights: [Double] = []
    for m in 0..<settings.trees {
      // Rows drawn with probability their weight (a cumulative table searched per draw).
      var cumulative = [Double](repeating: 0, count: n)
      var total = 0.0
      for i in 0..<n {
        total += weights[i]
        cumulative[i] = total
      }
      let sample = (0..<n).map { _ -> Int in
        let target = random.nextUnit() * total
        var lo = 0
        var hi = n - 1
        while lo < hi {
          let mid = (lo + hi) / 2
          if cumulative[mid] < target { lo = mid + 1 } else { hi = mid }
        }
        return lo
      }
      var grower = RandomForest.Grower(y: y, binned: binned, thresholds: thresholds, settings: settings)
      grower.grow(sample, depth: 0, random: &random)
      let tree = grower.tree
      let errors = (0..<n).map { i in abs((tree.predict { k in x[k][i] } ?? y[i]) - y[i]) }
      let largest = errors.max() ?? 0
      if largest == 0 {
        // A perfect fit: it alone predicts.
        trees.append(tree)
        treeWeights.append(1)
        break
      }
      let losses = errors.map { e -> Double in
        let l = e / largest
        switch loss {
        case .linear: return l
        case .square: return l * l
        case .exponential: return 1 - exp(-l)
        }
      }
      let average = zip(weights, losses).reduce(0) { $0 + $1.0 * $1.1 } / total
      if average >= 0.5 {
        if m == 0 {
          trees.append(tree)
          treeWeights.append(1)
        }
        break
      }
      let beta = average / (1 - average)
      trees.append(tree)
      treeWeights.append(learningRate * log(1 / max(beta, 1e-300)))
      for i in 0..<n { weights[i] *= pow(beta, (1 - losses[i]) * learningRate) }
      let sum = weights.reduce(0, +)
      guard sum > 0, sum.isFinite else { break }
      for i in 0..<n { weights[i] /= sum }
    }
    return (trees, treeWeights)
  }

  /// The weighted median of the trees' predictions (nil when a tree cannot predict the row).
  static func predict(_ trees: [RandomForest.Tree], _ weights: [Double], _ row: (Int) -> Double) -> Double? {
    var votes: [(Double, Double)] = []
    for (t, w) in zip(trees, weights) {
      guard let v = t.predict(row) else { return nil }
      votes.append((v, w))
    }
    votes.sort { $0.0 < $1.0 }
    let half = votes.reduce(0) { $0 + $1.1 } / 2
    var running = 0.0
    for (v, w) in votes {
      running += w
      if running >= half { return v }
    }
    return votes.last?.0
  }
}
