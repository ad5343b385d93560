import PorpoiseSupport
import ScriptRuntime
import ScriptSyntax

/// `format(x, pattern)`: as DolphinDB, `decimalFormat`'s number patterns (`0.00`, `#,##0`,
/// `0.0%`, `0.00E0`) for numbers and `temporalFormat`'s date patterns (`yyyy.MM.dd
/// HH:mm:ss.SSS`) for dates and times; a string's `%s` is replaced.
enum Formatting {
  /// A pattern read once for every kind of value it may format.
  struct Compiled {
    let text: String
    let date: DateFormatPattern
    /// Nil when the pattern has no digit placeholder (formatting a number is then an error).
    let number: NumberPattern?
    init(_ pattern: String) {
      text = pattern
      date = DateFormatPattern(pattern)
      number = NumberPattern(pattern)
    }
  }

  static func format(_ v: Value, _ pattern: Compiled) throws(ScriptError) -> String {
    if v.isNull { return "" }
    switch v {
    case .int(let raw, let t) where t.isTemporal:
      return pattern.date.format(raw, t)
    case .int, .double:
      guard let number = pattern.number else { throw ScriptError(RuntimeMessages.numberPatternInvalid(pattern.text)) }
      return number.format(v)
    case .string(let s, _): return pattern.text.replacing("%s", with: s)
    default: throw ScriptError(RuntimeMessages.cannotTake("format", v.typeString))
    }
  }
}
