extension Matrix {
  /// `v$r:c`: a vector's elements (or a matrix's cells), column after column, as an r-by-c matrix.
  public static func reshape(_ v: Value, rows: Int, columns: Int) throws(ScriptError) -> Matrix {
    var cells: Vector
    if case .object(let o) = v, let m = o as? Matrix {
      guard var all = m.columns.first else { throw ScriptError(RuntimeMessages.reshapeCount(0, rows, columns)) }
      for c in m.columns.dropFirst() { try all.append(contentsOf: c) }
      cells = all
    } else if case .vector(let vec) = v {
      cells = vec
    } else {
      throw ScriptError(RuntimeMessages.needsVectors("reshape", got: v.typeString))
    }
    let (n, overflow) = rows.multipliedReportingOverflow(by: columns)
    guard rows >= 0, columns >= 0, !overflow, n == cells.count else {
      throw ScriptError(RuntimeMessages.reshapeCount(cells.count, rows, columns))
    }
    return try Matrix(columns: (0..<columns).map { cells.slice($0 * rows..<($0 + 1) * rows) }, rows: rows)
  }

  /// Rows become columns, and the labels swap (`transpose`, `flip`).
  public func transposed() throws(ScriptError) -> Matrix {
    try Matrix(
      columns: (0..<rowCount).map { row($0) }, rows: columnCount, rowLabels: columnLabels, columnLabels: rowLabels)
  }
}
