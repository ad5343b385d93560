import ScriptRuntime

/// `login`, `logout`, user and group management, `grant`/`deny`/`revoke`: the script face of
/// a session's `SessionAccess`, plus the right names as constants (`TABLE_READ`, ...).
public enum AccessBuiltins {
  static func gate(_ a: CallArguments) throws(ScriptError) -> SessionAccess {
    guard let g = a.machine.access as? SessionAccess else { throw ScriptError(AccessMessages.noUserManagement()) }
    return g
  }

  /// Runs a service call, turning its failure into a script error.
  static func service<T>(_ body: () throws(AccessFailure) -> T) throws(ScriptError) -> T {
    do { return try body() } catch { throw ScriptError(error.message) }
  }

  static func names(_ a: CallArguments, _ i: Int, _ what: String) throws(ScriptError) -> [String] {
    guard a.has(i) else { return [] }
    if case .string(let s, _) = a[i] { return [s] }
    return try a.vector(i, what).strings
  }

  static func right(_ a: CallArguments, _ i: Int) throws(ScriptError) -> AccessRight {
    switch a[i] {
    case .string(let s, _):
      guard let r = AccessRight(rawValue: s.uppercased()) else {
        throw ScriptError(AccessMessages.unknownAccessType(s))
      }
      return r
    default:
      guard let code = a[i].intValue, let r = AccessRight(code: code) else {
        throw ScriptError(
          AccessMessages.invalidAccessCode())
      }
      return r
    }
  }

  /// Users, groups and rights, with the right names as constants.
  public static let library = BuiltinLibrary(
    "access", functions: functions() + UserLockBuiltins.functions(), constants: constants)

  /// The right names as script constants.
  static func constants() -> [String: Value] {
    var c: [String: Value] = [:]
    for r in AccessRight.allCases { c[r.rawValue] = .int(r.code, .int) }
    c["QUERY_RESULT_MEM_LIMIT"] = .int(queryResultLimitCode, .int)
    c["TASK_GROUP_MEM_LIMIT"] = .int(taskGroupLimitCode, .int)
    return c
  }

  /// QUERY_RESULT_MEM_LIMIT is a size granted to a user, not a right on objects.
  static let queryResultLimitCode: Int64 = 64
  /// TASK_GROUP_MEM_LIMIT likewise: the most the tables one query reads may take.
  static let taskGroupLimitCode: Int64 = 65

