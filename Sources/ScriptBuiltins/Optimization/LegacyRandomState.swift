/// numpy's legacy `RandomState` (MT19937 seeded by `init_genrand`) and the draws scipy's
/// differential evolution makes from it: with the same seed, `differentialEvolution` and
/// `piecewiseLinFit` walk exactly as scipy and pwlf do.
struct LegacyRandomState {
  private var key = [UInt32](repeating: 0, count: 624)
  private var position = 624

  init(seed: UInt32) {
    var s = seed
    for i in 0..<624 {
      key[i] = s
      s = 1_812_433_253 &* (s ^ (s >> 30)) &+ UInt32(i + 1)
    }
    position = 624
  }

  private mutating func generate() {
    let upper: UInt32 = 0x8000_0000
    let lower: UInt32 = 0x7fff_ffff
    let matrix: UInt32 = 0x9908_b0df
    for i in 0..<624 {
      let y = (key[i] & upper) | (key[(i + 1) % 624] & lower)
      key[i] = key[(i + 397) % 624] ^ (y >> 1) ^ ((y & 1) == 0 ? 0 : matrix)
    }
    position = 0
  }

  mutating func nextUInt32() -> UInt32 {
    if position == 624 { generate() }
    var y = key[position]
    position += 1
    y ^= y >> 11
    y ^= (y << 7) & 0x9d2c_5680
    y ^= (y << 15) & 0xefc6_0000
    y ^= y >> 18
    return y
  }

  /// `random_sample`: 53 random bits from two draws.
  mutating func nextDouble() -> Double {
    let a = Double(nextUInt32() >> 5)
    let b = Double(nextUInt32() >> 6)
    return (a * 67_108_864.0 + b) / 9_007_199_254_740_992.0
  }

  mutating func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * nextDouble() }

  /// A uniform integer in 0...bound by masked rejection (`random_interval`, and `randint` on
  /// 32-bit ranges); no draw when bound is 0.
  mutating func masked(_ bound: Int) -> Int {
    guard bound > 0 else { return 0 }
    var mask = UInt32(truncatingIfNeeded: bound)
    mask |= mask >> 1
    mask |= mask >> 2
    mask |= mask >> 4
    mask |= mask >> 8
    mask |= mask >> 16
    while true {
      let v = nextUInt32() & mask
      if v <= UInt32(truncatingIfNeeded: bound) { return Int(v) }
    }
  }

  /// `randint(0, n)`.
  mutating func integer(below n: Int) -> Int { masked(n - 1) }

  /// `shuffle` of a 1-d array: Fisher–Yates from the end.
  mutating func shuffle(_ a: inout [Int]) {
    var i = a.count - 1
    while i >= 1 {
      let j = masked(i)
      a.swapAt(i, j)
      i -= 1
    }
  }
}
