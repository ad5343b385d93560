import ScriptRuntime

/// Making and finding stream engines: `createReactiveStateEngine`, `createTimeSeriesEngine`,
/// `createDailyTimeSeriesEngine`, `createSessionWindowEngine`,
/// `createCrossSectionalEngine`, `createAnomalyDetectionEngine`, `createStreamDispatchEngine`, `streamEngineParser`, `getStreamEngine`, `dropStreamEngine`, `getStreamEngineStat`.
enum EngineBuiltins {
  static func names(_ a: CallArguments, _ i: Int) throws(ScriptError) -> [String] {
    guard a.has(i) else { return [] }
    return (HigherOrder.elements(a[i]) ?? [a[i]]).compactMap(\.stringValue)
  }

  /// Keeps a new engine under its name, made by the session's user.
  static func register(_ engine: StreamEngine, _ a: CallArguments) throws(ScriptError) -> Value {
    engine.made(by: a.machine.access?.userName ?? "")
    try a.machine.sharedObjects.engines.add(engine, as: engine.name)
    return .object(engine)
  }

  /// The parameters both time-series engines start with.
  static let timeSeriesParameters = [
    "name", "windowSize", "step", "metrics", "dummyTable", "outputTable", "timeColumn", "useSystemTime", "keyColumn",
    "garbageSize", "updateTime", "useWindowStartTime", "roundTime", "snapshotDir", "snapshotIntervalInMsgCount", "fill",
  ]

  /// `createTimeSeriesEngine` and `createDailyTimeSeriesEngine` (with the day's sessions): their
  /// first parameters are the same.
  static func timeSeriesEngine(_ a: CallArguments, daily: (begin: Value, end: Value, mergeEnd: Bool)?)
    throws(ScriptError) -> Value
  {
    // forceTriggerTime follows the shared parameters in the plain engine, the sessions in the daily one.
    let forceTriggerIndex = daily == nil ? timeSeriesParameters.count : timeSeriesParameters.count + 3
    let timeColumn = a.has(6) ? try a.text(6, "timeColumn") : ""
    let engine = try TimeSeriesEngine(
      name: try a.text(0, "name"), windowSize: a[1], step: a[2], metrics: a[3], dummy: a[4], output: a[5],
      timeColumn: timeColumn, keys: try names(a, 8), useWindowStartTime: a.has(11) && a[11].isTruthy, daily: daily,
      fill: a.has(15) ? a[15] : nil, forceTriggerTime: a.has(forceTriggerIndex) ? a[forceTriggerIndex] : nil, a.machine)
    return try register(engine, a)
  }

