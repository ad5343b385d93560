import ScriptRuntime

/// The streaming join engines and their inputs: `createAsofJoinEngine`, `createLookupJoinEngine`,
/// `createLeftSemiJoinEngine`, `createEquiJoinEngine`, `createWindowJoinEngine`, `getLeftStream`, `getRightStream`,
/// `appendForJoin`.
enum JoinEngineBuiltins {
  static func engine(_ a: CallArguments) throws(ScriptError) -> JoinEngine {
    if case .object(let e as JoinEngine) = a[0] { return e }
    if case .string(let name, _) = a[0], let e = a.machine.sharedObjects.engines.engine(name) as? JoinEngine {
      return e
    }
    throw ScriptError(RuntimeMessages.notJoinEngine(a[0].typeString))
  }

  static let all: [Builtin] = [
    Builtin(
      "createAsofJoinEngine", args: 6...14,
      parameterNames: [
        "name", "leftTable", "rightTable", "outputTable", "metrics", "matchingColumn", "timeColumn", "useSystemTime",
        "delayedTime", "garbageSize", "sortByTime", "outputElapsedMicroseconds", "snapshotDir",
        "snapshotIntervalInMsgCount",
      ]
    ) { a throws(ScriptError) in
      try EngineBuiltins.register(
        try AsofJoinEngine(
          try JoinInputs(a), timeColumn: a.has(6) ? a[6] : nil, useSystemTime: a.has(7) && a[7].isTruthy,
          delayedTime: a.has(8) ? a[8] : nil, garbageSize: a.has(9) ? try a.integer(9, "garbageSize") : 5000,
          a.machine), a)
    },
    Builtin(
      "createLookupJoinEngine", args: 6...13,
      parameterNames: [
        "name", "leftTable", "rightTable", "outputTable", "metrics", "matchingColumn", "rightTimeColumn", "checkTimes",
        "outputElapsedMicroseconds", "keepDuplicates", "isInnerJoin", "snapshotDir", "snapshotIntervalInMsgCount",
      ]
    ) { a throws(ScriptError) in
      var inputs = try JoinInputs(a)
      // Select metacode as the right side: its result now, and again at each of checkTimes.
      if MetacodeBuilder.code(a[2]) != nil {
        inputs.right = try a.machine.evaluate(try MetacodeBuiltins.metacode(a[2], "createLookupJoinEngine"))
      }
      return try EngineBuiltins.register(
        try LookupJoinEngine(
          inputs, rightSource: a[2], checkTimes: a.has(7) ? a[7] : nil, keepDuplicates: a.has(9) && a[9].isTruthy,
          innerJoin: a.has(10) && a[10].isTruthy, a.machine), a)
    },
    Builtin(
      "createLeftSemiJoinEngine", args: 6...8,
      parameterNames: [
        "name", "leftTable", "rightTable", "outputTable", "metrics", "matchingColumn", "garbageSize",
        "updateRightTable",
      ]
    ) { a throws(ScriptError) in
      try EngineBuiltins.register(
        try LeftSemiJoinEngine(
          try JoinInputs(a), garbageSize: a.has(6) ? try a.integer(6, "garbageSize") : 5000,
          updateRight: a.has(7) && a[7].isTruthy, a.machine), a)
    },
    Builtin(
      "createEquiJoinEngine", args: 7...9,
      parameterNames: [
        "name", "leftTable", "rightTable", "outputTable", "metrics", "matchingColumn", "timeColumn", "garbageSize",
        "maxDelayedTime",
      ]
    ) { a throws(ScriptError) in
      try EngineBuiltins.register(
        try EquiJoinEngine(
          try JoinInputs(a), timeColumn: a[6], garbageSize: a.has(7) ? try a.integer(7, "garbageSize") : 5000, a.machine
        ), a)
    },
    Builtin(
      "createWindowJoinEngine", args: 7...20,
      parameterNames: [
        "name", "leftTable", "rightTable", "outputTable", "window", "metrics", "matchingColumn", "timeColumn",
        "useSystemTime", "garbageSize", "maxDelayedTime", "nullFill", "outputElapsedMicroseconds", "sortByTime",
        "closed", "snapshotDir", "snapshotIntervalInMsgCount", "cachedTableCapacity", "keyPurgeFreqInSec",
        "timeoutTrigger",
      ]
    ) { a throws(ScriptError) in
      if a.has(8) && a[8].isTruthy { throw ScriptError(RuntimeMessages.windowJoinNeedsTime()) }
      return try EngineBuiltins.register(
        try WindowJoinEngine(
          try JoinInputs(a, metricsAt: 5, matchingAt: 6), window: a[4], timeColumn: a.has(7) ? a[7] : nil,
          garbageSize: a.has(9) ? try a.integer(9, "garbageSize") : 5000, maxDelayedTime: a.has(10) ? a[10] : nil,
          nullFill: a.has(11) ? a[11] : nil, closed: a.has(14) ? a[14] : nil, a.machine), a)
    },
    Builtin("getLeftStream", args: 1...1, parameterNames: ["joinEngine"]) { a throws(ScriptError) in
      .object(JoinEngineInput(try engine(a), isLeft: true))
    },
    Builtin("getRightStream", args: 1...1, parameterNames: ["joinEngine"]) { a throws(ScriptError) in
      .object(JoinEngineInput(try engine(a), isLeft: false))
    },
    // appendForJoin(engine, isLeftTable, table)
    Builtin("appendForJoin", args: 3...3, parameterNames: ["engine", "isLeftTable", "data"]) { a throws(ScriptError) in
      let e = try engine(a)
      guard case .object(let t as Table) = a[2] else {
        throw ScriptError(RuntimeMessages.mustBeTable("the rows of 'appendForJoin'", got: a[2].typeString))
      }
      try JoinEngineInput(e, isLeft: a[1].isTruthy).append(
        columns: t.columns, from: "appendForJoin", machine: a.machine)
      return .void
    },
  ]
}
