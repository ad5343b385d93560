import ScriptRuntime

#if canImport(Glibc)
  import Glibc
#endif

/// Naive Bayes classifiers as scikit-learn's: `gaussianNB` (each feature normal within a class,
/// variances widened by `varSmoothing` times the largest feature variance) and `multinomialNB`
/// (feature counts, additive smoothing). A class is its label's distinct value, in first-seen
/// order; prediction takes the class of the largest joint log-likelihood.
enum NaiveBayes {
  struct Fit {
    /// The row of each class's first sample (its label).
    var labelRows: [Int]
    var logPriors: [Double]
    /// Per class, per feature: means and variances (Gaussian) or log probabilities (multinomial).
    var first: [[Double]]
    var second: [[Double]]
  }

  /// Rows grouped by label: each class's rows, in first-seen order.
  static func classes(_ labels: Vector) -> [[Int]] {
    Series.groupsInOrderOfAppearance([labels], count: labels.count)
  }

  static func gaussian(_ x: [[Double]], _ groups: [[Int]], smoothing: Double) -> Fit {
    let n = Double(groups.reduce(0) { $0 + $1.count })
    var largest = 0.0
    for column in x {
      let mean = column.reduce(0, +) / Double(column.count)
      largest = max(largest, column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(column.count))
    }
    let epsilon = smoothing * largest
    var means: [[Double]] = []
    var variances: [[Double]] = []
    for rows in groups {
      let count = Double(rows.count)
      var m: [Double] = []
      var v: [Double] = []
      for column in x {
        let mean = rows.reduce(0) { $0 + column[$1] } / count
        m.append(mean)
        v.append(rows.reduce(0) { $0 + (column[$1] - mean) * (column[$1] - mean) } / count + epsilon)
      }
      means.append(m)
      variances.append(v)
    }
    return Fit(
      labelRows: groups.map { $0[0] }, logPriors: groups.map { log(Double($0.count) / n) }, first: means,
      second: variances)
  }

  static func multinomial(_ x: [[Double]], _ groups: [[Int]], alpha: Double) -> Fit {
    let n = Double(groups.reduce(0) { $0 + $1.count })
    var logProbabilities: [[Double]] = []
    for rows in groups {
      let counts = x.map { column in rows.reduce(0) { $0 + column[$1] } + alpha }
      let total = counts.reduce(0, +)
      logProbabilities.append(counts.map { log($0 / total) })
    }
    return Fit(
      labelRows: groups.map { $0[0] }, logPriors: groups.map { log(Double($0.count) / n) },
      first: logProbabilities, second: [])
  }

  /// The class of the largest joint log-likelihood for one row (nil when a feature is null).
  static func predict(_ fit: Fit, gaussian: Bool, _ row: [Double]) -> Int? {
    guard row.allSatisfy(\.isFinite) else { return nil }
    var best = 0
    var bestScore = -Double.infinity
    for c in fit.logPriors.indices {
      var score = fit.logPriors[c]
      for j in row.indices {
        if gaussian {
          let v = fit.second[c][j]
          let d = row[j] - fit.first[c][j]
          score -= 0.5 * log(2 * Double.pi * v) + 0.5 * d * d / v
        } else {
          score += row[j] * fit.first[c][j]
        }
      }
      if score > bestScore {
        bestScore = score
        best = c
      }
    }
    return best
  }
}