  static func functions() -> [Builtin] {
    [
      Builtin("login", args: 2...2, parameterNames: ["userId", "password"]) { a throws(ScriptError) in
        try gate(a).login(try a.text(0, "the user name"), try a.text(1, "the password"))
        return .void
      },
      Builtin("logout", args: 0...2, parameterNames: ["userId", "sessionOnly"]) { a throws(ScriptError) in
        let g = try gate(a)
        let me = g.userName
        let user = a.has(0) ? try a.text(0, "the user name") : me
        let sessionOnly = a.has(1) ? a[1].isTruthy : true
        if user != me {
          // Another user's sessions end everywhere.
          try g.require(.admin("log out another user"))
          try service { () throws(AccessFailure) in try g.service.logoutEverywhere(user) }
          return .void
        }
        if !sessionOnly && !g.isGuest {
          try service { () throws(AccessFailure) in try g.service.logoutEverywhere(user) }
        }
        g.logout()
        return .void
      },
      Builtin("loginByToken", args: 1...1, parameterNames: ["token"]) { a throws(ScriptError) in
        try gate(a).login(token: try a.text(0, "the token"))
        return .void
      },
      Builtin("getSessionToken", args: 0...0) { a throws(ScriptError) in
        guard let t = try gate(a).sessionToken else { throw ScriptError(AccessMessages.guestHasNoToken()) }
        return .string(t)
      },
      Builtin("getCurrentSessionAndUser", args: 0...0) { a throws(ScriptError) in
        .tuple([.int(a.machine.sessionId, .long), .string(try gate(a).userName, .string)])
      },
      Builtin("createUser", args: 2...5, parameterNames: ["userId", "password", "groupIds", "isAdmin", "authMode"]) {
        a throws(ScriptError) in
        let g = try gate(a)
        try g.require(.admin("create users"))
        let name = try a.text(0, "the user name")
        let password = try a.text(1, "the password")
        let groups = try names(a, 2, "the groups")
        let admin = a.has(3) && a[3].isTruthy
        if a.has(4) {
          let mode = try a.text(4, "the authentication mode")
          guard mode == "sha256" || mode == "scram" else {
            throw ScriptError(AccessMessages.unknownAuthMode(mode))
          }
        }
        try service { () throws(AccessFailure) in
          try g.service.createUser(name, password, groups: groups, isAdmin: admin)
        }
        return .void
      },
      Builtin("deleteUser", args: 1...1, parameterNames: ["userId"]) { a throws(ScriptError) in
        let g = try gate(a)
        try g.require(.admin("delete users"))
        let name = try a.text(0, "the user name")
        try service { () throws(AccessFailure) in try g.service.deleteUser(name) }
        return .void
      },
      Builtin("changePwd", args: 2...2, parameterNames: ["oldPwd", "newPwd"]) { a throws(ScriptError) in
        let g = try gate(a)
        try g.require(.login("change the password"))
        let old = try a.text(0, "the old password")
        let new = try a.text(1, "the new password")
        let generation = try service { () throws(AccessFailure) in
          try g.service.setPassword(g.userName, new, checkingOld: old)
        }
        // Other sessions and tokens of the user end; this one goes on.
        g.renew(generation: generation)
        return .void
      },
      Builtin("resetPwd", args: 2...2, parameterNames: ["userId", "newPwd"]) { a throws(ScriptError) in
        let g = try gate(a)
        try g.require(.admin("reset passwords"))
        let name = try a.text(0, "the user name")
        let new = try a.text(1, "the new password")
        let generation = try service { () throws(AccessFailure) in
          try g.service.setPassword(name, new, checkingOld: nil)
        }
        if name == g.userName { g.renew(generation: generation) }
        return .void
      },
      Builtin("getUserList", args: 0...0) { a throws(ScriptError) in
        let g = try gate(a)
        try g.require(.admin("list users"))
        let d = try service { () throws(AccessFailure) in try g.service.directory() }
        return .vector(Vector(strings: d.users.filter { !$0.value.isAdmin }.map(\.key).sorted()))
      },
      Builtin("getUserAccess", args: 0...2, parameterNames: ["userIds", "finalAccess"]) { a throws(ScriptError) in
        let g = try gate(a)
        let users = a.has(0) ? try names(a, 0, "the users") : [g.userName]
        if users != [g.userName] || g.isGuest { try g.require(.admin("view other users' access")) }
        let final = a.has(1) && a[1].isTruthy
        let d = try service { () throws(AccessFailure) in try g.service.directory() }
        for u in users where d.users[u] == nil { throw ScriptError(AccessMessages.noSuchUser(u)) }
        return try AccessReport.users(users, in: d, finalAccess: final)
      },
      Builtin("getGroupAccess", args: 1...1, parameterNames: ["groupIds"]) { a throws(ScriptError) in
        let g = try gate(a)
        try g.require(.admin("view group access"))
        let groups = try names(a, 0, "the groups")
        let d = try service { () throws(AccessFailure) in try g.service.directory() }
        for n in groups where d.groups[n] == nil { throw ScriptError(AccessMessages.noSuchGroup(n)) }
        return try AccessReport.groups(groups, in: d)
      },
      rule("grant", .allow), rule("deny", .deny), rule("revoke", nil),
      Builtin("createGroup", args: 1...2, parameterNames: ["groupId", "userIds"]) { a throws(ScriptError) in
        let g = try gate(a)
        try g.require(.admin("create groups"))
        let name = try a.text(0, "the group name")
        let members = try names(a, 1, "the users")
        try service { () throws(AccessFailure) in try g.service.createGroup(name, members: members) }
        return .void
      },
      Builtin("deleteGroup", args: 1...1, parameterNames: ["groupName|groupId"]) { a throws(ScriptError) in
        let g = try gate(a)
        try g.require(.admin("delete groups"))
        let name = try a.text(0, "the group name")
        try service { () throws(AccessFailure) in try g.service.deleteGroup(name) }
        return .void
      },
      membership("addGroupMember", add: true), membership("deleteGroupMember", add: false),
      Builtin("getGroupList", args: 0...0) { a throws(ScriptError) in
        let g = try gate(a)
        try g.require(.admin("list groups"))
        let d = try service { () throws(AccessFailure) in try g.service.directory() }
        return .vector(Vector(strings: d.groups.keys.sorted()))
      },
      Builtin("getUsersByGroupId", args: 1...1, parameterNames: ["groupId"]) { a throws(ScriptError) in
        let g = try gate(a)
        try g.require(.admin("list group members"))
        let name = try a.text(0, "the group name")
        let d = try service { () throws(AccessFailure) in try g.service.directory() }
        guard let members = d.groups[name] else { throw ScriptError(AccessMessages.noSuchGroup(name)) }
        return .vector(Vector(strings: members))
      },
      // addAccessControl(table): from now on only its sharer, administrators and users granted
      // TABLE_READ / TABLE_WRITE (or INSERT, UPDATE, DELETE) on its name may use a shared table.
      Builtin("addAccessControl", args: 1...1, parameterNames: ["table"]) { a throws(ScriptError) in
        let g = try gate(a)
        // A shared table or a stream engine, or the name of one.
        let shared: AccessControlledObject
        if case .object(let o) = a[0], let s = o as? AccessControlledObject {
          shared = s
        } else if case .string(let name, _) = a[0] {
          guard
            let s = a.machine.sharedObjects.table(name)
              ?? a.machine.sharedObjects.engines.engine(name) as? AccessControlledObject
          else { throw ScriptError(RuntimeMessages.notShared(name)) }
          shared = s
        } else {
          throw ScriptError(AccessMessages.accessControlNeedsSharedTable(a[0].typeString))
        }
        try g.require(.login("add access control"))
        if shared.creator != g.userName { try g.require(.admin("add access control to an object another user made")) }
        shared.addAccessControl()
        return .void
      },
      Builtin("getGroupsByUserId", args: 1...1, parameterNames: ["userId"]) { a throws(ScriptError) in
        let g = try gate(a)
        let name = try a.text(0, "the user name")
        if name != g.userName { try g.require(.admin("list another user's groups")) }
        let d = try service { () throws(AccessFailure) in try g.service.directory() }
        guard d.users[name] != nil else { throw ScriptError(AccessMessages.noSuchUser(name)) }
        return .vector(Vector(strings: d.groups(of: name)))
      },
    ]
  }

