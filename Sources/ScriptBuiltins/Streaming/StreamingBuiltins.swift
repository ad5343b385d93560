import ScriptRuntime

/// DolphinDB's subscriptions on one node: `subscribeTable`, `unsubscribeTable`,
/// `existsSubscriptionTopic`, `setStreamTableFilterColumn`, `getStreamingStat`.
enum StreamingBuiltins {
  /// The shared table a subscription names, by name or as the table itself.
  static func sharedTable(_ v: Value, _ m: Machine) throws(ScriptError) -> SharedTable {
    if case .object(let o as SharedTable) = v { return o }
    let name = v.stringValue ?? ""
    guard let t = m.sharedObjects.table(name) else { throw ScriptError(RuntimeMessages.streamTableNotShared(name)) }
    return t
  }

  /// A server argument naming this node: empty, `localhost` or the node's own alias.
  static func checkLocal(_ a: CallArguments, _ i: Int) throws(ScriptError) {
    guard a.has(i), let server = a[i].stringValue, !server.isEmpty else { return }
    let own = (try? a.machine.call(function: "getNodeAlias", []))?.stringValue
    guard server == "localhost" || server == "127.0.0.1" || server == own else {
      throw ScriptError(RuntimeMessages.subscribeRemote(server))
    }
  }

  static func topic(_ m: Machine, _ table: String, _ action: String) -> String {
    let alias = (try? m.call(function: "getNodeAlias", []))?.stringValue ?? "local"
    return "\(alias)/\(table)/\(action)"
  }

