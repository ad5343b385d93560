import ScriptRuntime

/// What a node's streaming is made of, asked by name: `getSubscriptionTopic(tableName,
/// [actionName])` (the topic `subscribeTable` gives for it, and the table's columns),
/// `getStreamTableFilterColumn(streamTable)` (what `setStreamTableFilterColumn` set) and
/// `getStreamEngineList()` (each engine's type, name and maker, the types spelt as
/// `getStreamEngineStat` keys them).
enum StreamTableAdmin {
  /// The shared table `v` is or names.
  static func sharedTable(_ v: Value, _ function: String, _ m: Machine) throws(ScriptError) -> SharedTable {
    if case .object(let o as SharedTable) = v { return o }
    guard case .string(let name, _) = v else {
      throw ScriptError(RuntimeMessages.streamTableNeeded(function, v.typeString))
    }
    guard let t = m.sharedObjects.table(name) else { throw ScriptError(RuntimeMessages.streamTableNotShared(name)) }
    return t
  }

  static let all: [Builtin] = [
    Builtin("getSubscriptionTopic", args: 1...2, parameterNames: ["tableName", "actionName"]) {
      a throws(ScriptError) in
      let name = try a.text(0, "tableName")
      let action = a.has(1) ? try a.text(1, "actionName") : ""
      guard let t = a.machine.sharedObjects.table(name) else {
        throw ScriptError(RuntimeMessages.streamTableNotShared(name))
      }
      return .tuple([
        .string(StreamingBuiltins.topic(a.machine, name, action), .string), .vector(Vector(strings: t.columnNames)),
      ])
    },
    Builtin("getStreamTableFilterColumn", args: 1...1, parameterNames: ["streamTable"]) { a throws(ScriptError) in
      // A table without one gives a null string.
      .string(try sharedTable(a[0], "getStreamTableFilterColumn", a.machine).filterColumn ?? "", .string)
    },
    Builtin("getStreamEngineList", args: 0...0) { a throws(ScriptError) in
      let engines = a.machine.sharedObjects.engines.all.compactMap { $0.1 as? StreamEngine }
      return .object(
        try Table(
          names: ["engineType", "engineName", "user"],
          columns: [
            Vector(strings: engines.map(\.engineType.capitalizedWords)), Vector(strings: engines.map(\.name)),
            // An engine made without access control was made by the node's administrator.
            Vector(strings: engines.map { $0.creator.isEmpty ? "admin" : $0.creator }),
          ]))
    },
  ]
}
