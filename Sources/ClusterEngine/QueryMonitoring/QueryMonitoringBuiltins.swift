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
      Builtin("getCompletedQueries", args: 0...1, parameterNames: ["top"]) { a throws(ScriptError) in
        try a.machine.require(.admin("list completed queries"))
        let top = a.has(0) ? try a.integer(0, "top") : 10
        guard top > 0 else { throw ScriptError(ClusterMessages.badQueryCount(top)) }
        return .object(try table(try log().finished(top: top)))
      },
    ]
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
