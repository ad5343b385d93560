/// Type conversions: the strict ones used when storing into a typed vector, and the
/// parsing ones behind `int()`, `date()`, `$`.
public enum Cast {
  static func incompatible(_ expected: DataType, _ actual: DataType) -> ScriptError {
    ScriptError(RuntimeMessages.incompatibleType(expected: expected.name, actual: actual.name))
  }

  /// Converts a scalar for storage in a vector of `type`; strings do not become numbers here.
  public static func scalar(_ v: Value, to type: DataType) throws(ScriptError) -> Value {
    if v.type == type { return v }
    if v.type == .void { return .null(type) }
    if type.isDecimal || v.type.isDecimal { return try decimalScalar(v, to: type, parsing: false) }
    switch v {
    case .void: return .null(type)
    case .int(let raw, let from):
      if type.isText { throw incompatible(type, from) }
      if type.isTemporal && from.isTemporal {
        guard let r = Temporal.convert(raw, from: from, to: type) else { throw incompatible(type, from) }
        return .int(r, type)
      }
      return try convert(v, to: type)
    case .double(_, let from):
      if type.isText || type.isTemporal { throw incompatible(type, from) }
      return try convert(v, to: type)
    case .string(let s, let from):
      if type.isText { return .string(s, type) }
      if s.isEmpty { return .null(type) }
      if type.is128 && (from.isText || from.is128) { return try binary128(s, from: from, to: type) }
      throw incompatible(type, from)
    default:
      throw incompatible(type, v.type)
    }
  }

  /// Converts a scalar to `type` as `int()`, `double()`, `date()` and `$` do: strings are
  /// parsed, out-of-range numbers become null.
  public static func convert(_ v: Value, to type: DataType) throws(ScriptError) -> Value {
    if v.type == type { return v }
    if case .void = v { return .null(type) }
    if v.isNull { return .null(type) }
    if type.isDecimal || v.type.isDecimal { return try decimalScalar(v, to: type, parsing: true) }
    switch type {
    case .string, .symbol:
      return .string(ValueFormatter.plain(v), type)
    case .bool:
      if case .string(let s, _) = v {
        switch s.lowercased() {
        case "true", "1": return .bool(true)
        case "false", "0": return .bool(false)
        default: return .null(.bool)
        }
      }
      if let d = v.doubleValue { return .bool(d != 0) }
      if case .int(let raw, _) = v { return .bool(raw != 0) }
      throw incompatible(type, v.type)
    case .char, .short, .int, .long:
      let bounds: (Int64, Int64) = {
        switch type {
        case .char: return (Int64(Int8.min) + 1, Int64(Int8.max))
        case .short: return (Int64(Int16.min) + 1, Int64(Int16.max))
        case .int: return (Int64(Int32.min) + 1, Int64(Int32.max))
        default: return (Int64.min + 1, Int64.max)
        }
      }()
      var raw: Int64?
      switch v {
      case .int(let i, let from) where from.isIntegral && !from.isTemporal:
        // An integer too wide for the type wraps, as DolphinDB's C casts do (short(65578) is
        // 42); a result on the type's null pattern is null.
        let wrapped: Int64
        switch type {
        case .char: wrapped = Int64(Int8(truncatingIfNeeded: i))
        case .short: wrapped = Int64(Int16(truncatingIfNeeded: i))
        case .int: wrapped = Int64(Int32(truncatingIfNeeded: i))
        default: wrapped = i
        }
        return wrapped < bounds.0 ? .null(type) : .int(wrapped, type)
      case .int(let i, _): raw = i
      case .double(let d, _):
        // DolphinDB rounds when a floating value becomes an integer.
        raw = d.isNaN || abs(d) > 9.2e18 ? nil : Int64(d.rounded())
      case .string(let s, _):
        let t = s.trimmingSpaces
        if type == .char, t.utf8.count == 1, let b = t.utf8.first {
          raw = Int64(b)
        } else {
          raw = Int64(t) ?? Double(t).flatMap { $0.isNaN || abs($0) > 9.2e18 ? nil : Int64($0.rounded(.towardZero)) }
        }
      default: throw incompatible(type, v.type)
      }
      guard let r = raw, r >= bounds.0, r <= bounds.1 else { return .null(type) }
      return .int(r, type)
    case .float, .double:
      switch v {
      case .int(let i, let t) where !t.isTemporal: return .double(Double(i), type)
      case .int(let i, _): return .double(Double(i), type)
      case .double(let d, _): return .double(type == .float ? Double(Float(d)) : d, type)
      case .string(let s, _): return .double(Double(s.trimmingSpaces) ?? .nan, type)
      default: throw incompatible(type, v.type)
      }
    case .uuid, .ipaddr, .int128:
      guard case .string(let s, let from) = v, from.isText || from.is128 else {
        throw ScriptError(RuntimeMessages.cannotConvert(v.typeString, to: type.name))
      }
      return try binary128(s, from: from, to: type)
    case _ where type.isTemporal:
      switch v {
      case .int(let i, let from):
        if from.isTemporal {
          guard let r = Temporal.convert(i, from: from, to: type) else { throw incompatible(type, from) }
          return .int(r, type)
        }
        return .int(i == Int64.min || Temporal.fits(i, type) ? i : Int64.min, type)
      case .double(let d, _):
        guard let i = Int64(wholePartOf: d), Temporal.fits(i, type) else { return .null(type) }
        return .int(i, type)
      case .string(let s, _):
        guard let r = Temporal.parse(s, as: type) else { return .null(type) }
        return .int(r, type)
      default: throw incompatible(type, v.type)
      }
    default:
      throw ScriptError(RuntimeMessages.cannotConvert(v.typeString, to: type.name))
    }
  }

