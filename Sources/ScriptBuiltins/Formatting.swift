import PorpoiseSupport
import ScriptRuntime
import ScriptSyntax

/// `format(x, pattern)`: number patterns (`0.00`, `#,##0`, `0.0%`) and date patterns
/// (`yyyy.MM.dd HH:mm:ss.SSS`).
enum Formatting {
  /// A pattern read once for every kind of value it may format.
  struct Compiled {
    let text: String
    let date: DateFormatPattern
    let number: NumberFormatPattern
    init(_ pattern: String) {
      text = pattern
      date = DateFormatPattern(pattern)
      number = NumberFormatPattern(pattern)
    }
  }

  static func format(_ v: Value, _ pattern: Compiled) throws(ScriptError) -> String {
    if v.isNull { return "" }
    switch v {
    case .int(let raw, let t) where t.isTemporal:
      return pattern.date.format(raw, t)
    case .int, .double:
      guard let d = v.doubleValue else { return "" }
      return pattern.number.format(d)
    case .string(let s, _): return pattern.text.replacing("%s", with: s)
    default: throw ScriptError(RuntimeMessages.cannotTake("format", v.typeString))
    }
  }

  static func pad(_ n: Int64, _ width: Int) -> String {
    let s = String(n)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
  }
}
