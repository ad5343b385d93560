import ScriptRuntime
import ScriptSyntax

/// The binary encoding of script values between processes: columnar, so a table travels as
/// its typed arrays (raw little-endian elements), SYMBOL columns as codes plus dictionary.
///
/// Layout: one tag byte, then the form's fields. Functions and handles (databases, DFS tables)
/// stay where they are; encoding one is an error that names it.
public enum ValueCodec {
  enum Tag: UInt8 {
    case void = 0, int = 1, double = 2, string = 3, duration = 4, vector = 5, pair = 6, tuple = 7
    case dictionary = 8, set = 9, table = 10
    /// Metacode, as its expression's text (parsed again when decoded).
    case code = 11
  }

  enum StorageTag: UInt8 {
    case i8 = 1, i16, i32, i64, f32, f64, str, sym, nested, u128
  }

  /// How deep tuples, dictionaries and sets may nest in one value: the decoder recurses per
  /// level, and a peer must not be able to choose how deep.
  public static let maxDepth = 100

  public static func encode(_ v: Value) throws(WireError) -> [UInt8] {
    // Sized up front: a column of tens of megabytes would otherwise be copied as the buffer
    // doubles, and briefly held twice.
    var w = ByteWriter(capacity: 64 + estimatedSize(v))
    try encode(v, into: &w)
    return w.bytes
  }

  /// About how many bytes `v` encodes to (exact for fixed-width columns), for sizing buffers.
  public static func estimatedSize(_ v: Value, depth: Int = 0) -> Int {
    guard depth < maxDepth else { return 0 }
    switch v {
    case .vector(let vec), .pair(let vec): return estimatedSize(vec)
    case .tuple(let items): return items.reduce(8) { $0 + estimatedSize($1, depth: depth + 1) }
    case .string(let s, _): return 16 + s.utf8.count
    case .object(let o):
      guard let t = o as? Table else { return 16 }
      return zip(t.names, t.columns).reduce(8) { $0 + 8 + $1.0.utf8.count + estimatedSize($1.1) }
    default: return 32
    }
  }

  static func estimatedSize(_ v: Vector) -> Int {
    switch v.storage {
    case .i8(let a): return 8 + a.count
    case .i16(let a): return 8 + a.count * 2
    case .i32(let a): return 8 + a.count * 4
    case .i64(let a): return 8 + a.count * 8
    case .f32(let a): return 8 + a.count * 4
    case .f64(let a): return 8 + a.count * 8
    case .u128(let a): return 8 + a.count * 16
    case .str(let a): return a.reduce(8) { $0 + 4 + $1.utf8.count }
    case .sym(let c): return c.dictionary.symbols.reduce(12 + c.codes.count * 4) { $0 + 4 + $1.utf8.count }
    case .nested(let a): return 8 + a.count * 8 + estimatedSize(a.values)
    }
  }

  public static func encode(_ v: Value, into w: inout ByteWriter, depth: Int = 0) throws(WireError) {
    guard depth < maxDepth else { throw WireError("a value nested more than \(maxDepth) levels deep cannot be sent") }
    switch v {
    case .void:
      w.u8(Tag.void.rawValue)
    case .int(let i, let t):
      w.u8(Tag.int.rawValue)
      w.u8(t.rawValue)
      w.i64(i)
    case .double(let d, let t):
      w.u8(Tag.double.rawValue)
      w.u8(t.rawValue)
      w.f64(d)
    case .string(let s, let t):
      w.u8(Tag.string.rawValue)
      w.u8(t.rawValue)
      w.string(s)
    case .duration(let d):
      w.u8(Tag.duration.rawValue)
      w.i64(d.count)
      w.string(d.unit)
    case .vector(let vec):
      w.u8(Tag.vector.rawValue)
      encode(vec, into: &w)
    case .pair(let vec):
      w.u8(Tag.pair.rawValue)
      encode(vec, into: &w)
    case .tuple(let items):
      w.u8(Tag.tuple.rawValue)
      w.u32(UInt32(items.count))
      for item in items { try encode(item, into: &w, depth: depth + 1) }
    case .dictionary(let d):
      w.u8(Tag.dictionary.rawValue)
      w.u8(d.keyType.rawValue)
      w.u8(d.valueType.rawValue)
      w.u32(UInt32(d.count))
      for (k, value) in zip(d.keys, d.values) {
        try encode(k, into: &w, depth: depth + 1)
        try encode(value, into: &w, depth: depth + 1)
      }
    case .set(let s):
      w.u8(Tag.set.rawValue)
      w.u8(s.keyType.rawValue)
      w.u32(UInt32(s.count))
      for e in s.elements { try encode(e, into: &w, depth: depth + 1) }
    case .function(let f):
      throw WireError("cannot send the function '\(f.name)' as a value; call it on the node instead")
    case .object(let code as MetaCode):
      w.u8(Tag.code.rawValue)
      w.string(try codeText(code))
    case .object(let o):
      guard let t = o as? Table else {
        throw WireError("cannot send a \(o.typeString) over the network; select its rows into a table first")
      }
      w.u8(Tag.table.rawValue)
      w.u32(UInt32(t.names.count))
      for (name, column) in zip(t.names, t.columns) {
        w.string(name)
        encode(column, into: &w)
      }
    }
  }