  /// The text of a UUID, IPADDR or INT128 (or of another of them: the same 16 bytes).
  static func binary128(_ s: String, from: DataType, to type: DataType) throws(ScriptError) -> Value {
    guard let bits = Binary128.parse(s, as: from.is128 ? from : type) else {
      throw ScriptError(RuntimeMessages.notABinary128(s, type.name))
    }
    return .string(Binary128.format(bits, as: type), type)
  }

  /// Converts every element of a vector for storage (strict).
  public static func vector(_ v: Vector, to type: DataType) throws(ScriptError) -> Vector {
    if v.type == type { return v }
    if let d = try decimalVector(v, to: type) { return d }
    if case .nested(let rows) = v.storage {
      // An array vector keeps its rows; its elements convert.
      return Vector(type: type, storage: .nested(rows.reshaped(try vector(rows.values, to: type))))
    }
    if v.type.isText && type.isText { return Vector(strings: v.strings, type: type) }
    if (v.type.isIntegerBacked && !v.type.isTemporal) && type.isIntegerBacked && !type.isTemporal {
      let ints = v.int64s
      if type == .bool { return Vector(type: .bool, ints: ints.map { $0 == Int64.min ? $0 : ($0 != 0 ? 1 : 0) }) }
      return Vector(type: type, ints: ints)
    }
    if v.type.isNumeric && type == .double { return Vector(doubles: v.doubles) }
    // Typed loops for the numeric conversions an append into a FLOAT or INT column makes,
    // with the scalar rules: FLOAT rounds to single precision, a floating value becomes an
    // integer rounded, null outside the type's range.
    if v.type.isNumeric && type == .float { return Vector(type: .float, storage: .f32(v.doubles.map { Float($0) })) }
    if v.type == .double || v.type == .float, type.isIntegral, type != .bool {
      let limit: Int64 =
        type == .char
        ? Int64(Int8.max) : type == .short ? Int64(Int16.max) : type == .int ? Int64(Int32.max) : Int64.max
      return Vector(
        type: type,
        ints: v.doubles.map { d in
          guard !d.isNaN, abs(d) <= 9.2e18 else { return Int64.min }
          let r = Int64(d.rounded())
          return r > limit || r < -limit ? Int64.min : r
        })
    }
    var out = Vector.empty(type, capacity: v.count)
    for i in 0..<v.count { try out.append(v[i]) }
    return out
  }

