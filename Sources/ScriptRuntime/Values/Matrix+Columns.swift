/// What DolphinDB does column by column on a matrix: aggregates (`sum(m)` is one value per
/// column), order-dependent vector functions (`cumsum(m)`, `mavg(m, 3)` keep the shape), and
/// arithmetic and comparison with a scalar, a vector of the row count or a matrix of the same shape.
extension Matrix {
  /// Vector functions (besides aggregates) that run on each column of a matrix.
  public static let columnwise: Set<String> = [
    "abs", "bfill", "ceil", "cumavg", "cumcount", "cummax", "cummin", "cumprod", "cumsum", "deltas", "ema", "exp",
    "ffill", "floor", "iif", "isNull", "isValid", "log", "mavg", "mbeta", "mcorr", "mcount", "mcovar", "mcovarp",
    "mfirst",
    "mimax", "mimin", "mlast", "mmax", "mmed", "mmin", "move", "mprod", "mrank", "mstd", "mstdp", "msum", "mvar",
    "mvarp", "mwavg", "mwsum", "neg", "next", "nullFill", "percentChange", "pow", "prev", "rank", "ratios", "round",
    "signum", "sqrt", "tmove", "wma", "zscore",
    // TA-Lib averages, exponential weighting and streaks.
    "sma", "dema", "tema", "trima", "t3", "kama", "wilder", "gema", "ma", "mmad", "ewmMean", "cumPositiveStreak",
    "ewmVar", "ewmStd", "ewmCov", "ewmCorr",
    "demean",
    // libm's functions of one number.
    "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "log2", "log10",
    "log1p", "expm1", "cbrt", "square", "deg2rad", "rad2deg",
  ]

  /// `f` over each column: all scalars make a vector, equal-length vectors a matrix with the
  /// same labels, anything else a tuple.
  public func mapColumns(_ f: (Int, Vector) throws(ScriptError) -> Value) throws(ScriptError) -> Value {
    var results: [Value] = []
    results.reserveCapacity(columns.count)
    for (j, c) in columns.enumerated() { results.append(try f(j, c)) }
    if results.allSatisfy(\.isScalar) { return BracketVectorNode.build(results) }
    var vectors: [Vector] = []
    for r in results {
      guard case .vector(let v) = r, v.count == (vectors.first?.count ?? v.count) else { return .tuple(results) }
      vectors.append(v)
    }
    if vectors.contains(where: { $0.type != vectors[0].type }) { return .tuple(results) }
    return .object(try withColumns(vectors))
  }

  /// `a op b` where either side is a matrix; nil when neither is.
  public static func combine(
    _ a: Value, _ b: Value, _ op: (Value, Value) throws(ScriptError) -> Value
  ) throws(ScriptError) -> Value? {
    if case .object(let x as Matrix) = a, case .object(let y as Matrix) = b, x.isIndexed, y.isIndexed {
      // Two indexed matrices meet on the union of their labels, nulls where one has no cell.
      let (l, r) = try aligned(x, y)
      let other = try l.operands(.object(r))
      let out = try l.mapColumns { j, c throws(ScriptError) in try op(.vector(c), other(j)) }
      if case .object(let m as Matrix) = out { m.isIndexed = true }
      return out
    }
    if case .object(let o) = a, let m = o as? Matrix {
      let other = try m.operands(b)
      let out = try m.mapColumns { j, c throws(ScriptError) in try op(.vector(c), other(j)) }
      // A labelled matrix lends its labels to an unlabelled one of the same shape: DolphinDB's
      // wq101alpha multiplies a plain matrix by a panel and reads the result's row names.
      if case .object(let r as Matrix) = out, case .object(let y as Matrix) = b {
        if r.rowLabels == nil { r.rowLabels = y.rowLabels }
        if r.columnLabels == nil { r.columnLabels = y.columnLabels }
      }
      return out
    }
    if case .object(let o) = b, let m = o as? Matrix {
      let other = try m.operands(a)
      return try m.mapColumns { j, c throws(ScriptError) in try op(other(j), .vector(c)) }
    }
    return nil
  }

  /// The other operand's part for each column: a scalar or a row-long vector as it is, the same
  /// column of a matrix of the same shape.
  private func operands(_ other: Value) throws(ScriptError) -> (Int) -> Value {
    guard case .object(let o) = other, let m = o as? Matrix else { return { _ in other } }
    guard m.rowCount == rowCount, m.columnCount == columnCount else {
      throw ScriptError(RuntimeMessages.matrixShapeMismatch(rowCount, columnCount, m.rowCount, m.columnCount))
    }
    return { j in .vector(m.columns[j]) }
  }
}

extension Matrix {
  /// Both indexed matrices over the sorted union of their row labels and of their column
  /// labels, each cell where the matrix has it and null elsewhere.
  public static func aligned(_ x: Matrix, _ y: Matrix) throws(ScriptError) -> (Matrix, Matrix) {
    guard let xr = x.rowLabels, let yr = y.rowLabels else { return (x, y) }
    // Indexed series (one column, no column label) line up by rows only.
    let xc = x.columnLabels ?? Vector(strings: x.columnCount == 1 ? [""] : [])
    let yc = y.columnLabels ?? Vector(strings: y.columnCount == 1 ? [""] : [])
    guard xc.count == x.columnCount, yc.count == y.columnCount, xc.type.isText == yc.type.isText else { return (x, y) }
    func union(_ a: Vector, _ b: Vector) -> [Value] {
      var all = (0..<a.count).map { a[$0] } + (0..<b.count).map { b[$0] }
      all.sort { Comparison.order($0, $1) < 0 }
      var out: [Value] = []
      for v in all where out.last.map({ Comparison.order($0, v) != 0 }) ?? true { out.append(v) }
      return out
    }
    let rows = union(xr, yr)
    let columns = union(xc, yc)
    // Bounded before any cell is made: the union can be larger than either matrix.
    let (cells, overflow) = rows.count.multipliedReportingOverflow(by: columns.count)
    guard !overflow, cells <= Matrix.maxCells else {
      throw ScriptError(RuntimeMessages.matrixTooLarge(rows.count, columns.count, limit: Matrix.maxCells))
    }
    func labels(_ values: [Value], like v: Vector) throws(ScriptError) -> Vector {
      var out = Vector.empty(v.type, capacity: values.count)
      for value in values { try out.append(value) }
      return out
    }
    let rowLabels = try labels(rows, like: xr)
    let columnLabels = x.columnLabels == nil && y.columnLabels == nil ? nil : try labels(columns, like: xc)
    func reindexed(_ m: Matrix, _ r: Vector, _ c: Vector) throws(ScriptError) -> Matrix {
      var rowAt: [ScalarKey: Int] = [:]
      for i in 0..<r.count { if let k = ScalarKey(r[i]) { rowAt[k] = i } }
      var columnAt: [ScalarKey: Int] = [:]
      for j in 0..<c.count { if let k = ScalarKey(c[j]) { columnAt[k] = j } }
      let type = m.dataType
      var out: [Vector] = []
      for column in columns {
        var v = Vector.empty(type, capacity: rows.count)
        let j = ScalarKey(column).flatMap { columnAt[$0] }
        for row in rows {
          if let j, let i = ScalarKey(row).flatMap({ rowAt[$0] }) {
            try v.append(m.columns[j][i])
          } else {
            try v.append(.null(type))
          }
        }
        out.append(v)
      }
      let result = try Matrix(columns: out, rows: rows.count, rowLabels: rowLabels, columnLabels: columnLabels)
      result.isIndexed = true
      return result
    }
    return (try reindexed(x, xr, xc), try reindexed(y, yr, yc))
  }
}
