import PorpoiseSupport
import ScriptRuntime
import ScriptSyntax

/// `format(x, pattern)`: number patterns (`0.00`, `#,##0`, `0.0%`) and date patterns
/// (`yyyy.MM.dd HH:mm:ss.SSS`).
enum Formatting {
  static func format(_ v: Value, _ pattern: String) throws(ScriptError) -> String {
    if v.isNull { return "" }
    switch v {
    case .int(let raw, let t) where t.isTemporal: return temporal(raw, t, pattern)
    case .int, .double:
      guard let d = v.doubleValue else { return "" }
      return number(d, pattern)
    case .string(let s, _): return pattern.replacing("%s", with: s)
    default: throw ScriptError(RuntimeMessages.cannotTake("format", v.typeString))
    }
  }

  static func pad(_ n: Int64, _ width: Int) -> String {
    let s = String(n)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
  }

  static func temporal(_ raw: Int64, _ t: DataType, _ pattern: String) -> String {
    let at = Temporal.dayTime(raw, t)
    let dayNs = at.nanos
    let (y, mo, d) = CivilCalendar.civil(days: Int(clamping: at.days))
    let tokens: [(String, String)] = [
      ("yyyy", pad(Int64(y), 4)), ("yy", pad(Int64(y % 100), 2)), ("MM", pad(Int64(mo), 2)),
      ("dd", pad(Int64(d), 2)), ("HH", pad(dayNs / 3_600_000_000_000, 2)),
      ("mm", pad(dayNs / 60_000_000_000 % 60, 2)), ("ss", pad(dayNs / 1_000_000_000 % 60, 2)),
      ("SSS", pad(dayNs / 1_000_000 % 1000, 3)), ("nnnnnnnnn", pad(dayNs % 1_000_000_000, 9)),
    ]
    var out = ""
    var rest = Substring(pattern)
    outer: while !rest.isEmpty {
      for (token, value) in tokens where rest.hasPrefix(token) {
        out += value
        rest = rest.dropFirst(token.count)
        continue outer
      }
      out.append(rest.removeFirst())
    }
    return out
  }

  static func number(_ x: Double, _ pattern: String) -> String {
    // Past what a pattern's integer digits can show exactly, the plain form says it.
    guard x.isFinite, x.magnitude < 1e17 else { return x.isNaN ? "" : String(x) }
    var d = x
    let percent = pattern.hasSuffix("%")
    if percent { d *= 100 }
    let body = percent ? String(pattern.dropLast()) : pattern
    let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
    let intPattern = parts.first.map(String.init) ?? ""
    let decimals = parts.count > 1 ? parts[1].filter { $0 == "0" || $0 == "#" }.count : 0
    let minDecimals = parts.count > 1 ? parts[1].filter { $0 == "0" }.count : 0
    let grouping = intPattern.contains(",")
    let minInt = intPattern.filter { $0 == "0" }.count
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let negative = d < 0
    let scaled = (abs(d) * scale).rounded(.toNearestOrAwayFromZero)
    // More decimals than a double holds (a pattern of hundreds of zeros): the plain form.
    guard scaled.isFinite, scaled < 9e18 else { return String(x) }
    let whole = Int64(scaled / scale)
    var frac = Int64((scaled - Double(whole) * scale).rounded())
    var fracDigits = decimals
    var fracText = decimals > 0 ? pad(frac, decimals) : ""
    while fracDigits > minDecimals && fracText.hasSuffix("0") {
      fracText.removeLast()
      fracDigits -= 1
      frac /= 10
    }
    var intText = pad(whole, max(1, minInt))
    if minInt == 0 && whole == 0 && !intPattern.isEmpty && !fracText.isEmpty { intText = "0" }
    if grouping {
      var grouped = ""
      for (i, c) in intText.reversed().enumerated() {
        if i > 0 && i % 3 == 0 { grouped.append(",") }
        grouped.append(c)
      }
      intText = String(grouped.reversed())
    }
    var out = (negative ? "-" : "") + intText
    if !fracText.isEmpty { out += "." + fracText }
    return percent ? out + "%" : out
  }
}
