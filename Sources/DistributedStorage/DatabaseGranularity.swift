import ScriptRuntime

/// DolphinDB's `getAllDBGranularity()`: the chunk granularity of every `dfs://` database this
/// node lists (`getDFSDatabases`), as a dictionary from the database's path (`/valuedb` for
/// `dfs://valuedb`) to TABLE or DATABASE. Each table's partitions are chunks of their own here,
/// whatever `database(..., chunkGranularity)` asked (as `schema` reports), so every database
/// is TABLE.
enum DatabaseGranularity {
  static let builtin = Builtin("getAllDBGranularity", args: 0...0) { a throws(ScriptError) in
    var out = DictionaryValue(keyType: .string, valueType: .string)
    guard case .vector(let names) = try a.machine.call(function: "getDFSDatabases", []) else { return .dictionary(out) }
    for name in names.strings {
      let path = name.hasPrefix("dfs://") ? "/" + name.dropFirst("dfs://".count) : name
      try out.set(.string(path, .string), .string("TABLE", .string))
    }
    return .dictionary(out)
  }
}