  /// Metacode as text that parses back to it: its values written as literals. Code holding a
  /// table or another object, or an alias, has no such text.
  static func codeText(_ code: MetaCode) throws(WireError) -> String {
    for v in code.bindings.values {
      if case .object = v { throw WireError("cannot send metacode that holds a \(v.typeString) as a value") }
    }
    guard code.alias == nil, code.columnNames.isEmpty else {
      throw WireError("cannot send metacode with a column alias as a value")
    }
    return code.text()
  }

  /// Metacode from its text.
  static func code(_ text: String) throws(WireError) -> MetaCode {
    guard case .success(let program) = Parser.parse(SourceFile(name: "<metacode>", text: text)),
      let e = MetaCode.expression(in: program)
    else { throw WireError("bad metacode text") }
    return MetaCode(e)
  }

  static func encode(_ v: Vector, into w: inout ByteWriter) {
    if let bulk = encodeHead(v, into: &w) { bulk.withBytes { w.append(raw: $0) } }
  }

  /// A vector's encoding up to the elements of its last array, which it returns (numbers, or
  /// a symbol column's codes: a column's bulk); the whole encoding and nil for one without
  /// such an array (strings, array vectors).
  static func encodeHead(_ v: Vector, into w: inout ByteWriter) -> ColumnBulk? {
    w.u8(v.type.rawValue)
    func head(_ tag: StorageTag) -> ColumnBulk {
      w.u8(tag.rawValue)
      w.u32(UInt32(v.count))
      return ColumnBulk(elements: v)
    }
    switch v.storage {
    case .i8: return head(.i8)
    case .i16: return head(.i16)
    case .i32: return head(.i32)
    case .i64: return head(.i64)
    case .f32: return head(.f32)
    case .f64: return head(.f64)
    case .u128: return head(.u128)
    case .str(let a):
      w.u8(StorageTag.str.rawValue)
      w.u32(UInt32(a.count))
      for s in a { w.string(s) }
      return nil
    case .sym(let column):
      // Only the symbols the codes use travel.
      let c = column.compacted
      w.u8(StorageTag.sym.rawValue)
      w.u32(UInt32(c.dictionary.symbols.count))
      for s in c.dictionary.symbols { w.string(s) }
      w.u32(UInt32(c.codes.count))
      return ColumnBulk(elements: Vector(type: .int, storage: .i32(c.codes)))
    case .nested(let a):
      // Row ends, then the elements as one plain vector.
      w.u8(StorageTag.nested.rawValue)
      w.array(a.ends.map { Int64($0) })
      encode(a.values, into: &w)
      return nil
    }
  }

  /// A one-column table's encoding split before its column's bulk (`encodeHead`), so that
  /// the bulk can be kept apart (compressed) and read back straight into the column's array
  /// (`decodeTable(unsafeRaw:bulk:columns:)`); the head followed by the bulk's bytes is the
  /// table's plain encoding.
  public static func encodeColumn(name: String, _ v: Vector) -> (head: [UInt8], bulk: ColumnBulk?) {
    var w = ByteWriter(capacity: 64)
    w.u8(Tag.table.rawValue)
    w.u32(1)
    w.string(name)
    let bulk = encodeHead(v, into: &w)
    return (w.bytes, bulk)
  }

  public static func decode(_ bytes: [UInt8]) throws(WireError) -> Value {
    var r = ByteReader(bytes)
    let v = try decode(from: &r)
    guard r.isAtEnd else { throw WireError("\(bytes.count - r.offset) stray bytes after a value") }
    return v
  }

