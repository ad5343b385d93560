import ScriptRuntime

/// Functions that make matrices out of vectors and other matrices: `reshape`, `concatMatrix`,
/// `panel` (long data to one matrix per metric), `pivot` (an aggregate per pair of labels) and
/// `regroup` (rows or columns aggregated by label).
enum MatrixShapeBuiltins {
  /// Distinct non-null values of `v`, sorted, and where each lies in that order.
  static func labels(_ v: Vector) -> (Vector, [ScalarKey: Int]) {
    var seen = Set<ScalarKey>()
    var firsts: [Int] = []
    for i in 0..<v.count where !v.isNull(i) {
      if let k = ScalarKey(v[i]), seen.insert(k).inserted { firsts.append(i) }
    }
    firsts.sort { Comparison.order(v[$0], v[$1]) < 0 }
    var index: [ScalarKey: Int] = [:]
    for (p, i) in firsts.enumerated() { if let k = ScalarKey(v[i]) { index[k] = p } }
    return (v.gather(firsts), index)
  }

  /// Given labels in their given order, and where each lies.
  static func given(_ v: Vector) -> (Vector, [ScalarKey: Int]) {
    var index: [ScalarKey: Int] = [:]
    for i in 0..<v.count { if let k = ScalarKey(v[i]), index[k] == nil { index[k] = i } }
    return (v, index)
  }

  /// `panel(row, col, metrics, [rowLabel], [colLabel])`: each metric as a matrix with a row per
  /// distinct `row` value and a column per distinct `col` value (sorted, or the labels given);
  /// the last value given for a cell wins, and a cell without one is null.
  static func panel(_ a: CallArguments) throws(ScriptError) -> Value {
    let row = try a.vector(0, "the row of 'panel'")
    let col = try a.vector(1, "the col of 'panel'")
    let metrics: [Vector]
    let many: Bool
    if case .tuple(let items) = a[2] {
      metrics = try items.map { item throws(ScriptError) in try column(item, "panel") }
      many = true
    } else {
      metrics = [try a.vector(2, "the metrics of 'panel'")]
      many = false
    }
    for v in [col] + metrics where v.count != row.count {
      throw ScriptError(RuntimeMessages.incompatibleSizes("panel", row.count, v.count))
    }
    let (rowLabels, rowIndex) = a.has(3) ? given(try a.vector(3, "the rowLabel of 'panel'")) : labels(row)
    let (columnLabels, columnIndex) = a.has(4) ? given(try a.vector(4, "the colLabel of 'panel'")) : labels(col)
    let (cells, overflow) = rowLabels.count.multipliedReportingOverflow(by: columnLabels.count)
    guard !overflow, cells <= Matrix.maxCells else {
      throw ScriptError(RuntimeMessages.tooManyCells("panel", rowLabels.count, columnLabels.count))
    }
    var positions = Array(repeating: [Int](repeating: -1, count: rowLabels.count), count: columnLabels.count)
    for i in 0..<row.count {
      guard let rk = ScalarKey(row[i]), let r = rowIndex[rk], let ck = ScalarKey(col[i]), let c = columnIndex[ck]
      else { continue }
      positions[c][r] = i
    }
    let matrices = try metrics.map { m throws(ScriptError) -> Value in
      .object(
        try Matrix(
          columns: positions.map { m.gather($0) }, rows: rowLabels.count, rowLabels: rowLabels,
          columnLabels: columnLabels))
    }
    return many ? .tuple(matrices) : matrices[0]
  }

  /// `regroup(X, label, func, [byRow=true])`: the rows (or columns) of X with equal labels
  /// aggregated by func, one result row (column) per distinct label, sorted.
  static func regroup(_ a: CallArguments) throws(ScriptError) -> Value {
    guard var m = MatrixBuiltins.matrix(a[0]) else {
      throw ScriptError(RuntimeMessages.mustBeMatrix("the first argument of 'regroup'", got: a[0].typeString))
    }
    let label = try a.vector(1, "the label of 'regroup'")
    let f = try a.function(2, "the func of 'regroup'")
    let byRow = a.has(3) ? a[3].isTruthy : true
    if !byRow { m = try m.transposed() }
    guard label.count == m.rowCount else {
      throw ScriptError(RuntimeMessages.incompatibleSizes("regroup", m.rowCount, label.count))
    }
    let (groups, index) = labels(label)
    var members = Array(repeating: [Int](), count: groups.count)
    for i in 0..<label.count { if let k = ScalarKey(label[i]), let g = index[k] { members[g].append(i) } }
    var columns: [Vector] = []
    for c in m.columns {
      var results: [Value] = []
      for rows in members { results.append(try a.machine.call(f, [.vector(c.gather(rows))])) }
      guard case .vector(let v) = collectTyped(results, empty: .double) else {
        throw ScriptError(RuntimeMessages.aggregateMustGiveScalar("regroup"))
      }
      columns.append(v)
    }
    let result = try Matrix(columns: columns, rows: groups.count, rowLabels: groups, columnLabels: m.columnLabels)
    return .object(byRow ? result : try result.transposed())
  }

