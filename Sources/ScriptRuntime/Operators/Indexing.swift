/// `x[i]` reads and `x[i] = v` writes on vectors, tuples, pairs and dictionaries.
public enum Indexing {
  /// Positions selected by an index value over `count` elements; nil means "a single position".
  static func positions(_ index: Value, count: Int) throws(ScriptError) -> [Int]? {
    switch index {
    case .pair(let p):
      // An open end (`x[1:]`, `x[:2]`) runs to the edge.
      guard let lo = p.isNull(0) ? 0 : p[0].intValue, let hi = p.isNull(1) ? Int64(count) : p[1].intValue else {
        throw ScriptError(RuntimeMessages.rangeIndexNeedsIntegers())
      }
      let a = Int(max(0, min(lo, Int64(count))))
      let b = Int(max(0, min(hi, Int64(count))))
      return a <= b ? Array(a..<b) : Array((b..<a).reversed())
    case .vector(let v) where v.type == .bool:
      guard v.count == count else {
        throw ScriptError(RuntimeMessages.boolIndexLength(v.count, count))
      }
      return (0..<count).filter { v[$0].isTruthy }
    case .vector(let v) where v.type.isIntegral:
      return v.int64s.map { $0 == Int64.min ? -1 : Int($0) }
    case .vector(let v):
      throw ScriptError(RuntimeMessages.cannotIndexWithVector(v.type.name))
    default:
      return nil
    }
  }

  static func position(_ index: Value) throws(ScriptError) -> Int {
    guard case .int(let i, let t) = index, t.isIntegral || t == .void else {
      throw ScriptError(RuntimeMessages.mustBeInteger("an index", got: index.typeString))
    }
    return i == Int64.min ? -1 : Int(i)
  }

  /// `x[i]`.
  public static func get(_ v: Value, _ index: Value) throws(ScriptError) -> Value {
    switch v {
    case .vector(let vec) where vec.isArrayVector:
      guard case .nested(let a) = vec.storage else { return v }
      return try ArrayVectorOperations.get(vec, a, index)
    case .vector(let vec), .pair(let vec):
      if let ps = try positions(index, count: vec.count) { return .vector(vec.gather(ps)) }
      let i = try position(index)
      return i >= 0 && i < vec.count ? vec[i] : .null(vec.type)
    case .tuple(let items):
      if let ps = try positions(index, count: items.count) {
        return .tuple(ps.map { $0 >= 0 && $0 < items.count ? items[$0] : .void })
      }
      let i = try position(index)
      return i >= 0 && i < items.count ? items[i] : .void
    case .dictionary(let d):
      if case .vector(let keys) = index {
        return BracketVectorNode.build(keys.values.map { d[$0] ?? .null(d.valueType == .any ? .void : d.valueType) })
      }
      return d[index] ?? .null(d.valueType == .any ? .void : d.valueType)
    case .object(let o):
      if let indexable = o as? IndexableObject { return try indexable.index(index) }
      throw ScriptError(RuntimeMessages.cannotIndex(v.typeString))
    case .string(let s, _):
      let chars = Array(s)
      // `s[i:j]`: the characters from i up to j (`s[i:]` to the end), as a string.
      if case .pair = index, let ps = try positions(index, count: chars.count) {
        return .string(String(ps.map { chars[$0] }), .string)
      }
      let i = try position(index)
      return i >= 0 && i < chars.count ? .string(String(chars[i]), .string) : .string("", .string)
    default:
      throw ScriptError(RuntimeMessages.cannotIndex(v.typeString))
    }
  }

