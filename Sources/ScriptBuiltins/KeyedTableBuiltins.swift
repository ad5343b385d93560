import ScriptRuntime

/// `keyedTable` and `indexedTable` (one row per key; DolphinDB's two differ only in how they
/// index, which here is one hash index); `upsert!` is in `Upserts`.
enum KeyedTableBuiltins {
  static let all: [Builtin] = [
    Builtin("keyedTable", args: 2...Int.max) { a throws(ScriptError) in try keyed(a, "keyedTable") },
    Builtin("indexedTable", args: 2...Int.max) { a throws(ScriptError) in try keyed(a, "indexedTable") },
    Builtin("keyedStreamTable", args: 2...Int.max) { a throws(ScriptError) in try keyed(a, "keyedStreamTable") },
  ]

  /// keyedTable(keyColumns, table | columns... | capacity:size, colNames, colTypes).
  static func keyed(_ a: CallArguments, _ name: String) throws(ScriptError) -> Value {
    guard a[0].type == .string || a[0].type == .symbol else {
      throw ScriptError(RuntimeMessages.keyColumnsNeedNames(name, a[0].typeString))
    }
    let keys = try column(a[0], name).strings
    let rest = CallArguments(
      values: Array(a.values.dropFirst()), machine: a.machine, sourceNames: Array(a.sourceNames.dropFirst()))
    guard case .object(let o) = try TableBuiltins.makeTable(rest), let made = o as? Table else { return .void }
    // A new table: `keyedTable(keys, t)` copies t's rows.
    let t = made.copy()
    try t.setKeys(keys)
    return .object(t)
  }
}
