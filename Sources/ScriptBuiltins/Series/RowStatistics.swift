import ScriptRuntime

/// Row statistics over a matrix, a table, an array vector, a tuple of equal-length vectors or
/// several vectors: `rowSize`, `rowSum2`, `rowSkew`, `rowKurtosis`, `rowImaxLast`,
/// `rowIminLast`, and the two-argument `rowDot`, `rowEuclidean`, `rowTanimoto`, `rowCovar` and
/// `rowBeta`. Nulls are left out of each row, as DolphinDB's aggregates leave them out.
enum RowStatistics {
  /// The columns the arguments hold: a matrix's or a table's columns, a tuple's vectors, or a
  /// vector; a scalar stands for a column of itself.
  static func columns(_ values: [Value], _ name: String) throws(ScriptError) -> [Vector] {
    var out: [Vector] = []
    for v in values {
      switch v {
      case .object(let m as Matrix): out += m.columns
      case .object(let t as Table): out += t.columns
      case .tuple(let items): for item in items { out.append(try column(item, name)) }
      default: out.append(try column(v, name))
      }
    }
    if out.contains(where: \.isArrayVector) { throw ScriptError(RuntimeMessages.arrayVectorNotTaken(name)) }
    let n = out.map(\.count).max() ?? 0
    return try out.map { c throws(ScriptError) in
      if c.count == n { return c }
      guard c.count == 1 else { throw ScriptError(RuntimeMessages.incompatibleSizes(name, n, c.count)) }
      return c.gather(Array(repeating: 0, count: n))
    }
  }

  /// `f` of each row's non-null values: the rows of one array vector, or the rows read across
  /// the columns of the arguments.
  static func perRow(_ values: [Value], _ name: String, _ f: ([Double]) -> Double) throws(ScriptError) -> [Double] {
    func numeric(_ t: DataType) -> Bool { t.isNumeric || t == .bool }
    if values.count == 1, case .vector(let v) = values[0], case .nested(let rows) = v.storage {
      guard numeric(v.type) else { throw ScriptError(RuntimeMessages.cannotTake(name, v.typeName)) }
      let cells = rows.values.doubles
      return (0..<rows.count).map { i in f(cells[rows.bounds(i)].filter { !$0.isNaN }) }
    }
    let vectors = try columns(values, name)
    if let bad = vectors.first(where: { !numeric($0.type) }) {
      throw ScriptError(RuntimeMessages.cannotTake(name, bad.typeName))
    }
    let cs = vectors.map(\.doubles)
    let n = cs.first?.count ?? 0
    var out = [Double](repeating: .nan, count: n)
    var row: [Double] = []
    for i in 0..<n {
      row.removeAll(keepingCapacity: true)
      for c in cs where !c[i].isNaN { row.append(c[i]) }
      out[i] = f(row)
    }
    return out
  }

  /// A function of the rows of all its arguments (`rowSum2(a, b, c)`).
  static func rowwise(_ name: String, _ f: @escaping @Sendable ([Double]) -> Double) -> Builtin {
    Builtin(name, args: 1...Int.max, arrayAware: true) { a throws(ScriptError) in
      Series.doubles(try perRow(a.values, name, f))
    }
  }

  /// `rowSkew(X, [biased])` and `rowKurtosis(X, [biased])`: one X, then the flag.
  static func moment(_ name: String, _ f: @escaping @Sendable ([Double], Bool) -> Double) -> Builtin {
    Builtin(name, args: 1...2, parameterNames: ["X", "biased"], arrayAware: true) { a throws(ScriptError) in
      let biased = a.has(1) ? a[1].isTruthy : true
      return Series.doubles(try perRow([a[0]], name) { f($0, biased) })
    }
  }

  /// One side of a two-argument row function: a plain vector (one value per row, or the same
  /// values against every row of the other side), or rows.
  enum Side {
    case vector([Double])
    case rows([[Double]], ragged: Bool)
  }

  static func side(_ v: Value, _ name: String) throws(ScriptError) -> Side {
    switch v {
    case .vector(let vec):
      if case .nested(let rows) = vec.storage {
        let cells = rows.values.doubles
        return .rows((0..<rows.count).map { Array(cells[rows.bounds($0)]) }, ragged: true)
      }
      guard vec.type.isNumeric || vec.type == .bool else {
        throw ScriptError(RuntimeMessages.cannotTake(name, v.typeString))
      }
      return .vector(vec.doubles)
    case .object(let o) where o is Matrix || o is Table:
      let cs = try columns([v], name)
      if let bad = cs.first(where: { !($0.type.isNumeric || $0.type == .bool) }) {
        throw ScriptError(RuntimeMessages.cannotTake(name, bad.typeName))
      }
      let ds = cs.map(\.doubles)
      let n = ds.first?.count ?? 0
      return .rows((0..<n).map { i in ds.map { $0[i] } }, ragged: false)
    case .tuple:
      let ds = try columns([v], name).map(\.doubles)
      let n = ds.first?.count ?? 0
      return .rows((0..<n).map { i in ds.map { $0[i] } }, ragged: false)
    default:
      throw ScriptError(RuntimeMessages.cannotTake(name, v.typeString))
    }
  }

