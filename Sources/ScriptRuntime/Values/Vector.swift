/// A typed column: one contiguous Swift array in the narrowest physical type.
///
/// INT, DATE, SECOND, ... are `[Int32]` with `Int32.min` as null; LONG, TIMESTAMP, ... are
/// `[Int64]`; BOOL and CHAR are `[Int8]`; DOUBLE is `[Double]` with NaN as null.
public struct Vector: Sendable {
  /// The element type.
  public var type: DataType
  /// The elements.
  public var storage: Storage

  /// Physical storage by width.
  public enum Storage: Sendable {
    case i8([Int8])
    case i16([Int16])
    case i32([Int32])
    case i64([Int64])
    case f32([Float])
    case f64([Double])
    case str([String])
    /// UUID, IPADDR, INT128: 0 is null.
    case u128([UInt128])
    /// SYMBOL: dictionary-encoded.
    case sym(SymbolColumn)
    /// An array vector: each element a row of `type` values.
    indirect case nested(NestedColumn)
  }

  /// Whether this is an array vector (`INT[]`, ...): each element is a row of `type` values.
  public var isArrayVector: Bool {
    if case .nested = storage { return true }
    return false
  }

  /// The type's script name: `INT`, or `INT[]` for an array vector.
  public var typeName: String { isArrayVector ? type.name + "[]" : type.name }
  /// The type's code: DolphinDB's, plus 64 for an array vector.
  public var typeCode: Int64 { Int64(type.rawValue) + (isArrayVector ? DataType.arrayCodeOffset : 0) }

  /// An empty vector of the same type and kind (an array vector stays one).
  public var emptyLike: Vector { isArrayVector ? .emptyArray(type) : .empty(type) }

  /// `count` nulls of the same type and kind (an array vector's null is an empty row).
  public func nullsLike(count: Int) -> Vector {
    isArrayVector ? .emptyRows(type, count: count) : .nulls(type, count: count)
  }

  /// An array vector of `count` empty rows (an array vector's nulls).
  public static func emptyRows(_ type: DataType, count: Int) -> Vector {
    Vector(type: type, storage: .nested(NestedColumn(ends: Array(repeating: 0, count: count), values: .empty(type))))
  }

  /// An empty array vector of an element type.
  public static func emptyArray(_ type: DataType) -> Vector {
    Vector(type: type, storage: .nested(.empty(type)))
  }

  public init(type: DataType, storage: Storage) {
    self.type = type
    self.storage = storage
  }

  /// An empty vector of a type, with room reserved for `capacity` elements.
  public static func empty(_ type: DataType, capacity: Int = 0) -> Vector {
    switch type {
    case .bool, .char, .void:
      var a: [Int8] = []
      a.reserveCapacity(capacity)
      return Vector(type: type, storage: .i8(a))
    case .short:
      var a: [Int16] = []
      a.reserveCapacity(capacity)
      return Vector(type: type, storage: .i16(a))
    case .long, .timestamp, .nanotime, .nanotimestamp, .decimal64s0, .decimal64s1, .decimal64s2, .decimal64s3,
      .decimal64s4, .decimal64s5, .decimal64s6, .decimal64s7, .decimal64s8, .decimal64s9, .decimal64s10,
      .decimal64s11, .decimal64s12, .decimal64s13, .decimal64s14, .decimal64s15, .decimal64s16, .decimal64s17,
      .decimal64s18:
      var a: [Int64] = []
      a.reserveCapacity(capacity)
      return Vector(type: type, storage: .i64(a))
    case .float:
      var a: [Float] = []
      a.reserveCapacity(capacity)
      return Vector(type: type, storage: .f32(a))
    case .double:
      var a: [Double] = []
      a.reserveCapacity(capacity)
      return Vector(type: type, storage: .f64(a))
    case .symbol:
      var a: [Int32] = []
      a.reserveCapacity(capacity)
      return Vector(type: type, storage: .sym(SymbolColumn(codes: a, dictionary: SymbolDictionary())))
    case .string:
      var a: [String] = []
      a.reserveCapacity(capacity)
      return Vector(type: type, storage: .str(a))
    case .uuid, .ipaddr, .int128:
      var a: [UInt128] = []
      a.reserveCapacity(capacity)
      return Vector(type: type, storage: .u128(a))
    default:
      var a: [Int32] = []
      a.reserveCapacity(capacity)
      return Vector(type: type, storage: .i32(a))
    }
  }

