import ScriptRuntime

/// DolphinDB's keyed tables that keep each key's latest row by a time column:
/// `latestKeyedTable(keyColumns, timeColumn, ...)` and `latestIndexedTable(...)`, a keyed table
/// whose appended row replaces its key's row unless it is earlier (a batch gives each key its
/// latest row, the last of equal times), and `latestKeyedStreamTable(...)`, a stream table that
/// adds a key's row only when it is later than the key's latest (a batch gives each key its
/// latest row, the first of equal times), by one time column or by a DATE column and a TIME,
/// SECOND or NANOTIME column. The table arguments after `timeColumn` are `keyedTable`'s, made
/// by `KeyedTableBuiltins.keyed`.
enum LatestKeyedTables {
  static let all: [Builtin] = [
    Builtin("latestKeyedTable", args: 3...Int.max, parameterNames: ["keyColumns", "timeColumn"]) {
      a throws(ScriptError) in
      .object(try latest(a, "latestKeyedTable", stream: false))
    },
    Builtin("latestIndexedTable", args: 3...Int.max, parameterNames: ["keyColumns", "timeColumn"]) {
      a throws(ScriptError) in
      .object(try latest(a, "latestIndexedTable", stream: false))
    },
    Builtin("latestKeyedStreamTable", args: 3...Int.max, parameterNames: ["keyColumns", "timeColumn"]) {
      a throws(ScriptError) in
      let t = try latest(a, "latestKeyedStreamTable", stream: true)
      t.markAsStream()
      return .object(t)
    },
  ]

  /// The keyed table, its time column(s) checked: one integral or temporal column, or (for the
  /// stream table) a DATE column and a time-of-day column.
  static func latest(_ a: CallArguments, _ name: String, stream: Bool) throws(ScriptError) -> Table {
    guard a[1].type == .string || a[1].type == .symbol, let given = Structural.asVector(a[1]),
      given.count == 1 || (stream && given.count == 2)
    else {
      throw ScriptError(RuntimeMessages.latestTimeColumnNames(name, pairAllowed: stream, got: a[1].typeString))
    }
    let time = given.strings
    let t = try KeyedTableBuiltins.keyed(a, name, leading: 2)
    var types: [DataType] = []
    for n in time {
      guard let c = t.column(n) else { throw ScriptError(RuntimeMessages.noColumn(n)) }
      types.append(c.type)
    }
    if types.count == 2 {
      guard types[0] == .date, [.time, .second, .nanotime].contains(types[1]) else {
        throw ScriptError(RuntimeMessages.latestTimePairTypes(name, types[0].name, types[1].name))
      }
    } else if let type = types.first, !(type.isTemporal || (type.isIntegral && type != .bool)) {
      throw ScriptError(RuntimeMessages.latestTimeColumnType(name, time[0], type.name))
    }
    try t.setKeyPolicy(stream ? .addIfLater(time: time) : .replaceUnlessEarlier(time: time))
    return t
  }
}
