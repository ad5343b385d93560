/// A matrix: typed columns of one length, stored column by column as DolphinDB stores them, with
/// optional row and column labels (`exec ... pivot by` labels both; `rename!` sets them).
public final class Matrix: ScriptObject, IndexableObject {
  /// The columns, all of `rowCount` elements and of one type.
  public private(set) var columns: [Vector]
  public let rowCount: Int
  /// Row labels (`rowNames`), one per row, or nil.
  public var rowLabels: Vector?
  /// Column labels (`columnNames`), one per column, or nil.
  public var columnLabels: Vector?
  /// An indexed matrix (`setIndexedMatrix!`, `indexedSeries`): its labels are increasing, and
  /// arithmetic with another indexed matrix lines the two up by label first.
  public var isIndexed = false

  /// The most cells a matrix may hold: a bound on what a script can make a node allocate.
  public static let maxCells = 50_000_000

  /// A matrix of `columns`; they must have `rows` elements each and the labels one per row and
  /// column.
  public init(columns: [Vector], rows: Int, rowLabels: Vector? = nil, columnLabels: Vector? = nil) throws(ScriptError) {
    let (cells, overflow) = rows.multipliedReportingOverflow(by: columns.count)
    guard !overflow, cells <= Matrix.maxCells else {
      throw ScriptError(RuntimeMessages.matrixTooLarge(rows, columns.count, limit: Matrix.maxCells))
    }
    for c in columns where c.count != rows {
      throw ScriptError(RuntimeMessages.matrixColumnLength(c.count, rows: rows))
    }
    if let first = columns.first, columns.contains(where: { $0.type != first.type }) {
      throw ScriptError(RuntimeMessages.matrixMixedTypes(columns.map(\.type.name)))
    }
    self.columns = columns
    self.rowCount = rows
    self.rowLabels = rowLabels
    self.columnLabels = columnLabels
    try checkLabels()
  }

  /// Throws unless there is one row label per row and one column label per column.
  public func checkLabels() throws(ScriptError) {
    if let rowLabels, rowLabels.count != rowCount {
      let given = rowLabels.count
      self.rowLabels = nil
      throw ScriptError(RuntimeMessages.matrixLabelCount("row", given, expected: rowCount))
    }
    if let columnLabels, columnLabels.count != columns.count {
      let given = columnLabels.count
      self.columnLabels = nil
      throw ScriptError(RuntimeMessages.matrixLabelCount("column", given, expected: columns.count))
    }
  }

  public var columnCount: Int { columns.count }
  public var form: Value.Form { .matrix }
  public var dataType: DataType { columns.first?.type ?? .double }
  public var typeString: String {
    let t = dataType
    return t.isNumeric || t.isTemporal ? "FAST \(t.name) MATRIX" : "\(t.name) MATRIX"
  }
  public func member(_ name: String) -> Value? { nil }
  public var rows: [Value]? { nil }

  /// Row `i` as a vector.
  public func row(_ i: Int) -> Vector {
    var v = Vector.empty(dataType, capacity: columns.count)
    for c in columns { try? v.append(c[i]) }
    return v
  }

  /// The same labels over other cells: what a column-by-column function returns.
  public func withColumns(_ newColumns: [Vector]) throws(ScriptError) -> Matrix {
    let rows = newColumns.first?.count ?? rowCount
    return try Matrix(
      columns: newColumns, rows: rows, rowLabels: rows == rowCount ? rowLabels : nil, columnLabels: columnLabels)
  }

  /// `m[j]`: column `j` as a vector; a vector or pair of positions makes a matrix of those columns.
  public func index(_ i: Value) throws(ScriptError) -> Value {
    if let ps = try Indexing.positions(i, count: columns.count) { return .object(try selectColumns(ps)) }
    let j = try Indexing.position(i)
    guard j >= 0, j < columns.count else {
      throw ScriptError(RuntimeMessages.indexOutOfRange(j, size: columns.count, of: "matrix"))
    }
    return .vector(columns[j])
  }

  /// `m[r, c]`: a cell, a row, a column or a window; VOID (an empty slot, `m[1,]`) takes every row
  /// or column.
  public func cells(_ r: Value, _ c: Value) throws(ScriptError) -> Value {
    let rowPositions = try positions(r, count: rowCount)
    let columnPositions = try positions(c, count: columns.count)
    switch (rowPositions, columnPositions) {
    case (.one(let i), .one(let j)): return columns[j][i]
    case (.one(let i), .many(let js)):
      return .vector(try selectColumns(js).row(i))
    case (.many(let is_), .one(let j)): return .vector(columns[j].gather(is_))
    case (.many(let is_), .many(let js)):
      let picked = try selectColumns(js)
      return .object(
        try Matrix(
          columns: picked.columns.map { $0.gather(is_) }, rows: is_.count, rowLabels: rowLabels?.gather(is_),
          columnLabels: picked.columnLabels))
    }
  }

