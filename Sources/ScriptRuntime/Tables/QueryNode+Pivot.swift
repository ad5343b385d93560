/// `select ... pivot by rowKey..., columnKey`: one row per distinct row key, one column per
/// distinct value of the column key (per selected column when there are several).
extension QueryNode {
  /// The most cells a pivot may produce (rows times columns): a bound on what a query can make
  /// a node allocate.
  static let maxPivotCells = 50_000_000

  func pivot(_ table: Table, _ rows: [Int]?, _ m: Machine) throws(ScriptError) -> Table {
    let p = try pivotCells(table, rows, m)
    var names = pivotBy.dropLast().map(\.name)
    var vectors = p.rowKeys
    for (k, (c, outputs)) in zip(columns, p.cells).enumerated() {
      if p.acrossRows[k] {
        // `rowSum(...)` of the cells: one column, named after the call.
        names.append(c.pivotRowName)
        vectors.append(outputs[0])
        continue
      }
      for j in 0..<p.columnLabels.count {
        let label = QueryNode.pivotLabel(p.columnLabels[j])
        names.append(columns.count == 1 ? label : "\(c.name)_\(label)")
        vectors.append(outputs[j])
      }
    }
    return try Table(names: Table.distinctNames(names), columns: vectors)
  }

  /// `exec x from t pivot by row, column`: a matrix labelled by the row key and the column key.
  func pivotMatrix(_ table: Table, _ rows: [Int]?, _ m: Machine) throws(ScriptError) -> Matrix {
    guard columns.count == 1 else { throw ScriptError(RuntimeMessages.execPivotNeedsOneColumn(), at: range) }
    let p = try pivotCells(table, rows, m)
    guard !p.acrossRows[0] else { throw ScriptError(RuntimeMessages.execPivotNeedsOneColumn(), at: range) }
    // The cells of one selected column share a type, except where a column is all null.
    let cells = try QueryNode.oneType(p.cells[0])
    return try Matrix(
      columns: cells, rows: p.rowCount, rowLabels: p.rowKeys.count == 1 ? p.rowKeys[0] : nil,
      columnLabels: p.columnLabels)
  }

  /// The cells of a pivot: the row keys' distinct values, the column key's distinct values, and
  /// for every selected column one vector of cells per column key; or, where functions outside
  /// its aggregate reduce each row of cells to one value (`rowSum(...)`), that one vector
  /// (`acrossRows`).
  private func pivotCells(_ table: Table, _ rows: [Int]?, _ m: Machine) throws(ScriptError) -> (
    rowKeys: [Vector], rowCount: Int, columnLabels: Vector, cells: [[Vector]], acrossRows: [Bool]
  ) {
    let ctx = SQLContext(table: table, rows: rows)
    var keys: [Vector] = []
    for g in pivotBy {
      let v = try m.withSQLContext(ctx, g.node)
      keys.append(try QueryNode.column(v, length: ctx.count, name: g.name, at: g.node.range))
    }
    let rowGrouping = Grouping(keys: Array(keys.dropLast()))
    let columnKey = keys[keys.count - 1]
    let columnGrouping = Grouping(keys: [columnKey])
    let rowCount = rowGrouping.count
    let columnCount = columnGrouping.count
    let (cellCount, overflow) = rowCount.multipliedReportingOverflow(by: columnCount)
    guard !overflow, cellCount <= QueryNode.maxPivotCells else {
      throw ScriptError(RuntimeMessages.pivotTooLarge(rowCount, columnCount, limit: QueryNode.maxPivotCells), at: range)
    }
    func group(_ g: Grouping, _ i: Int) -> Int { g.groupOf.isEmpty ? 0 : Int(g.groupOf[i]) }
    // The last source row of every cell: a value that is not aggregated keeps the last one,
    // as DolphinDB does.
    var lastRow = [Int](repeating: -1, count: cellCount)
    for i in 0..<ctx.count { lastRow[group(rowGrouping, i) * columnCount + group(columnGrouping, i)] = i }

    var cells: [[Vector]] = []
    var acrossRows: [Bool] = []
    let columnLabels = columnKey.gather(columnGrouping.firstRow)
    for c in columns {
      if c.isStar { throw ScriptError(RuntimeMessages.starInGroupBy(), at: c.node.range) }
      if let depth = try outerDepth(c, m) {
        // The aggregate per cell, then the calls outside it over the pivoted cells as a matrix
        // (`ffill` fills down each column, `rowSum` sums across each row).
        let inner = Column(node: c.pivotLayers[depth - 1].argument, name: c.name, isStar: false)
        let aggregated = try aggregatedCells(inner, table, rows, rowGrouping, columnGrouping, m)
        var value = Value.object(
          try Matrix(columns: QueryNode.oneType(aggregated), rows: rowCount, columnLabels: columnLabels))
        for layer in c.pivotLayers[0..<depth].reversed() { value = try m.call(function: layer.function, [value]) }
        let (outputs, reduced) = try QueryNode.pivotOutputs(
          value, c.pivotLayers[0].function, rows: rowCount, columns: columnCount)
        cells.append(outputs)
        acrossRows.append(reduced)
        continue
      }
      acrossRows.append(false)
      let whole = try m.withSQLContext(ctx, c.node)
      if case .vector(let v) = whole, v.count == ctx.count, ctx.count != 1 {
        cells.append(try cellsOf(v, lastRow, rowCount, columnCount))
      } else {
        cells.append(try aggregatedCells(c, table, rows, rowGrouping, columnGrouping, m))
      }
    }
    return (keys.dropLast().map { $0.gather(rowGrouping.firstRow) }, rowCount, columnLabels, cells, acrossRows)
  }

