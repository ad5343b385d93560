/// Sample statistics over doubles with nulls (NaN) already left out.
enum Statistics {
  static func mean(_ xs: [Double]) -> Double { xs.isEmpty ? .nan : xs.reduce(0, +) / Double(xs.count) }

  /// Sample variance (n - 1).
  static func variance(_ xs: [Double]) -> Double {
    guard xs.count > 1 else { return .nan }
    let m = mean(xs)
    return xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(xs.count - 1)
  }

  /// Population variance (n).
  static func populationVariance(_ xs: [Double]) -> Double {
    guard !xs.isEmpty else { return .nan }
    let m = mean(xs)
    return xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(xs.count)
  }

  static func median(_ xs: [Double]) -> Double {
    guard !xs.isEmpty else { return .nan }
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
  }

  /// Sample covariance of pairs.
  static func covariance(_ x: [Double], _ y: [Double]) -> Double {
    guard x.count > 1, x.count == y.count else { return .nan }
    let mx = mean(x)
    let my = mean(y)
    var s = 0.0
    for i in x.indices { s += (x[i] - mx) * (y[i] - my) }
    return s / Double(x.count - 1)
  }

  static func correlation(_ x: [Double], _ y: [Double]) -> Double {
    covariance(x, y) / (variance(x).squareRoot() * variance(y).squareRoot())
  }

  /// The pairs where neither is null.
  static func pairs(_ x: [Double], _ y: [Double]) -> ([Double], [Double]) {
    var xs: [Double] = []
    var ys: [Double] = []
    for i in x.indices where !x[i].isNaN && !y[i].isNaN {
      xs.append(x[i])
      ys.append(y[i])
    }
    return (xs, ys)
  }

  /// The value at fraction `q` of the sorted values, interpolated linearly between neighbours.
  static func quantile(_ xs: [Double], _ q: Double, _ method: Interpolation = .linear) -> Double {
    quantile(sorted: xs.sorted(), q, method)
  }

  /// How a quantile between two values is taken: DolphinDB's `interpolation` choices.
  enum Interpolation: String {
    case linear, lower, higher, nearest, midpoint
  }

  /// The `q` quantile of values already in ascending order (no nulls).
  static func quantile(sorted s: [Double], _ q: Double, _ method: Interpolation) -> Double {
    guard !s.isEmpty, q >= 0, q <= 1 else { return .nan }
    let position = q * Double(s.count - 1)
    let low = Int(position.rounded(.down))
    let high = min(low + 1, s.count - 1)
    let fraction = position - Double(low)
    switch method {
    case .linear: return s[low] + (s[high] - s[low]) * fraction
    case .lower: return s[low]
    case .higher: return fraction > 0 ? s[high] : s[low]
    case .nearest: return fraction > 0.5 || (fraction == 0.5 && low % 2 == 1) ? s[high] : s[low]
    case .midpoint: return fraction > 0 ? (s[low] + s[high]) / 2 : s[low]
    }
  }

  /// Sample skewness (biased, as DolphinDB's default).
  static func skew(_ xs: [Double]) -> Double {
    guard xs.count > 2 else { return .nan }
    let m = mean(xs)
    let n = Double(xs.count)
    let m2 = xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / n
    let m3 = xs.reduce(0) { $0 + ($1 - m) * ($1 - m) * ($1 - m) } / n
    return m3 / (m2 * m2.squareRoot())
  }

  /// Kurtosis (biased, not excess, as DolphinDB's default).
  static func kurtosis(_ xs: [Double]) -> Double {
    guard xs.count > 3 else { return .nan }
    let m = mean(xs)
    let n = Double(xs.count)
    let m2 = xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / n
    let m4 = xs.reduce(0) { $0 + ($1 - m) * ($1 - m) * ($1 - m) * ($1 - m) } / n
    return m4 / (m2 * m2)
  }
}
