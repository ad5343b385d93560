import ScriptRuntime

/// `dot(X, Y)` and `X ** Y` when either is a matrix: the matrix product (a vector stands for a
/// column on the right, a row on the left). Integral cells give LONG (an overflowing sum is null),
/// others DOUBLE; a null cell makes its sums null.
enum MatrixProduct {
  /// An operand's cells column after column in one array, with its shape.
  private struct Operand {
    let rows: Int
    let columns: Int
    let cells: Vector
    let integral: Bool
  }

  static func dot(_ x: Value, _ y: Value) throws(ScriptError) -> Value {
    let a = try operand(x, asRow: true)
    let b = try operand(y, asRow: false)
    guard a.columns == b.rows else {
      throw ScriptError(RuntimeMessages.matrixProductShapes(a.rows, a.columns, b.rows, b.columns))
    }
    let (cells, overflow) = a.rows.multipliedReportingOverflow(by: b.columns)
    guard !overflow, cells <= Matrix.maxCells else {
      throw ScriptError(RuntimeMessages.matrixTooLarge(a.rows, b.columns, limit: Matrix.maxCells))
    }
    let (n, k) = (a.rows, a.columns)
    var columns: [Vector] = []
    columns.reserveCapacity(b.columns)
    if a.integral && b.integral {
      let left = a.cells.int64s
      let right = b.cells.int64s
      for j in 0..<b.columns {
        var out = [Int64](repeating: 0, count: n)
        for i in 0..<n {
          var sum: Int64 = 0
          for p in 0..<k {
            let (l, r) = (left[p * n + i], right[j * k + p])
            guard l != Value.nullInt, r != Value.nullInt else {
              sum = Value.nullInt
              break
            }
            let (m, o1) = l.multipliedReportingOverflow(by: r)
            let (s, o2) = sum.addingReportingOverflow(m)
            guard !o1, !o2, s != Value.nullInt else {
              sum = Value.nullInt
              break
            }
            sum = s
          }
          out[i] = sum
        }
        columns.append(Vector(type: .long, ints: out))
      }
    } else {
      let left = a.cells.doubles
      let right = b.cells.doubles
      for j in 0..<b.columns {
        var out = [Double](repeating: 0, count: n)
        for p in 0..<k {
          let r = right[j * k + p]
          for i in 0..<n { out[i] += left[p * n + i] * r }
        }
        columns.append(Vector(doubles: out))
      }
    }
    return .object(try Matrix(columns: columns, rows: n))
  }

  /// A matrix's cells, or a vector as one row (on the left) or one column (on the right).
  private static func operand(_ v: Value, asRow: Bool) throws(ScriptError) -> Operand {
    func usable(_ t: DataType) -> Bool { t.isNumeric || t == .bool }
    func integral(_ t: DataType) -> Bool { t.isIntegral || t == .bool }
    switch v {
    case .object(let m as Matrix):
      guard usable(m.dataType) else { throw ScriptError(RuntimeMessages.cannotTake("dot", m.typeString)) }
      var cells = Vector.empty(m.dataType, capacity: m.rowCount * m.columnCount)
      for c in m.columns { try cells.append(contentsOf: c) }
      return Operand(rows: m.rowCount, columns: m.columnCount, cells: cells, integral: integral(m.dataType))
    case .vector(let c) where usable(c.type):
      return Operand(
        rows: asRow ? 1 : c.count, columns: asRow ? c.count : 1, cells: c, integral: integral(c.type))
    case .int, .double:
      guard let c = Structural.asVector(v) else { throw ScriptError(RuntimeMessages.cannotTake("dot", v.typeString)) }
      return try operand(.vector(c), asRow: asRow)
    default:
      throw ScriptError(RuntimeMessages.cannotTake("dot", v.typeString))
    }
  }
}
