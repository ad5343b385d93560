import ScriptRuntime

/// The rows of a matrix, a tuple of equal-length vectors or an array vector, as positions into
/// one flat vector of their cells, so a row function can pick cells of any type and give back a
/// result of the same shape (`rowRank`, `rowAt`).
struct RowCells {
  enum Shape {
    case matrix(Matrix)
    case tuple(rows: Int)
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
      let n = columns.first?.count ?? 0
      if let bad = columns.first(where: { $0.count != n }) {
        throw ScriptError(RuntimeMessages.incompatibleSizes(name, n, bad.count))
      }
      var flat = columns.first.map { Vector.empty($0.type) } ?? Vector.empty(.double)
      for c in columns { try flat.append(contentsOf: try Cast.vector(c, to: flat.type)) }
      values = flat
      rows = (0..<n).map { i in (0..<columns.count).map { $0 * n + i } }
      shape = .tuple(rows: n)
    default:
      throw ScriptError(RuntimeMessages.needsRows(name, got: v.typeString))
    }
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
