/// Sums over a window's elements that have a value (`count` of them): msum2's squares, mprod's
/// product, mwsum's weighted values with their weights.
struct WindowSums: WindowSummary {
  var count = 0.0
  var sum = 0.0
  var weights = 0.0

  static let empty = WindowSums()

  @inline(__always) init() {}
  @inline(__always) init(count: Double, sum: Double, weights: Double = 0) {
    (self.count, self.sum, self.weights) = (count, sum, weights)
  }

  @inline(__always) static func combine(_ a: WindowSums, _ b: WindowSums) -> WindowSums {
    WindowSums(count: a.count + b.count, sum: a.sum + b.sum, weights: a.weights + b.weights)
  }
}

/// The product of a window's non-null values (1 for none).
struct WindowProduct: WindowSummary {
  var count = 0.0
  var product = 1.0

  static let empty = WindowProduct()

  @inline(__always) init() {}
  @inline(__always) init(_ x: Double) {
    if !x.isNaN { (count, product) = (1, x) }
  }

  @inline(__always) static func combine(_ a: WindowProduct, _ b: WindowProduct) -> WindowProduct {
    var s = WindowProduct()
    (s.count, s.product) = (a.count + b.count, a.product * b.product)
    return s
  }
}

/// The position of a window's largest value (-1 for none) and how many values it has; among
/// equal ones the first, or the last when `Self.keepsLast`. Smallest values are the largest of
/// the negated values.
protocol WindowExtreme: WindowSummary {
  var count: Int { get set }
  var position: Int { get set }
  var value: Double { get set }
  init()
  static var keepsLast: Bool { get }
}

extension WindowExtreme {
  @inline(__always) init(_ x: Double, at i: Int) {
    self.init()
    if !x.isNaN { (count, position, value) = (1, i, x) }
  }

  @inline(__always) static func combine(_ a: Self, _ b: Self) -> Self {
    if a.count == 0 { return b }
    if b.count == 0 { return a }
    var s = (b.value > a.value || (keepsLast && b.value == a.value)) ? b : a
    s.count = a.count + b.count
    return s
  }
}

struct FirstLargest: WindowExtreme {
  var count = 0
  var position = -1
  var value = 0.0
  static let empty = FirstLargest()
  static let keepsLast = false
}

struct LastLargest: WindowExtreme {
  var count = 0
  var position = -1
  var value = 0.0
  static let empty = LastLargest()
  static let keepsLast = true
}

/// The first and last positions of a window's non-null elements (-1 for none).
struct WindowEnds: WindowSummary {
  var first = -1
  var last = -1
  var count = 0

  static let empty = WindowEnds()

  @inline(__always) init() {}
  @inline(__always) init(present: Bool, at i: Int) {
    if present { (first, last, count) = (i, i, 1) }
  }

  @inline(__always) static func combine(_ a: WindowEnds, _ b: WindowEnds) -> WindowEnds {
    if a.count == 0 { return b }
    if b.count == 0 { return a }
    var s = WindowEnds()
    (s.first, s.last, s.count) = (a.first, b.last, a.count + b.count)
    return s
  }
}

/// Count, mean and the sums of the second to fourth powers of deviations of a window's non-null
/// values, combined by Pébay's pairwise rules (which a shift of the values does not disturb, as
/// power sums are: a fourth moment of prices near 100 with a spread of 0.01 would need 32 more
/// digits than power sums have): mskew, mkurtosis.
struct FourMoments: WindowSummary {
  var n = 0.0
  var mean = 0.0
  var m2 = 0.0
  var m3 = 0.0
  var m4 = 0.0

  static let empty = FourMoments()

  @inline(__always) init() {}

  @inline(__always) init(_ x: Double) {
    if !x.isNaN { (n, mean) = (1, x) }
  }

  @inline(__always) static func combine(_ a: FourMoments, _ b: FourMoments) -> FourMoments {
    if a.n == 0 { return b }
    if b.n == 0 { return a }
    var s = FourMoments()
    let n = a.n + b.n
    let delta = b.mean - a.mean
    let d = delta / n
    let ab = a.n * b.n
    s.n = n
    s.mean = a.mean + d * b.n
    s.m2 = a.m2 + b.m2 + delta * d * ab
    s.m3 = a.m3 + b.m3 + delta * d * d * ab * (a.n - b.n) + 3 * d * (a.n * b.m2 - b.n * a.m2)
    s.m4 =
      a.m4 + b.m4 + delta * d * d * d * ab * (a.n * a.n - ab + b.n * b.n)
      + 6 * d * d * (a.n * a.n * b.m2 + b.n * b.n * a.m2) + 4 * d * (a.n * b.m3 - b.n * a.m3)
    return s
  }

  /// `Statistics.skew` of the window's values.
  func skew(biased: Bool) -> Double {
    guard n > (biased ? 0 : 2) else { return .nan }
    return Statistics.skew(count: n, m2: m2 / n, m3: m3 / n, biased: biased)
  }

  /// `Statistics.kurtosis` of the window's values.
  func kurtosis(biased: Bool) -> Double {
    guard n > (biased ? 2 : 3) else { return .nan }
    return Statistics.kurtosis(count: n, m2: m2 / n, m4: m4 / n, biased: biased)
  }
}
