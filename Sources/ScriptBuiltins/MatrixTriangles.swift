import ScriptRuntime

/// Parts of a matrix: `tril(X, [k])` and `triu(X, [k])` (the lower or upper triangle from the
/// k-th diagonal, zeros elsewhere), `cell(X, row, col)`, `cells(X, rows, cols)` and
/// `repmat(X, rowRep, colRep)` (X tiled).
enum MatrixTriangles {
  static func matrix(_ v: Value, _ name: String) throws(ScriptError) -> Matrix {
    guard let m = MatrixBuiltins.matrix(v) else {
      throw ScriptError(RuntimeMessages.needsMatrix(name, got: v.typeString))
    }
    return m
  }

  /// Keeps the cells (row i, column j) where `keep(j - i)`, zero elsewhere.
  static func triangle(_ name: String, _ keep: @escaping @Sendable (Int, Int) -> Bool) -> Builtin {
    Builtin(name, args: 1...2, parameterNames: ["X", "k"]) { a throws(ScriptError) in
      let m = try matrix(a[0], name)
      let k = a.has(1) ? try a.integer(1, "the diagonal of '\(name)'") : 0
      var columns: [Vector] = []
      for (j, c) in m.columns.enumerated() {
        var out = c
        for i in 0..<m.rowCount where !keep(j - i, k) { try out.set(i, .int(0, .int)) }
        columns.append(out)
      }
      return .object(try m.withColumns(columns))
    }
  }

  /// A cell position, checked.
  static func position(_ m: Matrix, _ i: Int, _ j: Int) throws(ScriptError) -> Value {
    guard i >= 0, i < m.rowCount, j >= 0, j < m.columnCount else {
      throw ScriptError(RuntimeMessages.cellOutOfRange(i, j, m.rowCount, m.columnCount))
    }
    return m.columns[j][i]
  }

  static let all: [Builtin] = [
    triangle("tril") { offset, k in offset <= k },
    triangle("triu") { offset, k in offset >= k },
    Builtin("cell", args: 3...3, parameterNames: ["obj", "row", "col"]) { a throws(ScriptError) in
      let m = try matrix(a[0], "cell")
      return try position(m, try a.integer(1, "the row of 'cell'"), try a.integer(2, "the column of 'cell'"))
    },
    Builtin("cells", args: 3...3, parameterNames: ["obj", "row", "col"]) { a throws(ScriptError) in
      let m = try matrix(a[0], "cells")
      let rows = try a.vector(1, "the rows of 'cells'").int64s
      let cols = try a.vector(2, "the columns of 'cells'").int64s
      guard rows.count == cols.count else {
        throw ScriptError(RuntimeMessages.incompatibleSizes("cells", rows.count, cols.count))
      }
      var out = Vector.empty(m.columns.first?.type ?? .double, capacity: rows.count)
      for (i, j) in zip(rows, cols) { try out.append(try position(m, Int(clamping: i), Int(clamping: j))) }
      return .vector(out)
    },
    Builtin("repmat", args: 3...3, parameterNames: ["X", "rowRep", "colRep"]) { a throws(ScriptError) in
      let m = try matrix(a[0], "repmat")
      let r = try a.integer(1, "the row repeats of 'repmat'")
      let c = try a.integer(2, "the column repeats of 'repmat'")
      guard r > 0, c > 0 else { throw ScriptError(RuntimeMessages.needsPositiveInteger("repmat")) }
      let (cells, overflow) = (m.rowCount * m.columnCount).multipliedReportingOverflow(by: r)
      guard !overflow, cells.multipliedReportingOverflow(by: c).partialValue <= Matrix.maxCells,
        !cells.multipliedReportingOverflow(by: c).overflow
      else {
        throw ScriptError(RuntimeMessages.matrixTooLarge(m.rowCount * r, m.columnCount * c, limit: Matrix.maxCells))
      }
      var columns: [Vector] = []
      for _ in 0..<c {
        for col in m.columns {
          var tiled = col
          for _ in 1..<max(r, 1) { try tiled.append(contentsOf: col) }
          columns.append(tiled)
        }
      }
      return .object(try Matrix(columns: columns, rows: m.rowCount * r))
    },
  ]
}
