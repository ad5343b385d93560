import ScriptRuntime

/// `talib(func, args...)` (func from the first value of the first argument on, the nulls before
/// it kept), `talibNull(v1, v2, ...)` (every vector null up to the first position where none is)
/// and `nullCompare(func, X, Y)` (a comparison that is null where either side is).
enum TalibHigherOrder {
  static let all: [Builtin] = [
    Builtin("talib", args: 2...Int.max) { a throws(ScriptError) in
      let f = try a.function(0, "the first argument of 'talib'")
      guard case .vector(let x) = a[1], !x.isArrayVector else {
        return try a.machine.call(f, Array(a.values.dropFirst()))
      }
      let n = x.count
      let first = (0..<n).first { !x.isNull($0) } ?? n
      guard first > 0 else { return try a.machine.call(f, Array(a.values.dropFirst())) }
      // Every vector argument as long as X starts where X's values do.
      var rest: [Value] = []
      for v in a.values.dropFirst() {
        if case .vector(let c) = v, c.count == n { rest.append(.vector(c.slice(first..<n))) } else { rest.append(v) }
      }
      let result = try a.machine.call(f, rest)
      func padded(_ r: Value) throws(ScriptError) -> Value {
        guard case .vector(let c) = r, c.count == n - first else { return r }
        var out = Vector.nulls(c.type == .void ? .double : c.type, count: first)
        try out.append(contentsOf: c)
        return .vector(out)
      }
      if case .tuple(let items) = result {
        var out: [Value] = []
        for item in items { out.append(try padded(item)) }
        return .tuple(out)
      }
      return try padded(result)
    },
    Builtin("talibNull", args: 2...Int.max) { a throws(ScriptError) in
      var vectors: [Vector] = []
      for v in a.values {
        guard case .vector(let c) = v, !c.isArrayVector else {
          throw ScriptError(RuntimeMessages.mustBeVector("each argument of 'talibNull'", got: v.typeString))
        }
        if let n = vectors.first?.count, n != c.count {
          throw ScriptError(RuntimeMessages.incompatibleSizes("talibNull", n, c.count))
        }
        vectors.append(c)
      }
      let n = vectors[0].count
      let start = (0..<n).first { i in vectors.allSatisfy { !$0.isNull(i) } } ?? n
      var out: [Value] = []
      for c in vectors {
        var v = Vector.nulls(c.type, count: start)
        try v.append(contentsOf: c.slice(start..<n))
        out.append(.vector(v))
      }
      return .tuple(out)
    },
    // nullCompare(func, X, Y): func one of < <= > >= between in; null where X or Y is.
    Builtin("nullCompare", args: 3...3, parameterNames: ["func", "X", "Y"]) { a throws(ScriptError) in
      let f = try a.function(0, "the first argument of 'nullCompare'")
      guard ["lt", "le", "gt", "ge", "between", "in"].contains(f.name) else {
        throw ScriptError(RuntimeMessages.nullCompareFunction(f.name))
      }
      let result = try a.machine.call(f, [a[0 + 1], a[2]])
      // Which positions have a null on either side (a pair or set on the right counts whole).
      func nulls(_ v: Value, count: Int) -> [Bool]? {
        switch v {
        case .vector(let c) where c.count == count: return (0..<count).map { c.isNull($0) }
        case .vector, .pair, .set, .tuple: return nil
        default: return Array(repeating: v.isNull, count: count)
        }
      }
      switch result {
      case .vector(let r):
        let left = nulls(a[1], count: r.count) ?? Array(repeating: false, count: r.count)
        let right = f.name == "between" || f.name == "in" ? nil : nulls(a[2], count: r.count)
        var out = Vector.empty(.bool, capacity: r.count)
        for i in 0..<r.count {
          try out.append(left[i] || (right?[i] ?? false) ? .null(.bool) : r[i])
        }
        return .vector(out)
      case .object(let m as Matrix):
        guard case .object(let x as Matrix) = a[1] else { return result }
        let y: Matrix? = if case .object(let ym as Matrix) = a[2] { ym } else { nil }
        var columns: [Vector] = []
        for (j, c) in m.columns.enumerated() {
          var out = Vector.empty(.bool, capacity: c.count)
          for i in 0..<c.count {
            let isNull = x.columns[j].isNull(i) || (y.map { $0.columns[j].isNull(i) } ?? a[2].isNull)
            try out.append(isNull ? .null(.bool) : c[i])
          }
          columns.append(out)
        }
        return .object(try m.withColumns(columns))
      default:
        return a[1].isNull || (f.name != "between" && f.name != "in" && a[2].isNull) ? .null(.bool) : result
      }
    },
  ]
}
