import ScriptRuntime

/// `unionAll`: the rows of several tables in one new table.
enum TableUnion {
  static let all: [Builtin] = [
    // unionAll(tableA, tableB, [byColName=false]) or unionAll(tables, [byColName=false]).
    Builtin("unionAll", args: 1...3, parameterNames: ["tableA", "tableB", "byColName"]) { a throws(ScriptError) in
      var tables: [Table] = []
      var byName = false
      if case .tuple(let items) = a[0] {
        for (k, item) in items.enumerated() {
          tables.append(try TableBuiltins.table(item, "table \(k + 1) of 'unionAll'"))
        }
        byName = a.has(1) && a[1].isTruthy
      } else {
        tables.append(try TableBuiltins.table(a[0], "the first argument of 'unionAll'"))
        if a.has(1) { tables.append(try TableBuiltins.table(a[1], "the second argument of 'unionAll'")) }
        byName = a.has(2) && a[2].isTruthy
      }
      guard let first = tables.first else { throw ScriptError(RuntimeMessages.unionNeedsTables()) }
      return .object(try byName ? unionByName(tables) : unionByPosition(first, tables))
    }
  ]

  /// Columns matched by position: every table has the first one's column count; its names and
  /// types win.
  static func unionByPosition(_ first: Table, _ tables: [Table]) throws(ScriptError) -> Table {
    var columns = first.columns.map { Vector.empty($0.type) }
    for (k, t) in tables.enumerated() {
      guard t.columns.count == columns.count else {
        throw ScriptError(RuntimeMessages.unionColumnCountMismatch(k + 1, t.columns.count, columns.count))
      }
      for c in columns.indices {
        do {
          let v =
            t.columns[c].type == columns[c].type ? t.columns[c] : try Cast.vector(t.columns[c], to: columns[c].type)
          try columns[c].append(contentsOf: v)
        } catch {
          throw ScriptError(RuntimeMessages.cannotAppendToColumn(first.names[c], error.message))
        }
      }
    }
    return try Table(names: first.names, columns: columns)
  }

  /// Columns matched by name: every name any table has, in order of first appearance; a table
  /// without a column gives nulls there.
  static func unionByName(_ tables: [Table]) throws(ScriptError) -> Table {
    var names: [String] = []
    var types: [DataType] = []
    for t in tables {
      for (n, c) in zip(t.names, t.columns) where !names.contains(where: { $0.lowercased() == n.lowercased() }) {
        names.append(n)
        types.append(c.type)
      }
    }
    var columns = types.map { Vector.empty($0) }
    for t in tables {
      for (c, name) in names.enumerated() {
        do {
          if let given = t.column(name) {
            try columns[c].append(contentsOf: given.type == types[c] ? given : try Cast.vector(given, to: types[c]))
          } else {
            try columns[c].append(contentsOf: Vector.nulls(types[c], count: t.rowCount))
          }
        } catch {
          throw ScriptError(RuntimeMessages.cannotAppendToColumn(name, error.message))
        }
      }
    }
    return try Table(names: names, columns: columns)
  }
}