  public static func decode(from r: inout ByteReader, depth: Int = 0) throws(WireError) -> Value {
    guard depth < maxDepth else { throw WireError("a value nested more than \(maxDepth) levels deep") }
    let raw = try r.u8("a value tag")
    guard let tag = Tag(rawValue: raw) else { throw WireError("unknown value tag \(raw)") }
    switch tag {
    case .void: return .void
    case .int:
      let t = try type(&r)
      return .int(try r.i64(), t)
    case .double:
      let t = try type(&r)
      return .double(try r.f64(), t)
    case .string:
      let t = try type(&r)
      let s = try r.string()
      // A 16-byte scalar travels as its text: only canonical text makes a value of its type.
      guard !t.is128 || Binary128.canonical(s, as: t) == s else { throw WireError("bad \(t.name) text") }
      return .string(s, t)
    case .duration:
      let count = try r.i64()
      return .duration(Duration(count: count, unit: try r.string()))
    case .vector: return .vector(try vector(&r))
    case .pair: return .pair(try vector(&r))
    case .tuple:
      let n = try r.u32("a tuple length")
      var items: [Value] = []
      for _ in 0..<n { items.append(try decode(from: &r, depth: depth + 1)) }
      return .tuple(items)
    case .dictionary:
      var d = DictionaryValue(keyType: try type(&r), valueType: try type(&r))
      let n = try r.u32("a dictionary size")
      for _ in 0..<n {
        let k = try decode(from: &r, depth: depth + 1)
        let v = try decode(from: &r, depth: depth + 1)
        do { try d.set(k, v) } catch { throw WireError("bad dictionary entry: \(error.message)") }
      }
      return .dictionary(d)
    case .set:
      var s = SetValue(keyType: try type(&r))
      let n = try r.u32("a set size")
      for _ in 0..<n { s.insert(try decode(from: &r, depth: depth + 1)) }
      return .set(s)
    case .code:
      return .object(try code(try r.string("metacode")))
    case .table:
      let n = try r.u32("a column count")
      var names: [String] = []
      var columns: [Vector] = []
      for _ in 0..<n {
        names.append(try r.string("a column name"))
        columns.append(try vector(&r))
      }
      do {
        return .object(try Table(names: names, columns: columns))
      } catch {
        throw WireError("bad table: \(error.message)")
      }
    }
  }

  /// An encoded table's columns whose lower-cased names `wanted` holds (nil: all), with the
  /// names of all its columns; the other columns are skipped, never decoded.
  public static func decodeTable(_ bytes: [UInt8], columns wanted: Set<String>?) throws(WireError) -> (
    table: Table, names: [String]
  ) {
    var r = ByteReader(bytes)
    return try decodeTable(&r, columns: wanted)
  }

  /// `decodeTable` of bytes in memory the caller keeps valid meanwhile (a mapped file): the
  /// columns are copied out of it once, into their own arrays. With `bulk`, the bytes are an
  /// `encodeColumn` head and the bulk expands into the column's array.
  public static func decodeTable(
    unsafeRaw raw: UnsafeRawBufferPointer, bulk: ByteReader.Bulk? = nil, columns wanted: Set<String>?
  ) throws(WireError) -> (table: Table, names: [String]) {
    var r = ByteReader(unsafeRaw: raw, bulk: bulk)
    return try decodeTable(&r, columns: wanted)
  }

  static func decodeTable(_ r: inout ByteReader, columns wanted: Set<String>?) throws(WireError) -> (
    table: Table, names: [String]
  ) {
    guard try r.u8("a value tag") == Tag.table.rawValue else { throw WireError("the value is not a table") }
    let n = try r.u32("a column count")
    var all: [String] = []
    var names: [String] = []
    var columns: [Vector] = []
    for _ in 0..<n {
      let name = try r.string("a column name")
      all.append(name)
      if wanted?.contains(name.lowercased()) ?? true {
        names.append(name)
        columns.append(try vector(&r))
      } else {
        try skipVector(&r)
      }
    }
    guard r.isAtEnd else { throw WireError("\(r.count - r.offset) stray bytes after a value") }
    do {
      return (try Table(names: names, columns: columns), all)
    } catch {
      throw WireError("bad table: \(error.message)")
    }
  }