  /// A vector of `count` copies of `value` converted to `type` (as appending it would), filled
  /// in one pass.
  public static func filled(_ type: DataType, with value: Value, count: Int) throws(ScriptError) -> Vector {
    guard value.isScalar else {
      var v = Vector.empty(type, capacity: count)
      for _ in 0..<count { try v.append(value) }
      return v
    }
    var v = Vector.empty(type)
    v.storage = Vector.fill(type: type, raw: try Cast.scalar(value, to: type), count: count)
    return v
  }

  /// A vector of `count` copies of a null of `type`.
  public static func nulls(_ type: DataType, count: Int) -> Vector {
    var v = Vector.empty(type)
    v.storage = Vector.fill(type: type, raw: .null(type), count: count)
    return v
  }

  static func fill(type: DataType, raw: Value, count: Int) -> Storage {
    switch Vector.empty(type).storage {
    case .i8: return .i8(Array(repeating: Int8(truncatingIfNeeded: Vector.narrow(raw, Int8.self)), count: count))
    case .i16: return .i16(Array(repeating: Vector.narrow(raw, Int16.self), count: count))
    case .i32: return .i32(Array(repeating: Vector.narrow(raw, Int32.self), count: count))
    case .i64: return .i64(Array(repeating: raw.rawInt ?? Int64.min, count: count))
    case .f32: return .f32(Array(repeating: Float(raw.rawDouble), count: count))
    case .f64: return .f64(Array(repeating: raw.rawDouble, count: count))
    case .str: return .str(Array(repeating: raw.stringValue ?? "", count: count))
    case .u128: return .u128(Array(repeating: Vector.bits(raw, type), count: count))
    case .sym:
      let d = SymbolDictionary(symbols: [raw.stringValue ?? ""])
      return .sym(SymbolColumn(codes: Array(repeating: 0, count: count), dictionary: d))
    case .nested: return .nested(.empty(type))  // never: empty() is never nested
    }
  }

  /// Builds a vector of `type` from 64-bit integers (`Int64.min` is null), narrowing storage.
  public init(type: DataType, ints: [Int64]) {
    self.type = type
    switch Vector.empty(type).storage {
    case .i8: storage = .i8(ints.map { $0 == Int64.min ? Int8.min : Int8(truncatingIfNeeded: $0) })
    case .i16: storage = .i16(ints.map { $0 == Int64.min ? Int16.min : Int16(truncatingIfNeeded: $0) })
    case .i32: storage = .i32(ints.map { $0 == Int64.min ? Int32.min : Int32(truncatingIfNeeded: $0) })
    case .f32: storage = .f32(ints.map { $0 == Int64.min ? Float.nan : Float($0) })
    case .f64: storage = .f64(ints.map { $0 == Int64.min ? Double.nan : Double($0) })
    case .str: storage = .str(ints.map { String($0) })
    case .sym: storage = .sym(SymbolColumn(ints.map { String($0) }))
    case .u128: storage = .u128(ints.map { $0 == Int64.min ? 0 : UInt128(truncatingIfNeeded: $0) })
    case .i64, .nested: storage = .i64(ints)
    }
  }

  /// A DOUBLE vector.
  public init(doubles: [Double]) {
    self.type = .double
    self.storage = .f64(doubles)
  }

  /// A STRING (or SYMBOL) vector.
  public init(strings: [String], type: DataType = .string) {
    self.type = type
    self.storage = type == .symbol ? .sym(SymbolColumn(strings)) : .str(strings)
  }

  /// A BOOL vector.
  public init(bools: [Bool]) {
    self.type = .bool
    self.storage = .i8(bools.map { $0 ? 1 : 0 })
  }

  /// Number of elements.
  public var count: Int {
    switch storage {
    case .i8(let a): return a.count
    case .i16(let a): return a.count
    case .i32(let a): return a.count
    case .i64(let a): return a.count
    case .f32(let a): return a.count
    case .f64(let a): return a.count
    case .str(let a): return a.count
    case .u128(let a): return a.count
    case .sym(let a): return a.codes.count
    case .nested(let a): return a.count
    }
  }

