import ScriptRuntime

/// Sums of powers of a window's values, kept in double-double as values enter and leave, from
/// which moving variances and covariances come in constant time per element.
protocol SlidingSums {
  /// How many values (or pairs) the window has.
  var count: Int { get }
  /// The sums whose size only grows with the values' (even powers): when one falls far below
  /// the largest it has been, large values have left and taken digits with them.
  var scales: (Double, Double) { get }
  mutating func add(_ i: Int)
  mutating func remove(_ i: Int)
  /// The same sums of no values.
  func emptied() -> Self
}

/// Slides `sums` along `count` elements and hands `visit` each position with its window's sums.
/// A window whose sums have fallen 2^16 below their largest since they were last made is summed
/// again from its values (rare: large values followed by much smaller ones), so what subtracting
/// the large ones left behind stays below 2^-90 of a sum (`cancelled` tells it from a spread); an
/// emptied window starts again from exact zeros.
@inline(__always)
func slideSums<S: SlidingSums>(
  _ sums: S, count: Int, extent: WindowExtent, machine: Machine, visit: (Int, S) -> Void
) throws(ScriptError) {
  var s = sums
  var start = 0
  var peaks = (0.0, 0.0)
  for i in 0..<count {
    if i % 4_096 == 0, machine.isInterrupted { throw Machine.interrupted() }
    s.add(i)
    let newStart = extent.start(i)
    if start < newStart {
      while start < newStart {
        s.remove(start)
        start += 1
      }
      let scales = s.scales
      if s.count == 0 {
        s = s.emptied()
        peaks = (0, 0)
      } else if scales.0 < peaks.0 * 0x1p-16 || scales.1 < peaks.1 * 0x1p-16 {
        s = s.emptied()
        for j in start...i { s.add(j) }
        peaks = (0, 0)
      }
    }
    let scales = s.scales
    peaks = (max(peaks.0, scales.0), max(peaks.1, scales.1))
    visit(i, s)
  }
}

/// A difference of double-double terms as a double, 0 when it is below what terms of `size`
/// (the largest's) can tell apart after values have come and gone, 2^-84 of it: equal values
/// have no spread, not a residue. (A spread that small, values agreeing to 12 digits, is also
/// below what a double computes it to: two passes over the values get its first 4 digits.)
@inline(__always) func cancelled(_ d: DoubleDouble, size: Double) -> Double {
  d.magnitude <= size * 0x1p-84 ? 0 : d.value
}

/// The largest magnitude of some terms.
@inline(__always) func largest(_ a: DoubleDouble, _ b: DoubleDouble) -> Double { max(a.magnitude, b.magnitude) }

/// Sums of a window's non-null values and of their squares: mvar, mstd and their kin.
struct WindowPowerSums: SlidingSums {
  let xs: [Double]
  private(set) var count = 0
  var s1 = DoubleDouble.zero
  var s2 = DoubleDouble.zero

  init(_ xs: [Double]) { self.xs = xs }

  func emptied() -> WindowPowerSums { WindowPowerSums(xs) }

  var scales: (Double, Double) { (s2.magnitude, 0) }

  @inline(__always) mutating func add(_ i: Int) {
    let x = xs[i]
    guard !x.isNaN else { return }
    count += 1
    s1 = s1 + x
    s2 = s2 + DoubleDouble.square(x)
  }

  @inline(__always) mutating func remove(_ i: Int) {
    let x = xs[i]
    guard !x.isNaN else { return }
    count -= 1
    s1 = s1 + -x
    s2 = s2 - DoubleDouble.square(x)
  }

  /// The sum of squared deviations from the mean, as (n * sum(x^2) - sum(x)^2) / n.
  var squaredDeviations: Double {
    let n = Double(count)
    let (scaled, square) = (s2 * n, s1 * s1)
    return max(0, cancelled(scaled - square, size: largest(scaled, square))) / n
  }

  /// Sample variance (n - 1), null under two values.
  var variance: Double { count > 1 ? squaredDeviations / Double(count - 1) : .nan }
  /// Population variance (n), null without values.
  var populationVariance: Double { count > 0 ? squaredDeviations / Double(count) : .nan }
}

/// Sums and co-sums of a window's pairs where both values are non-null: mcorr, mcovar, mbeta.
struct WindowPairSums: SlidingSums {
  let xs: [Double]
  let ys: [Double]
  private(set) var count = 0
  var sx = DoubleDouble.zero
  var sy = DoubleDouble.zero
  var sxx = DoubleDouble.zero
  var syy = DoubleDouble.zero
  var sxy = DoubleDouble.zero

  init(_ xs: [Double], _ ys: [Double]) { (self.xs, self.ys) = (xs, ys) }

  func emptied() -> WindowPairSums { WindowPairSums(xs, ys) }

  var scales: (Double, Double) { (sxx.magnitude, syy.magnitude) }

  @inline(__always) mutating func add(_ i: Int) {
    let (x, y) = (xs[i], ys[i])
    guard !x.isNaN && !y.isNaN else { return }
    count += 1
    sx = sx + x
    sy = sy + y
    sxx = sxx + DoubleDouble.square(x)
    syy = syy + DoubleDouble.square(y)
    sxy = sxy + DoubleDouble.twoProduct(x, y)
  }

  @inline(__always) mutating func remove(_ i: Int) {
    let (x, y) = (xs[i], ys[i])
    guard !x.isNaN && !y.isNaN else { return }
    count -= 1
    sx = sx + -x
    sy = sy + -y
    sxx = sxx - DoubleDouble.square(x)
    syy = syy - DoubleDouble.square(y)
    sxy = sxy - DoubleDouble.twoProduct(x, y)
  }

  /// The sums of squared deviations of x and y and of their co-deviations, each as
  /// (n * sum(xy) - sum(x) * sum(y)) / n.
  var deviations: (xx: Double, yy: Double, xy: Double) {
    let n = Double(count)
    let (nxx, nyy, nxy) = (sxx * n, syy * n, sxy * n)
    let (px, py, pxy) = (sx * sx, sy * sy, sx * sy)
    let xx = max(0, cancelled(nxx - px, size: largest(nxx, px))) / n
    let yy = max(0, cancelled(nyy - py, size: largest(nyy, py))) / n
    // |co-deviation| <= sqrt(xx * yy): none when either has no spread.
    let xy = xx == 0 || yy == 0 ? 0 : cancelled(nxy - pxy, size: largest(nxy, pxy)) / n
    return (xx, yy, xy)
  }

  var covariance: Double { count > 1 ? deviations.xy / Double(count - 1) : .nan }
  var populationCovariance: Double { count > 0 ? deviations.xy / Double(count) : .nan }

  var correlation: Double {
    guard count > 1 else { return .nan }
    let d = deviations
    let m = Double(count - 1)
    return (d.xy / m) / ((d.xx / m).squareRoot() * (d.yy / m).squareRoot())
  }

  /// The slope of the first of the pair on the second: cov / var(second), as `mbeta(Y, X)`.
  var slopeOnSecond: Double {
    guard count > 1 else { return .nan }
    let d = deviations
    let m = Double(count - 1)
    return (d.xy / m) / (d.yy / m)
  }
}
