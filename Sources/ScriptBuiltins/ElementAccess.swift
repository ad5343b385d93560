import ScriptRuntime

/// Indexing as calls: `member(obj, name)` (`obj.name`: a table's column or a dictionary's
/// value), `eachAt(X, index)` (`X@index`: each element of a tuple index used as an index of
/// its own, and a function applied to the index) and `slice(obj, index)` /
/// `slice(obj, rowIndex, colIndex)` (`obj[index]`, `obj[rowIndex, colIndex]` on matrices,
/// tables and array vectors).
enum ElementAccess {
  /// Column positions named by a scalar, a vector or a pair of positions over `count` columns.
  static func columnPositions(_ c: Value, count: Int) throws(ScriptError) -> (positions: [Int], scalar: Bool) {
    switch c {
    case .pair, .vector:
      guard case .vector(let v) = try Indexing.get(.vector(Vector(type: .int, ints: (0..<count).map(Int64.init))), c)
      else { return ([], false) }
      return (v.int64s.map { $0 == Int64.min ? -1 : Int($0) }, false)
    default:
      guard let k = c.intValue else {
        throw ScriptError(RuntimeMessages.mustBeInteger("the column index of 'slice'", got: c.typeString))
      }
      return ([Int(clamping: k)], true)
    }
  }

  /// A member name read as a dictionary key of a numeric or temporal type.
  static func key(_ name: String, _ type: DataType) -> Value? {
    if type.isIntegral, let k = Int64(name) { return .int(k, type) }
    if type == .double || type == .float, let d = Double(name) { return .double(d, type) }
    if type.isTemporal, let raw = Temporal.parse(name, as: type) { return .int(raw, type) }
    return nil
  }

  static func slice(_ a: CallArguments) throws(ScriptError) -> Value {
    let obj = a[0]
    guard a.count > 2 else { return try Indexing.get(obj, a[1]) }
    var r = a[1]
    let c = a[2]
    switch obj {
    case .object(let m as Matrix):
      return try m.cells(r, c)
    case .object(let t as Table):
      let (columns, scalarColumn) = try columnPositions(c, count: t.columns.count)
      for k in columns where k < 0 || k >= t.columns.count {
        throw ScriptError(RuntimeMessages.indexOutOfRange(k, size: t.columns.count, of: "table's columns"))
      }
      if scalarColumn, r.isScalar { return try Indexing.get(.vector(t.columns[columns[0]]), r) }
      // A scalar row beside a range of columns still gives a table.
      if case .int(let k, let type) = r { r = .vector(Vector(type: type, ints: [k])) }
      let sub = try Table(names: columns.map { t.names[$0] }, columns: columns.map { t.columns[$0] })
      return try Indexing.get(.object(sub), r)
    default:
      guard ArrayVectorOperations.isArrayVector(obj) else {
        throw ScriptError(RuntimeMessages.cannotTake("slice", obj.typeString))
      }
      // The rows first (a single row stays a one-row array vector; a pair is a range of rows,
      // not of columns as alone), then the columns.
      if case .int(let k, let type) = r { r = .vector(Vector(type: type, ints: [k])) }
      if case .pair = r {
        r = try Indexing.get(.vector(Vector(type: .int, ints: (0..<obj.count).map(Int64.init))), r)
      }
      return try Indexing.get(try Indexing.get(obj, r), c)
    }
  }

  static let all: [Builtin] = [
    Builtin("member", args: 2...2, parameterNames: ["X", "Y"]) { a throws(ScriptError) in
      let name = try a.text(1, "the member name of 'member'")
      switch a[0] {
      case .dictionary(let d):
        if let v = d[.string(name, .string)] ?? d[.string(name, .symbol)] { return v }
        // `d.2` on a dictionary of INT keys: the name read as the key type.
        if let key = key(name, d.keyType), let v = d[key] { return v }
      case .object(let o):
        if let v = o.member(name) { return v }
      default:
        break
      }
      throw ScriptError(RuntimeMessages.noMember(name, in: a[0].typeString))
    },
    Builtin("eachAt", args: 2...2, parameterNames: ["X", "index"], arrayAware: true) { a throws(ScriptError) in
      if case .function(let f) = a[0] { return try a.machine.call(f, [a[1]]) }
      if case .tuple(let indices) = a[1] {
        var out: [Value] = []
        for i in indices { out.append(try Indexing.get(a[0], i)) }
        return .tuple(out)
      }
      return try Indexing.get(a[0], a[1])
    },
    Builtin("slice", args: 2...3, parameterNames: ["obj", "rowIndex", "colIndex"], arrayAware: true) {
      a throws(ScriptError) in try slice(a)
    },
  ]
}