  /// The database an object names or lies in (`dfs://db`, `dfs://db/t`), or nil.
  static func database(of object: String) -> String? {
    guard object.hasPrefix("dfs://") else { return nil }
    let rest = object.dropFirst(6)
    guard let slash = rest.firstIndex(of: "/") else { return object }
    return "dfs://" + rest[..<slash]
  }

  static func rule(_ name: String, _ permission: Permission?) -> Builtin {
    Builtin(name, args: 2...3, parameterNames: ["userId", "accessType", "objs"]) { a throws(ScriptError) in
      let g = try gate(a)
      let principal = try a.text(0, "the user or group")
      if case .int(let code, _) = a[1], code == queryResultLimitCode || code == taskGroupLimitCode {
        // grant(user, QUERY_RESULT_MEM_LIMIT or TASK_GROUP_MEM_LIMIT, gb) sets the user's
        // limit, revoke clears it.
        let limitName = code == taskGroupLimitCode ? "TASK_GROUP_MEM_LIMIT" : "QUERY_RESULT_MEM_LIMIT"
        try g.require(.admin("\(name) memory limits"))
        var gigabytes: Double?
        switch permission {
        case .deny?: throw ScriptError(AccessMessages.limitNotDenied(limitName))
        case .allow?:
          guard a.has(2), let gb = a[2].doubleValue, gb > 0, gb < 1_000_000 else {
            throw ScriptError(
              AccessMessages.limitNeedsSize(limitName, a.has(2) ? ValueFormatter.plain(a[2]) : "nothing"))
          }
          gigabytes = gb
        case nil: gigabytes = nil
        }
        try service { () throws(AccessFailure) in
          try g.service.setMemoryLimit(principal, taskGroup: code == taskGroupLimitCode, gigabytes: gigabytes)
        }
        return .void
      }
      let r = try right(a, 1)
      let objects = a.has(2) ? try names(a, 2, "the objects") : ["*"]
      // An administrator, or a database's manager (its owner) for rights on that database and
      // its tables.
      let databases = objects.map(AccessBuiltins.database(of:))
      if r.isDataRight, !databases.contains(nil), (try? g.require(.admin("\(name) rights"))) == nil {
        for db in Set(databases.compactMap { $0 }).sorted() { try g.require(.manageDatabase(db)) }
      } else {
        try g.require(.admin("\(name) rights"))
      }
      try service { () throws(AccessFailure) in try g.service.setRule(principal, r, objects: objects, to: permission) }
      return .void
    }
  }

  static func membership(_ name: String, add: Bool) -> Builtin {
    Builtin(name, args: 2...2, parameterNames: ["userIds", "groupIds"]) { a throws(ScriptError) in
      let g = try gate(a)
      try g.require(.admin(add ? "add group members" : "remove group members"))
      let users = try names(a, 0, "the users")
      let groups = try names(a, 1, "the groups")
      for group in groups {
        try service { () throws(AccessFailure) in try g.service.changeMembers(users, group: group, add: add) }
      }
      return .void
    }
  }
}
