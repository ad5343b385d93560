import ScriptRuntime

/// Functions that change a table's columns in place or reshape what it holds:
/// `replaceColumn!`, `reorderColumns!`, `unpivot`, `dropna`, `dictUpdate!`, `loadTableBySQL`.
enum TableReshapeBuiltins {
  static func memoryTable(_ v: Value, _ name: String) throws(ScriptError) -> Table {
    guard case .object(let o) = v, let t = o as? Table else {
      throw ScriptError(RuntimeMessages.changesMemoryTablesOnly(name, got: v.typeString))
    }
    return t
  }

  /// `unpivot(obj, keyColNames, valueColNames, [func])`: each row of the value columns as rows
  /// of (keys..., valueType, value), value column after value column within a row; `func`
  /// renames the value columns in `valueType`.
  static func unpivot(_ a: CallArguments) throws(ScriptError) -> Value {
    let t = try TableBuiltins.table(a[0], "the first argument of 'unpivot'")
    let keys = try a.vector(1, "the keyColNames of 'unpivot'").strings
    let valueNames = try a.vector(2, "the valueColNames of 'unpivot'").strings
    var keyColumns: [Vector] = []
    for k in keys {
      guard let c = t.column(k) else { throw ScriptError(RuntimeMessages.unknownColumn(k, known: t.names)) }
      keyColumns.append(c)
    }
    var valueColumns: [Vector] = []
    for v in valueNames {
      guard let c = t.column(v) else { throw ScriptError(RuntimeMessages.unknownColumn(v, known: t.names)) }
      valueColumns.append(c)
    }
    guard let firstValue = valueColumns.first else {
      throw ScriptError(RuntimeMessages.mustBeVector("the valueColNames of 'unpivot'", got: "an empty list"))
    }
    var labels = Vector(strings: valueNames, type: .symbol)
    if a.has(3) {
      let renamed = try a.machine.call(try a.function(3, "the func of 'unpivot'"), [.vector(labels)])
      labels = try column(renamed, "unpivot")
      guard labels.count == valueNames.count else {
        throw ScriptError(RuntimeMessages.incompatibleSizes("unpivot", valueNames.count, labels.count))
      }
    }
    let width = valueColumns.count
    let (n, overflow) = t.rowCount.multipliedReportingOverflow(by: width)
    guard !overflow else { throw ScriptError(RuntimeMessages.incompatibleSizes("unpivot", t.rowCount, width)) }
    try a.machine.checkAllocation(n, elementBytes: 8 * (keys.count + 2), "the rows of 'unpivot'")
    let rowOf = (0..<n).map { $0 / width }
    let columnOf = (0..<n).map { $0 % width }
    var values = Vector.empty(firstValue.type, capacity: n)
    for c in valueColumns.dropFirst() where c.type != firstValue.type {
      // Numbers of several types meet as DOUBLE; anything else must be of one type.
      guard c.type.isNumeric, firstValue.type.isNumeric else {
        throw ScriptError(RuntimeMessages.unpivotTypes(firstValue.type.name, c.type.name))
      }
      values = Vector.empty(.double, capacity: n)
    }
    let converted = try valueColumns.map { c throws(ScriptError) in try Cast.vector(c, to: values.type) }
    for i in 0..<n { try values.append(converted[columnOf[i]][rowOf[i]]) }
    return .object(
      try Table(
        names: keys + ["valueType", "value"],
        columns: keyColumns.map { $0.gather(rowOf) } + [labels.gather(columnOf), values]))
  }

