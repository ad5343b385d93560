import ScriptRuntime

/// `getRunningQueries()` and `getCompletedQueries([top=10])`: the node's queries of database
/// tables running now and the last that finished, in DolphinDB's columns. A query is its
/// outermost `select`/`exec`: its own job (`rootID` is its `jobID`, `level` 0). On unless the
/// node sets `perfMonitoring=false`.
enum QueryMonitoringBuiltins {
  static func functions(_ c: ClusterContext) -> [Builtin] {
    @Sendable func log() throws(ScriptError) -> QueryLog {
      guard let log = c.queries else { throw ScriptError(ClusterMessages.queryMonitoringOff()) }
      return log
    }
    return [
      // Everyone sees their own running queries; an administrator sees all of them.
      Builtin("getRunningQueries", args: 0...0) { a throws(ScriptError) in
        try a.machine.require(.login("list running queries"))
        let all = (try? a.machine.require(.admin(""))) != nil
        let me = a.machine.access?.userName ?? ""
        return .object(try table(try log().running.filter { all || $0.userID == me }))
      },
      // The running queries with how far each is: the partitions it chose and has read.
      Builtin("getQueryStatus", args: 0...0) { a throws(ScriptError) in
        try a.machine.require(.login("list the status of queries"))
        let all = (try? a.machine.require(.admin(""))) != nil
        let me = a.machine.access?.userName ?? ""
        return .object(
          try status(try log().running.filter { all || $0.userID == me }, now: a.machine.clock.nowNanoseconds()))
      },
      Builtin("getCompletedQueries", args: 0...1, parameterNames: ["top"]) { a throws(ScriptError) in
        try a.machine.require(.admin("list completed queries"))
        let top = a.has(0) ? try a.integer(0, "top") : 10
        guard top > 0 else { throw ScriptError(ClusterMessages.badQueryCount(top)) }
        return .object(try table(try log().finished(top: top)))
      },
    ]
  }

  /// `getQueryStatus()`'s columns (DolphinDB's); `startTime` in milliseconds as it gives it;
  /// `memoryUsage` the bytes of the rows its partitions returned so far.
  static func status(_ rows: [QueryLog.Entry], now: Int64) throws(ScriptError) -> Table {
    let progress: [(tasks: Int, done: Int, bytes: Int)] = rows.map { $0.progress?.now ?? (0, 0, 0) }
    let elapsed: [Int64] = rows.map { max(0, now - $0.startTime) / 1_000_000 }
    let share: [Double] = progress.map { $0.tasks > 0 ? Double($0.done) / Double($0.tasks) : 0 }
    return try Table(
      names: [
        "id", "sessionId", "userId", "query", "startTime", "elapsedTimeInMs", "memoryUsage", "totalTaskCount",
        "completedTaskCount", "percentComplete",
      ],
      columns: [
        Vector(type: .long, ints: rows.map { Int64($0.number) }), Vector(type: .long, ints: rows.map(\.sessionID)),
        Vector(strings: rows.map(\.userID)), Vector(strings: rows.map(\.jobDesc)),
        Vector(type: .timestamp, ints: rows.map { $0.startTime / 1_000_000 }),
        Vector(type: .long, ints: elapsed),
        Vector(type: .long, ints: progress.map { Int64($0.bytes) }),
        Vector(type: .int, ints: progress.map { Int64($0.tasks) }),
        Vector(type: .int, ints: progress.map { Int64($0.done) }),
        Vector(doubles: share),
      ])
  }

  static func table(_ rows: [QueryLog.Entry]) throws(ScriptError) -> Table {
    try Table(
      names: [
        "userID", "sessionID", "jobID", "rootID", "level", "startTime", "endTime", "jobDesc", "errorMsg", "remoteIP",
      ],
      columns: [
        Vector(strings: rows.map(\.userID)), Vector(type: .long, ints: rows.map(\.sessionID)),
        Vector(strings: rows.map(\.jobID)), Vector(strings: rows.map(\.jobID)),
        Vector(type: .int, ints: rows.map { _ in 0 }),
        Vector(type: .nanotimestamp, ints: rows.map(\.startTime)),
        Vector(type: .nanotimestamp, ints: rows.map { $0.endTime ?? Value.nullInt }),
        Vector(strings: rows.map(\.jobDesc)), Vector(strings: rows.map(\.errorMsg)),
        Vector(strings: rows.map(\.remoteIP)),
      ])
  }
}