  /// Moves past an encoded vector, checking its bounds but building nothing.
  static func skipVector(_ r: inout ByteReader, nested: Bool = true) throws(WireError) {
    _ = try type(&r)
    let raw = try r.u8("a storage tag")
    guard let tag = StorageTag(rawValue: raw) else { throw WireError("unknown storage tag \(raw)") }
    func skipArray(_ size: Int) throws(WireError) {
      let n = Int(try r.u32("a column"))
      _ = try r.take(n * size, "a column")
    }
    func skipStrings() throws(WireError) {
      let n = try r.u32("a string count")
      for _ in 0..<n { _ = try r.take(Int(try r.u32("a string")), "a string") }
    }
    switch tag {
    case .i8: try skipArray(1)
    case .i16: try skipArray(2)
    case .i32, .f32: try skipArray(4)
    case .i64, .f64: try skipArray(8)
    case .u128: try skipArray(16)
    case .str: try skipStrings()
    case .sym:
      try skipStrings()
      try skipArray(4)
    case .nested:
      // An array vector's elements are a plain vector: nesting stops at one level.
      guard nested else { throw WireError("an array vector inside an array vector") }
      try skipArray(8)
      try skipVector(&r, nested: false)
    }
  }

  static func type(_ r: inout ByteReader) throws(WireError) -> DataType {
    let raw = try r.u8("a type")
    guard let t = DataType(rawValue: raw) else { throw WireError("unknown data type \(raw)") }
    return t
  }

  static func vector(_ r: inout ByteReader, nested: Bool = true) throws(WireError) -> Vector {
    let t = try type(&r)
    let raw = try r.u8("a storage tag")
    guard let tag = StorageTag(rawValue: raw) else { throw WireError("unknown storage tag \(raw)") }
    let storage: Vector.Storage
    switch tag {
    case .i8: storage = .i8(try r.array(Int8.self, "a column"))
    case .i16: storage = .i16(try r.array(Int16.self, "a column"))
    case .i32: storage = .i32(try r.array(Int32.self, "a column"))
    case .i64: storage = .i64(try r.array(Int64.self, "a column"))
    case .f32: storage = .f32(try r.array(Float.self, "a column"))
    case .f64: storage = .f64(try r.array(Double.self, "a column"))
    case .u128: storage = .u128(try r.array(UInt128.self, "a column"))
    case .str:
      let n = try r.u32("a string count")
      var a: [String] = []
      a.reserveCapacity(Int(min(n, 1 << 20)))
      for _ in 0..<n { a.append(try r.string()) }
      storage = .str(a)
    case .sym:
      let n = try r.u32("a symbol count")
      var symbols: [String] = []
      for _ in 0..<n { symbols.append(try r.string("a symbol")) }
      let codes = try r.array(Int32.self, "symbol codes")
      guard codes.allSatisfy({ $0 >= 0 && Int($0) < symbols.count }) else {
        throw WireError("a symbol code is outside its dictionary of \(symbols.count)")
      }
      storage = .sym(SymbolColumn(codes: codes, dictionary: SymbolDictionary(symbols: symbols)))
    case .nested:
      guard nested else { throw WireError("an array vector inside an array vector") }
      let ends = try r.array(Int64.self, "array vector row ends")
      let values = try vector(&r, nested: false)
      // Ends rise from 0 to the element count, and the elements are a plain vector of the type.
      var previous: Int64 = 0
      for e in ends {
        guard e >= previous else { throw WireError("array vector row ends go down") }
        previous = e
      }
      guard values.type == t, !values.isArrayVector, previous == Int64(values.count) else {
        throw WireError("array vector rows do not match their \(values.count) elements")
      }
      return Vector(type: t, storage: .nested(NestedColumn(ends: ends.map { Int($0) }, values: values)))
    }
    let v = Vector(type: t, storage: storage)
    guard Vector.empty(t).sameStorage(as: v) else {
      throw WireError("a \(t.name) column cannot be stored as \(tag)")
    }
    return v
  }
}

extension Vector {
  /// Whether two vectors use the same physical storage kind.
  func sameStorage(as other: Vector) -> Bool {
    switch (storage, other.storage) {
    case (.i8, .i8), (.i16, .i16), (.i32, .i32), (.i64, .i64), (.f32, .f32), (.f64, .f64), (.str, .str), (.sym, .sym),
      (.u128, .u128):
      return true
    default: return false
    }
  }
}
