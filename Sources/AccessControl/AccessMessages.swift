/// The catalogue of access-control messages (sessions, users, groups, rights), kept in one
/// place and in alphabetical order.
///
/// Style: lowercase, no final period, code quoted with '...'.
enum AccessMessages {
  static func accessControlNeedsSharedTable(_ got: String) -> String {
    "'addAccessControl' needs a shared table, a stream engine or the name of one, not \(got)"
  }
  static func guestHasNoToken() -> String { "not logged in: guest sessions have no token" }
  static func invalidAccessCode() -> String {
    "the access type must be one of \(AccessRight.allCases.map(\.rawValue).joined(separator: ", "))"
  }
  static func limitNeedsSize(_ limit: String, _ got: String) -> String {
    "grant(user, \(limit), gb) needs a size in GB above 0, not \(got)"
  }
  static func limitNotDenied(_ limit: String) -> String { "\(limit) is granted (a size) or revoked, not denied" }
  static func lockedByAdministrator(_ user: String) -> String {
    "the user '\(user)' is locked by an administrator until an administrator runs unlockUser(\"\(user)\")"
  }
  static func noSuchGroup(_ name: String) -> String { "the group '\(name)' does not exist" }
  static func noSuchUser(_ name: String) -> String { "the user '\(name)' does not exist" }
  static func notAdministrator(_ user: String, _ action: String) -> String {
    "only an administrator may \(action); '\(user)' is not one"
  }
  static func notLoggedIn(_ action: String) -> String {
    "not logged in: log in with login(userId, password) to \(action)"
  }
  static func noUserManagement() -> String { "this session has no user management" }
  static func rightDenied(_ user: String, _ action: String, right: String, on object: String, to principal: String)
    -> String
  {
    let whom = principal == user ? "the user '\(principal)'" : "the group '\(principal)' of '\(user)'"
    return "'\(user)' may not \(action): \(right) on \(object) is denied to \(whom)"
  }
  static func rightMissing(_ user: String, _ action: String, needs: (right: String, object: String)?) -> String {
    let first = needs.map { "\($0.right) on \($0.object)" } ?? "a right"
    return
      "'\(user)' may not \(action): it needs \(first) (grant(\"\(user)\", \(needs?.right ?? ""), \"\(needs?.object ?? "*")\"))"
  }
  static func sessionEnded(_ user: String, _ action: String) -> String {
    "the session of '\(user)' has ended (logged out or deleted); log in again to \(action)"
  }
  static func superAdminNotLocked() -> String {
    "the user 'admin' is the super administrator and cannot be locked"
  }
  static func unknownAccessType(_ name: String) -> String { "unknown access type '\(name)'" }
  static func unknownAuthMode(_ mode: String) -> String { "unknown authMode '\(mode)': use \"sha256\" or \"scram\"" }
}
