/// Writes text into a scratch buffer (on the stack, from `withUnsafeTemporaryAllocation`), so
/// formatting a value makes one string rather than one per piece. Writing past the end is
/// dropped: callers size the buffer for their longest text.
public struct TextWriter {
  private let base: UnsafeMutableBufferPointer<UInt8>
  public private(set) var count = 0

  public init(_ base: UnsafeMutableBufferPointer<UInt8>) { self.base = base }

  /// The text written so far.
  public var string: String { String(decoding: UnsafeBufferPointer(rebasing: base[0..<count]), as: UTF8.self) }

  public mutating func byte(_ c: UInt8) {
    guard count < base.count else { return }
    base[count] = c
    count += 1
  }

  public mutating func bytes(_ b: [UInt8]) {
    for c in b { byte(c) }
  }

  public mutating func text(_ s: String) {
    for c in s.utf8 { byte(c) }
  }

  /// `v` in decimal, zero-padded on the left to `width` digits (a negative number as `String`
  /// gives it, padded the same way).
  public mutating func padded(_ v: Int64, _ width: Int) {
    guard v >= 0 else {
      let s = String(v)
      for _ in s.utf8.count..<max(width, s.utf8.count) { byte(48) }
      text(s)
      return
    }
    var digits = 1
    var power: Int64 = 10
    while digits < 19 && v >= power {
      digits += 1
      power = power &* 10
    }
    let n = max(digits, width)
    guard count + n <= base.count else { return }
    var x = v
    var i = count + n - 1
    for k in count..<(count + n) { base[k] = 48 }
    repeat {
      base[i] = UInt8(truncatingIfNeeded: x % 10) + 48
      x /= 10
      i -= 1
    } while x > 0
    count += n
  }
}
