import ScriptRuntime

/// Applying a function group by group or column by column: `groupby(func, funcArgs,
/// groupingCol)` (one row per group, keys sorted), `segmentby(func, funcArgs, segment)`
/// (contextby over runs of equal values), `rowGroupby(func, funcArgs, groupingCol, [mode],
/// [ascending])` (groups within each row of a matrix or array vector), `byColumn(func, X, [Y])`
/// and `withNullFill(func, x, y, fillValue)`.
enum GroupApplication {
  /// The grouping vectors of an argument: one vector, or a tuple of equal-length vectors.
  static func keys(_ v: Value, _ name: String) throws(ScriptError) -> [Vector] {
    var out: [Vector] = []
    if case .tuple(let items) = v {
      for item in items { out.append(try column(item, name)) }
    } else {
      out = [try column(v, name)]
    }
    guard let n = out.first?.count, out.allSatisfy({ $0.count == n }) else {
      throw ScriptError(RuntimeMessages.contextbyLengths())
    }
    return out
  }

  /// The arguments func takes: the elements of a tuple, else the one value; each vector must
  /// have the grouping length.
  static func arguments(_ v: Value, count n: Int, _ name: String) throws(ScriptError) -> [Value] {
    let items: [Value]
    if case .tuple(let t) = v { items = t } else { items = [v] }
    for item in items {
      if case .vector(let vec) = item, vec.count != n {
        throw ScriptError(RuntimeMessages.incompatibleSizes(name, n, vec.count))
      }
    }
    return items
  }

  /// Each argument cut to the rows of one group (scalars pass whole).
  static func restricted(_ arguments: [Value], _ rows: [Int]) -> [Value] {
    arguments.map { argument in
      if case .vector(let v) = argument { return .vector(v.gather(rows)) }
      return argument
    }
  }

  /// func over each group, its result put back in the group's rows (an aggregate's one value
  /// fills them): what contextby and segmentby share.
  static func scatter(
    _ f: FunctionValue, _ arguments: [Value], _ groups: [[Int]], count n: Int, _ m: Machine, _ caller: String
  ) throws(ScriptError) -> Value {
    var out = [Value](repeating: .void, count: n)
    for rows in groups {
      if m.isInterrupted { throw Machine.interrupted() }
      let result = try m.call(f, restricted(arguments, rows))
      switch result {
      case .vector(let r) where r.count == rows.count:
        for (k, row) in rows.enumerated() { out[row] = r[k] }
      case _ where result.isScalar:
        for row in rows { out[row] = result }
      default:
        throw ScriptError(RuntimeMessages.groupResult(caller, f.name, rows.count, result.typeString))
      }
    }
    return collectTyped(out, empty: .double)
  }

  static let all: [Builtin] = [
    Builtin("groupby", args: 3...3, parameterNames: ["func", "funcArgs", "groupingCol"]) { a throws(ScriptError) in
      try groupby(a)
    },
    Builtin("segmentby", args: 3...3, parameterNames: ["func", "funcArgs", "segment"]) { a throws(ScriptError) in
      let f = try a.function(0, "the first argument of 'segmentby'")
      let segment = try keys(a[2], "segmentby")
      let n = segment[0].count
      let arguments = try arguments(a[1], count: n, "segmentby")
      // A group is a run of rows whose segment values equal the row before's.
      var groups: [[Int]] = []
      for i in 0..<n {
        let same = i > 0 && segment.allSatisfy { ScalarKey($0[i]) == ScalarKey($0[i - 1]) }
        if same { groups[groups.count - 1].append(i) } else { groups.append([i]) }
      }
      return try scatter(f, arguments, groups, count: n, a.machine, "segmentby")
    },
    Builtin(
      "rowGroupby", args: 3...5, parameterNames: ["func", "funcArgs", "groupingCol", "mode", "ascending"],
      arrayAware: true
    ) { a throws(ScriptError) in try rowGroupby(a) },
    Builtin("byColumn", args: 2...3, parameterNames: ["func", "X", "Y"]) { a throws(ScriptError) in
      try byColumn(a)
    },
    Builtin("withNullFill", args: 4...4, parameterNames: ["func", "x", "y", "fillValue"]) { a throws(ScriptError) in
      try withNullFill(a)
    },
  ]

