import ScriptRuntime

/// Row-wise aggregates over several equal-length vectors, a tuple of them, a matrix or a table
/// (its columns): `rowSum(a, b, c)` is one sum per position, ignoring nulls.
enum RowBuiltins {
  /// The columns the arguments hold.
  static func columns(_ a: CallArguments, _ name: String) throws(ScriptError) -> [Vector] {
    var out: [Vector] = []
    for v in a.values {
      switch v {
      case .object(let o as Matrix): out += o.columns
      case .object(let t as Table): out += try RowCells.columns(of: t, name)
      case .tuple(let items): for item in items { out.append(try column(item, name)) }
      default: out.append(try column(v, name))
      }
    }
    let n = out.map(\.count).max() ?? 0
    // A scalar stands for a column of itself.
    return try out.map { c throws(ScriptError) in
      if c.count == n { return c }
      guard c.count == 1 else { throw ScriptError(RuntimeMessages.incompatibleSizes(name, n, c.count)) }
      return c.gather(Array(repeating: 0, count: n))
    }
  }

  static func row(_ name: String, _ f: @escaping @Sendable ([Double]) -> Double) -> Builtin {
    Builtin(name, args: 1...Int.max) { a throws(ScriptError) in
      if a.count == 1, case .vector(let v) = a[0], case .nested(let rows) = v.storage {
        // An array vector: one result per row.
        let values = rows.values.doubles
        var out = [Double](repeating: .nan, count: rows.count)
        for i in 0..<rows.count { out[i] = f(values[rows.bounds(i)].filter { !$0.isNaN }) }
        return Series.doubles(out)
      }
      let cs = try columns(a, name).map(\.doubles)
      let n = cs.first?.count ?? 0
      var out = [Double](repeating: .nan, count: n)
      var values: [Double] = []
      for i in 0..<n {
        values.removeAll(keepingCapacity: true)
        for c in cs where !c[i].isNaN { values.append(c[i]) }
        out[i] = f(values)
      }
      return Series.doubles(out)
    }
  }

  /// The rows of the arguments: an array vector's rows, or a matrix's, a table's or a tuple's
  /// columns read across (`rowWavg(x, w)`).
  static func rows(_ v: Value, _ name: String) throws(ScriptError) -> [[Double]] {
    if case .vector(let vec) = v, case .nested(let rows) = vec.storage {
      let values = rows.values.doubles
      return (0..<rows.count).map { Array(values[rows.bounds($0)]) }
    }
    var cs: [[Double]] = []
    switch v {
    case .object(let m as Matrix): cs = m.columns.map(\.doubles)
    case .object(let t as Table): cs = try RowCells.columns(of: t, name).map(\.doubles)
    case .tuple(let items): for item in items { cs.append(try column(item, name).doubles) }
    default: cs = [try column(v, name).doubles]
    }
    let n = cs.first?.count ?? 0
    guard cs.allSatisfy({ $0.count == n }) else { throw ScriptError(RuntimeMessages.incompatibleSizes(name, n, 0)) }
    return (0..<n).map { i in cs.map { $0[i] } }
  }

  /// A function of two rows, pair by pair (`rowCorr`, `rowWavg`); a plain vector on the right
  /// applies to every row.
  static func pairwise(_ name: String, _ f: @escaping @Sendable ([Double], [Double]) -> Double) -> Builtin {
    Builtin(name, args: 2...2, arrayAware: true) { a throws(ScriptError) in
      let xs = try rows(a[0], name)
      var ys: [[Double]]
      if case .vector(let w) = a[1], !w.isArrayVector {
        ys = Array(repeating: w.doubles, count: xs.count)
      } else {
        ys = try rows(a[1], name)
      }
      guard xs.count == ys.count else { throw ScriptError(RuntimeMessages.incompatibleSizes(name, xs.count, ys.count)) }
      var out = [Double](repeating: .nan, count: xs.count)
      for i in 0..<xs.count {
        guard xs[i].count == ys[i].count else {
          throw ScriptError(RuntimeMessages.incompatibleSizes(name, xs[i].count, ys[i].count))
        }
        let pairs = zip(xs[i], ys[i]).filter { !$0.0.isNaN && !$0.1.isNaN }
        out[i] = f(pairs.map(\.0), pairs.map(\.1))
      }
      return Series.doubles(out)
    }
  }

  static let all: [Builtin] = [
    pairwise("rowWavg") { x, w in
      let total = w.reduce(0, +)
      return x.isEmpty || total == 0 ? .nan : zip(x, w).reduce(0) { $0 + $1.0 * $1.1 } / total
    },
    pairwise("rowWsum") { x, w in x.isEmpty ? .nan : zip(x, w).reduce(0) { $0 + $1.0 * $1.1 } },
    pairwise("rowCorr") { x, y in Statistics.correlation(x, y) },
    row("rowSum") { $0.isEmpty ? .nan : $0.reduce(0, +) },
    row("rowAvg") { Statistics.mean($0) },
    row("rowMax") { $0.max() ?? .nan },
    row("rowMin") { $0.min() ?? .nan },
    row("rowStd") { Statistics.variance($0).squareRoot() },
    row("rowVar") { Statistics.variance($0) },
    row("rowStdp") { Statistics.populationVariance($0).squareRoot() },
    row("rowVarp") { Statistics.populationVariance($0) },
    row("rowProd") { $0.isEmpty ? .nan : $0.reduce(1, *) },
    Builtin("rowCount", args: 1...Int.max) { a throws(ScriptError) in
      if a.count == 1, case .vector(let v) = a[0], case .nested(let rows) = v.storage {
        return .vector(
          Vector(
            type: .int,
            ints: (0..<rows.count).map { i in Int64(rows.bounds(i).filter { !rows.values.isNull($0) }.count) }))
      }
      let cs = try columns(a, "rowCount")
      let n = cs.first?.count ?? 0
      return .vector(Vector(type: .int, ints: (0..<n).map { i in Int64(cs.filter { !$0.isNull(i) }.count) }))
    },
  ]
}
