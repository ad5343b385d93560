import ScriptRuntime

/// `merge`: two indexed series or two indexed matrices side by side, their rows lined up by
/// label as a join (`inner`, `left`, `right`, `outer`) or as of (`asof`: each left label takes
/// the right row of the latest label not after it).
enum IndexedMerge {
  /// `merge(left, right, [how='inner'])`.
  static func merge(_ a: CallArguments) throws(ScriptError) -> Value {
    let left = try indexed(a[0], "left")
    let right = try indexed(a[1], "right")
    let how = a.has(2) ? try a.text(2, "the how of 'merge'").lowercased() : "inner"
    guard ["inner", "left", "right", "outer", "asof"].contains(how) else {
      throw ScriptError(
        RuntimeMessages.mustBeOneOf("the how of 'merge'", ["inner", "left", "right", "outer", "asof"], got: how))
    }
    guard (left.columnLabels == nil) == (right.columnLabels == nil) else {
      throw ScriptError(RuntimeMessages.mergeKinds())
    }
    guard let lr = left.rowLabels, let rr = right.rowLabels else { throw ScriptError(RuntimeMessages.mergeKinds()) }
    // Row positions on each side (-1 for none), walking both increasing label lists once.
    var li: [Int] = []
    var ri: [Int] = []
    var i = 0
    var j = 0
    while i < lr.count || j < rr.count {
      if (i + j) % 65_536 == 0, a.machine.isInterrupted { throw Machine.interrupted() }
      let order: Int
      if i == lr.count {
        order = 1
      } else if j == rr.count {
        order = -1
      } else {
        order = Comparison.order(lr[i], rr[j])
      }
      if how == "asof" {
        guard i < lr.count else { break }
        if order >= 0, j < rr.count {
          // The right row at or before this left label: keep moving while the next fits.
          j += 1
          continue
        }
        li.append(i)
        ri.append(j - 1)
        i += 1
        continue
      }
      if order == 0 {
        li.append(i)
        ri.append(j)
        i += 1
        j += 1
      } else if order < 0 {
        if how == "left" || how == "outer" {
          li.append(i)
          ri.append(-1)
        }
        i += 1
      } else {
        if how == "right" || how == "outer" {
          li.append(-1)
          ri.append(j)
        }
        j += 1
      }
    }
    let n = li.count
    let (cells, overflow) = n.multipliedReportingOverflow(by: left.columnCount + right.columnCount)
    guard !overflow, cells <= Matrix.maxCells else {
      throw ScriptError(
        RuntimeMessages.matrixTooLarge(n, left.columnCount + right.columnCount, limit: Matrix.maxCells))
    }
    var labels = Vector.empty(lr.type, capacity: n)
    for k in 0..<n { try labels.append(li[k] >= 0 ? lr[li[k]] : rr[ri[k]]) }
    var columns = left.columns.map { $0.gather(li) } + right.columns.map { $0.gather(ri) }
    // A matrix holds one type: numbers of different types meet as DOUBLE.
    if Set(columns.map(\.type)).count > 1, columns.allSatisfy({ $0.type.isNumeric || $0.type == .void }) {
      columns = columns.map { Vector(doubles: $0.doubles) }
    }
    var columnLabels: Vector?
    if let lc = left.columnLabels, let rc = right.columnLabels {
      var c = lc
      try c.append(contentsOf: rc)
      columnLabels = c
    }
    let m = try Matrix(columns: columns, rows: n, rowLabels: labels, columnLabels: columnLabels)
    m.isIndexed = true
    return .object(m)
  }

  /// An indexed series or indexed matrix argument.
  private static func indexed(_ v: Value, _ what: String) throws(ScriptError) -> Matrix {
    guard case .object(let m as Matrix) = v, m.isIndexed, m.rowLabels != nil else {
      throw ScriptError(RuntimeMessages.mergeNeedsIndexed(what, got: v.typeString))
    }
    return m
  }

  static let all: [Builtin] = [
    Builtin("merge", args: 2...3, parameterNames: ["left", "right", "how"]) { a throws(ScriptError) in
      try merge(a)
    }
  ]
}
