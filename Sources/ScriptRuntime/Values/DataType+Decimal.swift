/// DECIMAL32(S) and DECIMAL64(S): fixed-point numbers stored as their unscaled integer
/// (`1.23` at scale 2 is 123) in an INT or LONG column, null as the integer's minimum.
extension DataType {
  /// The largest scale each width takes (its decimal digits).
  public static let maxDecimalScale32 = 9
  public static let maxDecimalScale64 = 18

  /// 32 or 64 for a DECIMAL type, 0 otherwise.
  public var decimalBits: Int {
    switch rawValue {
    case 160...169: return 32
    case 170...188: return 64
    default: return 0
    }
  }

  /// Whether this is DECIMAL32 or DECIMAL64 at some scale.
  public var isDecimal: Bool { decimalBits != 0 }

  /// The digits after the point of a DECIMAL type (0 for every other type).
  public var decimalScale: Int {
    switch decimalBits {
    case 32: return Int(rawValue) - 160
    case 64: return Int(rawValue) - 170
    default: return 0
    }
  }

  /// The DECIMAL type of a width and scale, or nil when the width takes no such scale.
  public static func decimal(bits: Int, scale: Int) -> DataType? {
    switch bits {
    case 32 where (0...maxDecimalScale32).contains(scale): return DataType(rawValue: UInt8(160 + scale))
    case 64 where (0...maxDecimalScale64).contains(scale): return DataType(rawValue: UInt8(170 + scale))
    default: return nil
    }
  }

  /// `DECIMAL32(4)` as a schema names it (in a string, as `loadText` schemas do).
  static func decimal(named name: String) -> DataType? {
    let text = name.uppercased().filter { $0 != " " }
    for bits in [32, 64] {
      let prefix = "DECIMAL\(bits)("
      guard text.hasPrefix(prefix), text.hasSuffix(")"),
        let scale = Int(text.dropFirst(prefix.count).dropLast())
      else { continue }
      return decimal(bits: bits, scale: scale)
    }
    return nil
  }

  /// The id `type()` returns: DolphinDB's (37 for DECIMAL32, 38 for DECIMAL64).
  public var typeID: Int64 {
    switch decimalBits {
    case 32: return 37
    case 64: return 38
    default: return Int64(rawValue)
    }
  }

  /// The name with a DECIMAL's scale, as a table's schema shows it: `DECIMAL32(4)`.
  public var fullName: String { isDecimal ? "\(name)(\(decimalScale))" : name }
}
