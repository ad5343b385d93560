import ScriptRuntime

/// Building and reshaping matrices: `matrix`, `shape`, `rowNames`, `colNames`, `transpose`,
/// `flatten` (and `x$r:c`, `exec ... pivot by`, which the runtime makes).
enum MatrixBuiltins {
  /// The matrix a value holds, or nil.
  static func matrix(_ v: Value) -> Matrix? {
    if case .object(let o) = v { return o as? Matrix }
    return nil
  }

  /// The cell type `matrix(type, rows, columns)` was given: a type (`INT`) or, as DolphinDB
  /// also takes, the conversion function of one (`int`).
  static func cellType(_ v: Value) -> DataType? {
    switch v {
    case .int(let code, _) where code > 0 && code < 64:
      return DataType(rawValue: UInt8(code)).flatMap { $0 == .void ? nil : $0 }
    case .function(let f):
      return DataType.named(f.name.uppercased()).flatMap { $0 == .void ? nil : $0 }
    default:
      return nil
    }
  }

  static let all: [Builtin] = [
    // eye(n): the n x n identity matrix.
    Builtin("eye", args: 1...1) { a throws(ScriptError) in
      guard let n = a[0].intValue, n > 0, n <= 10_000 else { throw ScriptError(RuntimeMessages.eyeNeedsSize()) }
      let size = Int(n)
      let columns = (0..<size).map { k in
        Vector(doubles: (0..<size).map { $0 == k ? 1.0 : 0.0 })
      }
      return .object(try Matrix(columns: columns, rows: size))
    },
    // matrix(X1, [X2, ...]): columns from vectors and matrices; matrix(type, rows, columns): zeros.
    Builtin("matrix", args: 1...Int.max) { a throws(ScriptError) in
      if a.count == 3, let type = cellType(a[0]), a[1].isScalar, a[2].isScalar {
        let rows = try a.integer(1, "the rows of 'matrix'")
        let columns = try a.integer(2, "the columns of 'matrix'")
        guard rows >= 0, columns >= 0 else {
          throw ScriptError(RuntimeMessages.matrixTooLarge(rows, columns, limit: Matrix.maxCells))
        }
        let (cells, overflow) = rows.multipliedReportingOverflow(by: columns)
        guard !overflow, cells <= Matrix.maxCells else {
          throw ScriptError(RuntimeMessages.matrixTooLarge(rows, columns, limit: Matrix.maxCells))
        }
        try a.machine.checkAllocation(cells, elementBytes: 8, "'matrix'")
        let zero = try Cast.scalar(.int(0), to: type)
        var column = Vector.empty(type, capacity: rows)
        for _ in 0..<rows { try column.append(zero) }
        return .object(try Matrix(columns: Array(repeating: column, count: columns), rows: rows))
      }
      if a.count == 1, case .vector(let v) = a[0], case .nested(let rows) = v.storage {
        // An array vector of equal rows: its rows are the matrix's rows.
        let width = rows.lengths.first ?? 0
        guard rows.lengths.allSatisfy({ $0 == width }) else {
          throw ScriptError(RuntimeMessages.arrayVectorUnevenRows("matrix"))
        }
        let columns = (0..<width).map { j in rows.values.gather((0..<rows.count).map { rows.bounds($0).lowerBound + j })
        }
        return .object(try Matrix(columns: columns, rows: rows.count))
      }
      var columns: [Vector] = []
      for v in a.values {
        if let m = matrix(v) {
          columns += m.columns
        } else if case .object(let t as Table) = v {
          // A table's columns, as DolphinDB's `matrix(t)` takes them.
          columns += t.columns
        } else if case .vector(let vec) = v, !vec.isArrayVector {
          columns.append(vec)
        } else if case .tuple(let items) = v {
          for item in items {
            guard case .vector(let vec) = item else {
              throw ScriptError(RuntimeMessages.needsVectors("matrix", got: item.typeString))
            }
            columns.append(vec)
          }
        } else {
          throw ScriptError(RuntimeMessages.needsVectors("matrix", got: v.typeString))
        }
      }
      // Mixed numeric columns widen to the widest, as `matrix(1 2, 3.5 4)` does.
      if columns.contains(where: { $0.type != columns[0].type }) {
        let type: DataType = columns.allSatisfy { $0.type.isNumeric } ? .double : columns[0].type
        for k in columns.indices { columns[k] = try Cast.vectorConverting(columns[k], to: type) }
      }
      return .object(try Matrix(columns: columns, rows: columns.first?.count ?? 0))
    },
    Builtin("shape", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      let (r, c): (Int, Int)
      if let m = matrix(a[0]) {
        (r, c) = (m.rowCount, m.columnCount)
      } else if case .object(let o) = a[0], let t = o as? Table {
        (r, c) = (t.rowCount, t.columns.count)
      } else if a[0].isScalar {
        (r, c) = (1, 1)
      } else {
        (r, c) = (a[0].count, 1)
      }
      return .pair(Vector(type: .int, ints: [Int64(r), Int64(c)]))
    },
    Builtin("rowNames", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      guard let m = matrix(a[0]) else {
        throw ScriptError(RuntimeMessages.mustBeMatrix("the argument of 'rowNames'", got: a[0].typeString))
      }
      return m.rowLabels.map { .vector($0) } ?? .void
    },
    Builtin("align", args: 2...5, parameterNames: ["left", "right", "how", "byRow", "view"]) { a throws(ScriptError) in
      try MatrixAlign.align(a)
    },
    // transpose(X), flip(X): a matrix turned; a table as a dictionary of its columns and back;
    // a tuple of equal-length vectors as a tuple of their rows.
    Builtin("transpose", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      if let m = matrix(a[0]) { return .object(try m.transposed()) }
      switch a[0] {
      case .object(let t as Table):
        var d = DictionaryValue(keyType: .string, valueType: .any)
        for (name, column) in zip(t.names, t.columns) { try d.set(.string(name, .string), .vector(column)) }
        return .dictionary(d)
      case .dictionary(let d):
        var names: [String] = []
        for k in d.keys {
          guard let name = k.stringValue else {
            throw ScriptError(RuntimeMessages.transposeDictionaryKeys(k.typeString))
          }
          names.append(name)
        }
        return .object(try TableBuiltins.table(names: names, values: d.values))
      case .tuple(let items):
        var columns: [Vector] = []
        for item in items {
          guard case .vector(let v) = item, v.count == (columns.first?.count ?? v.count) else {
            throw ScriptError(RuntimeMessages.transposeTupleLengths())
          }
          columns.append(v)
        }
        let rows = columns.first?.count ?? 0
        return .tuple((0..<rows).map { r in HigherOrder.collect(columns.map { $0[r] }) })
      default:
        throw ScriptError(RuntimeMessages.mustBeMatrix("the argument of 'transpose'", got: a[0].typeString))
      }
    },
    // flatten(m): the cells column after column; flatten(tuple): its vectors joined.
    Builtin("flatten", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      var parts: [Vector] = []
      if case .vector(let v) = a[0], case .nested(let rows) = v.storage { return .vector(rows.values) }
      if let m = matrix(a[0]) {
        parts = m.columns
      } else if case .tuple(let items) = a[0] {
        for item in items {
          if case .vector(let v) = item {
            parts.append(v)
          } else if let v = Structural.asVector(item) {
            parts.append(v)
          }
        }
      } else {
        return a[0]
      }
      guard var out = parts.first else { return .vector(Vector.empty(.double)) }
      for p in parts.dropFirst() { try out.append(contentsOf: p) }
      return .vector(out)
    },
  ]
}
