/// A number pattern of `format` (`0.00`, `#,##0`, `0.0%`, `000000`) read once into what it
/// asks for, so a column is formatted without reading the pattern again for each value.
struct NumberFormatPattern {
  let percent: Bool
  /// Whether the integer part has a digit pattern at all (`.00` has none).
  let hasIntegerPattern: Bool
  let decimals: Int
  let minDecimals: Int
  let grouping: Bool
  let minInt: Int
  let scale: Double

  init(_ pattern: String) {
    percent = pattern.hasSuffix("%")
    let body = percent ? String(pattern.dropLast()) : pattern
    let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
    let intPattern = parts.first.map(String.init) ?? ""
    hasIntegerPattern = !intPattern.isEmpty
    decimals = parts.count > 1 ? parts[1].filter { $0 == "0" || $0 == "#" }.count : 0
    minDecimals = parts.count > 1 ? parts[1].filter { $0 == "0" }.count : 0
    grouping = intPattern.contains(",")
    minInt = intPattern.filter { $0 == "0" }.count
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    self.scale = scale
  }

  func format(_ x: Double) -> String {
    // Past what a pattern's integer digits can show exactly, the plain form says it.
    guard x.isFinite, x.magnitude < 1e17 else { return x.isNaN ? "" : String(x) }
    let d = percent ? x * 100 : x
    let negative = d < 0
    let scaled = (abs(d) * scale).rounded(.toNearestOrAwayFromZero)
    // More decimals than a double holds (a pattern of hundreds of zeros): the plain form.
    guard scaled.isFinite, scaled < 9e18 else { return String(x) }
    let whole = Int64(scaled / scale)
    var frac = Int64((scaled - Double(whole) * scale).rounded())
    var fracDigits = decimals
    var fracText = decimals > 0 ? Formatting.pad(frac, decimals) : ""
    while fracDigits > minDecimals && fracText.hasSuffix("0") {
      fracText.removeLast()
      fracDigits -= 1
      frac /= 10
    }
    var intText = Formatting.pad(whole, max(1, minInt))
    if minInt == 0 && whole == 0 && hasIntegerPattern && !fracText.isEmpty { intText = "0" }
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
