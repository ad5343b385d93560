import ScriptRuntime

/// Series functions on a matrix run on each column, as DolphinDB's do: the arguments at the
/// given positions that are matrices of as many columns give their column beside it, and any
/// other argument (a vector, a scalar) goes with every column.
enum ColumnByColumn {
  /// `b` run column by column when one of the arguments at `positions` is a matrix.
  static func wrap(_ b: Builtin, positions: [Int] = [0]) -> Builtin {
    let body = b.body
    let name = b.name
    return Builtin(
      name, args: b.minArgs...b.maxArgs, parameterNames: b.parameterNames, mutatesFirst: b.mutatesFirst,
      returnsResult: b.returnsResult
    ) { a throws(ScriptError) in
      guard
        let first = positions.first(where: { k in
          if case .object(let o) = a[k], o is Matrix { return true }
          return false
        }), case .object(let o) = a[first], let m = o as? Matrix
      else { return try body(&a) }
      for k in positions {
        if case .object(let x as Matrix) = a[k], x.columns.count != m.columns.count || x.rowCount != m.rowCount {
          throw ScriptError(RuntimeMessages.incompatibleSizes(name, m.rowCount, x.rowCount))
        }
      }
      return try m.mapColumns { j, _ throws(ScriptError) in
        var column = a
        for k in positions {
          if case .object(let x as Matrix) = a[k] { column[k] = .vector(x.columns[j]) }
        }
        return try body(&column)
      }
    }
  }

  /// The cells of a matrix column after column, or the elements of any other value.
  static func cells(_ v: Value, _ name: String) throws(ScriptError) -> Vector {
    guard case .object(let o) = v, let m = o as? Matrix else { return try column(v, name) }
    var out = Vector.empty(m.dataType, capacity: m.rowCount * m.columnCount)
    for c in m.columns { try out.append(contentsOf: c) }
    return out
  }

  /// `cells` put back in the shape of `like`: a matrix with its labels, a pair, a scalar or a
  /// vector.
  static func shaped(_ cells: Vector, like: Value) throws(ScriptError) -> Value {
    switch like {
    case .object(let o as Matrix):
      let rows = o.rowCount
      let columns = (0..<o.columnCount).map { j in cells.slice((j * rows)..<((j + 1) * rows)) }
      return .object(try o.withColumns(columns))
    case .pair: return .pair(cells)
    case _ where like.isScalar && cells.count == 1: return cells[0]
    default: return .vector(cells)
    }
  }
}
