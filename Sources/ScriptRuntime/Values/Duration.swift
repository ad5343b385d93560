import ScriptSyntax

/// A DURATION: a count of calendar or clock units (`1s`, `3M`, `2y`).
public struct Duration: Equatable {
  public let count: Int64
  /// One of `y M w d B H m s ms us ns`, or a trading calendar (`XNYS`: four capitals).
  public let unit: String
  public init(count: Int64, unit: String) {
    self.count = count
    self.unit = unit
  }
  /// Nanoseconds of a fixed-length unit; nil for months, years and business days.
  public var nanoseconds: Int64? {
    let per: Int64
    switch unit {
    case "w": per = 7 * 86_400_000_000_000
    case "d": per = 86_400_000_000_000
    case "H": per = 3_600_000_000_000
    case "m": per = 60_000_000_000
    case "s": per = 1_000_000_000
    case "ms": per = 1_000_000
    case "us": per = 1_000
    case "ns": per = 1
    default: return nil
    }
    let (ns, overflow) = count.multipliedReportingOverflow(by: per)
    return overflow ? nil : ns
  }

  /// `"3m"`, `"-2d"`: a count then a unit, as `duration("3m")` reads it; nil if it is not one.
  public static func parse(_ text: String) -> Duration? {
    let trimmed = text.filter { $0 != " " }
    let digits = trimmed.prefix { $0 == "-" || $0 == "+" || $0.isASCII && $0.isNumber }
    let unit = String(trimmed.dropFirst(digits.count))
    guard let count = Int64(digits), Lexer.durationUnits.contains(unit) || Lexer.isCalendarUnit(unit) else {
      return nil
    }
    return Duration(count: count, unit: unit)
  }
  public var description: String { "\(count)\(unit)" }
}
