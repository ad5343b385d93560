/// Renders values the way DolphinDB's console prints them.
///
/// `[1,2,3]`, `"a" : "b"`, `key->value` lines for dictionaries, temporals in literal form,
/// doubles with at most 6 decimals, nulls as empty slots.
public struct ValueFormatter {
  /// Vectors longer than this print their first elements and `...`.
  public var maxVectorElements = 1000
  /// Tables print at most this many rows (`setSystem("rows", n)` / `.rows N`).
  public var maxTableRows = 20

  public init() {}

  /// The console text of a value (no trailing newline); empty for VOID.
  public func format(_ v: Value) -> String {
    switch v {
    case .void: return ""
    case .int(_, .char): return element(v)
    case .int, .double, .string, .duration: return ValueFormatter.plain(v)
    case .vector(let vec): return "[" + elements(vec.values) + "]"
    case .pair(let vec): return element(vec[0]) + " : " + element(vec[1])
    case .tuple(let items): return "(" + elements(items) + ")"
    case .set(let s): return "set(" + elements(s.elements) + ")"
    case .dictionary(let d):
      return zip(d.keys, d.values).map { k, val in ValueFormatter.plain(k) + "->" + dictValue(val) }
        .joined(separator: "\n")
    case .function(let f): return ValueFormatter.describe(f)
    case .object(let o): return o.render(self)
    }
  }

  private func elements(_ items: [Value]) -> String {
    var parts: [String] = []
    parts.reserveCapacity(min(items.count, maxVectorElements + 1))
    for (i, item) in items.enumerated() {
      if i == maxVectorElements {
        parts.append("...")
        break
      }
      parts.append(element(item))
    }
    return parts.joined(separator: ",")
  }

  /// One element inside a vector, tuple or pair: strings quoted, nulls empty.
  public func element(_ v: Value) -> String {
    switch v {
    case .string(let s, let t): return s.isEmpty || t.is128 ? s : "\"" + s + "\""
    case .int(let c, .char):
      if c == Value.nullInt { return "" }
      // A printable ASCII character is quoted; any other (a tab, a newline) shows its code, as
      // DolphinDB's console shows it (`['D',9]`).
      guard (32...126).contains(c) else { return String(c) }
      return "'" + String(UnicodeScalar(UInt8(truncatingIfNeeded: c))) + "'"
    // A row of one null (what append! makes of an empty row) shows as DolphinDB shows it, not
    // as `[]`, which would read as an empty row (a text row of one "" keeps `[]`).
    case .vector(let vec) where vec.count == 1 && !vec.type.isText && vec[0].isNull: return "[null]"
    case .vector(let vec): return "[" + elements(vec.values) + "]"
    case .tuple(let items): return "(" + elements(items) + ")"
    case .void: return ""
    default: return format(v)
    }
  }

  private func dictValue(_ v: Value) -> String {
    switch v {
    // As DolphinDB's console shows a vector value: `partitionSchema->[2022.01.01,2022.01.02]`.
    case .vector(let vec): return "[" + elements(vec.values) + "]"
    case .tuple(let items): return "(" + elements(items) + ")"
    default: return format(v)
    }
  }

  /// The text of a scalar as `string()` makes it: no quotes, nulls empty.
  public static func plain(_ v: Value) -> String {
    switch v {
    case .void: return ""
    case .int(let i, let t):
      if i == Value.nullInt { return "" }
      switch t {
      case .bool: return i != 0 ? "true" : "false"
      case .char: return String(UnicodeScalar(UInt8(truncatingIfNeeded: i)))
      case _ where t.isTemporal: return Temporal.format(i, t)
      case _ where t.isDecimal: return FixedPoint.format(i, scale: t.decimalScale)
      default: return String(i)
      }
    case .double(let d, let t): return t == .float ? formatFloat(Float(d)) : formatDouble(d)
    case .string(let s, _): return s
    case .duration(let d): return d.description
    case .function(let f): return describe(f)
    default: return ValueFormatter().format(v)
    }
  }

  /// Shortest round-trip text with at most 6 decimals; exponent form for huge or tiny values.
  public static func formatDouble(_ d: Double) -> String {
    if d.isNaN { return "" }
    if d.isInfinite { return d > 0 ? "inf" : "-inf" }
    let magnitude = abs(d)
    if magnitude != 0 && (magnitude >= 1e15 || magnitude < 1e-6) { return exponent(d) }
    let rounded = (d * 1e6).rounded() / 1e6
    var s = rounded == 0 ? "0" : String(rounded)
    if s.hasSuffix(".0") { s.removeLast(2) }
    // Bytes, not Foundation's substring search: this runs for every double printed or saved.
    if s.utf8.contains(UInt8(ascii: "e")) { return exponent(d) }
    return s
  }

  static func formatFloat(_ f: Float) -> String {
    if f.isNaN { return "" }
    if f.isInfinite { return f > 0 ? "inf" : "-inf" }
    let magnitude = abs(f)
    if magnitude != 0 && (magnitude >= 1e15 || magnitude < 1e-6) { return exponent(Double(f)) }
    let rounded = (Double(f) * 1e6).rounded() / 1e6
    var s = String(Float(rounded))
    if s.hasSuffix(".0") { s.removeLast(2) }
    return s
  }

  /// `1.189796e+15` style: 6 significant decimals, a signed exponent of at least 2 digits.
  static func exponent(_ d: Double) -> String {
    var e = Int((abs(d)).log10Floor)
    var m = d / pow10(e)
    m = (m * 1e6).rounded() / 1e6
    if abs(m) >= 10 {
      m /= 10
      e += 1
    }
    var ms = String(m)
    if ms.hasSuffix(".0") { ms.removeLast(2) }
    let es = String(abs(e))
    return ms + "e" + (e < 0 ? "-" : "+") + (es.count < 2 ? "0" + es : es)
  }

  static func pow10(_ e: Int) -> Double {
    var r = 1.0
    if e >= 0 { for _ in 0..<e { r *= 10 } } else { for _ in 0..<(-e) { r /= 10 } }
    return r
  }

  /// `Time elapsed: N ms` for a span of nanoseconds, as `timer` prints it.
  public static func elapsed(nanoseconds: UInt64) -> String {
    let ms = Double(nanoseconds) / 1e6
    return "Time elapsed: \(formatDouble((ms * 1000).rounded() / 1000)) ms\n"
  }

  /// A function's printed form: a lambda's source, or the name.
  public static func describe(_ f: FunctionValue) -> String {
    switch f.kind {
    case .user(let u, _): return u.name == "lambda" || u.name.hasPrefix("<") ? u.source : u.name
    default: return f.name
    }
  }
}

extension Double {
  /// The decimal exponent of a finite, positive number (0 for anything else: an infinity
  /// would never leave the loop).
  public var log10Floor: Double {
    var e = 0.0
    var x = self
    if x == 0 || !x.isFinite || x < 0 { return 0 }
    while x >= 10 {
      x /= 10
      e += 1
    }
    while x < 1 {
      x *= 10
      e -= 1
    }
    return e
  }
}
