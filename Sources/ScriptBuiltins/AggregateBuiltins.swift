import ScriptRuntime

/// Aggregates: they reduce a vector to a scalar and skip nulls.
enum AggregateBuiltins {
  static let all: [Builtin] = [
    Builtin("sum", args: 1...1, parameterNames: ["X"], isAggregate: true) { a throws(ScriptError) in
      try sum(column(a[0], "sum"))
    },
    Builtin("avg", args: 1...1, parameterNames: ["X"], isAggregate: true) { a throws(ScriptError) in
      try avg(column(a[0], "avg"))
    },
    // The n-th root of the product of the non-null values: null if one is not positive.
    Builtin("geometricMean", args: 1...1, isAggregate: true) { a throws(ScriptError) in
      let xs = try column(a[0], "geometricMean").doubles.filter { !$0.isNaN }
      guard !xs.isEmpty, xs.allSatisfy({ $0 > 0 }) else { return .null(.double) }
      return .double(Math.exp(xs.reduce(0) { $0 + Math.log($1) } / Double(xs.count)), .double)
    },
    Builtin("mean", args: 1...1, parameterNames: ["X"], isAggregate: true) { a throws(ScriptError) in
      try avg(column(a[0], "mean"))
    },
    // count(X): the non-null elements; of a matrix, all its non-null cells (one number, as
    // DolphinDB gives it, not one per column); of a table, its rows.
    Builtin("count", args: 1...1, parameterNames: ["X"], isAggregate: true, matrixAware: true) {
      a throws(ScriptError) in
      switch a[0] {
      case .vector(let v), .pair(let v): return .int(Int64(nonNullCount(v)), .int)
      case .object(let m as Matrix): return .int(Int64(m.columns.reduce(0) { $0 + nonNullCount($1) }), .int)
      case .tuple(let t): return .int(Int64(t.filter { !$0.isNull }.count), .int)
      case .dictionary(let d): return .int(Int64(d.count), .int)
      case .set(let s): return .int(Int64(s.count), .int)
      case .object(let o): return .int(Int64(o.rowCount), .int)
      default: return .int(a[0].isNull ? 0 : 1, .int)
      }
    },
    Builtin("min", args: 1...2, parameterNames: ["X", "Y"], isAggregate: true) { a throws(ScriptError) in
      if a.count == 2 { return try pairwise(a[0], a[1], wantMax: false) }
      return extreme(try column(a[0], "min"), wantMax: false)
    },
    Builtin("max", args: 1...2, parameterNames: ["X", "Y"], isAggregate: true) { a throws(ScriptError) in
      if a.count == 2 { return try pairwise(a[0], a[1], wantMax: true) }
      return extreme(try column(a[0], "max"), wantMax: true)
    },
    Builtin("first", args: 1...1, parameterNames: ["X"], isAggregate: true) { a throws(ScriptError) in
      switch a[0] {
      case .vector(let v), .pair(let v): return v.count > 0 ? v[0] : .null(v.type)
      case .tuple(let t): return t.first ?? .void
      case .object(let o as Table): return o.row(0)
      default: return a[0]
      }
    },
    Builtin("last", args: 1...1, parameterNames: ["X"], isAggregate: true) { a throws(ScriptError) in
      switch a[0] {
      case .vector(let v), .pair(let v): return v.count > 0 ? v[v.count - 1] : .null(v.type)
      case .tuple(let t): return t.last ?? .void
      case .object(let o as Table): return o.row(o.rowCount - 1)
      default: return a[0]
      }
    },
    Builtin("med", args: 1...1, parameterNames: ["X"], isAggregate: true) { a throws(ScriptError) in
      let xs = try column(a[0], "med").doubles.filter { !$0.isNaN }
      guard !xs.isEmpty else { return .null(.double) }
      return .double(Statistics.median(xs))
    },
    Builtin("var", args: 1...1, parameterNames: ["X"], isAggregate: true) { a throws(ScriptError) in
      .double(variance(try column(a[0], "var").doubles))
    },
    Builtin("std", args: 1...1, parameterNames: ["X"], isAggregate: true) { a throws(ScriptError) in
      let v = variance(try column(a[0], "std").doubles)
      return .double(v.isNaN ? v : v.squareRoot())
    },
    truthTest("all", every: true),
    truthTest("any", every: false),
    Builtin("wavg", args: 2...2, parameterNames: ["X", "Y"], isAggregate: true) { a throws(ScriptError) in
      let x = try column(a[0], "wavg").doubles
      let w = try column(a[1], "wavg").doubles
      guard x.count == w.count else {
        throw ScriptError(RuntimeMessages.wavgLengthsDiffer(x.count, w.count))
      }
      var s = 0.0
      var ws = 0.0
      for i in 0..<x.count where !x[i].isNaN && !w[i].isNaN {
        s += x[i] * w[i]
        ws += w[i]
      }
      return .double(ws == 0 ? .nan : s / ws)
    },
  ]

