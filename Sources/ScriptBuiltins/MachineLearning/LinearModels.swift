#if canImport(Glibc)
  import Glibc
#endif

/// The linear models: logistic regression by Newton's method with an L2 penalty, ridge by its
/// normal equations, lasso and elastic net by coordinate descent (scikit-learn's objectives,
/// which DolphinDB's documentation states).
enum LinearModels {
  /// The largest number of features a linear model takes (its systems grow with the square).
  static let maxFeatures = 1_000

  struct Logistic {
    /// Feature coefficients, then the intercept when there is one.
    var coefficients: [Double]
    var iterations: Int
    var logLikelihood: Double
  }

  /// Maximizes the log likelihood of `y` (0 or 1) less (lambda / 2)·|w|² (the intercept is not
  /// penalized). Stops when the gradient's largest component changes by less than `tolerance`
  /// between two iterations, as DolphinDB's documentation says, or after `maxIter`.
  static func logistic(
    _ x: [[Double]], _ y: [Double], intercept: Bool, initial: [Double]?, tolerance: Double, maxIter: Int,
    lambda: Double
  ) -> Logistic {
    let n = y.count
    let p = x.count
    let width = p + (intercept ? 1 : 0)
    var theta = initial ?? [Double](repeating: 0, count: width)
    var previous = Double.infinity
    var iterations = 0
    func value(_ k: Int, _ i: Int) -> Double { k < p ? x[k][i] : 1 }
    while iterations < maxIter {
      iterations += 1
      var gradient = [Double](repeating: 0, count: width)
      var hessian = [Double](repeating: 0, count: width * width)
      for i in 0..<n {
        var z = 0.0
        for k in 0..<width { z += theta[k] * value(k, i) }
        let prob = 1 / (1 + (-z).exp)
        let r = y[i] - prob
        let w = prob * (1 - prob)
        for k in 0..<width {
          let xk = value(k, i)
          gradient[k] += r * xk
          for j in 0...k { hessian[j * width + k] += w * xk * value(j, i) }
        }
      }
      for k in 0..<p {
        gradient[k] -= lambda * theta[k]
        hessian[k * width + k] += lambda
      }
      for k in 0..<width { for j in 0..<k { hessian[k * width + j] = hessian[j * width + k] } }
      let largest = gradient.reduce(0) { max($0, abs($1)) }
      let factored = LinearAlgebra.Factored(hessian, order: width)
      if factored.singular { break }
      let step = factored.solve(gradient)
      for k in 0..<width { theta[k] += step[k] }
      if abs(previous - largest) < tolerance || largest < tolerance { break }
      previous = largest
    }
    var logLikelihood = 0.0
    for i in 0..<n {
      var z = 0.0
      for k in 0..<width { z += theta[k] * value(k, i) }
      // log(1 + e^z) without overflow.
      let softplus = z > 0 ? z + (-z).exp.log1pValue : z.exp.log1pValue
      logLikelihood += y[i] * z - softplus
    }
    return Logistic(coefficients: theta, iterations: iterations, logLikelihood: logLikelihood)
  }

  struct Linear {
    var coefficients: [Double]
    var intercept: Double
    var iterations: Int
    var dualGap: Double
  }

  /// The columns centered on their (weighted) means and, with `normalize`, scaled to unit L2
  /// norm; with the means, the scales and the centered target.
  struct Prepared {
    var x: [[Double]]
    var y: [Double]
    var xMeans: [Double]
    var yMean: Double
    var scales: [Double]
  }

  static func prepare(_ x: [[Double]], _ y: [Double], _ weights: [Double]?, intercept: Bool, normalize: Bool)
    -> Prepared
  {
    let n = y.count
    var xs = x
    var ys = y
    var means = [Double](repeating: 0, count: x.count)
    var scales = [Double](repeating: 1, count: x.count)
    var yMean = 0.0
    if intercept {
      let total = weights?.reduce(0, +) ?? Double(n)
      func mean(_ v: [Double]) -> Double {
        var s = 0.0
        for i in 0..<n { s += v[i] * (weights?[i] ?? 1) }
        return s / total
      }
      yMean = mean(y)
      for i in 0..<n { ys[i] -= yMean }
      for k in xs.indices {
        means[k] = mean(x[k])
        for i in 0..<n { xs[k][i] -= means[k] }
        if normalize {
          let norm = xs[k].reduce(0) { $0 + $1 * $1 }.squareRoot()
          if norm > 0 {
            scales[k] = norm
            for i in 0..<n { xs[k][i] /= norm }
          }
        }
      }
    }
    // Weights act as scaling each row by their square root.
    if let weights {
      for i in 0..<n {
        let s = weights[i].squareRoot()
        ys[i] *= s
        for k in xs.indices { xs[k][i] *= s }
      }
    }
    return Prepared(x: xs, y: ys, xMeans: means, yMean: yMean, scales: scales)
  }

