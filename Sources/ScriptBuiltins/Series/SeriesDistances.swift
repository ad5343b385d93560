import Foundation
import ScriptRuntime

/// Distances between two series, over the positions where neither is null: `euclidean(X, Y)`,
/// `tanimoto(X, Y)` (the Tanimoto distance, 1 - x.y / (x.x + y.y - x.y)) and `cosine(X, Y)` (the
/// cosine similarity); `minkowski` and `seuclidean` weigh or scale each dimension. Two vectors give one
/// number; a matrix gives one per column, beside a vector or a matrix of as many columns. Two
/// indexed series or matrices meet on the row labels both have (and, both labelled, the columns
/// of X's labels); two indexed series give one number.
enum SeriesDistances {
  static func distance(_ name: String, _ f: @escaping @Sendable ([Double], [Double]) -> Double) -> Builtin {
    Builtin(name, args: 2...2, parameterNames: ["X", "Y"], isAggregate: true, matrixAware: true) {
      a throws(ScriptError) in
      let (pairs, scalar) = try columnPairs(a[0], a[1], name)
      let results = pairs.map { x, y in
        let (xs, ys) = Statistics.pairs(x, y)
        return xs.isEmpty ? .nan : f(xs, ys)
      }
      return scalar ? .double(results.first ?? .nan) : Series.doubles(results)
    }
  }

  /// A numeric vector's (or scalar's) values.
  static func numbers(_ v: Value, _ name: String) throws(ScriptError) -> [Double] {
    let c = try column(v, name)
    guard c.type.isNumeric || c.type == .bool || c.type == .void else {
      throw ScriptError(RuntimeMessages.cannotTake(name, v.typeString))
    }
    return c.doubles
  }

  /// The columns to measure, X's beside Y's, and whether the result is one number.
  static func columnPairs(
    _ x: Value, _ y: Value, _ name: String
  ) throws(ScriptError) -> (pairs: [([Double], [Double])], scalar: Bool) {
    let mx = MatrixBuiltins.matrix(x)
    let my = MatrixBuiltins.matrix(y)
    for m in [mx, my] {
      if let m, !(m.dataType.isNumeric || m.dataType == .bool) {
        throw ScriptError(RuntimeMessages.cannotTake(name, m.typeString))
      }
    }
    if let mx, let my, mx.isIndexed, my.isIndexed, let rx = mx.rowLabels, let ry = my.rowLabels {
      var rowInY: [ScalarKey: Int] = [:]
      for j in 0..<ry.count { if let k = ScalarKey(ry[j]) { rowInY[k] = j } }
      var rows: [(Int, Int)] = []
      for i in 0..<rx.count { if let k = ScalarKey(rx[i]), let j = rowInY[k] { rows.append((i, j)) } }
      var columns: [(Int, Int?)]
      if let cx = mx.columnLabels, let cy = my.columnLabels {
        var columnInY: [ScalarKey: Int] = [:]
        for j in 0..<cy.count { if let k = ScalarKey(cy[j]) { columnInY[k] = j } }
        columns = (0..<cx.count).map { i in (i, ScalarKey(cx[i]).flatMap { columnInY[$0] }) }
      } else {
        guard mx.columnCount == my.columnCount else {
          throw ScriptError(RuntimeMessages.incompatibleSizes(name, mx.columnCount, my.columnCount))
        }
        columns = (0..<mx.columnCount).map { ($0, $0) }
      }
      let pairs = columns.map { i, j -> ([Double], [Double]) in
        guard let j else { return ([], []) }
        let left = mx.columns[i].doubles
        let right = my.columns[j].doubles
        return (rows.map { left[$0.0] }, rows.map { right[$0.1] })
      }
      let series = mx.columnLabels == nil && my.columnLabels == nil && mx.columnCount == 1
      return (pairs, series)
    }
    let xs = mx == nil ? [try numbers(x, name)] : mx?.columns.map(\.doubles) ?? []
    let ys = my == nil ? [try numbers(y, name)] : my?.columns.map(\.doubles) ?? []
    let rows = xs.first?.count ?? 0
    guard xs.allSatisfy({ $0.count == rows }), ys.allSatisfy({ $0.count == rows }) else {
      throw ScriptError(RuntimeMessages.incompatibleSizes(name, rows, ys.first?.count ?? 0))
    }
    if xs.count == ys.count { return (Array(zip(xs, ys)), mx == nil && my == nil) }
    // One side a vector: it goes with each column of the other.
    if xs.count == 1 { return (ys.map { (xs[0], $0) }, false) }
    if ys.count == 1 { return (xs.map { ($0, ys[0]) }, false) }
    throw ScriptError(RuntimeMessages.incompatibleSizes(name, xs.count, ys.count))
  }

