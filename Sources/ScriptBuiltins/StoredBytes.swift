import ScriptRuntime

/// A vector's elements as DolphinDB holds them in memory, which its digests (`gmd5`,
/// `objectChecksum`) are computed over: each number little-endian at its type's width, a
/// floating null as minus the type's largest value (Porpoise holds NaN), a string's UTF-8 bytes
/// with no separator.
package enum StoredBytes {
  /// Hands `body` the bytes of `v`'s elements in `range`, a chunk at a time (floating nulls are
  /// rewritten and the host may be big-endian, so numbers go through one small buffer). False,
  /// with nothing handed, for storage whose layout is DolphinDB's own (SYMBOL codes, 16-byte
  /// values, array vectors).
  package static func visit(_ v: Vector, _ range: Range<Int>, _ body: (UnsafeRawBufferPointer) -> Void) -> Bool {
    switch v.storage {
    case .i8(let x): words(x[range], body) { $0 }
    case .i16(let x): words(x[range], body) { $0 }
    case .i32(let x): words(x[range], body) { $0 }
    case .i64(let x): words(x[range], body) { $0 }
    case .f32(let x):
      let null = (-Float.greatestFiniteMagnitude).bitPattern
      words(x[range], body) { $0.isNaN ? null : $0.bitPattern }
    case .f64(let x):
      let null = (-Double.greatestFiniteMagnitude).bitPattern
      words(x[range], body) { $0.isNaN ? null : $0.bitPattern }
    case .str(let x):
      for s in x[range] {
        var s = s
        s.withUTF8 { body(UnsafeRawBufferPointer($0)) }
      }
    case .u128, .sym, .nested: return false
    }
    return true
  }

  static func words<T, W: FixedWidthInteger>(
    _ x: ArraySlice<T>, _ body: (UnsafeRawBufferPointer) -> Void, _ word: (T) -> W
  ) {
    let chunk = 4096
    var buffer: [W] = []
    buffer.reserveCapacity(min(chunk, x.count))
    var start = x.startIndex
    while start < x.endIndex {
      let end = min(start + chunk, x.endIndex)
      buffer.removeAll(keepingCapacity: true)
      for i in start..<end { buffer.append(word(x[i]).littleEndian) }
      buffer.withUnsafeBytes(body)
      start = end
    }
  }
}