  /// The coefficients found on prepared columns, put back in the columns' own units.
  static func finish(_ w: [Double], _ p: Prepared, intercept: Bool, iterations: Int, gap: Double) -> Linear {
    let coefficients = zip(w, p.scales).map { $0 / $1 }
    var b = 0.0
    if intercept { b = p.yMean - zip(coefficients, p.xMeans).reduce(0) { $0 + $1.0 * $1.1 } }
    return Linear(coefficients: coefficients, intercept: b, iterations: iterations, dualGap: gap)
  }

  /// Minimizes |y - Xw|² + alpha·|w|² (its normal equations, solved once).
  static func ridge(
    _ x: [[Double]], _ y: [Double], _ weights: [Double]?, alpha: Double, intercept: Bool, normalize: Bool
  ) -> Linear {
    let prep = prepare(x, y, weights, intercept: intercept, normalize: normalize)
    let p = x.count
    var gram = [Double](repeating: 0, count: p * p)
    var xty = [Double](repeating: 0, count: p)
    for k in 0..<p {
      xty[k] = zip(prep.x[k], prep.y).reduce(0) { $0 + $1.0 * $1.1 }
      for j in 0...k {
        let s = zip(prep.x[k], prep.x[j]).reduce(0) { $0 + $1.0 * $1.1 }
        gram[j * p + k] = s
        gram[k * p + j] = s
      }
      gram[k * p + k] += alpha
    }
    let w = LinearAlgebra.Factored(gram, order: p).solve(xty)
    return finish(w, prep, intercept: intercept, iterations: 1, gap: 0)
  }

  /// Minimizes 1/(2n)·|y - Xw|² + alpha·l1Ratio·|w|₁ + alpha·(1 - l1Ratio)/2·|w|² by cyclic
  /// coordinate descent, stopping as scikit-learn does: once the largest update is below
  /// `tolerance` times the largest coefficient and the duality gap below `tolerance`·|y|².
  static func elasticNet(
    _ x: [[Double]], _ y: [Double], _ weights: [Double]?, alpha: Double, l1Ratio: Double, intercept: Bool,
    normalize: Bool, maxIter: Int, tolerance: Double, positive: Bool
  ) -> Linear {
    let prep = prepare(x, y, weights, intercept: intercept, normalize: normalize)
    let n = Double(y.count)
    let p = x.count
    let l1 = alpha * l1Ratio * n
    let l2 = alpha * (1 - l1Ratio) * n
    var w = [Double](repeating: 0, count: p)
    var residual = prep.y
    let norms = prep.x.map { c in c.reduce(0) { $0 + $1 * $1 } }
    let yNorm = prep.y.reduce(0) { $0 + $1 * $1 }
    let scaledTolerance = tolerance * yNorm
    var iterations = 0
    var gap = 0.0
    while iterations < maxIter {
      iterations += 1
      var largestUpdate = 0.0
      var largestCoefficient = 0.0
      for k in 0..<p where norms[k] > 0 {
        let old = w[k]
        let column = prep.x[k]
        var rho = 0.0
        for i in residual.indices { rho += column[i] * residual[i] }
        rho += old * norms[k]
        var new = (rho.sign == .minus ? -1.0 : 1.0) * max(abs(rho) - l1, 0) / (norms[k] + l2)
        if positive && rho < 0 { new = 0 }
        if new != old {
          let change = new - old
          for i in residual.indices { residual[i] -= change * column[i] }
          w[k] = new
        }
        largestUpdate = max(largestUpdate, abs(new - old))
        largestCoefficient = max(largestCoefficient, abs(new))
      }
      if largestCoefficient == 0 || largestUpdate / largestCoefficient < tolerance || iterations == maxIter {
        gap = dualityGap(prep, w, residual, l1: l1, l2: l2, positive: positive)
        if gap < scaledTolerance { break }
      }
    }
    return finish(w, prep, intercept: intercept, iterations: iterations, gap: gap / n)
  }

  /// The duality gap of the elastic net at `w` (scikit-learn's, on the problem scaled by n).
  static func dualityGap(_ p: Prepared, _ w: [Double], _ residual: [Double], l1: Double, l2: Double, positive: Bool)
    -> Double
  {
    var dual = 0.0
    for k in w.indices {
      var xtr = 0.0
      for i in residual.indices { xtr += p.x[k][i] * residual[i] }
      xtr -= l2 * w[k]
      dual = max(dual, positive ? xtr : abs(xtr))
    }
    let rNorm = residual.reduce(0) { $0 + $1 * $1 }
    let wNorm = w.reduce(0) { $0 + $1 * $1 }
    var gap: Double
    var constant = 1.0
    if dual > l1 {
      constant = l1 / dual
      gap = 0.5 * (rNorm + rNorm * constant * constant)
    } else {
      gap = rNorm
    }
    let l1Norm = w.reduce(0) { $0 + abs($1) }
    let ry = zip(residual, p.y).reduce(0) { $0 + $1.0 * $1.1 }
    gap += l1 * l1Norm - constant * ry + 0.5 * l2 * (1 + constant * constant) * wNorm
    return gap
  }
}

extension Double {
  fileprivate var exp: Double { Glibc.exp(self) }
  fileprivate var log1pValue: Double { Glibc.log1p(self) }
}
