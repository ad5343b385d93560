import ScriptRuntime

/// Indexed series and matrices, DolphinDB's labelled time series: `indexedSeries`,
/// `setIndexedMatrix!`, `setIndexedSeries!`, `isIndexedMatrix`, `isIndexedSeries` and `resample`.
/// Arithmetic between two of them lines them up by label (`Matrix.aligned`).
enum IndexedMatrixBuiltins {
  /// Whether the labels are strictly increasing (no nulls).
  static func increasing(_ labels: Vector) -> Bool {
    for i in 0..<labels.count {
      if labels.isNull(i) { return false }
      if i > 0 && Comparison.order(labels[i - 1], labels[i]) >= 0 { return false }
    }
    return true
  }

  static func labelled(_ a: CallArguments, _ function: String, series: Bool) throws(ScriptError) -> Matrix {
    guard let m = MatrixBuiltins.matrix(a[0]) else {
      throw ScriptError(RuntimeMessages.mustBeMatrix("the argument of '\(function)'", got: a[0].typeString))
    }
    guard let rows = m.rowLabels, increasing(rows) else {
      throw ScriptError(RuntimeMessages.indexedLabelsInvalid(function, "row"))
    }
    if series {
      guard m.columnCount == 1 else { throw ScriptError(RuntimeMessages.indexedSeriesOneColumn(m.columnCount)) }
    } else {
      guard let columns = m.columnLabels, increasing(columns) else {
        throw ScriptError(RuntimeMessages.indexedLabelsInvalid(function, "column"))
      }
    }
    return m
  }

  static let all: [Builtin] = [
    // indexedSeries(index, value): a one-column matrix whose rows are labelled by `index`.
    Builtin("indexedSeries", args: 2...2, parameterNames: ["index", "value"]) { a throws(ScriptError) in
      let index = try a.vector(0, "the index")
      let values = try a.vector(1, "the values")
      guard index.count == values.count else {
        throw ScriptError(RuntimeMessages.lengthMismatch("indexedSeries", index.count, values.count))
      }
      guard increasing(index) else { throw ScriptError(RuntimeMessages.indexedLabelsInvalid("indexedSeries", "row")) }
      let m = try Matrix(columns: [values], rows: values.count, rowLabels: index)
      m.isIndexed = true
      return .object(m)
    },
    // setIndexedMatrix!(X): X (labelled on both sides, increasingly) becomes indexed, in place.
    Builtin("setIndexedMatrix!", args: 1...1, parameterNames: ["X"], mutatesFirst: true) { a throws(ScriptError) in
      let m = try labelled(a, "setIndexedMatrix!", series: false)
      m.isIndexed = true
      return a[0]
    },
    Builtin("setIndexedSeries!", args: 1...1, parameterNames: ["X"], mutatesFirst: true) { a throws(ScriptError) in
      let m = try labelled(a, "setIndexedSeries!", series: true)
      m.isIndexed = true
      return a[0]
    },
    Builtin("isIndexedMatrix", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      guard let m = MatrixBuiltins.matrix(a[0]) else { return .bool(false) }
      return .bool(m.isIndexed && m.columnLabels != nil)
    },
    Builtin("isIndexedSeries", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      guard let m = MatrixBuiltins.matrix(a[0]) else { return .bool(false) }
      return .bool(m.isIndexed && m.columnCount == 1 && m.columnLabels == nil)
    },
    Builtin("resample", args: 3...6, parameterNames: ["X", "rule", "func", "closed", "label", "origin"]) {
      a throws(ScriptError) in try Resampling.resample(a)
    },
    Builtin("asFreq", args: 2...5, parameterNames: ["X", "rule", "closed", "label", "origin"]) {
      a throws(ScriptError) in try Resampling.asFreq(a)
    },
    Builtin("transFreq", args: 2...5, parameterNames: ["X", "rule", "closed", "label", "origin"]) {
      a throws(ScriptError) in try Resampling.transFreq(a)
    },
  ]
}
