import PorpoiseSupport
import ScriptRuntime

/// Fixed-length binary records, as DolphinDB's `readRecord!`, `writeRecord` and `loadRecord`
/// read and write them: each record holds its fields one after another, numbers little-endian
/// at their type's width (BOOL and CHAR 1 byte, SHORT 2, INT, FLOAT and the 4-byte temporal
/// types 4, LONG, DOUBLE and the 8-byte ones 8), text (with `loadRecord` only) in a fixed number
/// of bytes padded with zeros. DolphinDB's nulls (the smallest integer, -FLT_MAX, -DBL_MAX) are
/// read and written as nulls.
enum BinaryRecords {
  struct Field {
    var name: String
    var type: DataType
    /// Bytes on disk.
    var width: Int
  }

  /// The bytes one value of `type` takes, nil for text (its width is given) and for types a
  /// record cannot hold.
  static func width(_ type: DataType) -> Int? {
    switch type {
    case .bool, .char: return 1
    case .short: return 2
    case .int, .date, .month, .time, .minute, .second, .datetime, .datehour, .float: return 4
    case .long, .timestamp, .nanotime, .nanotimestamp, .double: return 8
    default: return nil
    }
  }

  /// The columns of `count` records read from `bytes` starting at `start`.
  static func decode(_ bytes: UnsafeRawBufferPointer, from start: Int, count: Int, _ fields: [Field]) -> [Vector] {
    let stride = fields.reduce(0) { $0 + $1.width }
    var offset = 0
    var columns: [Vector] = []
    for f in fields {
      let at = start + offset
      func load<T: FixedWidthInteger>(_: T.Type, _ i: Int) -> T {
        T(littleEndian: bytes.loadUnaligned(fromByteOffset: at + i * stride, as: T.self))
      }
      switch f.type {
      case .float:
        columns.append(
          Vector(
            type: .float,
            storage: .f32(
              (0..<count).map { i in
                let v = Float(bitPattern: load(UInt32.self, i))
                return v == -Float.greatestFiniteMagnitude ? .nan : v
              })))
      case .double:
        columns.append(
          Vector(
            type: .double,
            storage: .f64(
              (0..<count).map { i in
                let v = Double(bitPattern: load(UInt64.self, i))
                return v == -Double.greatestFiniteMagnitude ? .nan : v
              })))
      case .string, .symbol:
        let texts = (0..<count).map { i -> String in
          let base = at + i * stride
          var end = base
          while end < base + f.width, bytes[end] != 0 { end += 1 }
          return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[base..<end]), as: UTF8.self)
        }
        columns.append(Vector(strings: texts, type: f.type))
      default:
        let ints: [Int64] = (0..<count).map { i in
          switch f.width {
          case 1:
            let v = load(Int8.self, i)
            return f.type == .bool
              ? (v == Int8.min ? Int64.min : (v != 0 ? 1 : 0)) : (v == Int8.min ? Int64.min : Int64(v))
          case 2:
            let v = load(Int16.self, i)
            return v == Int16.min ? Int64.min : Int64(v)
          case 4:
            let v = load(Int32.self, i)
            return v == Int32.min ? Int64.min : Int64(v)
          default: return load(Int64.self, i)
          }
        }
        columns.append(Vector(type: f.type, ints: ints))
      }
      offset += f.width
    }
    return columns
  }

  /// Rows `range` of `columns` as records.
  static func encode(_ columns: [Vector], _ fields: [Field], rows range: Range<Int>) -> [UInt8] {
    let stride = fields.reduce(0) { $0 + $1.width }
    var out = [UInt8](repeating: 0, count: stride * range.count)
    var offset = 0
    for (column, f) in zip(columns, fields) {
      out.withUnsafeMutableBytes { raw in
        for (k, i) in range.enumerated() {
          let at = k * stride + offset
          let v = column[i]
          switch f.type {
          case .float:
            let d = v.doubleValue.map(Float.init) ?? -Float.greatestFiniteMagnitude
            raw.storeBytes(
              of: (d.isNaN ? -Float.greatestFiniteMagnitude : d).bitPattern.littleEndian, toByteOffset: at,
              as: UInt32.self)
          case .double:
            let d = v.doubleValue ?? -Double.greatestFiniteMagnitude
            raw.storeBytes(
              of: (d.isNaN ? -Double.greatestFiniteMagnitude : d).bitPattern.littleEndian, toByteOffset: at,
              as: UInt64.self)
          default:
            let n = v.isNull ? Int64.min : (v.intValue ?? Int64.min)
            switch f.width {
            case 1:
              raw.storeBytes(
                of: n == Int64.min ? Int8.min : Int8(truncatingIfNeeded: n), toByteOffset: at, as: Int8.self)
            case 2:
              raw.storeBytes(
                of: (n == Int64.min ? Int16.min : Int16(truncatingIfNeeded: n)).littleEndian, toByteOffset: at,
                as: Int16.self)
            case 4:
              raw.storeBytes(
                of: (n == Int64.min ? Int32.min : Int32(truncatingIfNeeded: n)).littleEndian, toByteOffset: at,
                as: Int32.self)
            default: raw.storeBytes(of: n.littleEndian, toByteOffset: at, as: Int64.self)
            }
          }
        }
      }
      offset += f.width
    }
    return out
  }

  /// The fields of a table's columns (numbers and times only).
  static func fields(of t: Table, _ function: String) throws(ScriptError) -> [Field] {
    try zip(t.names, t.columns).map { name, column throws(ScriptError) in
      guard !column.isArrayVector, let w = width(column.type) else {
        throw ScriptError(StorageMessages.recordFieldType(function, name, column.type.name))
      }
      return Field(name: name, type: column.type, width: w)
    }
  }

  /// `loadRecord`'s schema: a tuple of (name, type) or (name, type, bytes) for text.
  static func fields(schema v: Value) throws(ScriptError) -> [Field] {
    guard case .tuple(let items) = v, !items.isEmpty else {
      throw ScriptError(StorageMessages.recordSchema(v.typeString))
    }
    var out: [Field] = []
    for item in items {
      guard case .tuple(let parts) = item, parts.count >= 2, let name = parts[0].stringValue else {
        throw ScriptError(StorageMessages.recordSchema(item.typeString))
      }
      let type: DataType?
      switch parts[1] {
      case .int(let code, _): type = DataType(rawValue: UInt8(truncatingIfNeeded: code))
      case .string(let s, _): type = DataType.named(s.uppercased())
      default: type = nil
      }
      guard let type else { throw ScriptError(StorageMessages.recordSchema(parts[1].typeString)) }
      if type == .string || type == .symbol {
        guard parts.count >= 3, let n = parts[2].intValue, n > 0, n <= 65_536 else {
          throw ScriptError(StorageMessages.recordTextWidth(name))
        }
        out.append(Field(name: name, type: type, width: Int(n)))
      } else {
        guard let w = width(type) else {
          throw ScriptError(StorageMessages.recordFieldType("loadRecord", name, type.name))
        }
        out.append(Field(name: name, type: type, width: w))
      }
    }
    return out
  }
}
