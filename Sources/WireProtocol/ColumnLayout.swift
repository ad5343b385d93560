import ScriptRuntime

/// Where a one-column table's fixed-width elements lie in its encoding
/// (`ValueCodec.encodeColumn`), found by reading its head alone: a scan then reads the
/// elements a window at a time instead of decoding the column whole.
public struct ColumnLayout: Sendable {
  public let name: String
  public let type: DataType
  /// Bytes per element (a symbol column's codes: 4).
  public let width: Int
  /// A symbol column's dictionary (its codes are the elements); nil for numbers.
  public let symbols: [String]?
  public let count: Int
  /// Where the elements start: the end of the head.
  public let elementsAt: Int
}

extension ValueCodec {
  /// The layout of an encoded one-column table whose elements are fixed-width (numbers,
  /// temporal values, symbol codes); nil for strings and array vectors. The bytes may stop
  /// at the end of the head (a column whose elements are stored compressed, apart).
  public static func columnLayout(unsafeRaw raw: UnsafeRawBufferPointer) throws(WireError) -> ColumnLayout? {
    var r = ByteReader(unsafeRaw: raw)
    guard try r.u8("a value tag") == Tag.table.rawValue, try r.u32("a column count") == 1 else {
      throw WireError("the value is not a one-column table")
    }
    let name = try r.string("a column name")
    let t = try type(&r)
    let rawTag = try r.u8("a storage tag")
    guard let tag = StorageTag(rawValue: rawTag) else { throw WireError("unknown storage tag \(rawTag)") }
    let width: Int
    let storage: Vector.Storage
    var symbols: [String]?
    switch tag {
    case .i8: (width, storage) = (1, .i8([]))
    case .i16: (width, storage) = (2, .i16([]))
    case .i32: (width, storage) = (4, .i32([]))
    case .f32: (width, storage) = (4, .f32([]))
    case .i64: (width, storage) = (8, .i64([]))
    case .f64: (width, storage) = (8, .f64([]))
    case .u128: (width, storage) = (16, .u128([]))
    case .sym:
      let n = try r.u32("a symbol count")
      var dictionary: [String] = []
      for _ in 0..<n { dictionary.append(try r.string("a symbol")) }
      symbols = dictionary
      (width, storage) = (4, .sym(SymbolColumn(codes: [], dictionary: SymbolDictionary())))
    case .str, .nested: return nil
    }
    guard Vector.empty(t).sameStorage(as: Vector(type: t, storage: storage)) else {
      throw WireError("a \(t.name) column cannot be stored as \(tag)")
    }
    let count = Int(try r.u32("a column"))
    return ColumnLayout(name: name, type: t, width: width, symbols: symbols, count: count, elementsAt: r.offset)
  }
}
