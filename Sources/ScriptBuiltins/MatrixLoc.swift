import ScriptRuntime

/// `loc(obj, rowFilter, [colFilter], [view])`: the rows and columns of a matrix that filters
/// pick, by label as pandas' `loc` does: a BOOL vector (one per row or column), a label or a
/// vector of labels, a pair of labels (`2015.01.01:2020.12.31`, inclusive; an open side, as in
/// `2015.01.01:`, runs to the end), or nothing (every one). A matrix without labels is picked by
/// position. `view` is accepted: the result is always a copy.
enum MatrixLoc {
  static let builtin = Builtin("loc", args: 2...4, parameterNames: ["obj", "rowFilter", "colFilter", "view"]) {
    a throws(ScriptError) in try loc(a)
  }

  static func loc(_ a: CallArguments) throws(ScriptError) -> Value {
    guard let m = MatrixBuiltins.matrix(a[0]) else {
      throw ScriptError(RuntimeMessages.mustBeMatrix("the first argument of 'loc'", got: a[0].typeString))
    }
    let rows = try pick(a.has(1) ? a[1] : nil, count: m.rowCount, labels: m.rowLabels, "rowFilter")
    let columns = try pick(a.has(2) ? a[2] : nil, count: m.columnCount, labels: m.columnLabels, "colFilter")
    return .object(
      try Matrix(
        columns: columns.map { m.columns[$0].gather(rows) }, rows: rows.count, rowLabels: m.rowLabels?.gather(rows),
        columnLabels: m.columnLabels?.gather(columns)))
  }

  /// The positions a filter picks among `count` rows (or columns) with these labels.
  static func pick(_ filter: Value?, count: Int, labels: Vector?, _ what: String) throws(ScriptError) -> [Int] {
    guard let filter else { return Array(0..<count) }
    if case .pair(let bounds) = filter, bounds.count == 2 {
      let (low, high) = (bounds[0], bounds[1])
      return (0..<count).filter { i in
        let key = labels?[i] ?? .int(Int64(i), .int)
        return (low.isNull || Comparison.order(key, low) >= 0) && (high.isNull || Comparison.order(key, high) <= 0)
      }
    }
    if filter.type == .bool, case .vector(let flags) = filter {
      guard flags.count == count else { throw ScriptError(RuntimeMessages.locFilterLength(what, flags.count, count)) }
      return (0..<count).filter { flags[$0].isTruthy }
    }
    let wanted = HigherOrder.elements(filter) ?? [filter]
    guard let labels else {
      // No labels: positions.
      var out: [Int] = []
      for w in wanted {
        guard let i = w.intValue, i >= 0, i < count else {
          throw ScriptError(RuntimeMessages.locNoSuchLabel(what, ValueFormatter.plain(w)))
        }
        out.append(Int(i))
      }
      return out
    }
    var index: [ScalarKey: Int] = [:]
    for i in 0..<labels.count { if let k = ScalarKey(labels[i]), index[k] == nil { index[k] = i } }
    var out: [Int] = []
    for w in wanted {
      guard let k = ScalarKey(w), let i = index[k] else {
        throw ScriptError(RuntimeMessages.locNoSuchLabel(what, ValueFormatter.plain(w)))
      }
      out.append(i)
    }
    return out
  }
}
