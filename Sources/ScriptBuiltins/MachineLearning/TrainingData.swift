import ScriptRuntime

/// The rows a model is trained on: the feature columns and the target, read from a table or
/// from every data source `sqlDS` made, with rows that hold a null in any of them left out.
struct TrainingData {
  /// Feature columns, each of `count` values.
  var features: [[Double]]
  var target: [Double]
  var count: Int { target.count }

  /// Reads `xColNames` and `yColName` (nil: features only) from `source`.
  /// With `refusingNulls`, a null is an error naming its column instead of a row left out
  /// (DolphinDB's `checkInput=true`).
  static func read(
    _ source: Value, x names: [String], y: String?, _ m: Machine, _ function: String, refusingNulls: Bool = false
  ) throws(ScriptError) -> TrainingData {
    var features = [[Double]](repeating: [], count: names.count)
    var target: [Double] = []
    for piece in try tables(source, m, function) {
      let xs = try names.map { n throws(ScriptError) in try column(piece, n, function) }
      let ys = try y.map { n throws(ScriptError) in try column(piece, n, function) }
      for i in 0..<piece.rowCount {
        if refusingNulls {
          if let ys, let y, !ys[i].isFinite { throw ScriptError(ModelMessages.nullInColumn(function, y)) }
          if let k = xs.firstIndex(where: { !$0[i].isFinite }) {
            throw ScriptError(ModelMessages.nullInColumn(function, names[k]))
          }
        }
        if let ys, !ys[i].isFinite { continue }
        if xs.contains(where: { !$0[i].isFinite }) { continue }
        for k in names.indices { features[k].append(xs[k][i]) }
        target.append(ys?[i] ?? 0)
      }
    }
    guard !target.isEmpty else { throw ScriptError(ModelMessages.needsRows(function)) }
    return TrainingData(features: features, target: target)
  }

  /// The tables of a data source, a tuple of them, or a table.
  static func tables(_ source: Value, _ m: Machine, _ function: String) throws(ScriptError) -> [Table] {
    var out: [Table] = []
    for rows in try DataSourceAnalytics.rows(source, m) {
      guard case .object(let o) = rows, let t = o as? Table else {
        throw ScriptError(ModelMessages.needsTable(function, rows.typeString))
      }
      out.append(t)
    }
    return out
  }

  /// A numeric column as doubles (nulls as NaN).
  static func column(_ t: Table, _ name: String, _ function: String) throws(ScriptError) -> [Double] {
    guard let c = t.column(name) else { throw ScriptError(RuntimeMessages.noColumn(name)) }
    guard c.type.isNumeric || c.type == .bool else {
      throw ScriptError(ModelMessages.columnNotNumeric(function, name, c.type.name))
    }
    return c.doubles
  }

  /// Column names given as one string or a vector of them.
  static func names(_ v: Value, _ what: String) throws(ScriptError) -> [String] {
    let items = HigherOrder.elements(v) ?? [v]
    var out: [String] = []
    for item in items {
      guard let s = item.stringValue else {
        throw ScriptError(RuntimeMessages.mustBeString(what, got: item.typeString))
      }
      out.append(s)
    }
    guard !out.isEmpty else { throw ScriptError(RuntimeMessages.mustBeString(what, got: v.typeString)) }
    return out
  }

  /// The features of the rows to predict, in `names` order, nulls kept (their prediction is null).
  static func predictors(_ v: Value, _ names: [String], _ function: String) throws(ScriptError) -> [[Double]] {
    guard case .object(let o) = v, let t = o as? Table else {
      throw ScriptError(ModelMessages.needsTable(function, v.typeString))
    }
    return try names.map { n throws(ScriptError) in try column(t, n, function) }
  }
}
