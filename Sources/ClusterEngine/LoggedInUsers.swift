import AccessControl
import Dispatch
import RemoteNode
import ScriptRuntime
import Synchronization

/// `getAuthenticatedUsers()` and `isLoggedIn(userId)`: the users logged in on the cluster's
/// nodes now. A node knows its connections' sessions (`getSessionMemoryStat`), each as of its
/// last request, and the session asking; the other running nodes are asked for theirs, and
/// one that does not answer within a few seconds is left out. A user deleted since is not
/// listed. Who else is logged in is an administrator's to know.
enum LoggedInUsersBuiltins {
  static func functions(_ c: ClusterContext) -> [Builtin] {
    [
      Builtin("getAuthenticatedUsers", args: 0...0) { a throws(ScriptError) in
        try a.machine.require(.admin("list the logged-in users"))
        return .vector(Vector(strings: try loggedIn(c, a.machine)))
      },
      Builtin("isLoggedIn", args: 1...1, parameterNames: ["userId"]) { a throws(ScriptError) in
        let name = try a.text(0, "the user name")
        do throws(AccessFailure) { try UserService.checkName(name, "user name") } catch {
          throw ScriptError(error.message)
        }
        // One's own session says so without asking anyone (a session that ended is a guest).
        if name == a.machine.access?.userName, (try? a.machine.require(.login(""))) != nil { return .bool(true) }
        try a.machine.require(.admin("ask whether another user is logged in"))
        return .bool(try loggedIn(c, a.machine).contains(name))
      },
    ]
  }

  /// The users with a session on some running node, sorted.
  static func loggedIn(_ c: ClusterContext, _ m: Machine) throws(ScriptError) -> [String] {
    var names = Set<String>()
    // The asking session (its connection's entry is brought up to date when a request ends).
    if let me = m.access?.userName { names.insert(me) }
    for e in c.statistics?.sessionRegistry.list() ?? [] { names.insert(e.userId) }
    if c.coordination != nil {
      let others = try ClusterBuiltins.view(c).registrations.values.filter { $0.alias != c.alias }.map {
        (host: $0.host, port: $0.port)
      }
      let token = m.access?.sessionToken
      let found = Mutex<[String]>([])
      DispatchQueue.concurrentPerform(iterations: others.count) { i in
        guard let conn = try? NodeConnection.connect(host: others[i].host, port: others[i].port, timeoutSeconds: 2)
        else { return }
        defer { conn.close() }
        conn.replyTimeout = 3
        guard (try? RemoteBuiltins.carryLogin(conn, token: token)) != nil,
          case .object(let o)? = try? conn.call("getSessionMemoryStat", []), let t = o as? Table,
          let column = t.columnIndex("userId")
        else { return }
        let users = t.columns[column].strings
        found.withLock { $0 += users }
      }
      names.formUnion(found.withLock { $0 })
    }
    let existing: Set<String>
    do throws(AccessFailure) { existing = Set(try c.users.directory().users.keys) } catch {
      throw ScriptError(error.message)
    }
    return names.filter { $0 != "guest" && existing.contains($0) }.sorted()
  }
}
