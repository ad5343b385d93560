import ScriptRuntime

/// Tuples and masking: `tupleSum(X)` (adds up the results of several map calls part by part),
/// `subtuple(X, range)` (the same rows of each vector of a tuple), `appendTuple!(X, Y,
/// [wholistic])` and `mask(X, Y)` (null where Y is true).
enum TupleFunctions {
  static let all: [Builtin] = [
    Builtin("tupleSum", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      guard case .tuple(let parts) = a[0] else {
        throw ScriptError(RuntimeMessages.mustBeTuple("the argument of 'tupleSum'", got: a[0].typeString))
      }
      // Each part is a tuple of one map call's results per call; parts that are not tuples are a
      // single call's results, returned as they are.
      guard !parts.isEmpty, parts.allSatisfy({ if case .tuple = $0 { return true } else { return false } }) else {
        return a[0]
      }
      var sums: [Value] = []
      for part in parts {
        guard case .tuple(let items) = part, var total = items.first else { continue }
        for item in items.dropFirst() { total = try Arithmetic.apply(.add, total, item) }
        sums.append(total)
      }
      return sums.count == 1 ? sums[0] : .tuple(sums)
    },
    Builtin("subtuple", args: 2...2, parameterNames: ["X", "range"]) { a throws(ScriptError) in
      guard case .tuple(let items) = a[0] else {
        throw ScriptError(RuntimeMessages.mustBeTuple("the first argument of 'subtuple'", got: a[0].typeString))
      }
      guard case .pair(let bounds) = a[1], bounds.type.isIntegral, let lo = bounds[0].intValue,
        let hi = bounds[1].intValue
      else {
        throw ScriptError(RuntimeMessages.mustBeIntegerPair("the range of 'subtuple'", got: a[1].typeString))
      }
      var out: [Value] = []
      for item in items {
        guard case .vector(let v) = item else {
          throw ScriptError(RuntimeMessages.cannotTake("subtuple", item.typeString))
        }
        guard lo >= 0, lo <= hi, hi <= Int64(v.count) else {
          throw ScriptError(RuntimeMessages.rangeOutOfBounds("subtuple", lo, hi, v.count))
        }
        out.append(.vector(v.slice(Int(lo)..<Int(hi))))
      }
      return .tuple(out)
    },
    Builtin("appendTuple!", args: 2...3, parameterNames: ["X", "Y", "wholistic"], mutatesFirst: true) {
      a throws(ScriptError) in
      guard case .tuple(var items) = a[0] else {
        throw ScriptError(RuntimeMessages.mustBeTuple("the first argument of 'appendTuple!'", got: a[0].typeString))
      }
      guard case .tuple(let more) = a[1] else {
        throw ScriptError(RuntimeMessages.mustBeTuple("the second argument of 'appendTuple!'", got: a[1].typeString))
      }
      if a.has(2) && a[2].isTruthy { items.append(a[1]) } else { items += more }
      a[0] = .tuple(items)
      return a[0]
    },
    Builtin("mask", args: 2...2, parameterNames: ["X", "Y"]) { a throws(ScriptError) in
      try mask(a[0], a[1])
    },
  ]

  /// X with null wherever Y is true (Y a scalar or of X's shape).
  static func mask(_ x: Value, _ y: Value) throws(ScriptError) -> Value {
    func masked(_ v: Vector, _ flags: Value) throws(ScriptError) -> Vector {
      var out = v
      switch flags {
      case .vector(let f):
        guard f.count == v.count else { throw ScriptError(RuntimeMessages.incompatibleSizes("mask", v.count, f.count)) }
        for i in 0..<f.count where f[i].isTruthy { try out.set(i, .null(v.type)) }
      case _ where flags.isScalar:
        if flags.isTruthy { out = v.nullsLike(count: v.count) }
      default:
        throw ScriptError(RuntimeMessages.cannotTake("mask", flags.typeString))
      }
      return out
    }
    switch x {
    case .vector(let v) where !v.isArrayVector:
      return .vector(try masked(v, y))
    case .object(let m as Matrix):
      var columns: [Vector] = []
      for (j, c) in m.columns.enumerated() {
        switch y {
        case .object(let f as Matrix):
          guard f.columnCount == m.columnCount, f.rowCount == m.rowCount else {
            throw ScriptError(RuntimeMessages.incompatibleSizes("mask", m.columnCount, f.columnCount))
          }
          columns.append(try masked(c, .vector(f.columns[j])))
        case .vector(let f) where f.count == m.rowCount * m.columnCount:
          // A vector over every cell, column after column.
          columns.append(try masked(c, .vector(f.slice(j * m.rowCount..<(j + 1) * m.rowCount))))
        default:
          columns.append(try masked(c, y))
        }
      }
      return .object(try m.withColumns(columns))
    case _ where x.isScalar:
      guard y.isScalar else { throw ScriptError(RuntimeMessages.cannotTake("mask", y.typeString)) }
      return y.isTruthy ? .null(x.type) : x
    default:
      throw ScriptError(RuntimeMessages.cannotTake("mask", x.typeString))
    }
  }
}