  static let all: [Builtin] = [
    // subscribeTable([server], tableName, [actionName], [offset=-1], handler, [msgAsTable=false],
    // [batchSize], [throttle], [hash], [reconnect], [filter], [persistOffset], [timeTrigger],
    // [handlerNeedMsgId], ...): batching, throttling and reconnection are accepted; every
    // message holds all the rows that arrived since the last one. offset -1 starts after a
    // kept offset of the topic when there is one (persistOffset, removeOffset=false), else at
    // the end; persistOffset=true keeps the last processed row on the node's disk.
    Builtin(
      "subscribeTable", args: 2...17,
      parameterNames: [
        "server", "tableName", "actionName", "offset", "handler", "msgAsTable", "batchSize", "throttle", "hash",
        "reconnect", "filter", "persistOffset", "timeTrigger", "handlerNeedMsgId", "raftGroup", "userId", "password",
      ]
    ) { a throws(ScriptError) in
      try checkLocal(a, 0)
      let name = try a.text(1, "tableName")
      let table = try sharedTable(a[1], a.machine)
      let action = a.has(2) ? try a.text(2, "actionName") : ""
      var offset = a.has(3) ? try a.integer(3, "offset") : -1
      guard a.has(4) else { throw ScriptError(RuntimeMessages.missingArgument("handler", function: "subscribeTable")) }
      let hub = a.machine.sharedObjects.streams
      let key = StreamHub.key(name, action)
      if offset == -1, !hub.exists(name, action), let kept = hub.offsets.offset(key) { offset = kept + 1 }
      let s = Subscription(
        tableName: name, actionName: action, table: table, offset: offset, handler: a[4],
        msgAsTable: a.has(5) && a[5].isTruthy, handlerNeedsMessageId: a.has(13) && a[13].isTruthy,
        filter: a.has(10) ? a[10] : nil, inbox: a.machine.inbox, user: a.machine.access?.userName ?? "admin",
        keptIn: a.has(11) && a[11].isTruthy ? hub.offsets : nil)
      try a.machine.sharedObjects.streams.subscribe(s)
      return .string(topic(a.machine, name, action), .string)
    },
    Builtin(
      "unsubscribeTable", args: 2...5,
      parameterNames: ["server", "tableName", "actionName", "removeOffset", "raftGroup"]
    ) {
      a throws(ScriptError) in
      try checkLocal(a, 0)
      let name = try a.text(1, "tableName")
      let action = a.has(2) ? try a.text(2, "actionName") : ""
      let removeOffset = a.has(3) ? a[3].isTruthy : true
      guard a.machine.sharedObjects.streams.unsubscribe(name, action, removeOffset: removeOffset) else {
        throw ScriptError(RuntimeMessages.notSubscribed(name, action))
      }
      return .void
    },
    // getTopicProcessedOffset(topic): the last row a subscription made with persistOffset=true
    // processed (kept after it ended with removeOffset=false), else -1.
    Builtin("getTopicProcessedOffset", args: 1...1, parameterNames: ["topic"]) { a throws(ScriptError) in
      a.machine.drainInbox()
      let hub = a.machine.sharedObjects.streams
      let key = TopicOffsets.key(ofTopic: try a.text(0, "the topic"))
      if let s = hub.subscription(key) {
        return .long(Int64(s.persistsOffset ? s.counters.processedOffset : -1))
      }
      return .long(Int64(hub.offsets.offset(key) ?? -1))
    },
    // removeTopicOffset(topic): forgets the topic's kept offset (a new subscription with
    // offset -1 then starts at the end of the table).
    Builtin("removeTopicOffset", args: 1...1, parameterNames: ["topic"]) { a throws(ScriptError) in
      a.machine.sharedObjects.streams.offsets.set(TopicOffsets.key(ofTopic: try a.text(0, "the topic")), nil)
      return .void
    },
    Builtin("existsSubscriptionTopic", args: 3...3, parameterNames: ["server", "tableName", "actionName"]) {
      a throws(ScriptError) in
      try checkLocal(a, 0)
      return .bool(a.machine.sharedObjects.streams.exists(try a.text(1, "tableName"), try a.text(2, "actionName")))
    },
    Builtin("setStreamTableFilterColumn", args: 2...2, parameterNames: ["streamTable", "columnName"]) {
      a throws(ScriptError) in
      let t = try sharedTable(a[0], a.machine)
      let column = try a.text(1, "the filter column")
      guard t.columnNames.contains(column) else { throw ScriptError(RuntimeMessages.noColumn(column)) }
      t.filterColumn = column
      return .void
    },
    // getStreamingStat(): pubTables (one row per subscription) and subWorkers (their counters).
    Builtin("getStreamingStat", args: 0...0) { a throws(ScriptError) in
      a.machine.drainInbox()
      let subs = a.machine.sharedObjects.streams.subscriptions
      let counters = subs.map(\.counters)
      let pub = try Table(
        names: ["tableName", "subscriber", "msgOffset", "actions"],
        columns: [
          Vector(strings: subs.map(\.tableName)), Vector(strings: subs.map(\.user)),
          Vector(type: .long, ints: counters.map { Int64($0.nextRow) }), Vector(strings: subs.map(\.actionName)),
        ])
      let workers = try Table(
        names: ["workerId", "topic", "queueDepth", "processedMsgCount", "lastMsgId", "failedMsgCount", "lastErrMsg"],
        columns: [
          Vector(type: .int, ints: subs.indices.map { Int64($0) }),
          Vector(strings: subs.map { topic(a.machine, $0.tableName, $0.actionName) }),
          Vector(type: .int, ints: counters.map { Int64($0.queued) }),
          Vector(type: .long, ints: counters.map { Int64($0.processedRows) }),
          Vector(type: .long, ints: counters.map { Int64($0.nextRow - 1) }),
          Vector(type: .long, ints: counters.map { $0.lastError.isEmpty ? 0 : 1 }),
          Vector(strings: counters.map(\.lastError)),
        ])
      var d = DictionaryValue(keyType: .string, valueType: .any)
      try d.set(.string("pubTables", .string), .object(pub))
      try d.set(.string("subWorkers", .string), .object(workers))
      try d.set(.string("pubConns", .string), .object(try Table(names: ["client"], columns: [Vector(strings: [])])))
      try d.set(.string("subConns", .string), .object(try Table(names: ["publisher"], columns: [Vector(strings: [])])))
      return .dictionary(d)
    },
  ]
}
