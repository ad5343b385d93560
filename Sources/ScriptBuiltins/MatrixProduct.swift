import ScriptRuntime

/// `dot(X, Y)` and `X ** Y`: the inner product of two vectors, or the matrix product when either
/// is a matrix (a vector then stands for a column on the right, a row on the left). Integral cells
/// give LONG (an overflowing sum is null), others DOUBLE; a null cell makes its sums null.
enum MatrixProduct {
  /// The cells of a matrix or vector as doubles by column, with its shape.
  private struct Operand {
    let rows: Int
    let columns: Int
    let cells: [Vector]
    let integral: Bool
  }

  static func dot(_ x: Value, _ y: Value) throws(ScriptError) -> Value {
    let a = try operand(x, asRow: true, y)
    let b = try operand(y, asRow: false, x)
    guard a.columns == b.rows else {
      throw ScriptError(RuntimeMessages.matrixProductShapes(a.rows, a.columns, b.rows, b.columns))
    }
    let (cells, overflow) = a.rows.multipliedReportingOverflow(by: b.columns)
    guard !overflow, cells <= Matrix.maxCells else {
      throw ScriptError(RuntimeMessages.matrixTooLarge(a.rows, b.columns, limit: Matrix.maxCells))
    }
    let integral = a.integral && b.integral
    var columns: [Vector] = []
    columns.reserveCapacity(b.columns)
    if integral {
      let left = a.cells.map(\.int64s)
      for j in 0..<b.columns {
        let right = b.cells[j].int64s
        var out = [Int64](repeating: 0, count: a.rows)
        for i in 0..<a.rows {
          var sum: Int64 = 0
          for k in 0..<a.columns {
            let (p, l) = (left[k][i], right[k])
            guard p != Value.nullInt, l != Value.nullInt else {
              sum = Value.nullInt
              break
            }
            let (m, o1) = p.multipliedReportingOverflow(by: l)
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
      let left = a.cells.map(\.doubles)
      for j in 0..<b.columns {
        let right = b.cells[j].doubles
        var out = [Double](repeating: 0, count: a.rows)
        for k in 0..<a.columns {
          let r = right[k]
          let column = left[k]
          for i in 0..<a.rows { out[i] += column[i] * r }
        }
        columns.append(Vector(doubles: out))
      }
    }
    return .object(try Matrix(columns: columns, rows: a.rows))
  }

  /// A matrix's columns, or a vector as one row (on the left of a matrix or a vector) or one
  /// column (on the right).
  private static func operand(_ v: Value, asRow: Bool, _ other: Value) throws(ScriptError) -> Operand {
    switch v {
    case .object(let m as Matrix):
      guard m.columns.allSatisfy({ $0.type.isNumeric || $0.type == .bool }) else {
        throw ScriptError(RuntimeMessages.cannotTake("dot", m.typeString))
      }
      return Operand(
        rows: m.rowCount, columns: m.columnCount, cells: m.columns,
        integral: m.columns.allSatisfy { $0.type.isIntegral || $0.type == .bool })
    case .vector(let c) where c.type.isNumeric || c.type == .bool:
      let integral = c.type.isIntegral || c.type == .bool
      if asRow {
        return Operand(rows: 1, columns: c.count, cells: (0..<c.count).map { c.gather([$0]) }, integral: integral)
      }
      return Operand(rows: c.count, columns: 1, cells: [c], integral: integral)
    case .int, .double:
      guard let c = Structural.asVector(v) else { throw ScriptError(RuntimeMessages.cannotTake("dot", v.typeString)) }
      return try operand(.vector(c), asRow: asRow, other)
    default:
      throw ScriptError(RuntimeMessages.cannotTake("dot", v.typeString))
    }
  }
}
