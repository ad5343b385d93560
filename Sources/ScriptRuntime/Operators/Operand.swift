/// One side of a vectorised operation: a scalar broadcast, or a column.
enum Operand<T> {
  case scalar(T)
  case array([T])

  var count: Int? {
    if case .array(let a) = self { return a.count }
    return nil
  }
}

/// Element-wise kernels with scalar broadcasting; the hot loops of the language.
enum Kernel {
  /// Applies `f` element-wise; sizes must match unless one side is a scalar. Results are
  /// initialised in place: assigning into the fresh buffer would first release a garbage
  /// value (a crash for STRING results).
  @inline(__always)
  static func map<T, R>(
    _ a: Operand<T>, _ b: Operand<T>, _ op: String, _ f: (T, T) -> R
  ) throws(ScriptError) -> Operand<R> {
    switch (a, b) {
    case (.scalar(let x), .scalar(let y)): return .scalar(f(x, y))
    case (.array(let xs), .scalar(let y)):
      return .array(
        Array(unsafeUninitializedCapacity: xs.count) { buf, n in
          xs.withUnsafeBufferPointer { src in
            for i in 0..<src.count { buf.initializeElement(at: i, to: f(src[i], y)) }
          }
          n = xs.count
        })
    case (.scalar(let x), .array(let ys)):
      return .array(
        Array(unsafeUninitializedCapacity: ys.count) { buf, n in
          ys.withUnsafeBufferPointer { src in
            for i in 0..<src.count { buf.initializeElement(at: i, to: f(x, src[i])) }
          }
          n = ys.count
        })
    case (.array(let xs), .array(let ys)):
      guard xs.count == ys.count else { throw sizeMismatch(op, xs.count, ys.count) }
      return .array(
        Array(unsafeUninitializedCapacity: xs.count) { buf, n in
          xs.withUnsafeBufferPointer { l in
            ys.withUnsafeBufferPointer { r in
              for i in 0..<l.count { buf.initializeElement(at: i, to: f(l[i], r[i])) }
            }
          }
          n = xs.count
        })
    }
  }

  static func sizeMismatch(_ op: String, _ a: Int, _ b: Int) -> ScriptError {
    ScriptError(RuntimeMessages.incompatibleSizes(op, a, b))
  }

  /// The operand as Doubles (nulls NaN); nil for non-numeric values.
  static func doubles(_ v: Value) -> Operand<Double>? {
    switch v {
    case .int, .double, .void: return .scalar(v.rawDouble)
    case .vector(let vec), .pair(let vec):
      if case .f64(let a) = vec.storage { return .array(a) }
      return .array(vec.doubles)
    default: return nil
    }
  }

  /// The operand as Int64s (nulls `Int64.min`).
  static func ints(_ v: Value) -> Operand<Int64>? {
    switch v {
    case .int(let i, _): return .scalar(i)
    case .void: return .scalar(Int64.min)
    case .double: return .scalar(v.rawInt ?? Int64.min)
    case .vector(let vec), .pair(let vec): return .array(vec.int64s)
    default: return nil
    }
  }

  /// The 16 bytes of UUID, IPADDR or INT128 operands; text is read as `type`.
  static func binary128(_ v: Value, _ type: DataType) throws(ScriptError) -> Operand<UInt128>? {
    func bits(_ s: String, _ from: DataType) throws(ScriptError) -> UInt128 {
      guard let b = Binary128.parse(s, as: from.is128 ? from : type) else {
        throw ScriptError(RuntimeMessages.notABinary128(s, type.name))
      }
      return b
    }
    switch v {
    case .void: return .scalar(0)
    case .string(let s, let from) where from.isText || from.is128: return .scalar(try bits(s, from))
    case .vector(let vec), .pair(let vec):
      if case .u128(let a) = vec.storage { return .array(a) }
      guard vec.type.isText else { return nil }
      var out: [UInt128] = []
      out.reserveCapacity(vec.count)
      for s in vec.strings { out.append(try bits(s, vec.type)) }
      return .array(out)
    default: return nil
    }
  }

  static func strings(_ v: Value) -> Operand<String>? {
    switch v {
    case .string(let s, _): return .scalar(s)
    case .void: return .scalar("")
    case .vector(let vec), .pair(let vec): return vec.type.isText ? .array(vec.strings) : nil
    default: return nil
    }
  }

  /// Wraps a result as a scalar or a vector of `type`, keeping pairs as pairs.
  static func wrap(_ r: Operand<Int64>, _ type: DataType, pair: Bool = false) -> Value {
    switch r {
    case .scalar(let x): return .int(normalize(x, type), type)
    case .array(let a):
      let v = Vector(type: type, ints: a)
      return pair ? .pair(v) : .vector(v)
    }
  }

  static func wrap(_ r: Operand<Double>, _ type: DataType, pair: Bool = false) -> Value {
    switch r {
    case .scalar(let x): return .double(x.isFinite ? x : .nan, type)
    case .array(let a):
      let v = type == .double ? Vector(doubles: a) : Vector(type: .float, storage: .f32(a.map { Float($0) }))
      return pair ? .pair(v) : .vector(v)
    }
  }

  static func wrap(_ r: Operand<Bool?>) -> Value {
    switch r {
    case .scalar(let x): return x.map { .bool($0) } ?? .null(.bool)
    case .array(let a):
      return .vector(Vector(type: .bool, storage: .i8(a.map { b -> Int8 in b.map { $0 ? 1 : 0 } ?? Int8.min })))
    }
  }

  /// Narrows a 64-bit result to its type's width; values that wrap onto the null become null.
  @inline(__always)
  static func normalize(_ x: Int64, _ type: DataType) -> Int64 {
    if x == Int64.min { return x }
    switch type {
    case .int, .date, .month, .time, .minute, .second, .datetime, .datehour:
      let n = Int32(truncatingIfNeeded: x)
      return n == Int32.min ? Int64.min : Int64(n)
    case .short:
      let n = Int16(truncatingIfNeeded: x)
      return n == Int16.min ? Int64.min : Int64(n)
    case .char, .bool:
      let n = Int8(truncatingIfNeeded: x)
      return n == Int8.min ? Int64.min : Int64(n)
    default: return x
    }
  }
}
