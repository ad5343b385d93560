import ScriptRuntime

/// DolphinDB's `getChunkPath(ds)`: the paths of the chunks one data source, or each of a tuple
/// of them (what `sqlDS` gives), reads, as `getChunksMeta` shows them (`/db/partition/table`):
/// one per partition `sqlDS` split the query into, or those its `where` may choose when it
/// reads a whole `dfs://` table. A data source over anything else is refused.
enum ChunkPaths {
  static func paths(_ ds: DataSource, _ m: Machine) throws(ScriptError) -> [String] {
    let code = ds.code
    guard case .sql(.query(let q)) = code.expr.kind, let from = q.from, q.joinedTables.isEmpty else {
      throw ScriptError(RuntimeMessages.getChunkPathNeedsDFS("a join or a query without a table"))
    }
    let table = try m.evaluate(MetaCode(from, bindings: code.bindings, labels: code.labels))
    guard case .object(let o) = table, let located = o as? ChunkLocatedSource else {
      throw ScriptError(RuntimeMessages.getChunkPathNeedsDFS(table.typeString))
    }
    let columns = (o as? AppendableTable)?.columnNames
    return try located.chunkPaths(matching: m.partitionPredicates(code, columns: columns))
  }

  static let builtin = Builtin("getChunkPath", args: 1...1, parameterNames: ["ds"]) { a throws(ScriptError) in
    try a.machine.require(.login("list chunks"))
    let items: [Value]
    if case .tuple(let xs) = a[0] { items = xs } else { items = [a[0]] }
    var out: [String] = []
    for item in items {
      guard case .object(let o) = item, let ds = o as? DataSource else {
        throw ScriptError(RuntimeMessages.needsDataSources("getChunkPath", got: item.typeString))
      }
      out += try paths(ds, a.machine)
    }
    return .vector(Vector(strings: out))
  }
}
