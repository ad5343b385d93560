import ScriptRuntime

/// `keyedTable` and `indexedTable` (one row per key; DolphinDB's two differ only in how they
/// index, which here is one hash index) and `keyedStreamTable` (a stream table whose rows have
/// distinct keys: a row with a key already held is dropped); `upsert!` is in `Upserts`, the
/// `latest...` tables in `LatestKeyedTables`.
enum KeyedTableBuiltins {
  static let all: [Builtin] = [
    Builtin("keyedTable", args: 2...Int.max) { a throws(ScriptError) in .object(try keyed(a, "keyedTable")) },
    Builtin("indexedTable", args: 2...Int.max) { a throws(ScriptError) in .object(try keyed(a, "indexedTable")) },
    Builtin("keyedStreamTable", args: 2...Int.max) { a throws(ScriptError) in
      let t = try keyed(a, "keyedStreamTable")
      try t.setKeyPolicy(.keepFirst)
      t.markAsStream()
      return .object(t)
    },
  ]

  /// keyedTable(keyColumns, table | columns... | capacity:size, colNames, colTypes): a new
  /// table keyed by the first argument, made of the arguments after the first `leading` ones.
  static func keyed(_ a: CallArguments, _ name: String, leading: Int = 1) throws(ScriptError) -> Table {
    guard a[0].type == .string || a[0].type == .symbol else {
      throw ScriptError(RuntimeMessages.keyColumnsNeedNames(name, a[0].typeString))
    }
    let keys = try column(a[0], name).strings
    let rest = CallArguments(
      values: Array(a.values.dropFirst(leading)), machine: a.machine,
      sourceNames: Array(a.sourceNames.dropFirst(leading)))
    guard case .object(let o) = try TableBuiltins.makeTable(rest), let made = o as? Table else {
      throw ScriptError(RuntimeMessages.cannotTake(name, rest[0].typeString))
    }
    // A new table: `keyedTable(keys, t)` copies t's rows.
    let t = made.copy()
    try t.setKeys(keys)
    return t
  }
}