  /// The element at `i` as a scalar value.
  public subscript(i: Int) -> Value {
    switch storage {
    case .i8(let a): return .int(a[i] == Int8.min ? Int64.min : Int64(a[i]), type)
    case .i16(let a): return .int(a[i] == Int16.min ? Int64.min : Int64(a[i]), type)
    case .i32(let a): return .int(a[i] == Int32.min ? Int64.min : Int64(a[i]), type)
    case .i64(let a): return .int(a[i], type)
    case .f32(let a): return .double(Double(a[i]), type)
    case .f64(let a): return .double(a[i], type)
    case .str(let a): return .string(a[i], type)
    case .u128(let a): return .string(Binary128.format(a[i], as: type), type)
    case .sym(let a): return .string(a[i], type)
    case .nested(let a): return .vector(a.row(i))
    }
  }

  /// Whether element `i` is null.
  public func isNull(_ i: Int) -> Bool {
    switch storage {
    case .i8(let a): return a[i] == Int8.min
    case .i16(let a): return a[i] == Int16.min
    case .i32(let a): return a[i] == Int32.min
    case .i64(let a): return a[i] == Int64.min
    case .f32(let a): return a[i].isNaN
    case .f64(let a): return a[i].isNaN
    case .str(let a): return a[i].isEmpty
    case .u128(let a): return a[i] == 0
    case .sym(let a): return a[i].isEmpty
    case .nested(let a): return a.bounds(i).isEmpty
    }
  }

  /// The 16 bytes of a scalar already converted to a 16-byte type (its canonical text).
  static func bits(_ v: Value, _ type: DataType) -> UInt128 {
    guard case .string(let s, _) = v else { return 0 }
    return Binary128.parse(s, as: type) ?? 0
  }

  static func narrow<T: FixedWidthInteger>(_ v: Value, _: T.Type) -> T {
    guard let raw = v.rawInt, raw != Int64.min else { return T.min }
    return T(truncatingIfNeeded: raw)
  }

  /// Stores a scalar that already has this vector's type (or a type converted to it).
  public mutating func set(_ i: Int, _ value: Value) throws(ScriptError) {
    if case .nested(let a) = storage, i >= 0, i < a.count {
      // A row is replaced by rebuilding around it: rows are contiguous.
      var out = a.slice(0..<i)
      try out.appendRow(value)
      try out.append(contentsOf: a.slice((i + 1)..<a.count))
      storage = .nested(out)
      return
    }
    let v = try Cast.scalar(value, to: type)
    switch storage {
    case .i8(var a):
      storage = .i8([])
      a[i] = Vector.narrow(v, Int8.self)
      storage = .i8(a)
    case .i16(var a):
      storage = .i16([])
      a[i] = Vector.narrow(v, Int16.self)
      storage = .i16(a)
    case .i32(var a):
      storage = .i32([])
      a[i] = Vector.narrow(v, Int32.self)
      storage = .i32(a)
    case .i64(var a):
      storage = .i64([])
      a[i] = v.rawInt ?? Int64.min
      storage = .i64(a)
    case .f32(var a):
      storage = .f32([])
      a[i] = Float(v.rawDouble)
      storage = .f32(a)
    case .f64(var a):
      storage = .f64([])
      a[i] = v.rawDouble
      storage = .f64(a)
    case .str(var a):
      storage = .str([])
      a[i] = v.stringValue ?? ""
      storage = .str(a)
    case .u128(var a):
      storage = .u128([])
      a[i] = Vector.bits(v, type)
      storage = .u128(a)
    case .sym(var a):
      storage = .i8([])
      a.codes[i] = a.code(for: v.stringValue ?? "")
      storage = .sym(a)
    case .nested:
      break
    }
  }

