import ScriptRuntime

/// One session's login: who, since when, and the checks built-ins ask of it. `guest` until
/// `login`; a user deleted or logged out everywhere meanwhile is `guest` again.
public final class SessionAccess: AccessGate {
  public let service: UserService
  public private(set) var userName = "guest"
  private(set) var loggedInAt: Int64 = 0
  /// The user's session generation at login (see `UserRecord.generation`).
  private var generation = ""
  private var token: String?
  /// Where warnings go (the session's error stream).
  public var warn: (String) -> Void = { _ in }
  /// Told the session's user whenever it changes (a login, a logout, an ended session).
  public var userChanged: ((String) -> Void)?
  /// The default-password warning is given once per session.
  private var warnedOfDefaultPassword = false

  /// The user's memory limits as they were when the session logged in: a grant made later
  /// applies from the user's next login.
  private var limits = UserLimits()
  /// The user's own limit on one query's result (bytes).
  public var queryResultLimitBytes: Int? { limits.queryResultGB.map { Int($0 * 1_073_741_824) } }
  /// The user's TASK_GROUP_MEM_LIMIT (bytes): the most the database tables one of its queries
  /// reads may take.
  public var taskGroupLimitBytes: Int? { limits.taskGroupGB.map { Int($0 * 1_073_741_824) } }

  /// Where this session's client is (its address, without the port); nil for this process's
  /// own console or batch job. Failed logins are counted and locked per place.
  public var source: String?

  public init(service: UserService) { self.service = service }

  public var isGuest: Bool { userName == "guest" }

  public var sessionToken: String? {
    if isGuest { return nil }
    if token == nil { token = try? service.token(for: userName, issuedAt: loggedInAt, generation: generation) }
    return token
  }

  public func login(_ user: String, _ password: String) throws(ScriptError) {
    let result: (isAdmin: Bool, at: Int64, generation: String, limits: UserLimits)
    do { result = try service.login(user, password, source: source) } catch { throw ScriptError(error.message) }
    become(user, at: result.at, generation: result.generation, token: nil, limits: result.limits)
    if result.isAdmin && user == UserDirectory.defaultAdmin && password == UserDirectory.defaultAdminPassword
      && !warnedOfDefaultPassword
    {
      warnedOfDefaultPassword = true
      warn("warning: 'admin' still has the default password; change it with changePwd(\"123456\", newPassword)\n")
    }
  }

  public func login(token text: String) throws(ScriptError) {
    let result: (user: String, isAdmin: Bool, at: Int64, generation: String, limits: UserLimits)
    do { result = try service.verify(token: text) } catch { throw ScriptError(error.message) }
    become(result.user, at: result.at, generation: result.generation, token: text, limits: result.limits)
  }

  public func logout() { become("guest", at: 0, generation: "", token: nil, limits: UserLimits()) }

  /// Keeps this session current after its user's other sessions were ended by a password
  /// change made here (`generation` is the new one).
  func renew(generation: String) {
    if !isGuest {
      become(userName, at: loggedInAt, generation: generation, token: nil, limits: limits)
    }
  }

  /// `limits`: the user's memory limits, as the login read them from the user's record.
  private func become(_ user: String, at: Int64, generation: String, token: String?, limits: UserLimits) {
    if user != userName { userChanged?(user) }
    userName = user
    loggedInAt = at
    self.generation = generation
    self.token = token
    self.limits = limits
  }

  /// The logged-in user's record, or nil for a guest (a session that ended becomes one).
  func currentRecord() throws(ScriptError) -> (UserDirectory, UserRecord)? {
    if isGuest { return nil }
    let d: UserDirectory
    do { d = try service.directory() } catch { throw ScriptError(error.message) }
    guard service.isCurrent(userName, generation: generation, in: d), let r = d.users[userName] else {
      logout()
      return nil
    }
    return (d, r)
  }

  /// The maker of a database gets DB_MANAGE, DB_READ and DB_WRITE on it (the super
  /// administrator needs none).
  public func becameOwner(of database: String) {
    guard let (directory, _) = try? currentRecord(), !directory.isSuperAdmin(userName) else { return }
    for right in [AccessRight.dbManage, .dbRead, .dbWrite] {
      try? service.setRule(userName, right, objects: [database], to: .allow)
    }
  }

  public func require(_ demand: AccessDemand) throws(ScriptError) {
    let action = AccessPolicy.action(demand)
    let wasUser = userName
    guard let (directory, record) = try currentRecord() else {
      if wasUser != "guest" {
        throw ScriptError(AccessMessages.sessionEnded(wasUser, action))
      }
      throw ScriptError(AccessMessages.notLoggedIn(action))
    }
    if directory.isSuperAdmin(userName) { return }
    switch demand {
    case .login: return
    // Other administrators manage users and run scripts; data rights they must be granted.
    case .admin:
      if record.isAdmin { return } else { throw ScriptError(AccessMessages.notAdministrator(userName, action)) }
    case .runScript: if record.isAdmin { return }
    // Who shared a table under access control keeps every right on it.
    case .readShared(_, let owner), .writeShared(_, let owner, _): if owner == userName { return }
    default: break
    }
    switch AccessPolicy.decide(directory, user: userName, demand) {
    case .allowed: return
    case .denied(let right, let object, let principal):
      throw ScriptError(
        AccessMessages.rightDenied(userName, action, right: right.rawValue, on: object, to: principal))
    case .missing(let needs):
      throw ScriptError(
        AccessMessages.rightMissing(userName, action, needs: needs.first.map { ($0.0.rawValue, $0.1) }))
    }
  }
}
