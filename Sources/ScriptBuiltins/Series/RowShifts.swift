import ScriptRuntime

/// `rowMove(X, steps)`, `rowNext(X)` and `rowPrev(X)`: each row of a matrix or an array vector
/// (a columnar tuple is one here) shifted along itself, nulls filling the cells left empty,
/// in the shape and type of X.
enum RowShifts {
  /// Each row moved `steps` cells to the right (to the left when negative).
  static func shifted(_ x: Value, steps: Int, _ name: String) throws(ScriptError) -> Value {
    if case .object(let o) = x, o is Table {
      // A table is its columns, as a tuple of columns is: refused alike.
      throw ScriptError(RuntimeMessages.cannotTake(name, x.typeString))
    }
    if case .tuple = x {
      // DolphinDB shifts the rows of a columnar tuple only; a tuple of columns is refused.
      throw ScriptError(
        RuntimeMessages.cannotTake(name, "a tuple of columns (setColumnarTuple! makes a tuple of rows)"))
    }
    if case .vector(let v) = x, !v.isArrayVector {
      throw ScriptError(RuntimeMessages.needsRows(name, got: x.typeString))
    }
    let cells = try RowCells(x, name)
    var order = [Int](repeating: -1, count: cells.values.count)
    for row in cells.rows {
      let n = row.count
      // Clamped first, so a huge step cannot overflow the subtraction below.
      let s = max(-n, min(n, steps))
      for j in 0..<n where j - s >= 0 && j - s < n { order[row[j]] = row[j - s] }
    }
    return try cells.reshaped(cells.values.gather(order))
  }

  static let all: [Builtin] = [
    Builtin("rowMove", args: 2...2, parameterNames: ["X", "steps"], arrayAware: true) { a throws(ScriptError) in
      guard case .int(let s, let t) = a[1], t.isIntegral, s != Value.nullInt else {
        throw ScriptError(RuntimeMessages.mustBeInteger("the steps of 'rowMove'", got: a[1].typeString))
      }
      // Beyond any row's width every step count gives the same all-null rows.
      let steps = Int(max(-Int64(Int32.max), min(Int64(Int32.max), s)))
      return try shifted(a[0], steps: steps, "rowMove")
    },
    Builtin("rowNext", args: 1...1, parameterNames: ["X"], arrayAware: true) { a throws(ScriptError) in
      try shifted(a[0], steps: -1, "rowNext")
    },
    Builtin("rowPrev", args: 1...1, parameterNames: ["X"], arrayAware: true) { a throws(ScriptError) in
      try shifted(a[0], steps: 1, "rowPrev")
    },
  ]
}
