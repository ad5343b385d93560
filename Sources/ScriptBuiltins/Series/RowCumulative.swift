import ScriptRuntime

/// Running functions along each row of a matrix, of a tuple of equal-length vectors or a table
/// (their columns), or of an array vector (a columnar tuple is one here), given in X's shape: `rowCumsum(X)`,
/// `rowCumprod(X)`, `rowCummax(X)`, `rowCummin(X)` and `rowCumwsum(X, Y)` (the running inner
/// product of rows of one shape, or of two plain vectors element by element). A row runs as
/// `cumsum` runs down a column: a null cell holds the value so far, null before the first value.
/// Sums of integers stay INT (LONG for LONG), null from an overflow on; products take X's
/// integral type as `cumprod` does; extremes keep X's type; `rowCumwsum` is DOUBLE.
enum RowCumulative {
  /// X's rows. A tuple's or a table's columns of several types are taken as DOUBLE (LONG when
  /// all are integral), so no cell is cut to the first column's type.
  static func rowsOf(_ x: Value, _ name: String, temporal: Bool = false) throws(ScriptError) -> RowCells {
    var x = x
    var columns: [Vector]?
    if case .tuple(let items) = x {
      columns = try items.map { item throws(ScriptError) in try column(item, name) }
    } else if case .object(let t as Table) = x {
      columns = try RowCells.columns(of: t, name)
    }
    if let columns, let first = columns.first, columns.contains(where: { $0.type != first.type }),
      columns.allSatisfy({ $0.type.isNumeric })
    {
      let integral = columns.allSatisfy { $0.type.isIntegral }
      let widened = columns.map { c in integral ? Vector(type: .long, ints: c.int64s) : Vector(doubles: c.doubles) }
      if case .object(let t as Table) = x {
        x = .object(try Table(names: t.names, columns: widened))
      } else {
        x = .tuple(widened.map { .vector($0) })
      }
    }
    let cells = try RowCells(x, name)
    let t = cells.values.type
    guard t.isNumeric || t == .void || (temporal && t.isTemporal) else {
      throw ScriptError(RuntimeMessages.cannotTake(name, cells.values.typeName))
    }
    return cells
  }

  static let sum = Builtin("rowCumsum", args: 1...1, parameterNames: ["X"], arrayAware: true) {
    a throws(ScriptError) in
    let cells = try rowsOf(a[0], "rowCumsum")
    let v = cells.values
    guard v.type.isIntegral else {
      let xs = v.doubles
      var out = [Double](repeating: .nan, count: xs.count)
      for row in cells.rows {
        var s = 0.0
        var seen = false
        for p in row {
          if !xs[p].isNaN {
            s += xs[p]
            seen = true
          }
          if seen { out[p] = s }
        }
      }
      return try cells.reshaped(Vector(doubles: out))
    }
    let type: DataType = v.type == .long ? .long : .int
    let limit: Int64 = type == .long ? Int64.max : Int64(Int32.max)
    let xs = v.int64s
    var out = [Int64](repeating: Int64.min, count: xs.count)
    for row in cells.rows {
      var s: Int64 = 0
      var seen = false
      // A running sum past what the type holds is null from there on, never a wrapped value.
      var overflowed = false
      for p in row {
        if xs[p] != Int64.min && !overflowed {
          let (next, overflow) = s.addingReportingOverflow(xs[p])
          overflowed = overflow || next > limit || next < -limit
          s = next
          seen = true
        }
        if seen && !overflowed { out[p] = s }
      }
    }
    return try cells.reshaped(Vector(type: type, ints: out))
  }

  static let product = Builtin("rowCumprod", args: 1...1, parameterNames: ["X"], arrayAware: true) {
    a throws(ScriptError) in
    let cells = try rowsOf(a[0], "rowCumprod")
    let xs = cells.values.doubles
    var out = [Double](repeating: .nan, count: xs.count)
    for row in cells.rows {
      var p = 1.0
      var seen = false
      for k in row {
        if !xs[k].isNaN {
          p *= xs[k]
          seen = true
        }
        if seen { out[k] = p }
      }
    }
    guard case .vector(let typed) = Series.like(cells.values, out) else { return .void }
    return try cells.reshaped(typed)
  }

  /// `rowCummax` (`larger`) or `rowCummin`: each cell the row's extreme so far, in X's type.
  static func extreme(_ name: String, larger: Bool) -> Builtin {
    Builtin(name, args: 1...1, parameterNames: ["X"], arrayAware: true) { a throws(ScriptError) in
      let cells = try rowsOf(a[0], name, temporal: true)
      let xs = cells.values.doubles
      var positions = [Int](repeating: -1, count: xs.count)
      for row in cells.rows {
        var best = -1
        for p in row {
          if !xs[p].isNaN, best < 0 || (larger ? xs[p] > xs[best] : xs[p] < xs[best]) { best = p }
          positions[p] = best
        }
      }
      return try cells.reshaped(cells.values.gather(positions))
    }
  }

  static let weightedSum = Builtin("rowCumwsum", args: 2...2, parameterNames: ["X", "Y"], arrayAware: true) {
    a throws(ScriptError) in
    let name = "rowCumwsum"
    // Two plain vectors: rows of one cell each.
    if case .vector(let x) = a[0], !x.isArrayVector, case .vector(let y) = a[1], !y.isArrayVector {
      guard x.type.isNumeric || x.type == .void, y.type.isNumeric || y.type == .void else {
        throw ScriptError(RuntimeMessages.cannotTake(name, x.type.isNumeric ? y.typeName : x.typeName))
      }
      guard x.count == y.count else { throw ScriptError(RuntimeMessages.incompatibleSizes(name, x.count, y.count)) }
      let (xs, ys) = (x.doubles, y.doubles)
      return Series.doubles(xs.indices.map { xs[$0] * ys[$0] })
    }
    let xc = try rowsOf(a[0], name)
    let yc = try rowsOf(a[1], name)
    guard xc.rows.count == yc.rows.count else {
      throw ScriptError(RuntimeMessages.incompatibleSizes(name, xc.rows.count, yc.rows.count))
    }
    let (xs, ys) = (xc.values.doubles, yc.values.doubles)
    var out = [Double](repeating: .nan, count: xs.count)
    for (xr, yr) in zip(xc.rows, yc.rows) {
      guard xr.count == yr.count else { throw ScriptError(RuntimeMessages.incompatibleSizes(name, xr.count, yr.count)) }
      var s = 0.0
      var seen = false
      for (p, q) in zip(xr, yr) {
        if !xs[p].isNaN && !ys[q].isNaN {
          s += xs[p] * ys[q]
          seen = true
        }
        if seen { out[p] = s }
      }
    }
    return try xc.reshaped(Vector(doubles: out))
  }

  static let all: [Builtin] = [
    sum, product, extreme("rowCummax", larger: true), extreme("rowCummin", larger: false), weightedSum,
  ]
}
