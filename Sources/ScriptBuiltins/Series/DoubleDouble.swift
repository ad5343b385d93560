/// A number held as the unevaluated sum of two doubles (about 106 bits of significand): sums
/// of a window's powers kept exactly enough that values can be subtracted out again and that
/// `n * sum(x^2) - sum(x)^2` cancels to what it is (0 for equal values, not a rounding residue).
/// Dekker's and Knuth's error-free transformations, as in Hida, Li and Bailey's QD library.
struct DoubleDouble {
  var hi: Double
  var lo: Double

  static let zero = DoubleDouble(0)

  @inline(__always) init(_ x: Double) { (hi, lo) = (x, 0) }
  @inline(__always) init(hi: Double, lo: Double) { (self.hi, self.lo) = (hi, lo) }

  /// `a + b` exactly, as the rounded sum and its error.
  @inline(__always) static func twoSum(_ a: Double, _ b: Double) -> DoubleDouble {
    let s = a + b
    let bb = s - a
    return DoubleDouble(hi: s, lo: (a - (s - bb)) + (b - bb))
  }

  /// `a + b` where |a| >= |b|.
  @inline(__always) static func quickTwoSum(_ a: Double, _ b: Double) -> DoubleDouble {
    let s = a + b
    return DoubleDouble(hi: s, lo: b - (s - a))
  }

  /// `a * b` exactly: Dekker's product of halves (the baseline x86-64 has no fused
  /// multiply-add instruction, and the library's costs a call), or a fused multiply-add where
  /// splitting would overflow.
  @inline(__always) static func twoProduct(_ a: Double, _ b: Double) -> DoubleDouble {
    let p = a * b
    guard abs(a) < 0x1p995, abs(b) < 0x1p995, abs(p) < 0x1p1020 else {
      return DoubleDouble(hi: p, lo: (-p).addingProduct(a, b))
    }
    let (ah, al) = split(a)
    let (bh, bl) = split(b)
    return DoubleDouble(hi: p, lo: ((ah * bh - p) + ah * bl + al * bh) + al * bl)
  }

  /// `a * a` exactly.
  @inline(__always) static func square(_ a: Double) -> DoubleDouble {
    let p = a * a
    guard abs(a) < 0x1p510 else { return DoubleDouble(hi: p, lo: (-p).addingProduct(a, a)) }
    let (h, l) = split(a)
    return DoubleDouble(hi: p, lo: ((h * h - p) + 2 * h * l) + l * l)
  }

  /// A double as two halves of 26 bits each, whose products are exact.
  @inline(__always) static func split(_ a: Double) -> (Double, Double) {
    let t = 134_217_729.0 * a
    let hi = t - (t - a)
    return (hi, a - hi)
  }

  @inline(__always) static func + (a: DoubleDouble, b: DoubleDouble) -> DoubleDouble {
    let s = twoSum(a.hi, b.hi)
    let t = twoSum(a.lo, b.lo)
    let u = quickTwoSum(s.hi, s.lo + t.hi)
    return quickTwoSum(u.hi, u.lo + t.lo)
  }

  @inline(__always) static func + (a: DoubleDouble, b: Double) -> DoubleDouble {
    let s = twoSum(a.hi, b)
    return quickTwoSum(s.hi, s.lo + a.lo)
  }

  @inline(__always) static prefix func - (a: DoubleDouble) -> DoubleDouble { DoubleDouble(hi: -a.hi, lo: -a.lo) }

  @inline(__always) static func - (a: DoubleDouble, b: DoubleDouble) -> DoubleDouble { a + -b }

  @inline(__always) static func * (a: DoubleDouble, b: DoubleDouble) -> DoubleDouble {
    let p = twoProduct(a.hi, b.hi)
    return quickTwoSum(p.hi, p.lo + (a.hi * b.lo + a.lo * b.hi))
  }

  @inline(__always) static func * (a: DoubleDouble, b: Double) -> DoubleDouble {
    let p = twoProduct(a.hi, b)
    return quickTwoSum(p.hi, p.lo + a.lo * b)
  }

  var value: Double { hi + lo }
  var magnitude: Double { abs(hi) }
}