  /// `all(X)` (no non-null element is false or 0) and `any(X)` (some non-null element is true),
  /// a matrix taken whole; and the higher-order `all(func, args...)` and `any(func, args...)`:
  /// whether func holds for every (some) element of args, as `each` applies it (a matrix column
  /// by column, a table row by row).
  static func truthTest(_ name: String, every: Bool) -> Builtin {
    Builtin(name, args: 1...Int.max, parameterNames: ["X"], isAggregate: true, matrixAware: true) {
      a throws(ScriptError) in
      guard a.count > 1 else { return .bool(try holds(a[0], every: every, name)) }
      guard case .function = a[0] else {
        throw ScriptError(RuntimeMessages.mustBeFunction("the first argument of '\(name)'", got: a[0].typeString))
      }
      let results = try a.machine.call(function: "each", a.values)
      // each gives a tuple when func's results are not all scalars: each must hold as a whole.
      if case .tuple(let items) = results {
        for item in items {
          if try holds(item, every: every, name) != every { return .bool(!every) }
        }
        return .bool(every)
      }
      return .bool(try holds(results, every: every, name))
    }
  }

  /// Whether every (`every`) or some non-null element of a scalar, vector or matrix is true.
  static func holds(_ v: Value, every: Bool, _ name: String) throws(ScriptError) -> Bool {
    let c = try ColumnByColumn.cells(v, name)
    if c.type.isIntegral {
      for x in c.int64s where x != Int64.min && (x != 0) != every { return !every }
    } else if c.type.isFloating {
      for x in c.doubles where !x.isNaN && (x != 0) != every { return !every }
    } else {
      for i in 0..<c.count where !c.isNull(i) && c[i].isTruthy != every { return !every }
    }
    return every
  }

  static func nonNullCount(_ v: Vector) -> Int {
    switch v.storage {
    case .f64(let a):
      var n = 0
      for x in a where !x.isNaN { n += 1 }
      return n
    case .i32(let a):
      var n = 0
      for x in a where x != Int32.min { n += 1 }
      return n
    default:
      return (0..<v.count).filter { !v.isNull($0) }.count
    }
  }

  static func sum(_ v: Vector) throws(ScriptError) -> Value {
    switch v.storage {
    case .f64(let a):
      var s = 0.0
      var n = 0
      a.withUnsafeBufferPointer { p in
        for x in p where !x.isNaN {
          s += x
          n += 1
        }
      }
      return .double(n == 0 ? .nan : s)
    case .f32(let a):
      var s = 0.0
      var n = 0
      for x in a where !x.isNaN {
        s += Double(x)
        n += 1
      }
      return .double(n == 0 ? .nan : s, .double)
    case .str, .sym:
      throw ScriptError(RuntimeMessages.cannotTakeVector("sum", of: v.type.name))
    default:
      if v.type.isDecimal { return try decimalSum(v) }
      guard v.type.isIntegral else { throw ScriptError(RuntimeMessages.cannotTakeVector("sum", of: v.type.name)) }
      var s: Int64 = 0
      var n = 0
      if case .i32(let a) = v.storage {
        for x in a where x != Int32.min {
          s &+= Int64(x)
          n += 1
        }
      } else {
        for x in v.int64s where x != Int64.min {
          s &+= x
          n += 1
        }
      }
      return n == 0 ? .null(.long) : .int(s, .long)
    }
  }

  /// A DECIMAL's sum is a DECIMAL64 of its scale (DolphinDB widens DECIMAL64 to DECIMAL128,
  /// which Porpoise does not have yet: an overflowing DECIMAL64 sum is an error).
  static func decimalSum(_ v: Vector) throws(ScriptError) -> Value {
    guard let type = DataType.decimal(bits: 64, scale: v.type.decimalScale) else { return .void }
    var s: Int64 = 0
    var n = 0
    for x in v.int64s where x != Int64.min {
      let (r, o) = s.addingReportingOverflow(x)
      guard !o, r != Int64.min else { throw ScriptError(RuntimeMessages.decimalOverflow(type.name)) }
      s = r
      n += 1
    }
    return n == 0 ? .null(type) : .int(s, type)
  }

  static func avg(_ v: Vector) throws(ScriptError) -> Value {
    guard v.type.isNumeric || v.type.isDecimal || v.type == .void else {
      throw ScriptError(RuntimeMessages.cannotTakeVector("avg", of: v.type.name))
    }
    var s = 0.0
    var n = 0
    for x in v.doubles where !x.isNaN {
      s += x
      n += 1
    }
    return .double(n == 0 ? .nan : s / Double(n))
  }

  static func variance(_ xs: [Double]) -> Double {
    let vals = xs.filter { !$0.isNaN }
    guard vals.count > 1 else { return .nan }
    let mean = vals.reduce(0, +) / Double(vals.count)
    return vals.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(vals.count - 1)
  }

