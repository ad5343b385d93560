/// Conversions to and from DECIMAL32/DECIMAL64.
extension Cast {
  /// A scalar to or from a DECIMAL type. Integers and DOUBLEs become DECIMALs (truncated to the
  /// scale, overflow an error); text only when `parsing` (the conversion functions, `$`),
  /// not when storing into a column. DECIMALs become integers truncated, DOUBLEs exactly.
  static func decimalScalar(_ v: Value, to type: DataType, parsing: Bool) throws(ScriptError) -> Value {
    if v.isNull { return .null(type) }
    if type.isDecimal {
      switch v {
      case .int(let raw, let from) where from.isDecimal:
        return .int(try FixedPoint.rescale(raw, from: from.decimalScale, to: type.decimalScale, type), type)
      case .int(let raw, let from) where from.isIntegral:
        return .int(try FixedPoint.fromInteger(raw, type), type)
      case .double(let d, _):
        return .int(try FixedPoint.fromDouble(d, type), type)
      case .string(let s, let from) where parsing || s.isEmpty:
        guard let r = try FixedPoint.fromText(s, type) else {
          if parsing { throw ScriptError(RuntimeMessages.decimalTextInvalid(s, type.fullName)) }
          throw incompatible(type, from)
        }
        return .int(r, type)
      default: throw incompatible(type, v.type)
      }
    }
    guard case .int(let raw, let from) = v else { throw incompatible(type, v.type) }
    let scale = from.decimalScale
    switch type {
    case .string, .symbol: return .string(ValueFormatter.plain(v), type)
    case .float, .double: return .double(FixedPoint.double(raw, scale: scale), type)
    case .bool: return .bool(raw != 0)
    case .char, .short, .int, .long:
      return try convert(.long(raw / FixedPoint.power(scale)), to: type)
    default: throw ScriptError(RuntimeMessages.cannotConvert(v.typeString, to: type.name))
    }
  }

  /// A whole vector to or from a DECIMAL type in one typed loop; nil when neither is DECIMAL.
  static func decimalVector(_ v: Vector, to type: DataType) throws(ScriptError) -> Vector? {
    guard type.isDecimal || v.type.isDecimal, !v.isArrayVector else { return nil }
    if type.isDecimal {
      var out: [Int64] = []
      out.reserveCapacity(v.count)
      if v.type.isDecimal {
        let from = v.type.decimalScale
        for x in v.int64s { out.append(try FixedPoint.rescale(x, from: from, to: type.decimalScale, type)) }
      } else if v.type.isIntegral {
        for x in v.int64s { out.append(try FixedPoint.fromInteger(x, type)) }
      } else if v.type.isFloating {
        for d in v.doubles { out.append(try FixedPoint.fromDouble(d, type)) }
      } else if v.type.isText || v.type == .void {
        for s in v.strings {
          guard let r = try FixedPoint.fromText(s, type) else {
            throw ScriptError(RuntimeMessages.decimalTextInvalid(s, type.fullName))
          }
          out.append(r)
        }
      } else {
        throw incompatible(type, v.type)
      }
      return Vector(type: type, ints: out)
    }
    switch type {
    case .double: return Vector(doubles: v.doubles)
    case .float: return Vector(type: .float, storage: .f32(v.doubles.map { Float($0) }))
    case .string, .symbol: return Vector(strings: v.strings, type: type)
    case .char, .short, .int, .long:
      let p = FixedPoint.power(v.type.decimalScale)
      var out = Vector.empty(type, capacity: v.count)
      for x in v.int64s { try out.append(x == Int64.min ? .null(type) : try convert(.long(x / p), to: type)) }
      return out
    default: throw ScriptError(RuntimeMessages.cannotConvert(v.type.name + " VECTOR", to: type.name))
    }
  }
}