  /// `groupby`: a table of the group keys (sorted ascending, nulls first) and func's result per
  /// group: a scalar makes one column, a dictionary one column per key.
  static func groupby(_ a: CallArguments) throws(ScriptError) -> Value {
    let f = try a.function(0, "the first argument of 'groupby'")
    let grouping = try keys(a[2], "groupby")
    let n = grouping[0].count
    let arguments = try arguments(a[1], count: n, "groupby")
    let members = Series.groupsInOrderOfAppearance(grouping, count: n)
    // Groups in key order, the first grouping vector most significant.
    let order = members.indices.sorted { x, y in
      for g in grouping {
        let r = Comparison.order(g[members[x][0]], g[members[y][0]])
        if r != 0 { return r < 0 }
      }
      return x < y
    }
    var results: [Value] = []
    for g in order {
      if a.machine.isInterrupted { throw Machine.interrupted() }
      results.append(try a.machine.call(f, restricted(arguments, members[g])))
    }
    var names: [String] = []
    var columns: [Vector] = []
    let firstRows = order.map { members[$0][0] }
    for (k, g) in grouping.enumerated() {
      var name = grouping.count == 1 ? (a.sourceNames.count > 2 ? a.sourceNames[2] : nil) ?? "key" : "key\(k + 1)"
      if names.contains(name) { name += "_\(k)" }
      names.append(name)
      columns.append(g.gather(firstRows))
    }
    let argumentName = a.sourceNames.count > 1 ? a.sourceNames[1] : nil
    let base = argumentName.map { "\(f.name)_\($0)" } ?? f.name
    if case .dictionary(let first) = results.first {
      // One column per key of the first group's dictionary.
      for key in first.keys {
        var cells: [Value] = []
        for r in results {
          guard case .dictionary(let d) = r else {
            throw ScriptError(RuntimeMessages.groupbyResult(f.name, r.typeString))
          }
          cells.append(d[key] ?? .void)
        }
        if case .string(let s, _) = key, !s.isEmpty { names.append(s) } else { names.append("\(base)_\(names.count)") }
        columns.append(try column(collectTyped(cells, empty: .double), "groupby"))
      }
    } else {
      for r in results where !r.isScalar {
        throw ScriptError(RuntimeMessages.groupbyResult(f.name, r.typeString))
      }
      names.append(base)
      columns.append(try column(collectTyped(results, empty: .double), "groupby"))
    }
    return .object(try Table(names: names, columns: columns))
  }

  /// The rows of a matrix or array vector as vectors.
  static func rowsOf(_ v: Value, _ what: String) throws(ScriptError) -> [Vector] {
    switch v {
    case .object(let m as Matrix): return (0..<m.rowCount).map { m.row($0) }
    case .vector(let vec):
      if case .nested(let rows) = vec.storage { return (0..<rows.count).map { rows.row($0) } }
    default: break
    }
    throw ScriptError(RuntimeMessages.mustBeMatrixOrArrayVector(what, got: v.typeString))
  }