  /// `pivot(func, funcArgs, rowAlignCol, colAlignCol)`: func applied to the rows of each
  /// (row value, column value) pair, as a matrix with a row per distinct `rowAlignCol` value
  /// and a column per distinct `colAlignCol` value, both sorted; a pair without rows is null.
  static func pivot(_ a: CallArguments) throws(ScriptError) -> Value {
    let f = try a.function(0, "the func of 'pivot'")
    let args: [Vector]
    if case .tuple(let items) = a[1] {
      args = try items.map { item throws(ScriptError) in try column(item, "pivot") }
    } else {
      args = [try a.vector(1, "the funcArgs of 'pivot'")]
    }
    let row = try a.vector(2, "the rowAlignCol of 'pivot'")
    let col = try a.vector(3, "the colAlignCol of 'pivot'")
    for v in [col] + args where v.count != row.count {
      throw ScriptError(RuntimeMessages.incompatibleSizes("pivot", row.count, v.count))
    }
    let (rowLabels, rowIndex) = labels(row)
    let (columnLabels, columnIndex) = labels(col)
    let (cells, overflow) = rowLabels.count.multipliedReportingOverflow(by: columnLabels.count)
    guard !overflow, cells <= Matrix.maxCells else {
      throw ScriptError(RuntimeMessages.tooManyCells("pivot", rowLabels.count, columnLabels.count))
    }
    var members = Array(repeating: [Int](), count: cells)
    for i in 0..<row.count {
      guard let rk = ScalarKey(row[i]), let r = rowIndex[rk], let ck = ScalarKey(col[i]), let c = columnIndex[ck]
      else { continue }
      members[c * rowLabels.count + r].append(i)
    }
    // One call per pair that has rows; the results then fill the matrix, nulls elsewhere.
    var results: [Value] = []
    var at = [Int](repeating: -1, count: cells)
    for cell in 0..<cells where !members[cell].isEmpty {
      at[cell] = results.count
      results.append(try a.machine.call(f, args.map { .vector($0.gather(members[cell])) }))
    }
    guard case .vector(let values) = collectTyped(results, empty: .double) else {
      throw ScriptError(RuntimeMessages.aggregateMustGiveScalar("pivot"))
    }
    let columns = (0..<columnLabels.count).map { c in
      values.gather(Array(at[c * rowLabels.count..<(c + 1) * rowLabels.count]))
    }
    return .object(
      try Matrix(columns: columns, rows: rowLabels.count, rowLabels: rowLabels, columnLabels: columnLabels))
  }

  static let all: [Builtin] = [
    // reshape(X, [dim]): a vector (or a matrix's cells) as a rows:columns matrix; a matrix
    // without dim is its cells as one vector, column after column.
    Builtin("reshape", args: 1...2, parameterNames: ["obj", "dim"]) { a throws(ScriptError) in
      guard a.has(1) else {
        guard let m = MatrixBuiltins.matrix(a[0]), var all = m.columns.first.map({ Vector.empty($0.type) }) else {
          throw ScriptError(RuntimeMessages.mustBeMatrix("'reshape' without dim: the argument", got: a[0].typeString))
        }
        for c in m.columns { try all.append(contentsOf: c) }
        return .vector(all)
      }
      guard case .pair(let dim) = a[1], dim.count == 2, let rows = dim[0].intValue, let columns = dim[1].intValue else {
        throw ScriptError(RuntimeMessages.reshapeNeedsPair(a[1].typeString))
      }
      return .object(try Matrix.reshape(a[0], rows: Int(rows), columns: Int(columns)))
    },
    // concatMatrix(X, [horizontal=true]): a tuple of matrices side by side (or stacked).
    Builtin("concatMatrix", args: 1...2, parameterNames: ["X", "horizontal"]) { a throws(ScriptError) in
      guard case .tuple(let items) = a[0], !items.isEmpty else {
        throw ScriptError(RuntimeMessages.needsMatrices("concatMatrix", got: a[0].typeString))
      }
      var matrices: [Matrix] = []
      for item in items {
        guard let m = MatrixBuiltins.matrix(item) else {
          throw ScriptError(RuntimeMessages.needsMatrices("concatMatrix", got: item.typeString))
        }
        matrices.append(m)
      }
      let horizontal = a.has(1) ? a[1].isTruthy : true
      if !horizontal { matrices = try matrices.map { m throws(ScriptError) in try m.transposed() } }
      let rows = matrices[0].rowCount
      for m in matrices where m.rowCount != rows {
        throw ScriptError(RuntimeMessages.incompatibleSizes("concatMatrix", rows, m.rowCount))
      }
      let joined = try Matrix(columns: matrices.flatMap(\.columns), rows: rows)
      return .object(horizontal ? joined : try joined.transposed())
    },
    Builtin("panel", args: 3...6, parameterNames: ["row", "col", "metrics", "rowLabel", "colLabel", "parallel"]) {
      a throws(ScriptError) in try panel(a)
    },
    Builtin("pivot", args: 4...4, parameterNames: ["func", "funcArgs", "rowAlignCol", "colAlignCol"]) {
      a throws(ScriptError) in try pivot(a)
    },
    Builtin("regroup", args: 3...4, parameterNames: ["X", "label", "func", "byRow"]) { a throws(ScriptError) in
      try regroup(a)
    },
  ]
}