  /// Appends one scalar, converting it to the element type.
  public mutating func append(_ value: Value) throws(ScriptError) {
    if case .nested(var a) = storage {
      storage = .i8([])
      defer { storage = .nested(a) }
      try a.appendRow(value)
      return
    }
    let v = try Cast.scalar(value, to: type)
    switch storage {
    case .i8(var a):
      storage = .i8([])
      a.append(Vector.narrow(v, Int8.self))
      storage = .i8(a)
    case .i16(var a):
      storage = .i16([])
      a.append(Vector.narrow(v, Int16.self))
      storage = .i16(a)
    case .i32(var a):
      storage = .i32([])
      a.append(Vector.narrow(v, Int32.self))
      storage = .i32(a)
    case .i64(var a):
      storage = .i64([])
      a.append(v.rawInt ?? Int64.min)
      storage = .i64(a)
    case .f32(var a):
      storage = .f32([])
      a.append(Float(v.rawDouble))
      storage = .f32(a)
    case .f64(var a):
      storage = .f64([])
      a.append(v.rawDouble)
      storage = .f64(a)
    case .str(var a):
      storage = .str([])
      a.append(v.stringValue ?? "")
      storage = .str(a)
    case .u128(var a):
      storage = .u128([])
      a.append(Vector.bits(v, type))
      storage = .u128(a)
    case .sym(var a):
      storage = .i8([])
      a.append(v.stringValue ?? "")
      storage = .sym(a)
    case .nested:
      break
    }
  }

  /// Appends all elements of another vector of the same storage; converts otherwise.
  public mutating func append(contentsOf other: Vector) throws(ScriptError) {
    if case .nested(var a) = storage {
      storage = .i8([])
      defer { storage = .nested(a) }
      if case .nested(let b) = other.storage {
        try a.append(contentsOf: b)
      } else {
        // A plain vector appends one row of one element per element.
        for k in 0..<other.count { try a.appendRow(other[k]) }
      }
      return
    }
    if other.isArrayVector { throw ScriptError(RuntimeMessages.arrayVectorIntoPlain(type.name)) }
    let other = other.type == type ? other : try Cast.vector(other, to: type)
    switch (storage, other.storage) {
    case (.i8(var a), .i8(let b)):
      storage = .i8([])
      a += b
      storage = .i8(a)
    case (.i16(var a), .i16(let b)):
      storage = .i16([])
      a += b
      storage = .i16(a)
    case (.i32(var a), .i32(let b)):
      storage = .i32([])
      a += b
      storage = .i32(a)
    case (.i64(var a), .i64(let b)):
      storage = .i64([])
      a += b
      storage = .i64(a)
    case (.f32(var a), .f32(let b)):
      storage = .f32([])
      a += b
      storage = .f32(a)
    case (.f64(var a), .f64(let b)):
      storage = .f64([])
      a += b
      storage = .f64(a)
    case (.str(var a), .str(let b)):
      storage = .str([])
      a += b
      storage = .str(a)
    case (.u128(var a), .u128(let b)):
      storage = .u128([])
      a += b
      storage = .u128(a)
    case (.sym(var a), .sym(let b)):
      storage = .i8([])
      a.append(contentsOf: b)
      storage = .sym(a)
    default:
      for k in 0..<other.count { try append(other[k]) }
    }
  }

  /// The elements at the given positions; an out-of-range position gives null.
  public func gather(_ indices: [Int]) -> Vector {
    let n = count
    func pick<T>(_ a: [T], _ null: T) -> [T] { indices.map { $0 >= 0 && $0 < n ? a[$0] : null } }
    switch storage {
    case .i8(let a): return Vector(type: type, storage: .i8(pick(a, Int8.min)))
    case .i16(let a): return Vector(type: type, storage: .i16(pick(a, Int16.min)))
    case .i32(let a): return Vector(type: type, storage: .i32(pick(a, Int32.min)))
    case .i64(let a): return Vector(type: type, storage: .i64(pick(a, Int64.min)))
    case .f32(let a): return Vector(type: type, storage: .f32(pick(a, .nan)))
    case .f64(let a): return Vector(type: type, storage: .f64(pick(a, .nan)))
    case .str(let a): return Vector(type: type, storage: .str(pick(a, "")))
    case .u128(let a): return Vector(type: type, storage: .u128(pick(a, 0)))
    case .sym(var a):
      let null = indices.contains { $0 < 0 || $0 >= n } ? a.code(for: "") : 0
      return Vector(type: type, storage: .sym(SymbolColumn(codes: pick(a.codes, null), dictionary: a.dictionary)))
    case .nested(let a): return Vector(type: type, storage: .nested(a.gather(indices)))
    }
  }

