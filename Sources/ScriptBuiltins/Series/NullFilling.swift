import ScriptRuntime

/// Choosing between two values by nullness, element by element, and filling nulls:
/// `ifValid(X, Y)` keeps X's values and takes Y where X is null; `ifNull(X, Y)` keeps X's nulls
/// and takes Y everywhere else (DolphinDB's documented way round, the reverse of SQL's IFNULL);
/// `maxIgnoreNull(X, Y)` and `minIgnoreNull(X, Y)` give the larger or smaller of the two, a null
/// losing to any value; `lfill(X)` and `lfill!(X)` fill the nulls between two values along the
/// straight line joining them.
enum NullFilling {
  /// Two arguments as cells of one common type and one length (a scalar stretches), with the
  /// value whose shape the result takes: X's, or Y's when X is a scalar.
  static func operands(_ a: CallArguments, _ name: String) throws(ScriptError) -> (Vector, Vector, Value)? {
    guard a[0].type != .void || a[1].type != .void else { return nil }
    var x = try ColumnByColumn.cells(a[0], name)
    var y = try ColumnByColumn.cells(a[1], name)
    guard !x.isArrayVector, !y.isArrayVector else { throw ScriptError(RuntimeMessages.arrayVectorNotTaken(name)) }
    let xType = a[0].type == .void ? a[1].type : x.type
    let yType = a[1].type == .void ? a[0].type : y.type
    guard let type = Structural.commonType(xType, yType) else {
      throw ScriptError(RuntimeMessages.cannotTake(name, "\(a[0].typeString) and \(a[1].typeString)"))
    }
    // A void null is a null of the other's type.
    x = a[0].type == .void ? Vector.nulls(type, count: x.count) : try Cast.vector(x, to: type)
    y = a[1].type == .void ? Vector.nulls(type, count: y.count) : try Cast.vector(y, to: type)
    let xStretches = a[0].isScalar
    let yStretches = a[1].isScalar
    if xStretches && !yStretches {
      x = try Vector.filled(type, with: x[0], count: y.count)
    } else if yStretches && !xStretches {
      y = try Vector.filled(type, with: y[0], count: x.count)
    } else if x.count != y.count {
      throw ScriptError(RuntimeMessages.incompatibleSizes(name, x.count, y.count))
    }
    return (x, y, xStretches && !yStretches ? a[1] : a[0])
  }

  /// Element `i` from X where `fromX` says so, else from Y: one gather over X followed by Y.
  static func pick(_ x: Vector, _ y: Vector, _ fromX: (Int) -> Bool) throws(ScriptError) -> Vector {
    var both = x
    try both.append(contentsOf: y)
    return both.gather((0..<x.count).map { fromX($0) ? $0 : x.count + $0 })
  }

  /// `ifNull` (`keepNulls`) or `ifValid`.
  static func choice(_ name: String, keepNulls: Bool) -> Builtin {
    Builtin(name, args: 2...2, parameterNames: ["X", "Y"]) { a throws(ScriptError) in
      guard let (x, y, shape) = try operands(a, name) else { return .void }
      let out = try pick(x, y) { i in x.isNull(i) == keepNulls }
      return try ColumnByColumn.shaped(out, like: shape)
    }
  }

  /// Whether element `i` of `x` is larger than element `j` of `y`, both of one storage.
  static func larger(_ x: Vector, _ y: Vector, _ name: String) throws(ScriptError) -> (Int) -> Bool {
    switch (x.storage, y.storage) {
    case (.f64(let p), .f64(let q)): return { p[$0] > q[$0] }
    case (.f32(let p), .f32(let q)): return { p[$0] > q[$0] }
    case (.str, .str), (.sym, .sym), (.str, .sym), (.sym, .str):
      let (p, q) = (x.strings, y.strings)
      return { p[$0] > q[$0] }
    case (.u128, _), (.nested, _):
      throw ScriptError(RuntimeMessages.cannotTakeVector(name, of: x.type.name))
    default:
      let (p, q) = (x.int64s, y.int64s)
      return { p[$0] > q[$0] }
    }
  }

  /// `maxIgnoreNull` (`largest`) or `minIgnoreNull`.
  static func extreme(_ name: String, largest: Bool) -> Builtin {
    Builtin(name, args: 2...2, parameterNames: ["X", "Y"]) { a throws(ScriptError) in
      guard let (x, y, shape) = try operands(a, name) else { return .void }
      guard x.type.isNumeric || x.type.isTemporal || x.type.isText, x.type != .void else {
        throw ScriptError(RuntimeMessages.cannotTake(name, a[0].typeString))
      }
      let xLarger = try larger(x, y, name)
      let out = try pick(x, y) { i in
        if y.isNull(i) { return true }
        if x.isNull(i) { return false }
        return largest ? xLarger(i) : !xLarger(i)
      }
      return try ColumnByColumn.shaped(out, like: shape)
    }
  }

  /// X with each run of nulls that has a value on both sides replaced by the points on the line
  /// between those values (rounded for integral types); leading and trailing nulls stay.
  static func linearFill(_ v: Vector, _ name: String) throws(ScriptError) -> Vector {
    guard v.type.isNumeric, !v.isArrayVector else {
      throw ScriptError(RuntimeMessages.needsNumber(name, got: v.typeName))
    }
    var xs = v.doubles
    var last = -1
    for i in xs.indices where !xs[i].isNaN {
      if last >= 0 && i - last > 1 {
        let step = (xs[i] - xs[last]) / Double(i - last)
        for k in (last + 1)..<i { xs[k] = xs[last] + step * Double(k - last) }
      }
      last = i
    }
    if v.type.isFloating {
      return v.type == .float ? try Cast.vector(Vector(doubles: xs), to: .float) : Vector(doubles: xs)
    }
    if v.type.isDecimal { return try Cast.vector(Vector(doubles: xs), to: v.type) }
    // Integers round to the nearest, as DolphinDB's 1 NULL NULL 6 gives 1 3 4 6; the values
    // there keep their exact digits (a LONG past 2^53 is not a double).
    var ints = v.int64s
    for i in ints.indices where ints[i] == Int64.min {
      ints[i] = xs[i].isNaN ? Int64.min : Int64(wholePartOf: xs[i].rounded()) ?? Int64.min
    }
    return Vector(type: v.type, ints: ints)
  }

  /// `lfill` of a vector, or of each column of a table.
  static func filled(_ v: Value, _ name: String) throws(ScriptError) -> Value {
    switch v {
    case .vector(let vec): return .vector(try linearFill(vec, name))
    case .object(let t as Table):
      var columns: [Vector] = []
      for c in t.columns { columns.append(try linearFill(c, name)) }
      return .object(try Table(names: t.names, columns: columns))
    case .object(let m as Matrix):
      var columns: [Vector] = []
      for c in m.columns { columns.append(try linearFill(c, name)) }
      return .object(try m.withColumns(columns))
    default:
      throw ScriptError(RuntimeMessages.cannotTake(name, v.typeString))
    }
  }

  static let all: [Builtin] = [
    choice("ifNull", keepNulls: true),
    choice("ifValid", keepNulls: false),
    extreme("maxIgnoreNull", largest: true),
    extreme("minIgnoreNull", largest: false),
    Builtin("lfill", args: 1...1, parameterNames: ["obj"]) { a throws(ScriptError) in try filled(a[0], "lfill") },
    Builtin("lfill!", args: 1...1, parameterNames: ["obj"], mutatesFirst: true) { a throws(ScriptError) in
      a[0] = try filled(a[0], "lfill!")
      return a[0]
    },
  ]
}