  static func extreme(_ v: Vector, wantMax: Bool) -> Value {
    var best: Value?
    for i in 0..<v.count where !v.isNull(i) {
      let x = v[i]
      if let b = best {
        let c = Comparison.order(x, b)
        if wantMax ? c > 0 : c < 0 { best = x }
      } else {
        best = x
      }
    }
    return best ?? .null(v.type)
  }

  static func pairwise(_ x: Value, _ y: Value, wantMax: Bool) throws(ScriptError) -> Value {
    // A matrix on either side (`max(0, m)`): column by column, the shape and labels kept.
    if let r = try Matrix.combine(x, y, { a, b throws(ScriptError) in try pairwise(a, b, wantMax: wantMax) }) {
      return r
    }
    let pick = try Comparison.apply(wantMax ? .ge : .le, x, y)
    return try iif(pick, x, y)
  }

  /// `iif(cond, a, b)`, vectorised.
  static func iif(_ c: Value, _ a: Value, _ b: Value) throws(ScriptError) -> Value {
    switch c {
    case .vector(let cv):
      let n = cv.count
      if let picked = try pickedColumn(cv, a, b) { return .vector(picked) }
      func item(_ v: Value, _ i: Int) throws(ScriptError) -> Value {
        switch v {
        case .vector(let vv), .pair(let vv):
          guard vv.count == n else { throw ScriptError(RuntimeMessages.iifLengthsDiffer(n, vv.count)) }
          return vv[i]
        default: return v
        }
      }
      var out: [Value] = []
      out.reserveCapacity(n)
      for i in 0..<n { out.append(cv.isNull(i) ? .void : (cv[i].isTruthy ? try item(a, i) : try item(b, i))) }
      let type = Structural.commonType(a.type, b.type) ?? a.type
      var vec = Vector.empty(type, capacity: n)
      for v in out { try vec.append(v) }
      return .vector(vec)
    default:
      return c.isTruthy ? a : b
    }
  }

  /// `iif` of a BOOL vector over two numeric or temporal branches of one type (vectors of its
  /// length or scalars): each element picked in a typed loop. Nil for anything else (text,
  /// decimals, branches of two types), which goes element by element.
  static func pickedColumn(_ cond: Vector, _ a: Value, _ b: Value) throws(ScriptError) -> Vector? {
    guard cond.type == .bool, case .i8(let flags) = cond.storage else { return nil }
    let n = flags.count
    guard let type = Structural.commonType(a.type, b.type), !type.isDecimal,
      type.isNumeric || type.isTemporal || type == .bool
    else { return nil }
    // A vector of the result's type, or a scalar (a NULL too) made one: each row reads its
    // element (step 1) or the one value (step 0).
    func operand(_ v: Value) throws(ScriptError) -> (Vector, Int)? {
      switch v {
      case .vector(let vv):
        guard vv.count == n else { throw ScriptError(RuntimeMessages.iifLengthsDiffer(n, vv.count)) }
        return vv.type == type ? (vv, 1) : nil
      default:
        guard v.isScalar else { return nil }
        if v.isNull { return (Vector.nulls(type, count: 1), 0) }
        guard v.type == type || (v.type.isNumeric && type.isNumeric && !v.type.isDecimal),
          let converted = try? Cast.scalar(v, to: type), converted.type == type
        else { return nil }
        var one = Vector.empty(type, capacity: 1)
        try one.append(converted)
        return (one, 0)
      }
    }
    guard let (x, xStep) = try operand(a), let (y, yStep) = try operand(b) else { return nil }
    func pick<T>(_ p: [T], _ q: [T], null: T) -> [T] {
      var out = [T]()
      out.reserveCapacity(n)
      for i in 0..<n {
        let f = flags[i]
        out.append(f == Int8.min ? null : f != 0 ? p[i * xStep] : q[i * yStep])
      }
      return out
    }
    switch (x.storage, y.storage) {
    case (.i8(let p), .i8(let q)): return Vector(type: x.type, storage: .i8(pick(p, q, null: Int8.min)))
    case (.i16(let p), .i16(let q)): return Vector(type: x.type, storage: .i16(pick(p, q, null: Int16.min)))
    case (.i32(let p), .i32(let q)): return Vector(type: x.type, storage: .i32(pick(p, q, null: Int32.min)))
    case (.i64(let p), .i64(let q)): return Vector(type: x.type, storage: .i64(pick(p, q, null: Int64.min)))
    case (.f32(let p), .f32(let q)): return Vector(type: x.type, storage: .f32(pick(p, q, null: Float.nan)))
    case (.f64(let p), .f64(let q)): return Vector(type: x.type, storage: .f64(pick(p, q, null: Double.nan)))
    default: return nil
    }
  }
}
