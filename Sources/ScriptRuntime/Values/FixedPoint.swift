/// The arithmetic of DECIMAL values on their unscaled integers: `1.23` at scale 2 is 123.
///
/// Every operation checks for overflow: a DECIMAL32 holds what an `Int32` holds, a DECIMAL64
/// what an `Int64` holds (their minimum is the null). Overflow is an error, never a wrap.
public enum FixedPoint {
  /// 10^0 ... 10^18.
  static let powers: [Int64] = (0...18).map { n in (0..<n).reduce(Int64(1)) { r, _ in r * 10 } }

  /// 10^n for n in 0...18.
  public static func power(_ n: Int) -> Int64 { powers[n] }

  /// Whether an unscaled value fits its width (the minimum is taken by null).
  static func fits(_ x: Int64, bits: Int) -> Bool {
    bits == 32 ? x > Int64(Int32.min) && x <= Int64(Int32.max) : x != Int64.min
  }

  static func overflow(_ type: DataType) -> ScriptError {
    ScriptError(RuntimeMessages.decimalOverflow(type.name))
  }

  /// `x` checked against `type`'s width.
  static func checked(_ x: Int64, _ type: DataType) throws(ScriptError) -> Int64 {
    guard fits(x, bits: type.decimalBits) else { throw overflow(type) }
    return x
  }

  /// An unscaled value moved from one scale to another: up multiplies (checked), down truncates.
  public static func rescale(_ x: Int64, from: Int, to: Int, _ type: DataType) throws(ScriptError) -> Int64 {
    if x == Int64.min { return x }
    if to == from { return try checked(x, type) }
    if to < from { return x / power(from - to) }
    let (r, o) = x.multipliedReportingOverflow(by: power(to - from))
    guard !o else { throw overflow(type) }
    return try checked(r, type)
  }

  /// An integer as a DECIMAL of `type`.
  public static func fromInteger(_ i: Int64, _ type: DataType) throws(ScriptError) -> Int64 {
    try rescale(i, from: 0, to: type.decimalScale, type)
  }

  /// A floating value as a DECIMAL of `type`, truncated toward zero (as DolphinDB does:
  /// `decimal32(1.23456, 3)` is 1.234).
  public static func fromDouble(_ d: Double, _ type: DataType) throws(ScriptError) -> Int64 {
    guard d.isFinite else { return Int64.min }
    let scaled = (d * Double(power(type.decimalScale))).rounded(.towardZero)
    guard abs(scaled) < 9.2e18 else { throw overflow(type) }
    return try checked(Int64(scaled), type)
  }

  /// Decimal text (`-12.3456`, `1e3` is refused) as a DECIMAL of `type`, extra digits
  /// truncated; nil when the text is not a plain decimal number.
  public static func fromText(_ text: String, _ type: DataType) throws(ScriptError) -> Int64? {
    var bytes = Substring(text.trimmingSpaces).utf8[...]
    if bytes.isEmpty { return Int64.min }
    var negative = false
    if let f = bytes.first, f == UInt8(ascii: "-") || f == UInt8(ascii: "+") {
      negative = f == UInt8(ascii: "-")
      bytes = bytes.dropFirst()
    }
    let scale = type.decimalScale
    var value: Int64 = 0
    var fraction = -1  // digits read after the point; -1 before it
    var digits = 0
    for b in bytes {
      if b == UInt8(ascii: ".") {
        guard fraction < 0 else { return nil }
        fraction = 0
        continue
      }
      guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return nil }
      digits += 1
      if fraction >= 0 {
        if fraction == scale { continue }  // truncated
        fraction += 1
      }
      let (m, o1) = value.multipliedReportingOverflow(by: 10)
      let (a, o2) = m.addingReportingOverflow(Int64(b - UInt8(ascii: "0")))
      guard !o1, !o2 else { throw overflow(type) }
      value = a
    }
    guard digits > 0 else { return nil }
    let (r, o) = value.multipliedReportingOverflow(by: power(scale - max(fraction, 0)))
    guard !o else { throw overflow(type) }
    return try checked(negative ? -r : r, type)
  }

  /// The value as a DOUBLE (null is NaN).
  @inline(__always)
  public static func double(_ x: Int64, scale: Int) -> Double {
    x == Int64.min ? .nan : Double(x) / Double(power(scale))
  }

  /// The console text: every digit of the scale (`142.00`), null empty.
  public static func format(_ x: Int64, scale: Int) -> String {
    if x == Int64.min { return "" }
    if scale == 0 { return String(x) }
    let magnitude = x.magnitude
    let p = UInt64(power(scale))
    let whole = String(magnitude / p)
    let frac = String(magnitude % p)
    return (x < 0 ? "-" : "") + whole + "." + String(repeating: "0", count: scale - frac.count) + frac
  }
}

extension Vector {
  /// A DECIMAL column's values as Doubles (null NaN), in one typed loop.
  var decimalDoubles: [Double] {
    let p = Double(FixedPoint.power(type.decimalScale))
    switch storage {
    case .i32(let a): return a.map { $0 == Int32.min ? .nan : Double($0) / p }
    case .i64(let a): return a.map { $0 == Int64.min ? .nan : Double($0) / p }
    default: return Array(repeating: .nan, count: count)
    }
  }
}