  /// Converts every element as the conversion functions do (parsing strings).
  public static func vectorConverting(_ v: Vector, to type: DataType) throws(ScriptError) -> Vector {
    if v.type == type { return v }
    if let d = try decimalVector(v, to: type) { return d }
    if v.type.isNumeric && type == .double { return Vector(doubles: v.doubles) }
    if v.type.isTemporal && type.isTemporal {
      // date(DateTime) over a column: one typed loop, no per-element values.
      guard Temporal.convert(0, from: v.type, to: type) != nil else { throw incompatible(type, v.type) }
      if let fast = Temporal.coarsen(v, to: type) { return fast }
      return Vector(type: type, ints: v.int64s.map { Temporal.convert($0, from: v.type, to: type) ?? Int64.min })
    }
    if v.type.isTemporal && type.isText && !v.isArrayVector {
      // string(DateTime) over a column: one typed loop, no per-element values.
      let t = v.type
      return Vector(strings: v.int64s.map { Temporal.format($0, t) }, type: type)
    }
    if let parsed = parsedNumbers(v, to: type) { return parsed }
    var out = Vector.empty(type, capacity: v.count)
    for i in 0..<v.count { try out.append(try convert(v[i], to: type)) }
    return out
  }

  /// Text parsed as SHORT, INT, LONG, FLOAT or DOUBLE in one typed loop, by `convert`'s rules
  /// for a string: spaces trimmed, an integer read from its digits or else from a decimal cut
  /// toward zero, null when not a number or outside the type. A SYMBOL's texts parse once each.
  static func parsedNumbers(_ v: Vector, to type: DataType) -> Vector? {
    guard v.type.isText, !v.isArrayVector else { return nil }
    func each<T>(_ f: (String) -> T) -> [T] {
      if case .sym(let s) = v.storage {
        let parsed = s.dictionary.symbols.map(f)
        return s.codes.map { parsed[Int($0)] }
      }
      return v.strings.map(f)
    }
    func trimmed(_ s: String) -> String {
      // Most texts have no space at either end: no copy for them.
      guard let first = s.utf8.first, let last = s.utf8.last, first <= 32 || first >= 128 || last <= 32 || last >= 128
      else { return s }
      return s.trimmingSpaces
    }
    func integer(_ s: String, _ low: Int64, _ high: Int64) -> Int64 {
      let t = trimmed(s)
      let r = Int64(t) ?? Double(t).flatMap { $0.isNaN || abs($0) > 9.2e18 ? nil : Int64($0.rounded(.towardZero)) }
      guard let r, r >= low, r <= high else { return Int64.min }
      return r
    }
    switch type {
    case .short:
      return Vector(type: type, ints: each { integer($0, Int64(Int16.min) + 1, Int64(Int16.max)) })
    case .int:
      return Vector(type: type, ints: each { integer($0, Int64(Int32.min) + 1, Int64(Int32.max)) })
    case .long:
      return Vector(type: type, ints: each { integer($0, Int64.min + 1, Int64.max) })
    case .double:
      return Vector(doubles: each { Double(trimmed($0)) ?? .nan })
    case .float:
      return Vector(type: .float, storage: .f32(each { Float(Double(trimmed($0)) ?? .nan) }))
    default:
      return nil
    }
  }

  /// Applies a conversion to a scalar, vector, pair or tuple.
  public static func value(_ v: Value, to type: DataType) throws(ScriptError) -> Value {
    switch v {
    // `x $ ANY`: a vector as a tuple of its elements (what DolphinDB's ANY VECTOR is here).
    case .vector(let vec) where type == .any && !vec.isArrayVector: return .tuple(vec.values)
    case .tuple where type == .any: return v
    case .vector(let vec): return .vector(try vectorConverting(vec, to: type))
    case .pair(let vec): return .pair(try vectorConverting(vec, to: type))
    case .object(let m as Matrix) where type != .any:
      // `float(m)`, `int(m)`: every cell converted, the shape and labels kept.
      var columns: [Vector] = []
      for c in m.columns { columns.append(try vectorConverting(c, to: type)) }
      return .object(try m.withColumns(columns))
    case .tuple(let items):
      var out = Vector.empty(type, capacity: items.count)
      for item in items { try out.append(try convert(item, to: type)) }
      return .vector(out)
    default: return try convert(v, to: type)
    }
  }
}
