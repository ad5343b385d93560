import ScriptRuntime
import ScriptSession

/// `getSessionMemoryStat` and `closeSessions`: the sessions of a node's connections (on the
/// embedded node, which serves none, the one running). A user sees and closes their own, an
/// administrator every one.
enum SessionBuiltins {
  static func functions(_ registry: @escaping @Sendable () -> SessionRegistry?) -> [Builtin] {
    [
      // One row per session: userId, sessionId, memSize (about the bytes its variables hold),
      // remoteIP, remotePort, createTime, lastActiveTime (UTC).
      Builtin("getSessionMemoryStat", args: 0...0) { a throws(ScriptError) in
        let viewer = JobBuiltins.viewer(a.machine)
        var rows: [SessionRegistry.Entry]
        if let registry = registry() {
          rows = registry.list()
        } else {
          let clock = a.machine.clock
          let now = (clock.nowNanoseconds() - clock.utcOffsetNanoseconds) / 1_000_000
          rows = [
            SessionRegistry.Entry(
              sessionId: 0, userId: viewer.user, remoteIP: "", remotePort: 0, createTime: now, lastActiveTime: now,
              memSize: a.machine.variableBytes)
          ]
        }
        rows = rows.filter { viewer.isAdmin || $0.userId == viewer.user }
        return .object(
          try Table(
            names: ["userId", "sessionId", "memSize", "remoteIP", "remotePort", "createTime", "lastActiveTime"],
            columns: [
              Vector(strings: rows.map(\.userId)), Vector(type: .long, ints: rows.map { Int64($0.sessionId) }),
              Vector(type: .long, ints: rows.map { Int64($0.memSize) }), Vector(strings: rows.map(\.remoteIP)),
              Vector(type: .int, ints: rows.map { Int64($0.remotePort) }),
              Vector(type: .timestamp, ints: rows.map(\.createTime)),
              Vector(type: .timestamp, ints: rows.map(\.lastActiveTime)),
            ]))
      },
      // closeSessions(sessionIds): ends those connections (what they run is stopped).
      Builtin("closeSessions", args: 1...1, parameterNames: ["sessionId"]) { a throws(ScriptError) in
        let ids = try sessionIds(a[0])
        let viewer = JobBuiltins.viewer(a.machine)
        let closed = registry()?.close(ids) { viewer.isAdmin || $0.userId == viewer.user } ?? []
        if let missing = ids.first(where: { !closed.contains($0) }) {
          throw ScriptError(JobMessages.noSession(missing))
        }
        return .void
      },
    ]
  }

  /// One session id or a vector of them.
  static func sessionIds(_ v: Value) throws(ScriptError) -> [Int] {
    let items: [Value]
    switch v {
    case .vector(let vec): items = (0..<vec.count).map { vec[$0] }
    case .tuple(let t): items = t
    default: items = [v]
    }
    var out: [Int] = []
    for item in items {
      guard let n = item.intValue else {
        // A null is usually an index past the end (`getSessionMemoryStat().sessionId[11]`).
        throw ScriptError(RuntimeMessages.mustBeInteger("a session id", got: item.isNull ? "null" : item.typeString))
      }
      out.append(Int(n))
    }
    return out
  }
}
