import ScriptRuntime

/// Rows of tables by key and by element: `sliceByKey(table, rowKeys, [colNames])` (the rows of
/// a keyed or indexed table whose key columns, or the first of them, hold the given values; a
/// scalar colNames gives that column as a vector) and `ungroup(table)` (each array-vector
/// cell expanded to one row per element, the other columns repeated).
enum KeyedRows {
  /// The probe keys: one value per key column used (a scalar or tuple of scalars is one key; a
  /// vector, or a tuple of equal-length vectors, is one key per element).
  static func probes(_ rowKeys: Value, columns: [Vector]) throws(ScriptError) -> [[ScalarKey]] {
    var parts: [Value]
    if case .tuple(let items) = rowKeys { parts = items } else { parts = [rowKeys] }
    guard !parts.isEmpty, parts.count <= columns.count else {
      throw ScriptError(RuntimeMessages.sliceByKeyKeys(parts.count, columns.count))
    }
    var length: Int?
    for p in parts where !p.isScalar {
      guard case .vector(let v) = p, !v.isArrayVector else {
        throw ScriptError(RuntimeMessages.sliceByKeyKeys(parts.count, columns.count))
      }
      if let n = length, n != v.count { throw ScriptError(RuntimeMessages.incompatibleSizes("sliceByKey", n, v.count)) }
      length = v.count
    }
    let n = length ?? 1
    var out = [[ScalarKey]](repeating: [], count: n)
    for (c, p) in parts.enumerated() {
      for i in 0..<n {
        let v: Value
        if case .vector(let vec) = p { v = vec[i] } else { v = p }
        // The probe is read as the key column's type (a STRING for a SYMBOL key, ...).
        let typed = v.isNull ? Value.void : try Cast.scalar(v, to: columns[c].type)
        out[i].append(ScalarKey(typed) ?? .null)
      }
    }
    return out
  }

  static func sliceByKey(_ a: CallArguments) throws(ScriptError) -> Value {
    guard case .object(let t as Table) = a[0], !t.keyNames.isEmpty else {
      throw ScriptError(RuntimeMessages.sliceByKeyTable(a[0].typeString))
    }
    let keyColumns = t.keyNames.compactMap { t.column($0) }
    let keys = try probes(a[1], columns: keyColumns)
    let used = keys.first?.count ?? 0
    // The rows of each key prefix, in table order.
    var rowsOf: [[ScalarKey]: [Int]] = [:]
    for r in 0..<t.rowCount {
      rowsOf[(0..<used).map { ScalarKey(keyColumns[$0][r]) ?? .null }, default: []].append(r)
    }
    let rows = keys.flatMap { rowsOf[$0] ?? [] }
    let sub = t.gather(rows)
    guard a.has(2) else { return .object(sub) }
    func column(_ name: String) throws(ScriptError) -> Vector {
      guard let c = sub.column(name) else { throw ScriptError(RuntimeMessages.noMember(name, in: t.typeString)) }
      return c
    }
    if case .string(let name, _) = a[2] { return .vector(try column(name)) }
    guard case .vector(let names) = a[2], names.type.isText else {
      throw ScriptError(RuntimeMessages.mustBeString("the colNames of 'sliceByKey'", got: a[2].typeString))
    }
    var columns: [Vector] = []
    for name in names.strings { columns.append(try column(name)) }
    return .object(try Table(names: names.strings, columns: columns))
  }

  static func ungroup(_ t: Table) throws(ScriptError) -> Table {
    let nested = t.columns.indices.compactMap { j -> (Int, NestedColumn)? in
      if case .nested(let c) = t.columns[j].storage { return (j, c) }
      return nil
    }
    guard let first = nested.first, t.rowCount > 0 else { return t }
    // Each row yields as many rows as its arrays hold elements; its arrays must agree.
    var rows: [Int] = []
    for i in 0..<t.rowCount {
      let n = first.1.bounds(i).count
      for (j, c) in nested.dropFirst() where c.bounds(i).count != n {
        throw ScriptError(RuntimeMessages.ungroupLengths(t.names[first.0], t.names[j], row: i))
      }
      rows.append(contentsOf: repeatElement(i, count: n))
    }
    var columns = t.columns.map { $0.gather(rows) }
    for (j, c) in nested {
      var elements: [Int] = []
      elements.reserveCapacity(rows.count)
      for i in 0..<t.rowCount { elements.append(contentsOf: c.bounds(i)) }
      columns[j] = c.values.gather(elements)
    }
    return try Table(names: t.names, columns: columns)
  }

  static let all: [Builtin] = [
    Builtin("sliceByKey", args: 2...3, parameterNames: ["table", "rowKeys", "colNames"]) { a throws(ScriptError) in
      try sliceByKey(a)
    },
    Builtin("ungroup", args: 1...1, parameterNames: ["X"], arrayAware: true) { a throws(ScriptError) in
      guard case .object(let t as Table) = a[0] else {
        throw ScriptError(RuntimeMessages.mustBeTable("the argument of 'ungroup'", got: a[0].typeString))
      }
      return .object(try ungroup(t))
    },
  ]
}