  /// `x[i] = newValue` (and nested `x[i][j] = newValue`).
  public static func set(_ v: inout Value, _ indices: ArraySlice<Value>, _ newValue: Value) throws(ScriptError) {
    guard let index = indices.first else {
      v = newValue
      return
    }
    // `m[r, c] = x`: cells, rows, columns or a window of a matrix, in place.
    if indices.count == 2, case .object(let o) = v, let matrix = o as? Matrix {
      try matrix.setCells(index, indices[indices.startIndex + 1], newValue)
      return
    }
    if indices.count == 2, case .vector(var vec) = v, vec.isArrayVector {
      v = .void
      defer { v = .vector(vec) }
      try setArrayVectorCells(&vec, index, indices[indices.startIndex + 1], newValue)
      return
    }
    if indices.count > 1 {
      var inner = try get(v, index)
      try set(&inner, indices.dropFirst(), newValue)
      try set(&v, index: index, inner)
      return
    }
    try set(&v, index: index, newValue)
  }

  /// `x[index] = newValue` with one index.
  public static func set(_ v: inout Value, index: Value, _ newValue: Value) throws(ScriptError) {
    if case .vector = v {
      // Moved out of `v` before the change: a `switch v` would keep a second reference to the
      // elements alive, and every `x[i] = e` would copy the whole vector.
      let moved = v
      v = .void
      guard case .vector(var vec) = consume moved else { return }
      defer { v = .vector(vec) }
      if case .int(let i, let t) = index, t.isIntegral, newValue.isScalar, !vec.isArrayVector {
        guard i >= 0 && i < vec.count else {
          throw ScriptError(RuntimeMessages.indexOutOfRange(Int(i), size: vec.count))
        }
        try vec.set(Int(i), newValue)
        return
      }
      let ps = try positionList(index, count: vec.count)
      let values = try broadcast(newValue, count: ps.count)
      for p in ps where p < 0 || p >= vec.count {
        throw ScriptError(RuntimeMessages.indexOutOfRange(p, size: vec.count))
      }
      for (k, p) in ps.enumerated() { try vec.set(p, values[k]) }
      return
    }
    // Tuples and dictionaries too are moved out before they change (see above).
    if case .tuple = v {
      let moved = v
      v = .void
      guard case .tuple(var items) = consume moved else { return }
      defer { v = .tuple(items) }
      let ps = try positionList(index, count: items.count)
      let values = ps.count == 1 ? [newValue] : try broadcast(newValue, count: ps.count)
      for p in ps where p < 0 || p >= items.count {
        throw ScriptError(RuntimeMessages.indexOutOfRange(p, size: items.count, of: "tuple"))
      }
      for (k, p) in ps.enumerated() { items[p] = values[k] }
      return
    }
    if case .dictionary = v {
      let moved = v
      v = .void
      guard case .dictionary(var d) = consume moved else { return }
      defer { v = .dictionary(d) }
      if case .vector(let keys) = index {
        let values = try broadcast(newValue, count: keys.count)
        for k in 0..<keys.count { try d.set(keys[k], values[k]) }
      } else {
        try d.set(index, newValue)
      }
      return
    }
    guard case .object(let o) = v else { throw ScriptError(RuntimeMessages.cannotAssignByIndex(v.typeString)) }
    guard let indexable = o as? IndexableObject else {
      throw ScriptError(RuntimeMessages.cannotAssignInto(v.typeString))
    }
    try indexable.setIndex(index, newValue)
  }

  static func positionList(_ index: Value, count: Int) throws(ScriptError) -> [Int] {
    if let ps = try positions(index, count: count) { return ps }
    return [try position(index)]
  }

  /// A scalar repeated, or a vector's elements when the counts match.
  static func broadcast(_ v: Value, count: Int) throws(ScriptError) -> [Value] {
    switch v {
    case .vector(let vec):
      guard vec.count == count else {
        throw ScriptError(RuntimeMessages.indexedAssignmentCountMismatch(vec.count, positions: count))
      }
      return vec.values
    case .tuple(let items):
      guard items.count == count else {
        throw ScriptError(RuntimeMessages.indexedAssignmentCountMismatch(items.count, positions: count))
      }
      return items
    default:
      return Array(repeating: v, count: count)
    }
  }
}

/// Objects (tables) that support `x[i]` and `x[i] = v`.
public protocol IndexableObject: ScriptObject {
  func index(_ i: Value) throws(ScriptError) -> Value
  func setIndex(_ i: Value, _ v: Value) throws(ScriptError)
}
