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

  /// The middle value, or the mean of the two middle ones, found by selection (no full sort).
  static func median(_ xs: [Double]) -> Double {
    guard !xs.isEmpty else { return .nan }
    var a = xs
    let n = a.count
    let upper = select(&a, n / 2)
    if n % 2 == 1 { return upper }
    // The lower middle value is the largest of those placed before the upper one.
    var lower = -Double.infinity
    for i in 0..<(n / 2) where a[i] > lower { lower = a[i] }
    return (lower + upper) / 2
  }

  /// Rearranges `a` (no NaN) so that `a[k]` is the value a sort puts there, those before it no
  /// larger and those after no smaller, and returns it: quickselect with a median-of-three
  /// pivot; a range that keeps partitioning badly is sorted instead, so no input takes n².
  static func select(_ a: inout [Double], _ k: Int) -> Double {
    a.withUnsafeMutableBufferPointer { p in
      var low = 0
      var high = p.count - 1
      var budget = 2 * (Int.bitWidth - p.count.leadingZeroBitCount) + 8
      while high > low {
        if budget == 0 {
          var rest = UnsafeMutableBufferPointer(rebasing: p[low...high])
          rest.sort()
          break
        }
        budget -= 1
        let (x, y, z) = (p[low], p[low + (high - low) / 2], p[high])
        let pivot = max(min(x, y), min(max(x, y), z))
        var i = low
        var j = high
        while i <= j {
          while p[i] < pivot { i += 1 }
          while p[j] > pivot { j -= 1 }
          if i <= j {
            p.swapAt(i, j)
            i += 1
            j -= 1
          }
        }
        // Now [low, j] holds values <= pivot, [i, high] values >= pivot, and any between equal it.
        if k <= j { high = j } else if k >= i { low = i } else { break }
      }
    }
    return a[k]
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

  /// Population covariance of pairs (0 for one pair, as a population variance is).
  static func populationCovariance(_ x: [Double], _ y: [Double]) -> Double {
    guard !x.isEmpty, x.count == y.count else { return .nan }
    let mx = mean(x)
    let my = mean(y)
    var s = 0.0
    for i in x.indices { s += (x[i] - mx) * (y[i] - my) }
    return s / Double(x.count)
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

  /// The value at fraction `q` of the values (no nulls) in ascending order, taken by `method`
  /// between neighbours: the two values it falls between are selected (`select`), not sorted for.
  static func quantile(_ xs: [Double], _ q: Double, _ method: Interpolation = .linear) -> Double {
    guard !xs.isEmpty, q >= 0, q <= 1 else { return .nan }
    var a = xs
    let (low, fraction) = position(q, count: a.count)
    let lower = select(&a, low)
    // The next value in order is the smallest of those placed after the selected one.
    let upper = low + 1 < a.count ? a[(low + 1)...].min() ?? lower : lower
    return interpolated(lower, upper, fraction: fraction, low: low, method)
  }

  /// How a quantile between two values is taken: DolphinDB's `interpolation` choices.
  enum Interpolation: String {
    case linear, lower, higher, nearest, midpoint
  }

  /// The `q` quantile of values already in ascending order (no nulls).
  static func quantile(sorted s: [Double], _ q: Double, _ method: Interpolation) -> Double {
    guard !s.isEmpty, q >= 0, q <= 1 else { return .nan }
    let (low, fraction) = position(q, count: s.count)
    return interpolated(s[low], s[min(low + 1, s.count - 1)], fraction: fraction, low: low, method)
  }

  /// Where fraction `q` falls among `count` ordered values: the position before it and how far
  /// past it.
  static func position(_ q: Double, count: Int) -> (low: Int, fraction: Double) {
    let position = q * Double(count - 1)
    let low = Int(position.rounded(.down))
    return (low, position - Double(low))
  }

  /// The quantile between the values at `low` and the next (`upper`, the same at the end).
  static func interpolated(
    _ lower: Double, _ upper: Double, fraction: Double, low: Int, _ method: Interpolation
  ) -> Double {
    switch method {
    case .linear: return lower + (upper - lower) * fraction
    case .lower: return lower
    case .higher: return fraction > 0 ? upper : lower
    case .nearest: return fraction > 0.5 || (fraction == 0.5 && low % 2 == 1) ? upper : lower
    case .midpoint: return fraction > 0 ? (lower + upper) / 2 : lower
    }
  }

  /// Each value's rank from 1, ties at their mean rank.
  static func ranks(_ xs: [Double]) -> [Double] {
    let order = xs.indices.sorted { xs[$0] < xs[$1] }
    var out = [Double](repeating: 0, count: xs.count)
    var i = 0
    while i < order.count {
      var j = i
      while j + 1 < order.count && xs[order[j + 1]] == xs[order[i]] { j += 1 }
      for k in i...j { out[order[k]] = Double(i + j) / 2 + 1 }
      i = j + 1
    }
    return out
  }

  /// Kendall's tau-b, by Knight's O(n log n) method: sort by x (then y), count the swaps a
  /// merge sort by y makes (the discordant pairs), and correct for ties.
  static func kendall(_ x: [Double], _ y: [Double]) -> Double {
    let n = x.count
    guard n > 1 else { return .nan }
    var order = x.indices.sorted { x[$0] != x[$1] ? x[$0] < x[$1] : y[$0] < y[$1] }
    func tiedPairs(_ same: (Int, Int) -> Bool) -> Double {
      var total = 0.0
      var run = 1.0
      for k in 1..<n {
        if same(order[k - 1], order[k]) {
          run += 1
        } else {
          total += run * (run - 1) / 2
          run = 1
        }
      }
      return total + run * (run - 1) / 2
    }
    let tiedX = tiedPairs { x[$0] == x[$1] }
    let tiedBoth = tiedPairs { x[$0] == x[$1] && y[$0] == y[$1] }
    // Bottom-up merge sort by y, counting how far each element jumps back.
    var swaps = 0.0
    var buffer = order
    var width = 1
    while width < n {
      var lo = 0
      while lo < n {
        let mid = min(lo + width, n)
        let hi = min(lo + 2 * width, n)
        var (i, j, k) = (lo, mid, lo)
        while i < mid && j < hi {
          if y[order[j]] < y[order[i]] {
            buffer[k] = order[j]
            swaps += Double(mid - i)
            j += 1
          } else {
            buffer[k] = order[i]
            i += 1
          }
          k += 1
        }
        while i < mid {
          buffer[k] = order[i]
          i += 1
          k += 1
        }
        while j < hi {
          buffer[k] = order[j]
          j += 1
          k += 1
        }
        lo = hi
      }
      swap(&order, &buffer)
      width *= 2
    }
    let tiedY = tiedPairs { y[$0] == y[$1] }
    let pairs = Double(n) * Double(n - 1) / 2
    let d = ((pairs - tiedX) * (pairs - tiedY)).squareRoot()
    return d == 0 ? .nan : (pairs - tiedX - tiedY + tiedBoth - 2 * swaps) / d
  }

  /// The second, third and fourth central moments (over n).
  static func centralMoments(_ xs: [Double]) -> (m2: Double, m3: Double, m4: Double) {
    let n = Double(xs.count)
    let m = mean(xs)
    var (m2, m3, m4) = (0.0, 0.0, 0.0)
    for x in xs {
      let d = x - m
      m2 += d * d
      m3 += d * d * d
      m4 += d * d * d * d
    }
    return (m2 / n, m3 / n, m4 / n)
  }

  /// Skewness: m3 / m2^1.5, or with biased=false the sample-adjusted G1 (pandas' skew).
  static func skew(_ xs: [Double], biased: Bool = true) -> Double {
    guard xs.count > (biased ? 0 : 2) else { return .nan }
    let (m2, m3, _) = centralMoments(xs)
    return skew(count: Double(xs.count), m2: m2, m3: m3, biased: biased)
  }

  /// `skew` from the count and central moments (over n) of values, enough of them.
  static func skew(count n: Double, m2: Double, m3: Double, biased: Bool) -> Double {
    guard m2 > 0 else { return .nan }
    let g = m3 / (m2 * m2.squareRoot())
    return biased ? g : g * (n * (n - 1)).squareRoot() / (n - 2)
  }

  /// Kurtosis (not excess): m4 / m2^2 from three values, or with biased=false pandas' unbiased
  /// excess kurtosis plus 3, as DolphinDB documents `kurtosis(X, false) - 3` to match pandas.
  static func kurtosis(_ xs: [Double], biased: Bool = true) -> Double {
    guard xs.count > (biased ? 2 : 3) else { return .nan }
    let (m2, _, m4) = centralMoments(xs)
    return kurtosis(count: Double(xs.count), m2: m2, m4: m4, biased: biased)
  }

  /// `kurtosis` from the count and central moments (over n) of values, enough of them.
  static func kurtosis(count n: Double, m2: Double, m4: Double, biased: Bool) -> Double {
    guard m2 > 0 else { return .nan }
    let g = m4 / (m2 * m2)
    if biased { return g }
    return ((n + 1) * (g - 3) + 6) * (n - 1) / ((n - 2) * (n - 3)) + 3
  }
}
