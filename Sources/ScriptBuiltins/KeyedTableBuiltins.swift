import ScriptRuntime

/// `keyedTable` and `indexedTable` (one row per key; DolphinDB's two differ only in how they
/// index, which here is one hash index), and `upsert!`.
enum KeyedTableBuiltins {
  static let all: [Builtin] = [
    Builtin("keyedTable", args: 2...Int.max) { a throws(ScriptError) in try keyed(a) },
    Builtin("indexedTable", args: 2...Int.max) { a throws(ScriptError) in try keyed(a) },
    Builtin("keyedStreamTable", args: 2...Int.max) { a throws(ScriptError) in try keyed(a) },
    // upsert!(obj, newData, [ignoreNull], [keyColNames]): rows of newData replace the rows with
    // their keys and the others are appended; a keyed table knows its keys, a plain table is
    // given them.
    Builtin(
      "upsert!", args: 2...5, parameterNames: ["obj", "newData", "ignoreNull", "keyColNames", "sortColumns"],
      mutatesFirst: true
    ) { a throws(ScriptError) in
      guard case .object(let o) = a[0], let target = o as? Table else {
        throw ScriptError(RuntimeMessages.upsertNeedsTable(a[0].typeString))
      }
      guard case .object(let d) = a[1], let data = d as? Table else {
        throw ScriptError(RuntimeMessages.upsertNeedsTable(a[1].typeString))
      }
      var columns: [Vector] = []
      for n in target.names {
        guard let c = data.column(n) else { throw ScriptError(RuntimeMessages.noColumn(n)) }
        columns.append(c)
      }
      if !target.keyNames.isEmpty {
        try target.append(columns: columns, from: "upsert!")
        return a[0]
      }
      guard a.has(3) else { throw ScriptError(RuntimeMessages.upsertNeedsKeys()) }
      // A plain table: keyed for the merge, then plain again.
      try target.setKeys(try column(a[3], "upsert!").strings)
      defer { try? target.setKeys([]) }
      try target.append(columns: columns, from: "upsert!")
      return a[0]
    },
  ]

  /// keyedTable(keyColumns, table | columns... | capacity:size, colNames, colTypes).
  static func keyed(_ a: CallArguments) throws(ScriptError) -> Value {
    let keys = try column(a[0], "keyedTable").strings
    let rest = CallArguments(
      values: Array(a.values.dropFirst()), machine: a.machine, sourceNames: Array(a.sourceNames.dropFirst()))
    guard case .object(let o) = try TableBuiltins.makeTable(rest), let made = o as? Table else { return .void }
    // A new table: `keyedTable(keys, t)` copies t's rows.
    let t = made.copy()
    try t.setKeys(keys)
    return .object(t)
  }
}
