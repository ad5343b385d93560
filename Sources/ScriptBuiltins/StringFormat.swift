import Foundation
import ScriptRuntime

/// `stringFormat(format, [args...])`: DolphinDB's %-placeholders, one per argument, each
/// naming the type it takes (`%i` INT, `%F` DOUBLE, `%W` STRING, `%D` DATETIME, ...), with the
/// flags `#` (0o/0x prefix), `+`, `-` (left-align), `0` (zero-fill), a width and a precision
/// (`*` takes them from a tuple argument `(width, [precision], value)`), and `%(key)i` taking
/// the value from a dictionary argument. `%%` is a percent sign.
enum StringFormat {
  /// What each placeholder letter takes: the types it accepts.
  static func accepts(_ letter: Character, _ t: DataType) -> Bool {
    switch letter {
    case "b": return t == .bool
    case "c": return t == .char
    case "h", "i", "o", "x", "X", "l": return t.isIntegral && t != .bool
    case "d": return t == .date
    case "M": return t == .month
    case "t": return t == .time
    case "m": return t == .minute
    case "s": return t == .second
    case "D": return t == .datetime
    case "T": return t == .timestamp
    case "n": return t == .nanotime
    case "N": return t == .nanotimestamp
    case "f", "F": return t == .float || t == .double || t.isIntegral && t != .bool
    case "S", "W": return t == .symbol || t == .string
    default: return true  // A: anything
    }
  }

  /// One parsed placeholder.
  struct Spec {
    var key: String?
    var alternate = false
    var plus = false
    var left = false
    var zero = false
    var width: Int?
    var widthFromArgument = false
    var precision: Int?
    var precisionFromArgument = false
    var letter: Character = "A"
  }

  /// Bounds on widths and precisions from users, so that no call makes a huge string.
  static let maxWidth = 10_000
  static let maxPrecision = 100

  /// The text of one value under a placeholder (no width applied).
  static func body(_ v: Value, _ spec: Spec, precision: Int?) -> String {
    if v.isNull, spec.letter != "A" { return "" }
    switch spec.letter {
    case "o", "x", "X":
      let n = v.intValue ?? 0
      var digits = String(n.magnitude, radix: spec.letter == "o" ? 8 : 16, uppercase: spec.letter == "X")
      if spec.alternate { digits = (spec.letter == "o" ? "0o" : spec.letter == "x" ? "0x" : "0X") + digits }
      return (n < 0 ? "-" : spec.plus ? "+" : "") + digits
    case "h", "i", "l":
      let n = v.intValue ?? 0
      return (n >= 0 && spec.plus ? "+" : "") + String(n)
    case "f", "F":
      let d = v.doubleValue ?? .nan
      guard d.isFinite else { return ValueFormatter.plain(.double(d)) }
      let text = String(format: "%.*f", Int32(min(precision ?? 6, maxPrecision)), d)
      return (d >= 0 && spec.plus ? "+" : "") + text
    case "S", "W":
      let s = v.stringValue ?? ""
      guard let p = precision, p < s.count else { return s }
      return String(s.prefix(p))
    case "A":
      return v.isScalar ? ValueFormatter.plain(v) : ValueFormatter().format(v)
    default:
      return ValueFormatter.plain(v)
    }
  }

  /// Pads to a width: spaces before (or after, left-aligned); zero-fill goes after the sign,
  /// or, left-aligned, after the text as DolphinDB documents.
  static func pad(_ s: String, _ spec: Spec, width: Int?) -> String {
    guard let width, s.count < width else { return s }
    let fill = width - s.count
    if spec.zero && ["f", "F", "h", "i", "l", "o", "x", "X"].contains(spec.letter) {
      if spec.left { return s + String(repeating: "0", count: fill) }
      let signed = s.first == "-" || s.first == "+"
      let sign = signed ? String(s.prefix(1)) : ""
      return sign + String(repeating: "0", count: fill) + (signed ? String(s.dropFirst()) : s)
    }
    return spec.left ? s + String(repeating: " ", count: fill) : String(repeating: " ", count: fill) + s
  }

