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
    switch v.storage {
    case .i8(let x) where v.type != .void: return bytes(x, seed) { $0 }
    case .i16(let x): return bytes(x, seed) { $0 }
    case .i32(let x): return bytes(x, seed) { $0 }
    case .i64(let x): return bytes(x, seed) { $0 }
    case .f32(let x):
      let null = (-Float.greatestFiniteMagnitude).bitPattern
      return bytes(x, seed) { $0.isNaN ? null : $0.bitPattern }
    case .f64(let x):
      let null = (-Double.greatestFiniteMagnitude).bitPattern
      return bytes(x, seed) { $0.isNaN ? null : $0.bitPattern }
    case .str(let x):
      var c = seed
      for s in x { c = TextFunctions.crc32(s.utf8, seed: c) }
      return c
    default:
      throw ScriptError(RuntimeMessages.objectChecksumType(v.typeName))
    }
  }

  /// The CRC of `x`'s elements as the little-endian integers `word` gives, a chunk at a time
  /// through one small buffer (floating nulls must be rewritten, and the host may be big-endian).
  static func bytes<T, W: FixedWidthInteger>(_ x: [T], _ seed: UInt32, _ word: (T) -> W) -> UInt32 {
    let chunk = 4096
    var buffer: [W] = []
    buffer.reserveCapacity(min(chunk, x.count))
    var c = seed
    var start = 0
    while start < x.count {
      let end = min(start + chunk, x.count)
      buffer.removeAll(keepingCapacity: true)
      for i in start..<end { buffer.append(word(x[i]).littleEndian) }
      c = buffer.withUnsafeBytes { TextFunctions.crc32($0, seed: c) }
      start = end
    }
    return c
  }
}
