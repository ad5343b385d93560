import ScriptRuntime

/// `replay(inputTables, outputTables, [dateColumn], [timeColumn], [replayRate], ...)`: the rows
/// of each input (a table, or data sources from `replayDS`/`sqlDS`) appended to its output in
/// time order, at once (the rate is accepted; nothing waits). `appendMsg` and
/// `getSnapshotMsgId` for engines.
enum ReplayBuiltins {
  /// The rows of one input: a table, or every data source's rows one after another.
  static func rows(_ v: Value, _ m: Machine) throws(ScriptError) -> Table {
    switch v {
    case .object(let t as Table): return t
    case .object(let s as SharedTable): return s.snapshot
    case .object(let ds as DataSource):
      guard case .object(let t as Table) = try m.evaluate(ds.code) else {
        throw ScriptError(RuntimeMessages.mustBeTable("a data source of 'replay'", got: "its result"))
      }
      return t
    case .tuple(let items):
      var parts: [Table] = []
      for item in items { parts.append(try rows(item, m)) }
      guard let first = parts.first else {
        throw ScriptError(RuntimeMessages.mustBeTable("'replay' input", got: "an empty tuple"))
      }
      let all = first.copy()
      for p in parts.dropFirst() { try all.append(columns: p.columns, from: "a data source of 'replay'") }
      return all
    case .object(let o as TableSource):
      return try o.scan(columns: nil, predicates: [])
    default:
      throw ScriptError(RuntimeMessages.mustBeTable("the input of 'replay'", got: v.typeString))
    }
  }

  static let all: [Builtin] = [
    Builtin(
      "replay", args: 2...10,
      parameterNames: [
        "inputTables", "outputTables", "dateColumn", "timeColumn", "replayRate", "absoluteRate", "parallelLevel",
        "sortColumns", "preciseRate", "outputHandler",
      ]
    ) { a throws(ScriptError) in
      // One input to one output, or inputs paired with outputs.
      let inputs: [Value]
      if case .tuple(let items) = a[0],
        items.allSatisfy({ if case .object(let o) = $0 { return !(o is DataSource) } else { return false } })
      {
        inputs = items
      } else {
        inputs = [a[0]]
      }
      var outputs = [a[1]]
      if case .tuple(let items) = a[1] { outputs = items }
      guard inputs.count == outputs.count else {
        throw ScriptError(RuntimeMessages.incompatibleSizes("replay", inputs.count, outputs.count))
      }
      let dateColumn = a.has(2) ? (HigherOrder.elements(a[2]) ?? [a[2]]).first?.stringValue : nil
      for (input, output) in zip(inputs, outputs) {
        var t = try rows(input, a.machine)
        if let dateColumn, let c = t.column(dateColumn) {
          let keys = c.int64s
          t = t.gather(keys.indices.sorted { (keys[$0], $0) < (keys[$1], $1) })
        }
        var target = output
        if case .string(let name, _) = output, let shared = a.machine.sharedObjects.table(name) {
          target = .object(shared)
        }
        guard case .object(let o as AppendableTable) = target else {
          throw ScriptError(RuntimeMessages.mustBeTable("an output of 'replay'", got: target.typeString))
        }
        try a.machine.requireWrite(o, .insert)
        try o.append(columns: t.columns, from: "replay", in: a.machine)
      }
      return .void
    },
    // replayDS(sqlObj, [dateColumn], [timeColumn], [timeRepartitionSchema]): the query as one data source.
    Builtin("replayDS", args: 1...4, parameterNames: ["sqlObj", "dateColumn", "timeColumn", "timeRepartitionSchema"]) {
      a throws(ScriptError) in
      guard case .object(let code as MetaCode) = a[0], case .sql(.query) = code.expr.kind else {
        throw ScriptError(RuntimeMessages.sqlDSNeedsSelect())
      }
      return .tuple([.object(DataSource(code))])
    },
    Builtin("appendMsg", args: 2...3, parameterNames: ["engine", "msgBody", "msgId"]) { a throws(ScriptError) in
      guard case .object(let o as AppendableTable) = a[0] else {
        throw ScriptError(RuntimeMessages.mustBeTable("the engine of 'appendMsg'", got: a[0].typeString))
      }
      guard let columns = TableBuiltins.columnsOf(a[1]) else {
        throw ScriptError(RuntimeMessages.cannotAppendToTable(a[1].typeString))
      }
      try o.append(columns: columns, from: "appendMsg", in: a.machine)
      return .void
    },
    // Engines keep no snapshots: there is none to resume from.
    Builtin("getSnapshotMsgId", args: 1...1, parameterNames: ["engine"]) { _ throws(ScriptError) in .long(-1) },
  ]
}
