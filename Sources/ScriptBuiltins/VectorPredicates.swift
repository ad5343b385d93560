import ScriptRuntime

/// Questions about a vector's elements: `isDuplicated`, `hasNull`, `isSorted`,
/// `isMonotonicIncreasing`, `isNanInf`, `countNanInf`, and `nanInfFill` that answers one.
enum VectorPredicates {
  /// The rows of `isDuplicated`'s argument: one vector, or a tuple of equal-length ones.
  static func rows(_ v: Value, _ name: String) throws(ScriptError) -> [Vector] {
    if case .tuple(let items) = v {
      var columns: [Vector] = []
      for item in items { columns.append(try column(item, name)) }
      let n = columns.first?.count ?? 0
      guard columns.allSatisfy({ $0.count == n }) else {
        throw ScriptError(RuntimeMessages.incompatibleSizes(name, n, columns.first { $0.count != n }?.count ?? 0))
      }
      return columns
    }
    return [try column(v, name)]
  }

  /// Whether each element of a numeric vector is NaN or infinite (null too when `includeNull`).
  static func nanInf(_ v: Vector, includeNull: Bool) -> [Bool] {
    guard v.type.isFloating else { return (0..<v.count).map { includeNull && v.isNull($0) } }
    // Stored NaN is null here: a NaN counts only when nulls do.
    return v.doubles.map { $0.isInfinite || (includeNull && $0.isNaN) }
  }

  /// Elements in order (`ascending`: never falling; else never rising), nulls first.
  static func ordered(_ v: Vector, ascending: Bool) -> Bool {
    guard v.count > 1 else { return true }
    for i in 1..<v.count {
      let c = Comparison.order(v[i - 1], v[i])
      if ascending ? c > 0 : c < 0 { return false }
    }
    return true
  }

  static func monotonic(_ name: String, ascending: Bool) -> Builtin {
    Builtin(name, args: 1...1) { a throws(ScriptError) in .bool(ordered(try column(a[0], name), ascending: ascending)) }
  }

  static let all: [Builtin] = [
    // isDuplicated(X, [keep=FIRST]): FIRST marks every copy but the first, LAST every copy but
    // the last, NONE every copy of a repeated value.
    Builtin("isDuplicated", args: 1...2, parameterNames: ["X", "keep"]) { a throws(ScriptError) in
      let columns = try rows(a[0], "isDuplicated")
      let keep = a.has(1) ? try a.integer(1, "the keep of 'isDuplicated'") : 2
      guard [0, 1, 2].contains(keep) else { throw ScriptError(RuntimeMessages.isDuplicatedKeep()) }
      let n = columns.first?.count ?? 0
      var seen: [[ScalarKey]: Int] = [:]
      var counts: [Int] = []
      var group = [Int](repeating: 0, count: n)
      for i in 0..<n {
        let key = columns.map { ScalarKey($0[i]) ?? .null }
        if let g = seen[key] {
          group[i] = g
          counts[g] += 1
        } else {
          seen[key] = counts.count
          group[i] = counts.count
          counts.append(1)
        }
      }
      var remaining = counts
      var out = [Bool](repeating: false, count: n)
      for i in 0..<n {
        let g = group[i]
        let position = counts[g] - remaining[g]
        remaining[g] -= 1
        switch keep {
        case 2: out[i] = position > 0
        case 1: out[i] = remaining[g] > 0
        default: out[i] = counts[g] > 1
        }
      }
      return .vector(Vector(bools: out))
    },
    Builtin("hasNull", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      switch a[0] {
      case .tuple(let items): return .bool(items.contains { $0.isScalar && $0.isNull })
      case .object(let t as Table): return .bool(t.columns.contains { c in (0..<c.count).contains { c.isNull($0) } })
      case .object(let m as Matrix): return .bool(m.columns.contains { c in (0..<c.count).contains { c.isNull($0) } })
      default:
        let v = try column(a[0], "hasNull")
        return .bool((0..<v.count).contains { v.isNull($0) })
      }
    },
    // isSorted(X, [ascending=true]): not strictly.
    Builtin("isSorted", args: 1...2, parameterNames: ["X", "ascending"]) { a throws(ScriptError) in
      .bool(ordered(try column(a[0], "isSorted"), ascending: a.has(1) ? a[1].isTruthy : true))
    },
    monotonic("isMonotonicIncreasing", ascending: true), monotonic("isMonotonic", ascending: true),
    monotonic("isMonotonicDecreasing", ascending: false),
    Builtin("isNanInf", args: 1...2, parameterNames: ["X", "includeNull"]) { a throws(ScriptError) in
      let include = a.has(1) && a[1].isTruthy
      if a[0].isScalar { return .bool(nanInf(try column(a[0], "isNanInf"), includeNull: include)[0]) }
      return .vector(Vector(bools: nanInf(try column(a[0], "isNanInf"), includeNull: include)))
    },
    Builtin("countNanInf", args: 1...2, parameterNames: ["X", "includeNull"]) { a throws(ScriptError) in
      let include = a.has(1) && a[1].isTruthy
      return .int(Int64(nanInf(try column(a[0], "countNanInf"), includeNull: include).count { $0 }), .int)
    },
    // nanInfFill(X, F): infinities replaced by F (a NaN is a null here: nullFill fills those).
    Builtin("nanInfFill", args: 2...2, parameterNames: ["X", "Y|F"]) { a throws(ScriptError) in
      guard let fill = a[1].doubleValue else {
        throw ScriptError(RuntimeMessages.needsNumber("nanInfFill", got: a[1].typeString))
      }
      return try mapElements(a[0]) { x throws(ScriptError) in
        guard case .double(let d, let t) = x, d.isInfinite else { return x }
        return .double(fill, t)
      }
    },
  ]
}
