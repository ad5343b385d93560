import ScriptRuntime

/// Integers as text and back: `hex(X, [reverse=false])` (the bytes of integral, floating and
/// 16-byte values as hex digits, most significant first unless reversed) and
/// `parseInteger(X, type, [radix=10])` (alias `parseInt`: the leading digits of strings in a
/// radix from 2 to 16, as CHAR, SHORT, INT or LONG).
enum IntegerText {
  static let digits = Array("0123456789abcdef")

  /// The hex digits of the low `bytes` bytes of `bits`, most significant byte first, or least
  /// first when `reverse`.
  static func hex(_ bits: UInt128, bytes: Int, reverse: Bool) -> String {
    var out: [Character] = []
    out.reserveCapacity(bytes * 2)
    for k in 0..<bytes {
      let byte = Int((bits >> (8 * (reverse ? k : bytes - 1 - k))) & 0xff)
      out.append(digits[byte >> 4])
      out.append(digits[byte & 15])
    }
    return String(out)
  }

  /// Each element's hex text: integers and floats as stored (a null is its sentinel's bits).
  static func hex(_ v: Vector, reverse: Bool) throws(ScriptError) -> [String] {
    func each<T>(_ a: [T], _ bytes: Int, _ bits: (T) -> UInt128) -> [String] {
      a.map { hex(bits($0), bytes: bytes, reverse: reverse) }
    }
    switch v.storage {
    case .i8(let a) where v.type.isIntegral || v.type == .bool:
      return each(a, 1) { UInt128(UInt8(bitPattern: $0)) }
    case .i16(let a) where v.type.isIntegral: return each(a, 2) { UInt128(UInt16(bitPattern: $0)) }
    case .i32(let a) where v.type.isIntegral: return each(a, 4) { UInt128(UInt32(bitPattern: $0)) }
    case .i64(let a) where v.type.isIntegral: return each(a, 8) { UInt128(UInt64(bitPattern: $0)) }
    case .f32(let a): return each(a, 4) { UInt128($0.bitPattern) }
    case .f64(let a): return each(a, 8) { UInt128($0.bitPattern) }
    case .u128(let a): return each(a, 16) { $0 }
    default: throw ScriptError(RuntimeMessages.cannotTake("hex", v.typeName))
    }
  }

  /// The integer at the start of `text` in `radix`, as DolphinDB's parseInteger reads it:
  /// leading blanks and one sign skipped (and `0x` in radix 16), digits read up to the first
  /// other character. Nil for blank text (null); a throw when no digit comes first. A value
  /// outside `range` gives nil (null) rather than wrapping.
  static func parse(_ text: String, radix: Int, range: ClosedRange<Int64>) throws(ScriptError) -> Int64? {
    var chars = Substring(text).unicodeScalars.drop { $0 == " " || $0 == "\t" }
    if chars.isEmpty { return nil }
    var negative = false
    if let s = chars.first, s == "+" || s == "-" {
      negative = s == "-"
      chars = chars.dropFirst()
    }
    func digit(_ s: Unicode.Scalar) -> Int? {
      let d: Int
      switch s.value {
      case 48...57: d = Int(s.value) - 48
      case 97...102: d = Int(s.value) - 87
      case 65...70: d = Int(s.value) - 55
      default: return nil
      }
      return d < radix ? d : nil
    }
    if radix == 16, chars.count > 2, chars.first == "0", let x = chars.dropFirst().first, x == "x" || x == "X",
      digit(chars.dropFirst(2).first ?? " ") != nil
    {
      chars = chars.dropFirst(2)
    }
    var value: Int64 = 0
    var any = false
    var overflow = false
    for s in chars {
      guard let d = digit(s) else { break }
      any = true
      let (m, o1) = value.multipliedReportingOverflow(by: Int64(radix))
      let (r, o2) = m.addingReportingOverflow(Int64(negative ? -d : d))
      if o1 || o2 { overflow = true } else { value = r }
    }
    guard any else { throw ScriptError(RuntimeMessages.invalidIntegerText("parseInteger", text)) }
    return overflow || !range.contains(value) || value == Int64.min ? nil : value
  }

  static let all: [Builtin] = [
    Builtin("hex", args: 1...2, parameterNames: ["X", "reverse"]) { a throws(ScriptError) in
      let reverse = a.has(1) && a[1].isTruthy
      switch a[0] {
      case .vector(let v) where !v.isArrayVector, .pair(let v):
        return .vector(Vector(strings: try hex(v, reverse: reverse)))
      default:
        guard a[0].isScalar, let v = Structural.asVector(a[0]) else {
          throw ScriptError(RuntimeMessages.cannotTake("hex", a[0].typeString))
        }
        return .string(try hex(v, reverse: reverse)[0])
      }
    },
    Builtin("parseInteger", args: 2...3, parameterNames: ["X", "type", "radix"]) { a throws(ScriptError) in
      guard let code = a[1].intValue, let type = DataType(rawValue: UInt8(truncatingIfNeeded: code)),
        code >= 0, code < 256, [.char, .short, .int, .long].contains(type)
      else {
        // A type constant is its code: name the type it stands for.
        let named = a[1].intValue.flatMap { DataType(rawValue: UInt8(truncatingIfNeeded: $0)) }
        throw ScriptError(RuntimeMessages.parseIntegerType(a[1].type == .int ? named?.name ?? "INT" : a[1].typeString))
      }
      let radix = try PeriodLabels.option(a, 2, "the radix of 'parseInteger'", 2...16, default: 10)
      let range: ClosedRange<Int64> =
        switch type {
        case .char: -127...127
        case .short: -32767...32767
        case .int: -2_147_483_647...2_147_483_647
        default: -Int64.max...Int64.max
        }
      func one(_ v: Value) throws(ScriptError) -> Value {
        guard case .string(let s, _) = v else {
          throw ScriptError(RuntimeMessages.mustBeString("the X of 'parseInteger'", got: v.typeString))
        }
        return .int(try parse(s, radix: radix, range: range) ?? Int64.min, type)
      }
      if case .object(let m as Matrix) = a[0] {
        return try m.mapColumns { _, c throws(ScriptError) in try mapElements(.vector(c), emptyType: type, one) }
      }
      if case .set(let s) = a[0] {
        var out = SetValue(keyType: type)
        for e in s.elements { out.insert(try one(e)) }
        return .set(out)
      }
      return try mapElements(a[0], emptyType: type, one)
    },
  ]
}
