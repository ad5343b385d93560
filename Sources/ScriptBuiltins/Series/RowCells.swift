import ScriptRuntime

/// The rows of a matrix, a tuple of equal-length vectors, a table (its columns, as DolphinDB's
/// row functions read one) or an array vector, as positions into one flat vector of their cells,
/// so a row function can pick cells of any type and give back a result of the same shape
/// (`rowRank`, `rowAt`).
struct RowCells {
  enum Shape {
    case matrix(Matrix)
    case tuple(rows: Int)
    case table(names: [String], rows: Int)
    case arrayVector(ends: [Int])
  }
  /// Every cell: column after column for a matrix or tuple, row after row for an array vector.
  let values: Vector
  /// Each row's cells, left to right, as positions in `values`.
  let rows: [[Int]]
  let shape: Shape

  init(_ v: Value, _ name: String) throws(ScriptError) {
    switch v {
    case .vector(let vec):
      guard case .nested(let nested) = vec.storage else {
        throw ScriptError(RuntimeMessages.needsRows(name, got: v.typeString))
      }
      values = nested.values
      rows = (0..<nested.count).map { Array(nested.bounds($0)) }
      shape = .arrayVector(ends: nested.ends)
    case .object(let m as Matrix):
      var flat = m.columns.first.map { Vector.empty($0.type) } ?? Vector.empty(.double)
      for c in m.columns { try flat.append(contentsOf: c) }
      values = flat
      let n = m.rowCount
      rows = (0..<n).map { i in (0..<m.columnCount).map { $0 * n + i } }
      shape = .matrix(m)
    case .tuple(let items):
      let columns = try items.map { item throws(ScriptError) in try column(item, name) }
      (values, rows) = try Self.across(columns, name)
      shape = .tuple(rows: columns.first?.count ?? 0)
    case .object(let t as Table):
      (values, rows) = try Self.across(try Self.columns(of: t, name), name)
      shape = .table(names: t.names, rows: t.rowCount)
    default:
      throw ScriptError(RuntimeMessages.needsRows(name, got: v.typeString))
    }
  }

  /// The rows of a row function's arguments (`rowAnd(args...)`): one matrix, table, tuple or
  /// array vector as it is; a plain vector, or several arguments, as the columns they hold side
  /// by side (a matrix's, a table's or a tuple's columns, a vector).
  init(arguments values: [Value], _ name: String) throws(ScriptError) {
    var plainVector = false
    if case .vector(let v)? = values.first, !v.isArrayVector { plainVector = true }
    if values.count == 1 && !plainVector {
      try self.init(values[0], name)
      return
    }
    var columns: [Value] = []
    for v in values {
      switch v {
      case .object(let m as Matrix): columns += m.columns.map { .vector($0) }
      case .object(let t as Table): columns += try Self.columns(of: t, name).map { .vector($0) }
      case .tuple(let items): columns += items
      default: columns.append(v)
      }
    }
    try self.init(.tuple(columns), name)
  }

  /// A table's columns, the rows a row function reads across; an array-vector column has no
  /// single cell per row, so it is refused.
  static func columns(of t: Table, _ name: String) throws(ScriptError) -> [Vector] {
    if t.columns.contains(where: \.isArrayVector) { throw ScriptError(RuntimeMessages.arrayVectorNotTaken(name)) }
    return t.columns
  }

  /// Equal-length columns as one flat vector (of the first column's type) and each row's
  /// positions in it.
  private static func across(_ columns: [Vector], _ name: String) throws(ScriptError) -> (Vector, [[Int]]) {
    let n = columns.first?.count ?? 0
    if let bad = columns.first(where: { $0.count != n }) {
      throw ScriptError(RuntimeMessages.incompatibleSizes(name, n, bad.count))
    }
    var flat = columns.first.map { Vector.empty($0.type) } ?? Vector.empty(.double)
    for c in columns { try flat.append(contentsOf: try Cast.vector(c, to: flat.type)) }
    return (flat, (0..<n).map { i in (0..<columns.count).map { $0 * n + i } })
  }

  /// Each row's cells as a vector.
  func row(_ i: Int) -> Vector { values.gather(rows[i]) }

  /// Cells in `values`' order made back into the input's shape.
  func reshaped(_ cells: Vector) throws(ScriptError) -> Value {
    switch shape {
    case .arrayVector(let ends):
      return .vector(Vector(type: cells.type, storage: .nested(NestedColumn(ends: ends, values: cells))))
    case .matrix(let m):
      let n = m.rowCount
      let columns = (0..<m.columnCount).map { cells.slice(($0 * n)..<($0 * n + n)) }
      return .object(try Matrix(columns: columns, rows: n, rowLabels: m.rowLabels, columnLabels: m.columnLabels))
    case .tuple(let n):
      let width = n == 0 ? 0 : cells.count / n
      return .tuple((0..<width).map { .vector(cells.slice(($0 * n)..<($0 * n + n))) })
    case .table(let names, let n):
      return .object(try Table(names: names, columns: names.indices.map { cells.slice(($0 * n)..<($0 * n + n)) }))
    }
  }

  /// One result per row, computed from the row's cells, put back in each cell's place.
  func mapRows(_ f: (Vector) throws(ScriptError) -> Vector) throws(ScriptError) -> Value {
    var out: Vector?
    var positions: [Int] = []
    var results: [Vector] = []
    for (i, r) in rows.enumerated() {
      let result = try f(row(i))
      results.append(result)
      positions += r
      if out == nil { out = Vector.empty(result.type) }
    }
    guard var flat = out else { return try reshaped(values) }
    // Rows are gathered back into `values`' order (column-major for a matrix).
    var combined = flat
    for r in results { try combined.append(contentsOf: r) }
    var order = [Int](repeating: 0, count: values.count)
    for (k, p) in positions.enumerated() { order[p] = k }
    flat = combined.gather(order)
    return try reshaped(flat)
  }
}