  /// How many of a column's outer calls come before its first aggregate (`rowSum(ffill(avg(x)))`:
  /// 2); nil when the outermost call is the aggregate, or there is none.
  private func outerDepth(_ c: Column, _ m: Machine) throws(ScriptError) -> Int? {
    for (k, layer) in c.pivotLayers.enumerated() {
      guard case .builtin(let b)? = try m.lookupFunction(layer.function)?.kind else { return nil }
      if b.isAggregate { return k == 0 ? nil : k }
    }
    return nil
  }

  /// Cells of one column key each, converted to one type (a column all null takes the others').
  static func oneType(_ cells: [Vector]) throws(ScriptError) -> [Vector] {
    guard let type = cells.first(where: { c in (0..<c.count).contains { !c.isNull($0) } })?.type else { return cells }
    var out = cells
    for k in out.indices where out[k].type != type { out[k] = try Cast.vectorConverting(out[k], to: type) }
    return out
  }

  /// What the outer calls of a pivot column gave: a matrix of the same shape (its columns), or
  /// one value per row (one column, `true`).
  static func pivotOutputs(_ v: Value, _ name: String, rows: Int, columns: Int) throws(ScriptError) -> (
    [Vector], Bool
  ) {
    if case .object(let o) = v, let matrix = o as? Matrix, matrix.rowCount == rows, matrix.columnCount == columns {
      return (matrix.columns, false)
    }
    if case .vector(let vec) = v, vec.count == rows { return ([vec], true) }
    throw ScriptError(RuntimeMessages.pivotCallShape(name, got: v.typeString, rows: rows, columns: columns))
  }

  /// One output column per column key: the value of `v` at each cell's last row, or null.
  private func cellsOf(_ v: Vector, _ lastRow: [Int], _ rowCount: Int, _ columnCount: Int) throws(ScriptError)
    -> [Vector]
  {
    var out: [Vector] = []
    for j in 0..<columnCount {
      var column = Vector.nulls(v.type, count: rowCount)
      for r in 0..<rowCount {
        let i = lastRow[r * columnCount + j]
        if i >= 0 { try column.set(r, v[i]) }
      }
      out.append(column)
    }
    return out
  }

  /// The select column evaluated over the rows of each cell (an aggregate such as `sum(qty)`).
  private func aggregatedCells(
    _ c: Column, _ table: Table, _ rows: [Int]?, _ rowGrouping: Grouping,
    _ columnGrouping: Grouping, _ m: Machine
  ) throws(ScriptError) -> [Vector] {
    let rowCount = rowGrouping.count
    let columnCount = columnGrouping.count
    var members = [[Int]](repeating: [], count: rowCount * columnCount)
    for i in 0..<(rows?.count ?? table.rowCount) {
      let r = rowGrouping.groupOf.isEmpty ? 0 : Int(rowGrouping.groupOf[i])
      let k = columnGrouping.groupOf.isEmpty ? 0 : Int(columnGrouping.groupOf[i])
      members[r * columnCount + k].append(rows?[i] ?? i)
    }
    var values = [Value?](repeating: nil, count: members.count)
    var type = DataType.void
    for (cell, rowsOfCell) in members.enumerated() where !rowsOfCell.isEmpty {
      var v = try m.withSQLContext(SQLContext(table: table, rows: rowsOfCell), c.node)
      if case .vector(let vec) = v, vec.count >= 1 { v = vec[vec.count - 1] }
      guard v.isScalar else { throw ScriptError(RuntimeMessages.notOnePerGroup(c.name), at: c.node.range) }
      if type == .void { type = v.type }
      values[cell] = v
    }
    if type == .void { type = .double }
    var out: [Vector] = []
    for j in 0..<columnCount {
      var column = Vector.nulls(type, count: rowCount)
      for r in 0..<rowCount {
        if let v = values[r * columnCount + j], !v.isNull { try column.set(r, v) }
      }
      out.append(column)
    }
    return out
  }

  /// A column key as a column name: its text, with `C` in front when it does not start with a
  /// letter, and characters that cannot be in a name turned into `_`.
  static func pivotLabel(_ v: Value) -> String {
    let text = v.isNull ? "NULL" : ValueFormatter.plain(v)
    var name = String(text.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
    if let first = name.first, !first.isLetter { name = "C" + name }
    return name.isEmpty ? "C" : name
  }
}
