/// What DolphinDB does column by column on a matrix: aggregates (`sum(m)` is one value per
/// column), order-dependent vector functions (`cumsum(m)`, `mavg(m, 3)` keep the shape), and
/// arithmetic and comparison with a scalar, a vector of the row count or a matrix of the same shape.
extension Matrix {
  /// Vector functions (besides aggregates) that run on each column of a matrix.
  public static let columnwise: Set<String> = [
    "abs", "bfill", "ceil", "cummax", "cummin", "cumprod", "cumsum", "deltas", "ema", "exp", "ffill", "floor",
    "isNull", "isValid", "log", "mavg", "mcount", "mmax", "mmed", "mmin", "move", "mstd", "msum", "neg", "next",
    "nullFill", "percentChange", "prev", "rank", "ratios", "round", "signum", "sqrt", "tmove", "zscore",
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
  static func combine(
    _ a: Value, _ b: Value, _ op: (Value, Value) throws(ScriptError) -> Value
  ) throws(ScriptError) -> Value? {
    if case .object(let o) = a, let m = o as? Matrix {
      let other = try m.operands(b)
      return try m.mapColumns { j, c throws(ScriptError) in try op(.vector(c), other(j)) }
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
