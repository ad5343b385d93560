import ScriptRuntime

/// `decimalFormat(x, format)` and `format` of numbers: numbers as text by a Java-style pattern
/// (`0.00`, `#,###.##`, `000`, `0.0%`, `0.00E0`, with literal text around it, and after a `;`
/// the text around negative numbers, as `0.0;(0.0)` shows -1.5 as `(1.5)`), half-up rounding.
struct NumberPattern {
  var prefix = ""
  var suffix = ""
  /// The text around a negative number, from the pattern after `;` (nil: a minus sign).
  var negative: (prefix: String, suffix: String)?
  var minInteger = 0
  var grouping = 0
  var minFraction = 0
  var maxFraction = 0
  var percent = false
  var exponentDigits: Int?

  /// Reads a pattern; nil when it has no digit placeholder.
  init?(_ pattern: String) {
    var text = pattern
    if let semicolon = pattern.firstIndex(of: ";") {
      text = String(pattern[..<semicolon])
      let chars = Array(pattern[pattern.index(after: semicolon)...])
      let digits = chars.firstIndex { "0#.,".contains($0) } ?? chars.count
      var end = digits
      while end < chars.count, "0#.,E".contains(chars[end]) { end += 1 }
      negative = (String(chars[..<digits]), String(chars[end...]))
    }
    let chars = Array(text)
    var i = 0
    while i < chars.count, !"0#.,".contains(chars[i]) {
      if chars[i] == "%" { percent = true }
      prefix.append(chars[i])
      i += 1
    }
    var sawPoint = false
    var sinceComma = -1
    var any = false
    while i < chars.count, "0#.,".contains(chars[i]) {
      switch chars[i] {
      case ".": sawPoint = true
      case ",": if !sawPoint { sinceComma = 0 }
      case "0":
        any = true
        if sawPoint {
          minFraction += 1
          maxFraction += 1
        } else {
          minInteger += 1
        }
        if !sawPoint && sinceComma >= 0 { sinceComma += 1 }
      default:  // "#"
        any = true
        if sawPoint { maxFraction += 1 } else if sinceComma >= 0 { sinceComma += 1 }
      }
      i += 1
    }
    guard any, maxFraction <= 18 else { return nil }
    grouping = max(sinceComma, 0)
    if i < chars.count, chars[i] == "E" {
      var digits = 0
      i += 1
      while i < chars.count, chars[i] == "0" {
        digits += 1
        i += 1
      }
      exponentDigits = max(digits, 1)
    }
    while i < chars.count {
      if chars[i] == "%" { percent = true }
      suffix.append(chars[i])
      i += 1
    }
  }

  /// The text of `x` (empty for null).
  func format(_ x: Double) -> String {
    guard x.isFinite else { return "" }
    var value = percent ? x * 100 : x
    var exponent: Int?
    if exponentDigits != nil, value != 0 {
      // The mantissa keeps `minInteger` (at least one) whole digits.
      var e = Int(abs(value).log10Floor) - (max(minInteger, 1) - 1)
      value /= pow10(e)
      if (abs(value) * pow10(maxFraction)).rounded() >= pow10(max(minInteger, 1) + maxFraction) {
        value /= 10
        e += 1
      }
      exponent = e
    } else if exponentDigits != nil {
      exponent = 0
    }
    let scale = pow10(maxFraction)
    let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
    guard scaled < 9.2e18 else { return ValueFormatter.formatDouble(x) }
    let units = UInt64(scaled)
    let p = UInt64(scale)
    var whole = String(units / p)
    var fraction = maxFraction > 0 ? String(units % p) : ""
    fraction = String(repeating: "0", count: maxFraction - fraction.count) + fraction
    while fraction.count > minFraction, fraction.hasSuffix("0") { fraction.removeLast() }
    if whole == "0" && minInteger == 0 { whole = "" }
    whole = shaped(whole)
    var body = whole + (fraction.isEmpty ? "" : "." + fraction)
    if body.isEmpty { body = "0" }
    if let e = exponent, let digits = exponentDigits {
      let d = String(abs(e))
      body += "E" + (e < 0 ? "-" : "") + String(repeating: "0", count: max(0, digits - d.count)) + d
    }
    let (before, after) = around(negative: value < 0 && units != 0)
    return before + body + after
  }

  /// The text of an integer (empty for null), exact past 2^53 where the pattern has no
  /// decimals, percent or exponent; built in place when it has no grouping either (a column
  /// of codes as "000000").
  func format(_ n: Int64) -> String {
    guard n != Int64.min else { return "" }
    guard maxFraction == 0, !percent, exponentDigits == nil else { return format(Double(n)) }
    let (before, after) = around(negative: n < 0)
    guard grouping == 0 else { return before + shaped(String(n.magnitude)) + after }
    return withUnsafeTemporaryAllocation(
      of: UInt8.self, capacity: before.utf8.count + after.utf8.count + 20 + minInteger
    ) {
      buffer in
      var w = TextWriter(buffer)
      w.text(before)
      w.padded(n < 0 ? -n : n, minInteger)
      w.text(after)
      return w.string
    }
  }

  /// The text before and after a number's digits: the negative pattern's, else a minus sign.
  private func around(negative isNegative: Bool) -> (String, String) {
    guard isNegative else { return (prefix, suffix) }
    return negative ?? (prefix + "-", suffix)
  }

  /// Whole digits zero-padded to `minInteger`, with a comma every `grouping` digits from the right.
  private func shaped(_ digits: String) -> String {
    var whole = digits
    if whole.count < minInteger { whole = String(repeating: "0", count: minInteger - whole.count) + whole }
    guard grouping > 0, whole.count > grouping else { return whole }
    var out = ""
    for (k, c) in whole.enumerated() {
      if k > 0 && (whole.count - k) % grouping == 0 { out.append(",") }
      out.append(c)
    }
    return out
  }

  /// The text of a numeric scalar (empty for null).
  func format(_ v: Value) -> String {
    if v.isNull { return "" }
    if case .int(let n, let t) = v, t.isIntegral { return format(n) }
    return format(v.rawDouble)
  }

  private func pow10(_ n: Int) -> Double {
    var r = 1.0
    if n >= 0 { for _ in 0..<n { r *= 10 } } else { for _ in 0..<(-n) { r /= 10 } }
    return r
  }

  static let builtin = Builtin("decimalFormat", args: 2...2, parameterNames: ["X", "format"]) { a throws(ScriptError) in
    let text = try a.text(1, "the format of 'decimalFormat'")
    guard let pattern = NumberPattern(text) else {
      throw ScriptError(RuntimeMessages.numberPatternInvalid(text))
    }
    return try mapElements(a[0]) { v throws(ScriptError) in
      guard v.type.isNumeric || v.type == .void else {
        throw ScriptError(RuntimeMessages.cannotTake("decimalFormat", v.typeString))
      }
      return .string(pattern.format(v), .string)
    }
  }
}