  /// The Euclidean distance of two series of one length.
  static func euclidean(_ x: [Double], _ y: [Double]) -> Double {
    zip(x, y).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
  }

  /// The Tanimoto distance 1 - x.y / (x.x + y.y - x.y); NaN when the denominator is 0.
  /// x.y, x.x and y.y.
  static func products(_ x: [Double], _ y: [Double]) -> (xy: Double, xx: Double, yy: Double) {
    var xy = 0.0
    var xx = 0.0
    var yy = 0.0
    for k in x.indices {
      xy += x[k] * y[k]
      xx += x[k] * x[k]
      yy += y[k] * y[k]
    }
    return (xy, xx, yy)
  }

  static func tanimoto(_ x: [Double], _ y: [Double]) -> Double {
    let (xy, xx, yy) = products(x, y)
    let d = xx + yy - xy
    return d == 0 ? .nan : 1 - xy / d
  }

  /// Cosine similarity, (X . Y) / (|X| |Y|): 1 for the same direction (scipy's cosine distance
  /// is 1 minus it).
  static func cosine(_ x: [Double], _ y: [Double]) -> Double {
    let (xy, xx, yy) = products(x, y)
    return xx == 0 || yy == 0 ? .nan : xy / (xx * yy).squareRoot()
  }

  /// Vectors of one length that may weigh each other's elements: their values where none is null.
  static func aligned(_ a: CallArguments, _ indices: [Int], _ name: String) throws(ScriptError) -> [[Double]] {
    var columns: [[Double]] = []
    for i in indices {
      let c = try numbers(a[i], name)
      if let first = columns.first, first.count != c.count {
        throw ScriptError(RuntimeMessages.incompatibleSizes(name, first.count, c.count))
      }
      columns.append(c)
    }
    let kept = (0..<(columns.first?.count ?? 0)).filter { k in columns.allSatisfy { !$0[k].isNaN } }
    return columns.map { c in kept.map { c[$0] } }
  }

  static let all: [Builtin] = [
    distance("euclidean", euclidean),
    distance("tanimoto", tanimoto),
    distance("cosine", cosine),
    // minkowski(X, Y, p, [weights]): (sum of w |x - y|^p)^(1/p); p = 1 is the Manhattan distance,
    // 2 the Euclidean one, NULL the largest |x - y| (p infinite).
    Builtin("minkowski", args: 3...4, parameterNames: ["X", "Y", "p", "weights"]) { a throws(ScriptError) in
      let p = a[2].isNull ? Double.infinity : a[2].isScalar ? a[2].doubleValue ?? .nan : .nan
      guard p > 0 else { throw ScriptError(RuntimeMessages.minkowskiOrder(ValueFormatter.plain(a[2]))) }
      let v = try aligned(a, a.has(3) ? [0, 1, 3] : [0, 1], "minkowski")
      let (x, y) = (v[0], v[1])
      let w = v.count > 2 ? v[2] : [Double](repeating: 1, count: x.count)
      guard w.allSatisfy({ $0 >= 0 }) else { throw ScriptError(RuntimeMessages.minkowskiWeights()) }
      guard !x.isEmpty else { return .double(.nan) }
      if p.isInfinite { return .double(x.indices.filter { w[$0] > 0 }.map { abs(x[$0] - y[$0]) }.max() ?? 0) }
      var s = 0.0
      for k in x.indices { s += w[k] * Foundation.pow(abs(x[k] - y[k]), p) }
      return .double(Foundation.pow(s, 1 / p))
    },
    // seuclidean(X, Y, V): the Euclidean distance with each dimension divided by its variance V.
    Builtin("seuclidean", args: 3...3, parameterNames: ["X", "Y", "Z"]) { a throws(ScriptError) in
      let v = try aligned(a, [0, 1, 2], "seuclidean")
      guard !v[0].isEmpty else { return .double(.nan) }
      var s = 0.0
      for k in v[0].indices { s += (v[0][k] - v[1][k]) * (v[0][k] - v[1][k]) / v[2][k] }
      return .double(s.squareRoot())
    },
  ]
}
