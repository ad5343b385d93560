import ScriptRuntime
import ScriptSession

/// `getConsoleJobs` and `cancelConsoleJob`: the requests a node's connections run now. A user
/// sees and stops their own, an administrator every one; the embedded node serves no
/// connections and lists none.
enum ConsoleBuiltins {
  static func functions(node: String, _ consoles: @escaping @Sendable () -> ConsoleJobs?) -> [Builtin] {
    [
      Builtin("getConsoleJobs", args: 0...0) { a throws(ScriptError) in
        let viewer = JobBuiltins.viewer(a.machine)
        let list = (consoles()?.list() ?? []).filter { viewer.isAdmin || $0.userID == viewer.user }
        return .object(
          try Table(
            names: [
              "node", "userID", "rootJobId", "jobType", "desc", "priority", "parallelism", "receiveTime", "sessionId",
              "remoteIP", "remotePort",
            ],
            columns: [
              Vector(strings: list.map { _ in node }), Vector(strings: list.map(\.userID)),
              Vector(strings: list.map(\.rootJobId)), Vector(strings: list.map { _ in "console" }),
              Vector(strings: list.map(\.desc)), Vector(type: .int, ints: list.map { _ in 4 }),
              Vector(type: .int, ints: list.map { _ in 2 }),
              Vector(type: .timestamp, ints: list.map(\.receiveTime)),
              Vector(type: .long, ints: list.map { Int64($0.sessionId) }), Vector(strings: list.map(\.remoteIP)),
              Vector(type: .int, ints: list.map { Int64($0.remotePort) }),
            ]))
      },
      // cancelConsoleJob(rootJobIds): each stops at its next statement, as Ctrl-C stops it.
      Builtin("cancelConsoleJob", args: 1...1, parameterNames: ["rootJobId"]) { a throws(ScriptError) in
        let ids = try JobBuiltins.ids(a[0], for: "cancelConsoleJob")
        let viewer = JobBuiltins.viewer(a.machine)
        let found = consoles()?.cancel(ids) { viewer.isAdmin || $0.userID == viewer.user } ?? []
        if let missing = ids.first(where: { !found.contains($0) }) {
          throw ScriptError(JobMessages.noConsoleJob(missing))
        }
        return .void
      },
    ]
  }
}
