import ScriptRuntime

/// `lockUser(userId)`, `unlockUser(userId)` and `getUserLockedStatus()`: an administrator's
/// locks on users, kept in the user table (see `UserLocks.swift`), and the locks in force,
/// failed-login ones included. DolphinDB asks for `enhancedSecurityVerification`; here the
/// failed-login lockout runs without it, and so do these.
enum UserLockBuiltins {
  static func functions() -> [Builtin] {
    [
      Builtin("lockUser", args: 1...1, parameterNames: ["userId"]) { a throws(ScriptError) in
        let g = try AccessBuiltins.gate(a)
        try g.require(.admin("lock users"))
        let name = try a.text(0, "the user name")
        try AccessBuiltins.service { () throws(AccessFailure) in try g.service.lockUser(name, by: g.userName) }
        return .void
      },
      Builtin("unlockUser", args: 1...1, parameterNames: ["userId"]) { a throws(ScriptError) in
        let g = try AccessBuiltins.gate(a)
        try g.require(.admin("unlock users"))
        let name = try a.text(0, "the user name")
        try AccessBuiltins.service { () throws(AccessFailure) in try g.service.unlockUser(name, by: g.userName) }
        return .void
      },
      // One row per lock in force: user, IP ("*" for an administrator's lock, "local" for the
      // node's own console), lockTime and unlockTime (null for an administrator's), in UTC.
      Builtin("getUserLockedStatus", args: 0...0) { a throws(ScriptError) in
        let g = try AccessBuiltins.gate(a)
        try g.require(.admin("list locked users"))
        let locks = try AccessBuiltins.service { () throws(AccessFailure) in try g.service.locks() }
        return .object(
          try Table(
            names: ["user", "IP", "lockTime", "unlockTime"],
            columns: [
              Vector(strings: locks.map(\.user)), Vector(strings: locks.map(\.place)),
              Vector(type: .timestamp, ints: locks.map(\.lockedAt)),
              Vector(type: .timestamp, ints: locks.map { $0.unlockAt ?? Value.nullInt }),
            ]))
      },
    ]
  }
}
