extension Value {
  /// About the bytes the value holds (a column's storage width per element, a string's bytes
  /// and a pointer's worth per text element): `memSize(x)`, and what `getSessionMemoryStat`
  /// reports for a session's variables.
  public var approximateBytes: Int {
    switch self {
    case .void, .int, .double, .duration, .function: return 16
    case .string(let s, _): return 16 + s.utf8.count
    case .vector(let v), .pair(let v): return v.storageBytes
    case .tuple(let items): return items.reduce(0) { $0 + $1.approximateBytes }
    case .dictionary(let d): return d.keys.count * 32
    case .set(let s): return s.elements.count * 16
    case .object(let o):
      if let t = o as? Table { return t.columns.reduce(0) { $0 + $1.storageBytes } }
      if let m = o as? Matrix { return m.columns.reduce(0) { $0 + $1.storageBytes } }
      return 64
    }
  }
}

extension Machine {
  /// About the bytes the session's variables hold.
  public var variableBytes: Int {
    variableNames.reduce(0) { total, name in total + (variable(name)?.approximateBytes ?? 0) }
  }
}

extension Vector {
  /// The bytes of the elements as stored: 1, 2, 4 or 8 per number, a string's UTF-8 bytes plus
  /// 16 per text element, a SYMBOL's 4-byte codes plus its distinct strings.
  public var storageBytes: Int {
    switch storage {
    case .i8(let a): return a.count
    case .i16(let a): return a.count * 2
    case .i32(let a): return a.count * 4
    case .sym(let s): return s.codes.count * 4 + s.dictionary.symbols.reduce(0) { $0 + 16 + $1.utf8.count }
    case .i64(let a): return a.count * 8
    case .f32(let a): return a.count * 4
    case .f64(let a): return a.count * 8
    case .u128(let a): return a.count * 16
    case .str(let a): return a.reduce(0) { $0 + 16 + $1.utf8.count }
    case .nested(let n): return n.values.storageBytes + n.count * 4
    }
  }

}
