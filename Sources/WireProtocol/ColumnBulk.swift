import ScriptRuntime

/// The bulk of an encoded column: its last array's raw little-endian elements (numbers, or a
/// symbol column's codes), kept apart from the encoding's head (`ValueCodec.encodeColumn`),
/// read in place from the column's own memory.
public struct ColumnBulk: Sendable {
  /// A vector of fixed-width elements (a symbol column's codes as INT).
  let elements: Vector

  public var byteCount: Int { elements.storageBytes }

  public func withBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
    switch elements.storage {
    case .i8(let a): return a.withUnsafeBytes(body)
    case .i16(let a): return a.withUnsafeBytes(body)
    case .i32(let a): return a.withUnsafeBytes(body)
    case .f32(let a): return a.withUnsafeBytes(body)
    case .i64(let a): return a.withUnsafeBytes(body)
    case .f64(let a): return a.withUnsafeBytes(body)
    case .u128(let a): return a.withUnsafeBytes(body)
    case .str, .sym, .nested: return body(UnsafeRawBufferPointer(start: nil, count: 0))
    }
  }
}
