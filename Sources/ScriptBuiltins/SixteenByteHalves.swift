import ScriptRuntime

/// The halves of UUID, IPADDR and INT128 values: `lowLong`/`highLong` (each 8 bytes as a LONG)
/// and `lowDouble`/`highDouble` (the same bytes read as a DOUBLE).
enum SixteenByteHalves {
  static func half(_ name: String, high: Bool, asDouble: Bool) -> Builtin {
    Builtin(name, args: 1...1) { a throws(ScriptError) in
      try mapElements(a[0]) { v throws(ScriptError) in
        guard case .string(let text, let t) = v, t.is128, let bits = Binary128.parse(text, as: t) else {
          throw ScriptError(RuntimeMessages.needsSixteenBytes(name, got: v.typeString))
        }
        if text.isEmpty { return .null(asDouble ? .double : .long) }
        let word = UInt64(truncatingIfNeeded: high ? bits >> 64 : bits)
        return asDouble ? .double(Double(bitPattern: word)) : .long(Int64(bitPattern: word))
      }
    }
  }

  static let all: [Builtin] = [
    half("lowLong", high: false, asDouble: false), half("highLong", high: true, asDouble: false),
    half("lowDouble", high: false, asDouble: true), half("highDouble", high: true, asDouble: true),
  ]
}
