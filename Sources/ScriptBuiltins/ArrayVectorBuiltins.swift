import ScriptRuntime

/// Array vectors (`INT[]`, `DOUBLE[]`, ...): a column whose every cell is a row of values, such
/// as an order book's ten bid prices. Built by `array(INT[], 0).append!(...)`, `arrayVector`,
/// `fixedLengthArrayVector` or `toArray` in a `group by`; read row-wise by the `row*` functions
/// and `byRow`.
enum ArrayVectorBuiltins {
  /// `array(INT[], n)`: n empty rows.
  static func emptyRows(_ element: DataType, _ a: CallArguments) throws(ScriptError) -> Value {
    .vector(.emptyRows(element, count: a.count > 1 ? try a.count(1, "the size of 'array'") : 0))
  }

  /// `append!` on an array vector: each element of a tuple is a row, an array vector adds its
  /// rows, a scalar or a plain vector is one row. All or nothing.
  static func appendRows(_ v: inout Vector, _ data: Value) throws(ScriptError) {
    var out = v
    switch data {
    case .tuple(let items):
      for item in items { try out.append(item) }
    case .vector(let rows) where rows.isArrayVector:
      try out.append(contentsOf: rows)
    default:
      try out.append(data)
    }
    v = out
  }

  /// `tableInsert(t, 5, [12 13])` into a table with an array column: when every other value is
  /// a scalar, a plain vector (or scalar) for the array column is that row's one cell.
  static func oneRowCells(_ values: [Value], into t: Table) -> [Value] {
    guard values.count == t.columns.count, t.columns.contains(where: \.isArrayVector) else { return values }
    let plainAreScalars = zip(values, t.columns).allSatisfy { v, c in c.isArrayVector || v.isScalar }
    guard plainAreScalars else { return values }
    return zip(values, t.columns).map { v, c in
      guard c.isArrayVector, !ArrayVectorOperations.isArrayVector(v) else { return v }
      var row = NestedColumn.empty(c.type)
      guard (try? row.appendRow(v)) != nil else { return v }
      return nested(row)
    }
  }

  static func nested(_ a: NestedColumn) -> Value { .vector(Vector(type: a.values.type, storage: .nested(a))) }

