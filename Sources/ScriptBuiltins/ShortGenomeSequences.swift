import ScriptRuntime

/// DolphinDB's 2-bit codes for short DNA sequences (`encodeShortGenomeSeq`,
/// `decodeShortGenomeSeq`, `genShortGenomeSeq`): A, T, C and G are 0 to 3, the first base in the
/// highest bits; the base count sits just above them, at the next whole byte, so sequences of
/// different lengths never share a code ("TCGATCG" is 7 << 16 | 0b01_10_11_00_01_10_11 = 465691).
/// Anything but the four capital letters, or more than 28 bases, has no code (null).
enum ShortGenomeSequences {
  static let maximumLength = 28

  static func base(_ byte: UInt8) -> Int64? {
    switch byte {
    case UInt8(ascii: "A"): return 0
    case UInt8(ascii: "T"): return 1
    case UInt8(ascii: "C"): return 2
    case UInt8(ascii: "G"): return 3
    default: return nil
    }
  }

  static let letters: [Character] = ["A", "T", "C", "G"]

  /// The first bit of the base count for `length` bases: the byte boundary at or above their bits.
  static func countShift(_ length: Int) -> Int64 { Int64((2 * length + 7) / 8 * 8) }

  static func encode<S: Collection>(_ bytes: S) -> Int64 where S.Element == UInt8 {
    guard bytes.count <= maximumLength else { return Int64.min }
    var code: Int64 = 0
    for byte in bytes {
      guard let b = base(byte) else { return Int64.min }
      code = code << 2 | b
    }
    return bytes.isEmpty ? 0 : Int64(bytes.count) << countShift(bytes.count) | code
  }

  static func decode(_ code: Int64) -> String {
    guard code > 0 else { return "" }
    for length in 1...maximumLength where code >> countShift(length) == Int64(length) {
      var out = ""
      for i in stride(from: length - 1, through: 0, by: -1) {
        out.append(letters[Int(code >> Int64(2 * i) & 3)])
      }
      return out
    }
    return ""
  }

  /// The codes of every `window` bases from each position on: the window looks forward, and a
  /// window running past the end or over a non-base is null. SHORT codes up to 4 bases, INT up to
  /// 12, LONG up to 28.
  static func slide(_ text: String, window: Int) -> Vector {
    let bytes = Array(text.utf8)
    let type: DataType = window <= 4 ? .short : window <= 12 ? .int : .long
    var codes = [Int64](repeating: Int64.min, count: bytes.count)
    if window <= bytes.count {
      for start in 0...(bytes.count - window) {
        codes[start] = encode(bytes[start..<(start + window)])
      }
    }
    return Vector(type: type, ints: codes)
  }

  static let all: [Builtin] = [
    Builtin("encodeShortGenomeSeq", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      // A CHAR vector (toCharArray's result) is one sequence.
      if case .vector(let v) = a[0], v.type == .char, !v.isArrayVector {
        let bytes = v.int64s.map { UInt8(truncatingIfNeeded: $0) }
        return .int(v.int64s.contains(Int64.min) ? Int64.min : encode(bytes), .long)
      }
      return try StringBuiltins.strings(a[0], "encodeShortGenomeSeq") { s throws(ScriptError) in
        .int(encode(Array(s.utf8)), .long)
      }
    },
    Builtin("decodeShortGenomeSeq", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      func decoded(_ x: Value) throws(ScriptError) -> Value {
        switch x {
        case .void: return .string("", .string)
        case .int(let code, let t) where t.isIntegral: return .string(decode(code), .string)
        default: throw ScriptError(RuntimeMessages.needsIntegers("decodeShortGenomeSeq", got: x.typeString))
        }
      }
      if case .vector(let v) = a[0], !v.isArrayVector {
        guard v.type.isIntegral || v.type == .void else {
          throw ScriptError(RuntimeMessages.needsIntegers("decodeShortGenomeSeq", got: a[0].typeString))
        }
        let texts = v.type == .void ? Array(repeating: "", count: v.count) : v.int64s.map(decode)
        return .vector(Vector(strings: texts))
      }
      return try decoded(a[0])
    },
    Builtin("genShortGenomeSeq", args: 2...2, parameterNames: ["X", "window"]) { a throws(ScriptError) in
      let window = try a.integer(1, "the window of 'genShortGenomeSeq'")
      guard (2...maximumLength).contains(window) else {
        throw ScriptError(
          RuntimeMessages.optionOutOfRange("the window of 'genShortGenomeSeq'", window, 2...maximumLength))
      }
      guard case .string(let s, let t) = a[0], t.isText else {
        throw ScriptError(RuntimeMessages.needsString("genShortGenomeSeq", got: a[0].typeString))
      }
      return .vector(slide(s, window: window))
    },
  ]
}
