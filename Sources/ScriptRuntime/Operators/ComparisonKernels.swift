/// Typed loops for the comparisons and logic a `where` clause runs over whole columns: a
/// column against one value (`qty > 2000`, `date = 2019.01.02`) and BOOL masks combined by
/// `and` / `or`. They give what the general element-by-element path gives (null is the least
/// value; a null BOOL is false in logic), without boxing or widening the column first.
enum ComparisonKernels {
  @inline(__always)
  static func mask<T>(_ a: [T], _ f: (T) -> Bool) -> [Int8] {
    var out = [Int8](repeating: 0, count: a.count)
    a.withUnsafeBufferPointer { src in
      out.withUnsafeMutableBufferPointer { dst in
        for i in 0..<src.count where f(src[i]) { dst[i] = 1 }
      }
    }
    return out
  }

  /// `column op y` (or `y op column` when `flipped`) for an integer-backed column of a
  /// non-floating type and an integral scalar of the same type (or both plain integers).
  static func compare(_ op: ComparisonOperator, _ v: Vector, _ y: Int64, flipped: Bool) -> Vector? {
    func bits<T: FixedWidthInteger>(_ a: [T]) -> [Int8] {
      // Widened as the general path widens them: the storage's null is Int64.min.
      @inline(__always) func wide(_ x: T) -> Int64 { x == T.min ? Int64.min : Int64(x) }
      switch (op, flipped) {
      case (.eq, _): return mask(a) { wide($0) == y }
      case (.ne, _): return mask(a) { wide($0) != y }
      case (.lt, false), (.gt, true): return mask(a) { wide($0) < y }
      case (.le, false), (.ge, true): return mask(a) { wide($0) <= y }
      case (.gt, false), (.lt, true): return mask(a) { wide($0) > y }
      case (.ge, false), (.le, true): return mask(a) { wide($0) >= y }
      }
    }
    let out: [Int8]
    switch v.storage {
    case .i8(let a): out = bits(a)
    case .i16(let a): out = bits(a)
    case .i32(let a): out = bits(a)
    case .i64(let a): out = bits(a)
    default: return nil
    }
    return Vector(type: .bool, storage: .i8(out))
  }

  /// The same for a DOUBLE column against a number (NaN, the null, is the least value).
  static func compare(_ op: ComparisonOperator, _ a: [Double], _ y: Double, flipped: Bool) -> Vector {
    let y = y.isNaN ? -Double.infinity : y
    @inline(__always) func x(_ d: Double) -> Double { d.isNaN ? -Double.infinity : d }
    let out: [Int8]
    switch (op, flipped) {
    case (.eq, _): out = mask(a) { x($0) == y }
    case (.ne, _): out = mask(a) { x($0) != y }
    case (.lt, false), (.gt, true): out = mask(a) { x($0) < y }
    case (.le, false), (.ge, true): out = mask(a) { x($0) <= y }
    case (.gt, false), (.lt, true): out = mask(a) { x($0) > y }
    case (.ge, false), (.le, true): out = mask(a) { x($0) >= y }
    }
    return Vector(type: .bool, storage: .i8(out))
  }

  /// A plain vector against a scalar, when a typed loop covers the pair; nil otherwise.
  static func columnAgainstScalar(_ op: ComparisonOperator, _ a: Value, _ b: Value) -> Value? {
    var flipped = false
    var column: Vector
    var scalar: Value
    switch (a, b) {
    case (.vector(let v), _) where b.isScalar:
      (column, scalar) = (v, b)
    case (_, .vector(let v)) where a.isScalar:
      (column, scalar, flipped) = (v, a, true)
    default:
      return nil
    }
    guard !column.isArrayVector else { return nil }
    switch scalar {
    case .int(let y, let ty) where !column.type.isFloating && !column.type.isText:
      guard column.type == ty || (column.type.isIntegral && ty.isIntegral) else { return nil }
      return compare(op, column, y, flipped: flipped).map { .vector($0) }
    case .double(let y, _) where column.type == .double:
      guard case .f64(let xs) = column.storage else { return nil }
      return .vector(compare(op, xs, y, flipped: flipped))
    case .int(let y, let ty) where column.type == .double && ty.isIntegral:
      guard case .f64(let xs) = column.storage else { return nil }
      return .vector(compare(op, xs, y == Int64.min ? .nan : Double(y), flipped: flipped))
    default:
      return nil
    }
  }

  /// A STRING column against one string (`symbol = "SH000005"` on a STRING column): each raw
  /// string compared in place, in parallel chunks, with no element boxed. Nil for other operands.
  static func stringsAgainstScalar(_ op: ComparisonOperator, _ a: Value, _ b: Value) -> Value? {
    let (column, y, flipped): (Vector, String, Bool)
    switch (a, b) {
    case (.vector(let v), .string(let s, _)): (column, y, flipped) = (v, s, false)
    case (.string(let s, _), .vector(let v)): (column, y, flipped) = (v, s, true)
    default: return nil
    }
    guard case .str(let xs) = column.storage else { return nil }
    let out = xs.withUnsafeBufferPointer { buffer in
      let strings = SendableBox(buffer)
      return ParallelChunks.makeArray(count: buffer.count) { (r: Range<Int>, out: UnsafeMutablePointer<Int8>) in
        let xs = strings.value
        if flipped {
          for i in r { out[i] = op.test(y, xs[i]) ? 1 : 0 }
        } else {
          for i in r { out[i] = op.test(xs[i], y) ? 1 : 0 }
        }
      }
    }
    return .vector(Vector(type: .bool, storage: .i8(out)))
  }

  /// `and` / `or` of two BOOL vectors of one length, or of a BOOL vector and a scalar.
  /// BOOL vectors with `&&` or `||`: a null on either side gives null, as every operator but
  /// the comparisons does in DolphinDB (`x || 1` is null where x is); `ignoringNull` (the `or`
  /// of DolphinDB's default `logicOrIgnoreNull=true`) takes the other side where one is null.
  static func logic(_ a: Value, _ b: Value, and: Bool, ignoringNull: Bool = false) -> Value? {
    @inline(__always) func combine(_ x: Int8, _ y: Int8) -> Int8 {
      if x == Int8.min || y == Int8.min {
        guard ignoringNull, x != y else { return Int8.min }
        return (x == Int8.min ? y : x) != 0 ? 1 : 0
      }
      return (and ? x != 0 && y != 0 : x != 0 || y != 0) ? 1 : 0
    }
    switch (a, b) {
    case (.vector(let x), .vector(let y)):
      guard x.type == .bool, y.type == .bool, case .i8(let xs) = x.storage, case .i8(let ys) = y.storage,
        xs.count == ys.count
      else { return nil }
      var out = [Int8](repeating: 0, count: xs.count)
      out.withUnsafeMutableBufferPointer { dst in
        for i in 0..<xs.count { dst[i] = combine(xs[i], ys[i]) }
      }
      return .vector(Vector(type: .bool, storage: .i8(out)))
    case (.vector(let x), _) where b.isScalar:
      guard x.type == .bool, case .i8(let xs) = x.storage else { return nil }
      let s: Int8 = b.isNull ? Int8.min : b.isTruthy ? 1 : 0
      return .vector(Vector(type: .bool, storage: .i8(xs.map { combine($0, s) })))
    case (_, .vector):
      guard a.isScalar else { return nil }
      return logic(b, a, and: and, ignoringNull: ignoringNull)
    default:
      return nil
    }
  }
}
