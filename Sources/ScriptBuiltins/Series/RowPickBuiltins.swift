import ScriptRuntime

/// Row functions that rank, pick or test the cells of each row of a matrix, an array vector or
/// a tuple of vectors: `rowRank`, `rowDenseRank`, `rowImax`, `rowImin`, `rowAt`, `rowAnd`,
/// `rowOr`, `rowXor`.
enum RowPickBuiltins {
  /// The position in its row of each row's first (with `last`, last) largest (smallest)
  /// non-null cell; null for a row without one. A plain vector is rows of one cell.
  static func position(_ name: String, larger: Bool, last: Bool = false) -> Builtin {
    Builtin(name, args: 1...Int.max, arrayAware: true) { a throws(ScriptError) in
      let cells = try RowCells(arguments: a.values, name)
      let xs = cells.values.doubles
      return .vector(
        Vector(
          type: .int,
          ints: cells.rows.map { row in
            var best = -1
            for (j, p) in row.enumerated() where !xs[p].isNaN {
              guard best >= 0 else {
                best = j
                continue
              }
              let (x, y) = (xs[p], xs[row[best]])
              if larger ? (last ? x >= y : x > y) : (last ? x <= y : x < y) { best = j }
            }
            return best < 0 ? Int64.min : Int64(best)
          }))
    }
  }

  /// `rowAnd`, `rowOr`, `rowXor`: BOOL per row over its non-null cells.
  static func logic(_ name: String, _ f: @escaping @Sendable (_ trues: Int, _ count: Int) -> Bool) -> Builtin {
    Builtin(name, args: 1...Int.max, arrayAware: true) { a throws(ScriptError) in
      let cells = try RowCells(arguments: a.values, name)
      let v = cells.values
      return .vector(
        Vector(
          bools: cells.rows.map { row in
            let present = row.filter { !v.isNull($0) }
            return f(present.filter { v[$0].isTruthy }.count, present.count)
          }))
    }
  }

  static let all: [Builtin] = [
    // rowRank(X, [ascending=true], [groupNum], [ignoreNA=true], [tiesMethod='min'], [percent=false]):
    // rank(...) of each row, in the shape of X.
    Builtin(
      "rowRank", args: 1...6, parameterNames: ["X", "ascending", "groupNum", "ignoreNA", "tiesMethod", "percent"],
      arrayAware: true
    ) { a throws(ScriptError) in
      let cells = try RowCells(a[0], "rowRank")
      return try cells.mapRows { row throws(ScriptError) in
        var args = a
        args.values[0] = .vector(row)
        return try column(try SeriesBuiltins.rank(args), "rowRank")
      }
    },
    Builtin("rowDenseRank", args: 1...3, parameterNames: ["X", "ascending", "ignoreNA"], arrayAware: true) {
      a throws(ScriptError) in
      let cells = try RowCells(a[0], "rowDenseRank")
      let ascending = a.has(1) ? a[1].isTruthy : true
      return try cells.mapRows { row throws(ScriptError) in
        try column(try SeriesBuiltins.ranks(row, ascending: ascending, ties: "min", dense: true), "rowDenseRank")
      }
    },
    position("rowImax", larger: true),
    position("rowImin", larger: false),
    // rowAt(X, Y): with an INT vector Y, the cell at position Y[i] of row i; with an INT array
    // vector Y, each row's cells at its positions (-1 null); with a BOOL matrix or array vector
    // Y, an array vector of each row's cells where Y is true. rowAt(X) with a
    // BOOL X: the positions of each row's true cells.
    Builtin("rowAt", args: 1...2, parameterNames: ["X", "Y"], arrayAware: true) { a throws(ScriptError) in
      let cells = try RowCells(a[0], "rowAt")
      if !a.has(1) {
        guard cells.values.type == .bool else {
          throw ScriptError(RuntimeMessages.mustBeBoolRows("the argument of 'rowAt' without Y", got: a[0].typeString))
        }
        var picked = NestedColumn.empty(.int)
        for row in cells.rows {
          let positions = row.indices.filter { cells.values[row[$0]].isTruthy }
          try picked.appendRow(.vector(Vector(type: .int, ints: positions.map { Int64($0) })))
        }
        return .vector(Vector(type: .int, storage: .nested(picked)))
      }
      if case .vector(let y) = a[1], !y.isArrayVector {
        guard y.count == cells.rows.count else {
          throw ScriptError(RuntimeMessages.incompatibleSizes("rowAt", cells.rows.count, y.count))
        }
        let ys = y.int64s
        return .vector(
          cells.values.gather(
            cells.rows.enumerated().map { i, row in
              ys[i] >= 0 && ys[i] < Int64(row.count) ? row[Int(ys[i])] : -1
            }))
      }
      let mask = try RowCells(a[1], "rowAt")
      if mask.values.type.isIntegral && mask.values.type != .bool {
        // An INT array vector of positions (rowAlign's): each row's cells there, -1 a null.
        guard mask.rows.count == cells.rows.count else {
          throw ScriptError(RuntimeMessages.incompatibleSizes("rowAt", cells.rows.count, mask.rows.count))
        }
        let positions = mask.values.int64s
        var ends: [Int] = []
        var flat: [Int] = []
        for (i, row) in cells.rows.enumerated() {
          for k in mask.rows[i] {
            let p = positions[k]
            flat.append(p >= 0 && p < Int64(row.count) ? row[Int(p)] : -1)
          }
          ends.append(flat.count)
        }
        let picked = NestedColumn(ends: ends, values: cells.values.gather(flat))
        return .vector(Vector(type: cells.values.type, storage: .nested(picked)))
      }
      guard mask.values.type == .bool else {
        throw ScriptError(RuntimeMessages.mustBeBoolRows("the Y of 'rowAt'", got: a[1].typeString))
      }
      guard mask.rows.map(\.count) == cells.rows.map(\.count) else {
        throw ScriptError(RuntimeMessages.rowShapesDiffer("rowAt"))
      }
      var picked = NestedColumn.empty(cells.values.type)
      for (i, row) in cells.rows.enumerated() {
        let keep = row.indices.filter { mask.values[mask.rows[i][$0]].isTruthy }.map { row[$0] }
        try picked.appendRow(.vector(cells.values.gather(keep)))
      }
      return .vector(Vector(type: cells.values.type, storage: .nested(picked)))
    },
    logic("rowAnd") { trues, count in count > 0 && trues == count },
    logic("rowOr") { trues, _ in trues > 0 },
    logic("rowXor") { trues, _ in trues % 2 == 1 },
  ]
}
