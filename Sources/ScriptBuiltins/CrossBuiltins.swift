import ScriptRuntime

/// `cross(func, X, [Y])` and `pcross`: `func` of every pair of an item of X (an element, or a
/// matrix's column) and an item of Y (X itself when absent), as a matrix with a row per item
/// of X and a column per item of Y when every result is a number, else a tuple (row by row).
/// `pcross` is DolphinDB's parallel form; here it computes the same in the session.
enum CrossBuiltins {
  /// The items of a cross argument, and their labels (a vector's elements, a matrix's column labels).
  static func items(_ v: Value, _ name: String) throws(ScriptError) -> (items: [Value], labels: Vector?) {
    if case .object(let o) = v, let m = o as? Matrix { return (m.columns.map { .vector($0) }, m.columnLabels) }
    if case .vector(let vec) = v, !vec.isArrayVector { return (vec.values, vec) }
    guard let items = HigherOrder.elements(v) else {
      throw ScriptError(RuntimeMessages.crossNeedsVectors(name, got: v.typeString))
    }
    return (items, nil)
  }

  static func cross(_ a: CallArguments, _ name: String) throws(ScriptError) -> Value {
    let f = try a.function(0, "the first argument of '\(name)'")
    let (xs, rowLabels) = try items(a[1], name)
    let (ys, columnLabels) = a.count > 2 ? try items(a[2], name) : (xs, rowLabels)
    try a.machine.checkAllocation(xs.count &* ys.count, elementBytes: 8, "the result of '\(name)'")
    // Column by column: results[j][i] is func(X[i], Y[j]).
    var results: [[Value]] = []
    for y in ys {
      var column: [Value] = []
      for x in xs { column.append(try a.machine.call(f, [x, y])) }
      results.append(column)
    }
    if results.allSatisfy({ $0.allSatisfy(\.isScalar) }) {
      let vectors = results.compactMap { c -> Vector? in
        if case .vector(let v) = HigherOrder.collect(c) { return v } else { return nil }
      }
      if vectors.count == ys.count, let first = vectors.first, vectors.allSatisfy({ $0.type == first.type }),
        first.type.isNumeric || first.type == .bool
      {
        return .object(try Matrix(columns: vectors, rows: xs.count, rowLabels: rowLabels, columnLabels: columnLabels))
      }
    }
    // Not a matrix of numbers: each row's results, as DolphinDB's tuple of rows.
    return .tuple(xs.indices.map { i in HigherOrder.collect(results.map { $0[i] }) })
  }

  static let all: [Builtin] = [
    Builtin("cross", args: 2...3, parameterNames: ["func", "X", "Y"]) { a throws(ScriptError) in try cross(a, "cross")
    },
    Builtin("pcross", args: 2...3) { a throws(ScriptError) in try cross(a, "pcross") },
  ]
}