  /// `m[r, c] = x`: the cells `cells(r, c)` names take `x`: a scalar everywhere, a vector down
  /// one column or along one row (or column after column over a window), or a matrix of the
  /// window's shape.
  public func setCells(_ r: Value, _ c: Value, _ x: Value) throws(ScriptError) {
    let rows = try positions(r, count: rowCount).list
    let cols = try positions(c, count: columns.count).list
    let cells = rows.count * cols.count
    let values: [Value]
    if case .object(let o) = x, let other = o as? Matrix {
      guard other.rowCount == rows.count, other.columns.count == cols.count else {
        throw ScriptError(
          RuntimeMessages.matrixShapeMismatch(rows.count, cols.count, other.rowCount, other.columns.count))
      }
      values = other.columns.flatMap { col in (0..<col.count).map { col[$0] } }
    } else {
      values = try Indexing.broadcast(x, count: cells)
    }
    // The flat order is column after column (a row's values go across its columns).
    // Every column is changed aside first, so a value that does not fit changes nothing.
    var changed = columns
    for (k, j) in cols.enumerated() {
      for (i, row) in rows.enumerated() { try changed[j].set(row, values[k * rows.count + i]) }
    }
    columns = changed
  }

  private enum Positions {
    case one(Int)
    case many([Int])

    var list: [Int] {
      switch self {
      case .one(let p): return [p]
      case .many(let ps): return ps
      }
    }
  }

  private func positions(_ v: Value, count: Int) throws(ScriptError) -> Positions {
    if case .void = v { return .many(Array(0..<count)) }
    if let ps = try Indexing.positions(v, count: count) {
      for p in ps where p < 0 || p >= count {
        throw ScriptError(RuntimeMessages.indexOutOfRange(p, size: count, of: "matrix"))
      }
      return .many(ps)
    }
    let p = try Indexing.position(v)
    guard p >= 0, p < count else { throw ScriptError(RuntimeMessages.indexOutOfRange(p, size: count, of: "matrix")) }
    return .one(p)
  }

  private func selectColumns(_ ps: [Int]) throws(ScriptError) -> Matrix {
    for p in ps where p < 0 || p >= columns.count {
      throw ScriptError(RuntimeMessages.indexOutOfRange(p, size: columns.count, of: "matrix"))
    }
    return try Matrix(
      columns: ps.map { columns[$0] }, rows: rowCount, rowLabels: rowLabels, columnLabels: columnLabels?.gather(ps))
  }

  /// `m[j] = v`: replaces column `j` (a scalar fills it).
  public func setIndex(_ i: Value, _ v: Value) throws(ScriptError) {
    let j = try Indexing.position(i)
    guard j >= 0, j < columns.count else {
      throw ScriptError(RuntimeMessages.indexOutOfRange(j, size: columns.count, of: "matrix"))
    }
    var column = columns[j]
    let values = try Indexing.broadcast(v, count: rowCount)
    for (k, value) in values.enumerated() { try column.set(k, value) }
    columns[j] = column
  }

  /// The console form: a header of column labels (`#0 #1 ...` without labels), a dash line, then
  /// the rows, each behind its row label and a `|` when the rows are labelled.
  public func render(_ formatter: ValueFormatter) -> String {
    let shown = min(rowCount, formatter.maxTableRows)
    let headers = (0..<columns.count).map { j in
      columnLabels.map { TableRenderer.cell($0[j]) } ?? "#\(j)"
    }
    let cells = columns.map { c in (0..<shown).map { TableRenderer.cell(c[$0]) } }
    let labels = rowLabels.map { l in (0..<shown).map { TableRenderer.cell(l[$0]) } }
    let labelWidth = labels.map { ($0.map(\.count).max() ?? 0) + 1 } ?? 0
    let widths = headers.indices.map { k in max(headers[k].count, cells[k].map(\.count).max() ?? 0) }
    func line(_ lead: String, _ parts: [String]) -> String {
      var s = lead
      for (k, p) in parts.enumerated() {
        s += k == parts.count - 1 ? p : p + String(repeating: " ", count: widths[k] - p.count + 1)
      }
      while s.hasSuffix(" ") { s.removeLast() }
      return s
    }
    let indent = String(repeating: " ", count: labelWidth)
    var out = [line(indent, headers), line(indent, widths.map { String(repeating: "-", count: $0) })]
    for i in 0..<shown {
      let lead = labels.map { $0[i] + String(repeating: " ", count: labelWidth - 1 - $0[i].count) + "|" } ?? ""
      out.append(line(lead, cells.map { $0[i] }))
    }
    if shown < rowCount {
      out.append("[\(shown) of \(rowCount) rows shown; setSystem(\"rows\", n) or .rows N shows more]")
    }
    return out.joined(separator: "\n")
  }
}