  /// `rowGroupby`: in each row, func over the elements of funcArgs sharing a groupingCol value;
  /// keys and results come back as two array vectors (a tuple), a dictionary or a table.
  static func rowGroupby(_ a: CallArguments) throws(ScriptError) -> Value {
    let f = try a.function(0, "the first argument of 'rowGroupby'")
    let keyRows = try rowsOf(a[2], "the grouping column of 'rowGroupby'")
    let argumentValues: [Value]
    if case .tuple(let t) = a[1] { argumentValues = t } else { argumentValues = [a[1]] }
    var argumentRows: [[Vector]] = []
    for v in argumentValues {
      let rows = try rowsOf(v, "the arguments of 'rowGroupby'")
      guard rows.count == keyRows.count else {
        throw ScriptError(RuntimeMessages.incompatibleSizes("rowGroupby", keyRows.count, rows.count))
      }
      for (r, k) in zip(rows, keyRows) where r.count != k.count {
        throw ScriptError(RuntimeMessages.incompatibleSizes("rowGroupby", k.count, r.count))
      }
      argumentRows.append(rows)
    }
    let mode = a.has(3) ? try a.text(3, "the mode of 'rowGroupby'").lowercased() : "tuple"
    guard ["tuple", "dict", "table"].contains(mode) else {
      throw ScriptError(RuntimeMessages.mustBeOneOf("the mode of 'rowGroupby'", ["tuple", "dict", "table"], got: mode))
    }
    let ascending = a.has(4) ? a[4].isTruthy : true
    let keyType = keyRows.first?.type ?? (a[2].type == .void ? .double : a[2].type)
    var keyColumn = NestedColumn.empty(keyType)
    var valueCells: [Value] = []
    var valueEnds: [Int] = []
    for (i, row) in keyRows.enumerated() {
      if a.machine.isInterrupted { throw Machine.interrupted() }
      let members = Series.groupsInOrderOfAppearance([row], count: row.count)
      let order = members.indices.sorted { x, y in
        let r = Comparison.order(row[members[x][0]], row[members[y][0]])
        return r != 0 ? (ascending ? r < 0 : r > 0) : x < y
      }
      try keyColumn.appendRow(.vector(row.gather(order.map { members[$0][0] })))
      for g in order {
        let groupArguments = argumentRows.map { Value.vector($0[i].gather(members[g])) }
        let result = try a.machine.call(f, groupArguments)
        guard result.isScalar else { throw ScriptError(RuntimeMessages.aggregateMustGiveScalar(f.name)) }
        valueCells.append(result)
      }
      valueEnds.append(valueCells.count)
    }
    let values = try column(collectTyped(valueCells, empty: .double), "rowGroupby")
    let keysVector = Vector(type: keyType, storage: .nested(keyColumn))
    let valuesVector = Vector(type: values.type, storage: .nested(NestedColumn(ends: valueEnds, values: values)))
    switch mode {
    case "dict":
      var d = DictionaryValue(keyType: .string, valueType: .any)
      try d.set(.string("key"), .vector(keysVector))
      try d.set(.string("value"), .vector(valuesVector))
      return .dictionary(d)
    case "table":
      return .object(try Table(names: ["key", "value"], columns: [keysVector, valuesVector]))
    default:
      return .tuple([.vector(keysVector), .vector(valuesVector)])
    }
  }

  /// `byColumn`: func over each column of X (with the matching column of Y): a matrix's
  /// columns as `each` takes them, a table's columns by name, a tuple's elements.
  static func byColumn(_ a: CallArguments) throws(ScriptError) -> Value {
    let f = try a.function(0, "the first argument of 'byColumn'")
    let operands = a.has(2) ? [a[1], a[2]] : [a[1]]
    switch a[1] {
    case .object(let t as Table):
      var columns: [Vector] = []
      for (k, c) in t.columns.enumerated() {
        var args: [Value] = [.vector(c)]
        if a.has(2) {
          guard case .object(let u as Table) = a[2], k < u.columns.count, u.rowCount == t.rowCount else {
            throw ScriptError(RuntimeMessages.byColumnShapes(a[1].typeString, a[2].typeString))
          }
          args.append(.vector(u.columns[k]))
        }
        columns.append(try column(try a.machine.call(f, args), "byColumn"))
      }
      guard let n = columns.first?.count, columns.allSatisfy({ $0.count == n }) else {
        throw ScriptError(RuntimeMessages.byColumnShapes(a[1].typeString, a[1].typeString))
      }
      return .object(try Table(names: t.names, columns: columns))
    case .object(is Matrix), .tuple:
      return try HigherOrder.each(f, operands, a.machine)
    default:
      // A vector is one column.
      return try a.machine.call(f, operands)
    }
  }

