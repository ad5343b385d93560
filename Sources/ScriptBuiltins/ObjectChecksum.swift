import ScriptRuntime

/// `objectChecksum(vector, [prev])`: CRC-32 (zlib's) over the bytes DolphinDB holds for a
/// vector's elements, continuing from `prev`, as an INT.
///
/// DolphinDB's documentation gives no layout, but its examples fix one: each number's
/// little-endian bytes (`1..15`, `2.3 6.5 7.8`) and a string's bytes back to back with no
/// separator (`take(`A`B`C, 10)`). Nulls are DolphinDB's sentinels (its API's: the type's
/// minimum integer, -FLT_MAX, -DBL_MAX; an empty string), where Porpoise holds NaN for a
/// floating null. SYMBOL (held as codes into a symbol base) and UUID, IPADDR and INT128, whose
/// bytes no example shows, are refused rather than guessed.
enum ObjectChecksum {
  static let all: [Builtin] = [
    Builtin("objectChecksum", args: 1...2, parameterNames: ["vector", "prev"]) { a throws(ScriptError) in
      guard case .vector(let v) = a[0] else {
        throw ScriptError(RuntimeMessages.mustBeVector("the vector of 'objectChecksum'", got: a[0].typeString))
      }
      var seed: UInt32 = 0
      if a.has(1) {
        guard !a[1].isNull else {
          throw ScriptError(RuntimeMessages.mustBeInteger("the prev of 'objectChecksum'", got: "NULL"))
        }
        let prev = try a.integer(1, "the prev of 'objectChecksum'")
        // A previous checksum: an INT, or the same 32 bits read as unsigned.
        guard prev >= Int(Int32.min), prev <= Int(UInt32.max) else {
          throw ScriptError(RuntimeMessages.objectChecksumPrev(prev))
        }
        seed = UInt32(truncatingIfNeeded: prev)
      }
      return .int(Int64(Int32(bitPattern: try checksum(v, seed: seed))), .int)
    }
  ]

  static func checksum(_ v: Vector, seed: UInt32) throws(ScriptError) -> UInt32 {
    var c = seed
    guard v.type != .void, StoredBytes.visit(v, 0..<v.count, { c = TextFunctions.crc32($0, seed: c) }) else {
      throw ScriptError(RuntimeMessages.objectChecksumType(v.typeName))
    }
    return c
  }
}