  static let all: [Builtin] = [
    Builtin(
      "createReactiveStateEngine", args: 5...17,
      parameterNames: [
        "name", "metrics", "dummyTable", "outputTable", "keyColumn", "filter", "snapshotDir",
        "snapshotIntervalInMsgCount", "keepOrder", "keyPurgeFilter", "keyPurgeFreqInSecond", "raftGroup",
        "outputElapsedMicroseconds", "keyCapacity", "parallelism", "outputHandler", "msgAsTable",
      ]
    ) { a throws(ScriptError) in
      let name = try a.text(0, "name")
      let engine = try ReactiveStateEngine(
        name: name, metrics: a[1], dummy: a[2], output: a[3], keys: try names(a, 4), filter: a.has(5) ? a[5] : nil,
        outputElapsed: a.has(12) && a[12].isTruthy, a.machine)
      return try register(engine, a)
    },
    Builtin(
      "createTimeSeriesEngine", args: 6...26,
      parameterNames: timeSeriesParameters + [
        "forceTriggerTime", "raftGroup", "keyPurgeFreqInSec", "closed", "outputElapsedMicroseconds", "subWindow",
        "parallelism", "acceptedDelay", "outputHandler", "msgAsTable",
      ]
    ) { a throws(ScriptError) in try timeSeriesEngine(a, daily: nil) },
    // The daily engine: the time-series engine's windows inside the sessions of each day
    // (DailySessions); fill and forceTriggerTime as the plain engine's, fill only for windows
    // inside the sessions. The other tuning parameters are accepted.
    Builtin(
      "createDailyTimeSeriesEngine", args: 6...31,
      parameterNames: timeSeriesParameters + [
        "sessionBegin", "sessionEnd", "mergeSessionEnd", "forceTriggerTime", "raftGroup", "forceTriggerSessionEndTime",
        "keyPurgeFreqInSec", "closed", "outputElapsedMicroseconds", "subWindow", "parallelism", "acceptedDelay",
        "outputHandler", "msgAsTable", "keyPurgeDaily",
      ]
    ) { a throws(ScriptError) in
      try timeSeriesEngine(a, daily: (begin: a[16], end: a[17], mergeEnd: a.has(18) && a[18].isTruthy))
    },
    Builtin(
      "createSessionWindowEngine", args: 5...18,
      parameterNames: [
        "name", "sessionGap", "metrics", "dummyTable", "outputTable", "timeColumn", "useSystemTime", "keyColumn",
        "updateTime", "useSessionStartTime", "snapshotDir", "snapshotIntervalInMsgCount", "raftGroup",
        "forceTriggerTime", "keyPurgeFreqInSec", "outputElapsedMicroseconds", "outputHandler", "msgAsTable",
      ]
    ) { a throws(ScriptError) in
      let name = try a.text(0, "name")
      let timeColumn = a.has(5) ? try a.text(5, "timeColumn") : ""
      let engine = try SessionWindowEngine(
        name: name, sessionGap: a[1], metrics: a[2], dummy: a[3], output: a[4], timeColumn: timeColumn,
        keys: try names(a, 7), useSessionStartTime: !a.has(9) || a[9].isTruthy, a.machine)
      return try register(engine, a)
    },
    Builtin(
      "createCrossSectionalEngine", args: 5...19,
      parameterNames: [
        "name", "metrics", "dummyTable", "outputTable", "keyColumn", "triggeringPattern", "triggeringInterval",
        "useSystemTime", "timeColumn", "lastBatchOnly", "contextByColumn", "snapshotDir", "snapshotIntervalInMsgCount",
        "raftGroup", "outputElapsedMicroseconds", "roundTime", "keyFilter", "updatedContextGroupsOnly", "msgAsTable",
      ]
    ) { a throws(ScriptError) in
      let name = try a.text(0, "name")
      let engine = try CrossSectionalEngine(
        name: name, metrics: a[1], dummy: a[2], output: a[3], keys: try names(a, 4),
        triggering: a.has(5) ? try a.text(5, "triggeringPattern") : "perBatch",
        triggeringInterval: a.has(6) ? a[6] : nil, useSystemTime: !a.has(7) || a[7].isTruthy,
        timeColumn: a.has(8) ? try a.text(8, "timeColumn") : nil,
        contextBy: a.has(10) ? try a.text(10, "contextByColumn") : nil, a.machine)
      return try register(engine, a)
    },
    Builtin(
      "createAnomalyDetectionEngine", args: 5...14,
      parameterNames: [
        "name", "metrics", "dummyTable", "outputTable", "timeColumn", "keyColumn", "windowSize", "step",
        "garbageSize", "roundTime", "snapshotDir", "snapshotIntervalInMsgCount", "raftGroup", "anomalyDescription",
      ]
    ) { a throws(ScriptError) in
      let name = try a.text(0, "name")
      let engine = try AnomalyDetectionEngine(
        name: name, metrics: a[1], dummy: a[2], output: a[3], timeColumn: try a.text(4, "timeColumn"),
        keys: try names(a, 5), windowSize: a.has(6) ? a[6] : nil, step: a.has(7) ? a[7] : nil,
        garbageSize: a.has(8) ? try a.integer(8, "garbageSize") : nil,
        descriptions: a.has(13) ? try names(a, 13) : nil, a.machine)
      return try register(engine, a)
    },
    Builtin(
      "createStreamDispatchEngine", args: 4...10,
      parameterNames: [
        "name", "dummyTable", "keyColumn", "outputTable", "dispatchType", "hashByBatch", "outputLock", "queueDepth",
        "outputElapsedTime", "mode",
      ]
    ) { a throws(ScriptError) in
      let engine = try StreamDispatchEngine(
        name: try a.text(0, "name"), dummy: a[1], keys: try names(a, 2), outputs: a[3],
        dispatchType: a.has(4) ? try a.text(4, "dispatchType") : "hash", a.machine)
      return try register(engine, a)
    },
    Builtin("streamEngineParser", args: 5...30, parameterNames: StreamPipeline.parameters) { a throws(ScriptError) in
      try StreamPipeline.make(a)
    },
    Builtin("getStreamEngine", args: 1...1, parameterNames: ["name"]) { a throws(ScriptError) in
      let name = try a.text(0, "name")
      guard let e = a.machine.sharedObjects.engines.engine(name) else {
        throw ScriptError(RuntimeMessages.noEngine(name))
      }
      return .object(e)
    },
    Builtin("dropStreamEngine", args: 1...1, parameterNames: ["name"]) { a throws(ScriptError) in
      let name = try a.text(0, "name")
      guard a.machine.sharedObjects.engines.remove(name) else { throw ScriptError(RuntimeMessages.noEngine(name)) }
      return .void
    },
    // getStreamEngineStat(): a table per kind of engine, one row per engine.
    Builtin("getStreamEngineStat", args: 0...0) { a throws(ScriptError) in
      var byType: [String: [StreamEngine]] = [:]
      for (_, e) in a.machine.sharedObjects.engines.all {
        if let e = e as? StreamEngine { byType[e.engineType.capitalizedWords, default: []].append(e) }
      }
      var d = DictionaryValue(keyType: .string, valueType: .any)
      for (type, engines) in byType.sorted(by: { $0.key < $1.key }) {
        let t = try Table(
          names: ["name", "user", "status", "lastErrMsg", "numRows"],
          columns: [
            Vector(strings: engines.map(\.name)),
            Vector(strings: engines.map { _ in a.machine.access?.userName ?? "admin" }),
            Vector(strings: engines.map { $0.lastError.isEmpty ? "OK" : "ERROR" }),
            Vector(strings: engines.map(\.lastError)),
            Vector(type: .long, ints: engines.map { Int64($0.processedRows) }),
          ])
        try d.set(.string(type, .string), .object(t))
      }
      return .dictionary(d)
    },
  ]
}

extension String {
  /// `REACTIVE STATE ENGINE` as DolphinDB's stat keys spell it: `ReactiveStreamEngine`.
  var capitalizedWords: String {
    // DolphinDB names the reactive state engine's table after its old name.
    if self == "REACTIVE STATE ENGINE" { return "ReactiveStreamEngine" }
    return split(separator: " ").map { $0.prefix(1) + $0.dropFirst().lowercased() }.joined()
  }
}