  /// `withNullFill`: func over x and y where a null meeting a value is taken as fillValue; a
  /// position null on both sides stays null.
  static func withNullFill(_ a: CallArguments) throws(ScriptError) -> Value {
    let f = try a.function(0, "the first argument of 'withNullFill'")
    let fill = a[3]
    guard fill.isScalar, !fill.isNull else {
      throw ScriptError(RuntimeMessages.mustBeScalarFill("withNullFill", got: fill.typeString))
    }
    // Both sides as columns of one shape: a vector meeting a matrix stands for each column.
    func columns(_ v: Value) throws(ScriptError) -> [Vector]? {
      switch v {
      case .object(let m as Matrix): return m.columns
      case .vector(let vec) where !vec.isArrayVector: return [vec]
      case _ where v.isScalar: return nil
      default: throw ScriptError(RuntimeMessages.cannotTake("withNullFill", v.typeString))
      }
    }
    let xs = try columns(a[1])
    let ys = try columns(a[2])
    let rows = xs?.first?.count ?? ys?.first?.count ?? 1
    let width = max(xs?.count ?? 1, ys?.count ?? 1)
    for side in [xs, ys] {
      guard let side else { continue }
      for c in side where c.count != rows {
        throw ScriptError(RuntimeMessages.incompatibleSizes("withNullFill", rows, c.count))
      }
      guard side.count == width || side.count == 1 else {
        throw ScriptError(RuntimeMessages.incompatibleSizes("withNullFill", width, side.count))
      }
    }
    if xs == nil && ys == nil {
      // Two scalars: the null one (if only one) is taken as fillValue.
      let x = a[1].isNull && !a[2].isNull ? fill : a[1]
      let y = a[2].isNull && !a[1].isNull ? fill : a[2]
      return try a.machine.call(f, [x, y])
    }
    func cell(_ side: [Vector]?, _ scalar: Value, _ j: Int, _ i: Int) -> Value {
      guard let side else { return scalar }
      return side[side.count == 1 ? 0 : j][i]
    }
    func column(_ side: [Vector]?, _ scalar: Value, _ j: Int) throws(ScriptError) -> Vector {
      if let side { return side[side.count == 1 ? 0 : j] }
      let type = scalar.type == .void ? fill.type : scalar.type
      return scalar.isNull ? Vector.nulls(type, count: rows) : try Vector.filled(type, with: scalar, count: rows)
    }
    var bothNull: [(Int, Int)] = []
    var filledX: [Vector] = []
    var filledY: [Vector] = []
    for j in 0..<width {
      var cx = try column(xs, a[1], j)
      var cy = try column(ys, a[2], j)
      for i in 0..<rows {
        let (nx, ny) = (cell(xs, a[1], j, i).isNull, cell(ys, a[2], j, i).isNull)
        if nx && ny {
          bothNull.append((j, i))
        } else if nx {
          try cx.set(i, fill)
        } else if ny {
          try cy.set(i, fill)
        }
      }
      filledX.append(cx)
      filledY.append(cy)
    }
    // Filled operands in the shape of the result: a matrix when either side is one.
    let isMatrix = width > 1 || a[1].form == .matrix || a[2].form == .matrix
    func operand(_ original: Value, _ filled: [Vector]) throws(ScriptError) -> Value {
      guard isMatrix else { return .vector(filled[0]) }
      if case .object(let m as Matrix) = original { return .object(try m.withColumns(filled)) }
      return .object(try Matrix(columns: filled, rows: rows))
    }
    let left = try operand(a[1], filledX)
    let right = try operand(a[2], filledY)
    var result = try a.machine.call(f, [left, right])
    guard !bothNull.isEmpty else { return result }
    switch result {
    case .vector(var v) where width == 1 && v.count == rows:
      for (_, i) in bothNull { try v.set(i, .null(v.type)) }
      result = .vector(v)
    case .object(let m as Matrix) where m.columnCount == width && m.rowCount == rows:
      var cs = m.columns
      for (j, i) in bothNull { try cs[j].set(i, .null(cs[j].type)) }
      result = .object(try m.withColumns(cs))
    default:
      break
    }
    return result
  }
}
