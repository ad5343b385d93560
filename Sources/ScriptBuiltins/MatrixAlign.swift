import ScriptRuntime

/// `align(left, right, [how='outer'], [byRow], [view])`: two labelled matrices on the same row
/// and/or column labels, joined as `how` says: `outer` (`fj`, every label of both, in order; a
/// label both have several times gives each pairing), `inner` (`ej`, labels both have), `left`
/// (`lj`, the left's labels in its order) or `asof` (`aj`, each left label with the right's last
/// label at or before it). A cell a side has no label for is null. Gives the two matrices.
enum MatrixAlign {
  /// One axis joined: the labels, and the position on each side each comes from (-1: none).
  struct Joined {
    var labels: [Value] = []
    var left: [Int] = []
    var right: [Int] = []

    mutating func add(_ label: Value, _ l: Int, _ r: Int) {
      labels.append(label)
      left.append(l)
      right.append(r)
    }
  }

  static func align(_ a: CallArguments) throws(ScriptError) -> Value {
    guard let x = MatrixBuiltins.matrix(a[0]), let y = MatrixBuiltins.matrix(a[1]) else {
      let got = MatrixBuiltins.matrix(a[0]) == nil ? a[0] : a[1]
      throw ScriptError(RuntimeMessages.mustBeMatrix("the arguments of 'align'", got: got.typeString))
    }
    let how = a.has(2) ? try a.text(2, "the how of 'align'") : "outer"
    let byRow: Bool? = a.has(3) && !a[3].isNull ? a[3].isTruthy : nil
    let hows = how.split(separator: ",").map(String.init)
    guard hows.count == 1 || (hows.count == 2 && byRow == nil) else {
      throw ScriptError(RuntimeMessages.alignHow(how))
    }
    let rowHow = hows[0]
    let columnHow = hows.count == 2 ? hows[1] : hows[0]
    var rows: Joined?
    var columns: Joined?
    if byRow != false {
      guard let xl = x.rowLabels, let yl = y.rowLabels else {
        throw ScriptError(RuntimeMessages.alignNeedsLabels("row"))
      }
      rows = try join(xl, yl, how: rowHow)
    }
    if byRow != true {
      guard let xl = x.columnLabels, let yl = y.columnLabels else {
        throw ScriptError(RuntimeMessages.alignNeedsLabels("column"))
      }
      columns = try join(xl, yl, how: columnHow)
    }
    return .tuple([
      .object(try rebuilt(x, rows: rows, columns: columns, side: \.left)),
      .object(try rebuilt(y, rows: rows, columns: columns, side: \.right)),
    ])
  }

  /// `m` on the joined labels: its row (column) at each joined position, null where it has none.
  static func rebuilt(_ m: Matrix, rows: Joined?, columns: Joined?, side: KeyPath<Joined, [Int]>) throws(ScriptError)
    -> Matrix
  {
    let rowCount = rows?.labels.count ?? m.rowCount
    let columnCount = columns?.labels.count ?? m.columnCount
    let (cells, overflow) = rowCount.multipliedReportingOverflow(by: columnCount)
    guard !overflow, cells <= Matrix.maxCells else {
      throw ScriptError(RuntimeMessages.matrixTooLarge(rowCount, columnCount, limit: Matrix.maxCells))
    }
    let rowPositions = rows?[keyPath: side] ?? Array(0..<m.rowCount)
    let columnPositions = columns?[keyPath: side] ?? Array(0..<m.columnCount)
    let nulls = Vector.nulls(m.dataType, count: rowCount)
    let out = columnPositions.map { j in j < 0 ? nulls : m.columns[j].gather(rowPositions) }
    func labels(_ values: [Value], like v: Vector?) throws(ScriptError) -> Vector? {
      guard let v else { return nil }
      var out = Vector.empty(v.type, capacity: values.count)
      for value in values { try out.append(value) }
      return out
    }
    return try Matrix(
      columns: out, rows: rowCount,
      rowLabels: try rows.map { r throws(ScriptError) in try labels(r.labels, like: m.rowLabels) } ?? m.rowLabels,
      columnLabels: try columns.map { c throws(ScriptError) in try labels(c.labels, like: m.columnLabels) }
        ?? m.columnLabels)
  }

  /// Two label vectors joined as `how` says.
  static func join(_ a: Vector, _ b: Vector, how: String) throws(ScriptError) -> Joined {
    guard a.type.isText == b.type.isText else {
      throw ScriptError(RuntimeMessages.alignLabelTypes(a.type.name, b.type.name))
    }
    var out = Joined()
    switch how {
    case "outer", "fj", "inner", "ej":
      let inner = how == "inner" || how == "ej"
      let xs = sortedPositions(a)
      let ys = sortedPositions(b)
      var i = 0
      var j = 0
      while i < xs.count || j < ys.count {
        let order = i == xs.count ? 1 : j == ys.count ? -1 : Comparison.order(a[xs[i]], b[ys[j]])
        if order < 0 {
          if !inner { out.add(a[xs[i]], xs[i], -1) }
          i += 1
        } else if order > 0 {
          if !inner { out.add(b[ys[j]], -1, ys[j]) }
          j += 1
        } else {
          // Equal labels: every pairing of the two runs.
          var i2 = i
          while i2 < xs.count, Comparison.order(a[xs[i2]], a[xs[i]]) == 0 { i2 += 1 }
          var j2 = j
          while j2 < ys.count, Comparison.order(b[ys[j2]], b[ys[j]]) == 0 { j2 += 1 }
          try bound(out.labels.count, adding: i2 - i, times: j2 - j)
          for p in i..<i2 { for q in j..<j2 { out.add(a[xs[p]], xs[p], ys[q]) } }
          i = i2
          j = j2
        }
      }
    case "left", "lj":
      var rightOf: [ScalarKey: [Int]] = [:]
      for q in 0..<b.count { if let k = ScalarKey(b[q]) { rightOf[k, default: []].append(q) } }
      for p in 0..<a.count {
        let matches = ScalarKey(a[p]).flatMap { rightOf[$0] } ?? []
        try bound(out.labels.count, adding: 1, times: max(1, matches.count))
        if matches.isEmpty { out.add(a[p], p, -1) }
        for q in matches { out.add(a[p], p, q) }
      }
    case "asof", "aj":
      let ys = sortedPositions(b)
      for p in 0..<a.count {
        // The last right label at or before this one.
        var lo = 0
        var hi = ys.count
        while lo < hi {
          let mid = (lo + hi) / 2
          if Comparison.order(b[ys[mid]], a[p]) <= 0 { lo = mid + 1 } else { hi = mid }
        }
        out.add(a[p], p, lo == 0 ? -1 : ys[lo - 1])
      }
    default:
      throw ScriptError(RuntimeMessages.alignHow(how))
    }
    return out
  }

  /// Positions of `v` in label order (equal labels in their order).
  private static func sortedPositions(_ v: Vector) -> [Int] {
    Array(0..<v.count).sorted { p, q in
      let o = Comparison.order(v[p], v[q])
      return o != 0 ? o < 0 : p < q
    }
  }

  /// Repeated labels pair up multiplicatively: refused before the labels alone outgrow a matrix.
  private static func bound(_ count: Int, adding n: Int, times m: Int) throws(ScriptError) {
    let (pairs, o1) = n.multipliedReportingOverflow(by: m)
    let (total, o2) = count.addingReportingOverflow(pairs)
    guard !o1, !o2, total <= Matrix.maxCells else {
      throw ScriptError(RuntimeMessages.matrixTooLarge(total, 1, limit: Matrix.maxCells))
    }
  }
}