  /// A function of two rows, row by row over the pairs where neither is null. Two plain
  /// vectors pair element by element; a plain vector against rows pairs with every row (an
  /// array vector's row of another length gives null, a matrix of another width is refused);
  /// two indexed matrices line up by their labels first.
  static func pairwise(
    _ name: String, _ names: [String] = ["X", "Y"], _ f: @escaping @Sendable ([Double], [Double]) -> Double
  ) -> Builtin {
    Builtin(name, args: 2...2, parameterNames: names, arrayAware: true) { a throws(ScriptError) in
      var (x, y) = (a[0], a[1])
      if case .object(let m as Matrix) = x, case .object(let n as Matrix) = y, m.isIndexed, n.isIndexed,
        m.columnLabels != nil, n.columnLabels != nil
      {
        // Two indexed matrices meet on the union of their labels: a row only one has is all
        // null on the other side, so its result is null. (Indexed series pair by position.)
        let (l, r) = try Matrix.aligned(m, n)
        (x, y) = (.object(l), .object(r))
      }
      let left = try side(x, name)
      let right = try side(y, name)
      var out: [Double] = []
      func apply(_ x: [Double], _ y: [Double]) {
        var px: [Double] = []
        var py: [Double] = []
        px.reserveCapacity(x.count)
        py.reserveCapacity(x.count)
        for k in x.indices where !x[k].isNaN && !y[k].isNaN {
          px.append(x[k])
          py.append(y[k])
        }
        out.append(f(px, py))
      }
      switch (left, right) {
      case (.vector(let x), .vector(let y)):
        guard x.count == y.count else { throw ScriptError(RuntimeMessages.incompatibleSizes(name, x.count, y.count)) }
        out.reserveCapacity(x.count)
        for i in x.indices { apply([x[i]], [y[i]]) }
      case (.rows(let xs, let ragged), .vector(let y)), (.vector(let y), .rows(let xs, let ragged)):
        let swapped: Bool
        if case .vector = left { swapped = true } else { swapped = false }
        for row in xs {
          guard row.count == y.count else {
            guard ragged else { throw ScriptError(RuntimeMessages.incompatibleSizes(name, row.count, y.count)) }
            out.append(.nan)
            continue
          }
          if swapped { apply(y, row) } else { apply(row, y) }
        }
      case (.rows(let xs, _), .rows(let ys, _)):
        guard xs.count == ys.count else {
          throw ScriptError(RuntimeMessages.incompatibleSizes(name, xs.count, ys.count))
        }
        for i in xs.indices {
          guard xs[i].count == ys[i].count else {
            throw ScriptError(RuntimeMessages.incompatibleSizes(name, xs[i].count, ys[i].count))
          }
          apply(xs[i], ys[i])
        }
      }
      return Series.doubles(out)
    }
  }

  static let all: [Builtin] = [
    // rowSize(args...): the number of cells in each row, nulls included.
    Builtin("rowSize", args: 1...Int.max, arrayAware: true) { a throws(ScriptError) in
      if a.count == 1, case .vector(let v) = a[0], case .nested(let rows) = v.storage {
        return .vector(Vector(type: .int, ints: (0..<rows.count).map { Int64(rows.bounds($0).count) }))
      }
      let cs = try columns(a.values, "rowSize")
      let n = cs.first?.count ?? 0
      return .vector(Vector(type: .int, ints: Array(repeating: Int64(cs.count), count: n)))
    },
    rowwise("rowSum2") { xs in xs.isEmpty ? .nan : xs.reduce(0) { $0 + $1 * $1 } },
    moment("rowSkew") { Statistics.skew($0, biased: $1) },
    moment("rowKurtosis") { Statistics.kurtosis($0, biased: $1) },
    RowPickBuiltins.position("rowImaxLast", larger: true, last: true),
    RowPickBuiltins.position("rowIminLast", larger: false, last: true),
    pairwise("rowDot") { x, y in x.isEmpty ? .nan : zip(x, y).reduce(0) { $0 + $1.0 * $1.1 } },
    pairwise("rowEuclidean") { x, y in x.isEmpty ? .nan : SeriesDistances.euclidean(x, y) },
    pairwise("rowTanimoto") { x, y in x.isEmpty ? .nan : SeriesDistances.tanimoto(x, y) },
    pairwise("rowCovar") { x, y in Statistics.covariance(x, y) },
    pairwise("rowCovarp") { x, y in Statistics.populationCovariance(x, y) },
    // rowBeta(Y, X): the least-squares slope of Y on X, covar(Y, X) / var(X).
    pairwise("rowBeta", ["Y", "X"]) { y, x in
      let v = Statistics.variance(x)
      return v > 0 ? Statistics.covariance(y, x) / v : .nan
    },
  ]
}