  /// A contiguous slice as a new vector.
  public func slice(_ r: Range<Int>) -> Vector {
    switch storage {
    case .i8(let a): return Vector(type: type, storage: .i8(Array(a[r])))
    case .i16(let a): return Vector(type: type, storage: .i16(Array(a[r])))
    case .i32(let a): return Vector(type: type, storage: .i32(Array(a[r])))
    case .i64(let a): return Vector(type: type, storage: .i64(Array(a[r])))
    case .f32(let a): return Vector(type: type, storage: .f32(Array(a[r])))
    case .f64(let a): return Vector(type: type, storage: .f64(Array(a[r])))
    case .str(let a): return Vector(type: type, storage: .str(Array(a[r])))
    case .u128(let a): return Vector(type: type, storage: .u128(Array(a[r])))
    case .sym(let a):
      return Vector(type: type, storage: .sym(SymbolColumn(codes: Array(a.codes[r]), dictionary: a.dictionary)))
    case .nested(let a): return Vector(type: type, storage: .nested(a.slice(r)))
    }
  }

  /// The elements widened to Int64, nulls as `Int64.min` (integer-backed types only).
  public var int64s: [Int64] {
    switch storage {
    case .i8(let a): return a.map { $0 == Int8.min ? Int64.min : Int64($0) }
    case .i16(let a): return a.map { $0 == Int16.min ? Int64.min : Int64($0) }
    case .i32(let a): return a.map { $0 == Int32.min ? Int64.min : Int64($0) }
    case .i64(let a): return a
    case .f32(let a): return a.map { $0.isNaN ? Int64.min : Int64(exactly: $0.rounded(.towardZero)) ?? Int64.min }
    case .f64(let a): return a.map { $0.isNaN ? Int64.min : Int64(exactly: $0.rounded(.towardZero)) ?? Int64.min }
    case .str(let a): return a.map { Int64($0) ?? Int64.min }
    case .u128(let a): return Array(repeating: Int64.min, count: a.count)
    case .sym(let a): return a.strings.map { Int64($0) ?? Int64.min }
    case .nested(let a): return Array(repeating: Int64.min, count: a.count)
    }
  }

  /// The elements as Doubles, nulls as NaN.
  public var doubles: [Double] {
    if type.isDecimal { return decimalDoubles }
    switch storage {
    case .i8(let a): return a.map { $0 == Int8.min ? .nan : Double($0) }
    case .i16(let a): return a.map { $0 == Int16.min ? .nan : Double($0) }
    case .i32(let a): return a.map { $0 == Int32.min ? .nan : Double($0) }
    case .i64(let a): return a.map { $0 == Int64.min ? .nan : Double($0) }
    case .f32(let a): return a.map { Double($0) }
    case .f64(let a): return a
    case .str(let a): return a.map { Double($0) ?? .nan }
    case .u128(let a): return Array(repeating: .nan, count: a.count)
    case .sym(let a): return a.strings.map { Double($0) ?? .nan }
    case .nested(let a): return Array(repeating: .nan, count: a.count)
    }
  }

  /// The elements of a STRING or SYMBOL vector.
  public var strings: [String] {
    if case .str(let a) = storage { return a }
    if case .sym(let a) = storage { return a.strings }
    return (0..<count).map { ValueFormatter.plain(self[$0]) }
  }

  /// All elements as scalar values.
  public var values: [Value] { (0..<count).map { self[$0] } }
}

extension Value {
  /// The integer payload, null included (`Int64.min`), for integer-backed scalars.
  public var rawInt: Int64? {
    switch self {
    case .int(let v, _): return v
    case .double(let d, _): return d.isNaN ? Int64.min : Int64(exactly: d.rounded(.towardZero))
    default: return nil
    }
  }
  /// The floating payload, null as NaN.
  public var rawDouble: Double {
    switch self {
    case .int(let v, let t):
      return t.isDecimal ? FixedPoint.double(v, scale: t.decimalScale) : v == Int64.min ? .nan : Double(v)
    case .double(let d, _): return d
    default: return .nan
    }
  }
}
