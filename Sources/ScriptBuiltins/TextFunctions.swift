import Foundation
import ScriptRuntime

/// More string functions: trimming one side, finding and picking characters, repeating,
/// `crc32` and Base64 (`md5` is in ScriptDigests, with the other digests).
enum TextFunctions {
  /// A text-to-value function over a string or each string of a vector.
  static func each(_ name: String, _ f: @escaping @Sendable (String) throws(ScriptError) -> Value) -> Builtin {
    Builtin(name, args: 1...1) { a throws(ScriptError) in try StringBuiltins.strings(a[0], name, f) }
  }

  /// CRC-32 (IEEE 802.3, as zlib computes it).
  static let crcTable: [UInt32] = (0..<256).map { n -> UInt32 in
    var c = UInt32(n)
    for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
    return c
  }

  static func crc32(_ bytes: some Sequence<UInt8>, seed: UInt32 = 0) -> UInt32 {
    var c = ~seed
    for b in bytes { c = crcTable[Int((c ^ UInt32(b)) & 0xff)] ^ (c >> 8) }
    return ~c
  }

  static let all: [Builtin] = [
    each("ltrim") { s in .string(String(s.drop { $0.isWhitespace }), .string) },
    each("rtrim") { s in .string(String(s.reversed().drop { $0.isWhitespace }.reversed()), .string) },
    each("strip") { s in .string(s.trimmingCharacters(in: .whitespacesAndNewlines), .string) },
    each("strlenu") { s in .int(Int64(s.count), .int) },
    // strpos(X, str): where str first starts in X (from 0), -1 when it is not there.
    Builtin("strpos", args: 2...2, parameterNames: ["X", "str"]) { a throws(ScriptError) in
      let needle = try a.text(1, "the string to find with 'strpos'")
      return try StringBuiltins.strings(a[0], "strpos") { s throws(ScriptError) in
        guard let r = s.range(of: needle) else { return .int(-1, .int) }
        return .int(Int64(s.distance(from: s.startIndex, to: r.lowerBound)), .int)
      }
    },
    // charAt(X, Y): the character at position Y, null past the end; a vector Y gives each
    // string of X its own position.
    Builtin("charAt", args: 2...2, parameterNames: ["X", "Y"]) { a throws(ScriptError) in
      func at(_ s: String, _ k: Int64) -> Int64 {
        let chars = Array(s.utf8)
        guard k >= 0, k < Int64(chars.count) else { return Int64.min }
        return Int64(Int8(truncatingIfNeeded: chars[Int(k)]))
      }
      if case .vector(let ks) = a[1], ks.type.isIntegral, !ks.isArrayVector {
        let positions = ks.int64s
        let strings: [String]
        switch a[0] {
        case .string(let s, let t) where t.isText: strings = Array(repeating: s, count: positions.count)
        case .vector(let xs) where xs.type.isText && !xs.isArrayVector:
          guard xs.count == positions.count else {
            throw ScriptError(RuntimeMessages.incompatibleSizes("charAt", xs.count, positions.count))
          }
          strings = xs.strings
        default: throw ScriptError(RuntimeMessages.needsString("charAt", got: a[0].typeString))
        }
        return .vector(Vector(type: .char, ints: zip(strings, positions).map { at($0, $1) }))
      }
      let k = try a.integer(1, "the index of 'charAt'")
      return try StringBuiltins.strings(a[0], "charAt") { s throws(ScriptError) in
        let c = at(s, Int64(k))
        return c == Int64.min ? .null(.char) : .int(c, .char)
      }
    },
    // repeat(X, n): X written n times.
    Builtin("repeat", args: 2...2, parameterNames: ["X", "n"]) { a throws(ScriptError) in
      let n = try a.integer(1, "the count of 'repeat'")
      guard n >= 0 else { throw ScriptError(RuntimeMessages.needsNonNegativeInteger("repeat")) }
      return try StringBuiltins.strings(a[0], "repeat") { s throws(ScriptError) in
        try a.machine.checkAllocation(n, elementBytes: max(1, s.utf8.count), "the count of 'repeat'")
        return .string(String(repeating: s, count: n), .string)
      }
    },
    // crc32(str, [cksum]): the checksum as an INT, continuing from cksum when given.
    Builtin("crc32", args: 1...2, parameterNames: ["str", "cksum"]) { a throws(ScriptError) in
      let seed = a.has(1) ? UInt32(truncatingIfNeeded: try a.integer(1, "the cksum of 'crc32'")) : 0
      return try StringBuiltins.strings(a[0], "crc32") { s throws(ScriptError) in
        .int(Int64(Int32(bitPattern: crc32(s.utf8, seed: seed))), .int)
      }
    },
    each("base64Encode") { s in .string(Data(s.utf8).base64EncodedString(), .string) },
    each("base64Decode") { s throws(ScriptError) in
      guard let data = Data(base64Encoded: s), let text = String(data: data, encoding: .utf8) else {
        throw ScriptError(RuntimeMessages.notBase64(s))
      }
      return .string(text, .string)
    },
  ]
}