  /// `dropna(X, [byRow=true], [thresh])`: a vector without its nulls; a matrix without the rows
  /// (columns) holding a null, or holding fewer than `thresh` non-null cells.
  static func dropna(_ a: CallArguments) throws(ScriptError) -> Value {
    let byRow = a.has(1) ? a[1].isTruthy : true
    let thresh = a.has(2) ? try a.integer(2, "the thresh of 'dropna'") : nil
    if case .vector(let v) = a[0], !v.isArrayVector {
      return .vector(v.gather((0..<v.count).filter { !v.isNull($0) }))
    }
    guard var m = MatrixBuiltins.matrix(a[0]) else {
      throw ScriptError(RuntimeMessages.mustBeVector("the argument of 'dropna'", got: a[0].typeString))
    }
    if !byRow { m = try m.transposed() }
    let keep = (0..<m.rowCount).filter { r in
      let present = m.columns.filter { !$0.isNull(r) }.count
      return thresh.map { present >= $0 } ?? (present == m.columnCount)
    }
    let kept = try Matrix(
      columns: m.columns.map { $0.gather(keep) }, rows: keep.count, rowLabels: m.rowLabels?.gather(keep),
      columnLabels: m.columnLabels)
    return .object(byRow ? kept : try kept.transposed())
  }

  static let all: [Builtin] = [
    // replaceColumn!(table, colName, newCol): the column's values (and type) replaced.
    Builtin("replaceColumn!", args: 3...3, parameterNames: ["table", "colName", "newCol"], mutatesFirst: true) {
      a throws(ScriptError) in
      let t = try memoryTable(a[0], "replaceColumn!")
      let name = try a.text(1, "the column name of 'replaceColumn!'")
      try t.replaceColumn(name, with: try a.vector(2, "the new column of 'replaceColumn!'"))
      return a[0]
    },
    // reorderColumns!(table, reorderedColNames): those columns first, in that order.
    Builtin("reorderColumns!", args: 2...2, parameterNames: ["table", "reorderedColNames"], mutatesFirst: true) {
      a throws(ScriptError) in
      let t = try memoryTable(a[0], "reorderColumns!")
      try t.reorderColumns(try a.vector(1, "the column names of 'reorderColumns!'").strings)
      return a[0]
    },
    Builtin("unpivot", args: 3...4, parameterNames: ["obj", "keyColNames", "valueColNames", "func"]) {
      a throws(ScriptError) in try unpivot(a)
    },
    Builtin("dropna", args: 1...3, parameterNames: ["X", "byRow", "thresh"]) { a throws(ScriptError) in
      try dropna(a)
    },
    // dictUpdate!(dict, function, keys, parameters, [initFunc]): for each key, its value becomes
    // function(value, parameter); a key not in dict gets initFunc(parameter), or the parameter.
    Builtin(
      "dictUpdate!", args: 4...5, parameterNames: ["dictionary", "function", "keys", "parameters", "initFunc"],
      mutatesFirst: true
    ) { a throws(ScriptError) in
      guard case .dictionary(var d) = a[0] else {
        throw ScriptError(RuntimeMessages.mustBeDictionary("the first argument of 'dictUpdate!'", got: a[0].typeString))
      }
      let f = try a.function(1, "the function of 'dictUpdate!'")
      let keys = HigherOrder.elements(a[2]) ?? [a[2]]
      let parameters = HigherOrder.elements(a[3]) ?? [a[3]]
      guard keys.count == parameters.count else {
        throw ScriptError(RuntimeMessages.incompatibleSizes("dictUpdate!", keys.count, parameters.count))
      }
      let initFunc = a.has(4) ? try a.function(4, "the initFunc of 'dictUpdate!'") : nil
      for (k, p) in zip(keys, parameters) {
        if let old = d[k] {
          try d.set(k, try a.machine.call(f, [old, p]))
        } else {
          try d.set(k, try initFunc.map { g throws(ScriptError) in try a.machine.call(g, [p]) } ?? p)
        }
      }
      a[0] = .dictionary(d)
      return a[0]
    },
    // loadTableBySQL(sqlObj): the rows a query's metacode selects, as an in-memory table.
    Builtin("loadTableBySQL", args: 1...1, parameterNames: ["sql"]) { a throws(ScriptError) in
      let result = try a.machine.evaluate(try MetacodeBuiltins.metacode(a[0], "loadTableBySQL"))
      guard case .object(let o) = result, o is Table else {
        throw ScriptError(RuntimeMessages.mustBeTable("the result of 'loadTableBySQL'", got: result.typeString))
      }
      return result
    },
  ]
}
