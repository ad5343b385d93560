import ScriptRuntime

/// `inv`, `det` and `solve`: a square numeric matrix factored once (LU with partial pivoting) in
/// doubles. The size is bounded because the work grows with its cube.
enum LinearAlgebra {
  /// The largest order taken: 1,000 is a billion multiply-adds, a few seconds.
  static let maxOrder = 1_000

  /// A square matrix factored as P*A = L*U, kept in one column-major array.
  struct Factored {
    let order: Int
    var cells: [Double]
    var pivots: [Int]
    var swaps = 0
    var singular = false

    init(_ cells: [Double], order: Int) {
      self.order = order
      self.cells = cells
      self.pivots = Array(0..<order)
      factor()
    }

    private mutating func factor() {
      let n = order
      for k in 0..<n {
        var best = k
        for i in k..<n where abs(cells[k * n + i]) > abs(cells[k * n + best]) { best = i }
        let pivot = cells[k * n + best]
        guard pivot != 0, pivot.isFinite else {
          singular = true
          return
        }
        if best != k {
          for j in 0..<n { cells.swapAt(j * n + k, j * n + best) }
          pivots.swapAt(k, best)
          swaps += 1
        }
        for i in (k + 1)..<n { cells[k * n + i] /= pivot }
        for j in (k + 1)..<n {
          let u = cells[j * n + k]
          if u == 0 { continue }
          for i in (k + 1)..<n { cells[j * n + i] -= cells[k * n + i] * u }
        }
      }
    }

    var determinant: Double {
      if singular { return 0 }
      var d = swaps % 2 == 0 ? 1.0 : -1.0
      for k in 0..<order { d *= cells[k * order + k] }
      return d
    }

    /// x with A*x = b.
    func solve(_ b: [Double]) -> [Double] {
      let n = order
      var x = pivots.map { b[$0] }
      for j in 0..<n where x[j] != 0 {
        for i in (j + 1)..<n { x[i] -= cells[j * n + i] * x[j] }
      }
      for j in stride(from: n - 1, through: 0, by: -1) {
        x[j] /= cells[j * n + j]
        let xj = x[j]
        if xj == 0 { continue }
        for i in 0..<j { x[i] -= cells[j * n + i] * xj }
      }
      return x
    }
  }

  static let all: [Builtin] = [
    // inv(X): the inverse of a square matrix; a singular one is refused.
    // diag(X): a vector's square matrix with it on the diagonal; a square matrix's diagonal.
    Builtin("diag", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      if case .object(let m as Matrix) = a[0] {
        guard m.rowCount == m.columnCount else {
          throw ScriptError(RuntimeMessages.matrixNotSquare("diag", m.rowCount, m.columnCount))
        }
        return .vector(Vector(doubles: (0..<m.rowCount).map { m.columns[$0].doubles[$0] }))
      }
      let v = try a.vector(0, "the argument of 'diag'")
      guard v.type.isNumeric, v.count > 0 else {
        throw ScriptError(RuntimeMessages.needsVectorOrMatrix("diag", got: v.typeName))
      }
      try a.machine.checkAllocation(v.count * v.count, elementBytes: 8, "the size of 'diag'")
      let xs = v.doubles
      let columns = xs.indices.map { k in Vector(doubles: xs.indices.map { $0 == k ? xs[k] : 0 }) }
      return .object(try Matrix(columns: columns, rows: xs.count))
    },
    Builtin("inv", args: 1...1) { a throws(ScriptError) in
      let (cells, n) = try square(a[0], "inv")
      let lu = Factored(cells, order: n)
      guard !lu.singular else { throw ScriptError(RuntimeMessages.matrixSingular("inv")) }
      var columns: [Vector] = []
      columns.reserveCapacity(n)
      for j in 0..<n {
        var e = [Double](repeating: 0, count: n)
        e[j] = 1
        columns.append(Vector(doubles: lu.solve(e)))
      }
      return .object(try labelled(Matrix(columns: columns, rows: n), like: a[0]))
    },
    // det(X): the determinant of a square matrix (0 when singular); null cells count as 0, as
    // DolphinDB documents.
    Builtin("det", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      let (cells, n) = try square(a[0], "det", nullsAsZero: true)
      return .double(Factored(cells, order: n).determinant)
    },
    // solve(X, Y): x with X ** x == Y, for Y a vector or a matrix of as many rows as X.
    Builtin("solve", args: 2...2, parameterNames: ["X", "Y"]) { a throws(ScriptError) in
      let (cells, n) = try square(a[0], "solve")
      let rightColumns: [[Double]]
      var isMatrix = false
      switch a[1] {
      case .object(let m as Matrix) where m.dataType.isNumeric || m.dataType == .bool:
        guard m.rowCount == n else { throw ScriptError(RuntimeMessages.solveShapes(n, m.rowCount)) }
        rightColumns = m.columns.map(\.doubles)
        isMatrix = true
      case .vector(let v) where v.type.isNumeric || v.type == .bool:
        guard v.count == n else { throw ScriptError(RuntimeMessages.solveShapes(n, v.count)) }
        rightColumns = [v.doubles]
      default:
        throw ScriptError(RuntimeMessages.cannotTake("solve", a[1].typeString))
      }
      let lu = Factored(cells, order: n)
      guard !lu.singular else { throw ScriptError(RuntimeMessages.matrixSingular("solve")) }
      let solved = rightColumns.map { lu.solve($0) }
      if !isMatrix { return .vector(Vector(doubles: solved[0])) }
      return .object(try Matrix(columns: solved.map { Vector(doubles: $0) }, rows: n))
    },
  ]

  /// A square numeric matrix's cells column after column, as doubles; a null cell is refused.
  private static func square(
    _ v: Value, _ function: String, nullsAsZero: Bool = false
  ) throws(ScriptError) -> ([Double], Int) {
    guard case .object(let m as Matrix) = v, m.dataType.isNumeric || m.dataType == .bool else {
      throw ScriptError(RuntimeMessages.cannotTake(function, v.typeString))
    }
    guard m.rowCount == m.columnCount, m.rowCount > 0 else {
      throw ScriptError(RuntimeMessages.matrixNotSquare(function, m.rowCount, m.columnCount))
    }
    guard m.rowCount <= maxOrder else {
      throw ScriptError(RuntimeMessages.matrixOrderTooLarge(function, m.rowCount, limit: maxOrder))
    }
    var cells: [Double] = []
    cells.reserveCapacity(m.rowCount * m.columnCount)
    for c in m.columns {
      if nullsAsZero {
        cells.append(contentsOf: c.doubles.map { $0.isNaN ? 0 : $0 })
        continue
      }
      for i in 0..<c.count {
        guard !c.isNull(i) else { throw ScriptError(RuntimeMessages.matrixHasNull(function)) }
      }
      cells.append(contentsOf: c.doubles)
    }
    return (cells, m.rowCount)
  }

  /// The inverse's rows stand for the original's columns and its columns for the rows: labels swap.
  private static func labelled(_ m: Matrix, like original: Value) throws(ScriptError) -> Matrix {
    guard case .object(let o as Matrix) = original else { return m }
    m.rowLabels = o.columnLabels
    m.columnLabels = o.rowLabels
    return m
  }
}
