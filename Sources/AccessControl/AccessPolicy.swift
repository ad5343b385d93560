import ScriptRuntime

/// Which rights on which objects satisfy a demand, and the verdict for a user: administrators
/// may do anything; otherwise any Deny (to the user or one of its groups) wins over Allows.
public enum AccessPolicy {
  /// The result of a check.
  public enum Verdict: Sendable {
    case allowed
    /// No rule allows it; `needs` lists what would.
    case missing(needs: [(AccessRight, String)])
    /// A Deny to `principal` forbids it.
    case denied(AccessRight, String, principal: String)
  }

  /// The object names a rule may use: `*`, a database `dfs://db` (also written `dfs://db/*`),
  /// or a table `dfs://db/t`.
  public static func normalize(_ object: String) -> String {
    object.hasSuffix("/*") ? String(object.dropLast(2)) : object
  }

  /// Whether an object names a table (`dfs://db/t`) rather than a database or `*`.
  public static func isTable(_ object: String) -> Bool {
    object.hasPrefix("dfs://") && object.dropFirst(6).contains("/")
  }

  /// The (right, object) pairs, any of which allows the demand; the first is the one named
  /// in a refusal.
  public static func candidates(_ demand: AccessDemand) -> [(AccessRight, String)] {
    switch demand {
    case .readTable(let db, let t):
      return [(.tableRead, "\(db)/\(t)"), (.tableRead, db), (.tableRead, "*"), (.dbRead, db), (.dbRead, "*")]
    case .writeTable(let db, let t, let kind):
      let (table, database): (AccessRight, AccessRight) =
        switch kind {
        case .insert: (.tableInsert, .dbInsert)
        case .update: (.tableUpdate, .dbUpdate)
        case .delete: (.tableDelete, .dbDelete)
        }
      var pairs: [(AccessRight, String)] = []
      for object in ["\(db)/\(t)", db, "*"] { pairs += [(.tableWrite, object), (table, object)] }
      for object in [db, "*"] { pairs += [(.dbWrite, object), (database, object)] }
      return pairs
    case .createDatabase:
      return [(.dbManage, "*"), (.dbOwner, "*")]
    case .createTable(let db):
      return [(.dbobjCreate, db), (.dbobjCreate, "*"), (.dbManage, db), (.dbManage, "*")]
    case .dropObject(let db):
      return [(.dbobjDelete, db), (.dbobjDelete, "*"), (.dbManage, db), (.dbManage, "*")]
    case .runScript:
      return [(.scriptExec, "*")]
    case .executeView(let name):
      return [(.viewExec, name), (.viewExec, "*")]
    case .manageDatabase(let db):
      return [(.dbManage, db), (.dbManage, "*")]
    case .readShared(let name, _):
      return [(.tableRead, name), (.tableRead, "*")]
    case .writeShared(let name, _, let kind):
      let right: AccessRight =
        switch kind {
        case .insert: .tableInsert
        case .update: .tableUpdate
        case .delete: .tableDelete
        }
      return [(.tableWrite, name), (right, name), (.tableWrite, "*"), (right, "*")]
    case .login, .admin:
      return []
    }
  }

  /// The verdict for a logged-in, non-admin user.
  public static func decide(_ directory: UserDirectory, user: String, _ demand: AccessDemand) -> Verdict {
    let pairs = candidates(demand)
    if pairs.isEmpty {
      if case .admin = demand { return .missing(needs: []) }
      return .allowed
    }
    let principals = [user] + directory.groups(of: user)
    var allowed = false
    for (right, object) in pairs {
      for p in principals {
        switch directory.rules[p]?[right]?[object] {
        case .deny?: return .denied(right, object, principal: p)
        case .allow?: allowed = true
        case nil: break
        }
      }
    }
    return allowed ? .allowed : .missing(needs: pairs)
  }

  /// What the demand does, for messages: "read dfs://db/pt".
  public static func action(_ demand: AccessDemand) -> String {
    switch demand {
    case .login(let what), .admin(let what): return what
    case .readTable(let db, let t): return "read \(db)/\(t)"
    case .writeTable(let db, let t, let kind): return writing(kind, "\(db)/\(t)")
    case .createDatabase(let db): return "create the database \(db)"
    case .createTable(let db): return "create tables in \(db)"
    case .dropObject(let db): return "drop tables or partitions of \(db)"
    case .runScript: return "run script files"
    case .executeView(let name): return "run the function view \(name)"
    case .manageDatabase(let db): return "manage \(db)"
    case .readShared(let name, _): return "read the shared table \(name)"
    case .writeShared(let name, _, let kind): return writing(kind, "the shared table \(name)")
    }
  }

  /// "insert into X", "update X", "delete from X".
  static func writing(_ kind: AccessDemand.TableWrite, _ object: String) -> String {
    switch kind {
    case .insert: return "insert into \(object)"
    case .update: return "update \(object)"
    case .delete: return "delete from \(object)"
    }
  }
}
