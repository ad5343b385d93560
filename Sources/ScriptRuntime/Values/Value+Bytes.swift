extension Value {
  /// About the bytes the value holds (eight per number, sixteen per text element): what
  /// `getSessionMemoryStat` reports for a session's variables.
  public var approximateBytes: Int {
    func vectorBytes(_ v: Vector) -> Int { v.count * (v.type.isText ? 16 : 8) }
    switch self {
    case .void, .int, .double, .duration, .function: return 16
    case .string(let s, _): return 16 + s.utf8.count
    case .vector(let v), .pair(let v): return vectorBytes(v)
    case .tuple(let items): return items.reduce(0) { $0 + $1.approximateBytes }
    case .dictionary(let d): return d.keys.count * 32
    case .set(let s): return s.elements.count * 16
    case .object(let o):
      if let t = o as? Table { return t.columns.reduce(0) { $0 + vectorBytes($1) } }
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