  static let all: [Builtin] = [
    // arrayVector(index, value): row i ends at index[i] (exclusive) in value.
    Builtin("arrayVector", args: 2...2, parameterNames: ["index", "value"]) { a throws(ScriptError) in
      let ends = try a.vector(0, "the index of 'arrayVector'")
      let values = try a.vector(1, "the value of 'arrayVector'")
      guard ends.type.isIntegral, !values.isArrayVector, values.type.canBeArrayElement else {
        throw ScriptError(RuntimeMessages.arrayVectorArguments())
      }
      var previous: Int64 = 0
      for e in ends.int64s {
        guard e != Int64.min, e >= previous, e <= Int64(values.count) else {
          throw ScriptError(RuntimeMessages.arrayVectorIndex(values.count))
        }
        previous = e
      }
      guard previous == Int64(values.count) else { throw ScriptError(RuntimeMessages.arrayVectorIndex(values.count)) }
      return nested(NestedColumn(ends: ends.int64s.map { Int($0) }, values: values))
    },
    // fixedLengthArrayVector(args...): row i holds element i of each vector, each column of a
    // matrix or table, each vector of a tuple.
    Builtin("fixedLengthArrayVector", args: 1...Int.max) { a throws(ScriptError) in
      var columns: [Vector] = []
      for v in a.values {
        switch v {
        case .object(let m as Matrix): columns += m.columns
        case .object(let t as Table): columns += t.columns
        case .tuple(let items): for item in items { columns.append(try column(item, "fixedLengthArrayVector")) }
        default: columns.append(try column(v, "fixedLengthArrayVector"))
        }
      }
      guard let first = columns.first else { throw ScriptError(RuntimeMessages.arrayVectorArguments()) }
      var type: DataType = .void
      for c in columns {
        guard c.count == first.count else {
          throw ScriptError(RuntimeMessages.incompatibleSizes("fixedLengthArrayVector", first.count, c.count))
        }
        guard !c.isArrayVector, let t = Structural.commonType(type, c.type) else {
          throw ScriptError(RuntimeMessages.arrayVectorArguments())
        }
        type = t
      }
      guard type.canBeArrayElement else { throw ScriptError(RuntimeMessages.arrayVectorArguments()) }
      let width = columns.count
      let (cells, overflow) = width.multipliedReportingOverflow(by: first.count)
      guard !overflow, cells <= NestedColumn.maxElements else {
        throw ScriptError(RuntimeMessages.arrayVectorTooLarge(limit: NestedColumn.maxElements))
      }
      var values = Vector.empty(type, capacity: cells)
      for i in 0..<first.count {
        for c in columns { try values.append(c[i]) }
      }
      return nested(NestedColumn(ends: (0..<first.count).map { ($0 + 1) * width }, values: values))
    },
    // setColumnarTuple!(tuple, [on=true]): a tuple of rows used column-wise. Kept as an array
    // vector here, which indexes and computes the same way; on=false makes it a plain tuple again.
    Builtin("setColumnarTuple!", args: 1...2, parameterNames: ["X", "on"], mutatesFirst: true) {
      a throws(ScriptError) in
      if a.has(1), !a[1].isTruthy {
        guard case .vector(let v) = a[0], v.isArrayVector, case .nested(let rows) = v.storage else { return a[0] }
        a.values[0] = .tuple((0..<rows.count).map { .vector(rows.row($0)) })
        return a[0]
      }
      guard let rows = NestedColumn.rows(of: a[0]) else { return a[0] }
      a.values[0] = nested(rows)
      return a[0]
    },
    // row(X, i): row i of an array vector or a matrix; past the end, a row of nulls.
    Builtin("row", args: 2...2, parameterNames: ["obj", "index"]) { a throws(ScriptError) in
      let i = try a.integer(1, "the row index of 'row'")
      switch a[0] {
      case .vector(let v) where v.isArrayVector:
        guard case .nested(let rows) = v.storage else { return .void }
        let width = rows.lengths.max() ?? 0
        return i >= 0 && i < rows.count ? .vector(rows.row(i)) : .vector(Vector.nulls(v.type, count: width))
      case .object(let m as Matrix):
        guard i >= 0 && i < m.rowCount else { return .vector(Vector.nulls(m.dataType, count: m.columnCount)) }
        return .vector(m.row(i))
      default:
        throw ScriptError(RuntimeMessages.cannotTake("row", a[0].typeString))
      }
    },
    Builtin("isColumnarTuple", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      if case .vector(let v) = a[0] { return .bool(v.isArrayVector) }
      return .bool(false)
    },
    // byRow(func, X): func of each row of an array vector or matrix; scalar results make a
    // vector, vector results an array vector.
    Builtin("byRow", args: 2...2, parameterNames: ["func", "X"]) { a throws(ScriptError) in
      let f = try a.function(0, "the first argument of 'byRow'")
      var results: [Value] = []
      switch a[1] {
      case .vector(let v) where v.isArrayVector:
        for i in 0..<v.count { results.append(try a.machine.call(f, [v[i]])) }
      case .object(let m as Matrix):
        for i in 0..<m.rowCount { results.append(try a.machine.call(f, [.vector(m.row(i))])) }
        // Rows of the matrix's width come back as a matrix of its shape.
        if results.contains(where: { !$0.isScalar }), let byColumn = try HigherOrder.columnsAsMatrix(results),
          byColumn.rowCount == m.columnCount
        {
          let shaped = try byColumn.transposed()
          shaped.rowLabels = m.rowLabels
          shaped.columnLabels = m.columnLabels
          return .object(shaped)
        }
      default:
        return try a.machine.call(f, [a[1]])
      }
      if let rows = NestedColumn.rows(of: .tuple(results)), results.contains(where: { !$0.isScalar }) {
        return nested(rows)
      }
      return HigherOrder.collect(results)
    },
    // toArray(X): in a `group by`, each group's values as one row of an array vector.
    Builtin("toArray", args: 1...1) { a throws(ScriptError) in
      var row = NestedColumn.empty(a[0].type == .any ? .double : a[0].type)
      try row.appendRow(.vector(try column(a[0], "toArray")))
      return nested(row)
    },
  ]
}