  static func format(_ a: CallArguments) throws(ScriptError) -> String {
    let format = try a.text(0, "the format of 'stringFormat'")
    let args = Array(a.values.dropFirst())
    var out = ""
    var next = 0
    var chars = format[...]
    func fail(_ why: String) -> ScriptError { ScriptError(RuntimeMessages.stringFormatInvalid(why)) }
    func number() -> Int? {
      let digits = chars.prefix { $0.isASCII && $0.isNumber }
      chars = chars.dropFirst(digits.count)
      return digits.isEmpty ? nil : min(Int(digits) ?? maxWidth, maxWidth)
    }
    while let c = chars.first {
      chars = chars.dropFirst()
      guard c == "%" else {
        out.append(c)
        continue
      }
      if chars.first == "%" {
        chars = chars.dropFirst()
        out.append("%")
        continue
      }
      var spec = Spec()
      if chars.first == "(" {
        guard let close = chars.firstIndex(of: ")") else { throw fail("a '%(' has no ')'") }
        spec.key = String(chars[chars.index(after: chars.startIndex)..<close])
        chars = chars[chars.index(after: close)...]
      }
      while let f = chars.first, "#+-0".contains(f) {
        switch f {
        case "#": spec.alternate = true
        case "+": spec.plus = true
        case "-": spec.left = true
        default: spec.zero = true
        }
        chars = chars.dropFirst()
      }
      if chars.first == "*" {
        spec.widthFromArgument = true
        chars = chars.dropFirst()
      } else {
        spec.width = number()
      }
      if chars.first == "." {
        chars = chars.dropFirst()
        if chars.first == "*" {
          spec.precisionFromArgument = true
          chars = chars.dropFirst()
        } else {
          spec.precision = number() ?? 0
        }
      }
      guard let letter = chars.first, "bchioxXldMtmsDTnNfFSWA".contains(letter) else {
        throw fail("a placeholder must end in one of b c h i o x X l d M t m s D T n N f F S W A")
      }
      chars = chars.dropFirst()
      spec.letter = letter
      // The value: from the dictionary argument by key, or the next argument.
      var value: Value
      if let key = spec.key {
        guard case .dictionary(let d) = args.first else { throw fail("'%(\(key))' needs a dictionary argument") }
        guard let v = d[.string(key)] ?? d[.string(key, .symbol)] else {
          throw fail("the dictionary has no key '\(key)'")
        }
        value = v
      } else {
        guard next < args.count else { throw fail("more placeholders than arguments") }
        value = args[next]
        next += 1
      }
      var width = spec.width
      var precision = spec.precision
      if spec.widthFromArgument || spec.precisionFromArgument {
        // `*` takes a tuple (width, [precision], value).
        let wanted = (spec.widthFromArgument ? 1 : 0) + (spec.precisionFromArgument ? 1 : 0) + 1
        guard case .tuple(let items) = value, items.count == wanted,
          let numbers = Optional(items.dropLast().map { $0.intValue.map { Int(clamping: $0) } }),
          numbers.allSatisfy({ ($0 ?? -1) >= 0 })
        else { throw fail("'*' needs a tuple of \(wanted - 1) non-negative integers and the value") }
        if spec.widthFromArgument { width = min(numbers[0] ?? 0, maxWidth) }
        if spec.precisionFromArgument { precision = min(numbers[numbers.count - 1] ?? 0, maxWidth) }
        value = items[items.count - 1]
      }
      if letter != "A" {
        guard value.isScalar, value.type == .void || accepts(letter, value.type) else {
          throw fail("%\(letter) cannot take \(value.typeString)")
        }
      }
      out += pad(body(value, spec, precision: precision), spec, width: width)
    }
    guard next == args.count || args.count == 1 && next == 0 && format.contains("%(") else {
      throw fail("\(args.count) arguments for \(next) placeholders")
    }
    return out
  }

  static let all: [Builtin] = [
    Builtin("stringFormat", args: 1...Int.max, parameterNames: ["format", "args"]) { a throws(ScriptError) in
      .string(try format(a))
    }
  ]
}
