import Foundation
import Synchronization

/// The users of a node (or of the whole cluster, when the store is ZooKeeper): logins with
/// the lockout, user and group management, rules, and session tokens. One per process,
/// shared by every session.
public final class UserService: Sendable {
  public let store: UserStore
  let now: @Sendable () -> Int64
  /// The token key once read: it never changes after it is made.
  private let key = Mutex<[UInt8]?>(nil)

  /// Five wrong passwords within a minute lock the user for ten minutes.
  public static let maxFailures = 5
  public static let failureWindowMillis: Int64 = 60_000
  public static let lockMillis: Int64 = 600_000

  /// `enhancedSecurityVerification`: new passwords need 8 to 20 characters, an uppercase
  /// letter and a special character (DolphinDB's rule).
  public let enhancedPasswords: Bool

  public init(
    store: UserStore, enhancedPasswords: Bool = false,
    now: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }
  ) {
    self.store = store
    self.enhancedPasswords = enhancedPasswords
    self.now = now
  }

  public func currentTime() -> Int64 { now() }

  /// The directory, created with the default administrator on first use.
  public func directory() throws(AccessFailure) -> UserDirectory { try stored().directory }

  /// The stored directory and its version, created on first use.
  func stored() throws(AccessFailure) -> StoredDirectory {
    if let stored = try store.read() { return stored }
    // Whoever writes first wins; a lost race reads the winner's table.
    _ = try store.write(try UserDirectory.initial(now: now()), expected: nil)
    guard let stored = try store.read() else {
      throw AccessFailure("cannot create the user table at \(store.location)")
    }
    return stored
  }

  /// Applies `change` to the latest directory and writes it, retrying when another node
  /// wrote in between.
  @discardableResult
  public func update<T>(_ change: (inout UserDirectory) throws(AccessFailure) -> T) throws(AccessFailure) -> T {
    for _ in 0..<20 {
      let stored = try stored()
      var d = stored.directory
      let result = try change(&d)
      if d == stored.directory { return result }
      if try store.write(d, expected: stored.version) { return result }
    }
    throw AccessFailure("the user table at \(store.location) keeps changing under this update; try again")
  }

  // MARK: Logins

  /// Checks a password; counts failures and locks the user after too many, for the place the
  /// attempt came from (`source`: a network address, nil for this process). Unknown names
  /// are counted and locked alike, so the answers do not tell which names exist.
  public func login(_ user: String, _ password: String, source: String? = nil) throws(AccessFailure) -> (
    isAdmin: Bool, at: Int64, generation: String, limits: UserLimits
  ) {
    let t = now()
    try guesses.check(source, at: t)
    guard let record = try claimAttempt(user, at: t, from: source) else {
      // As slow as a wrong password, so timing does not tell which user names exist.
      _ = UserService.decoy.matches(password)
      try failed(user, source, locked: unknownNames.settle(key(user, source), at: t), at: t)
    }
    if record.password.matches(password) {
      try update { (d: inout UserDirectory) throws(AccessFailure) in
        d.users[user]?.setAttempts(LoginAttempts(), from: source, now: t)
      }
      guesses.succeeded(source)
      return (record.isAdmin, t, record.currentGeneration, record.limits)
    }
    try failed(user, source, locked: try settleFailure(user, at: t, from: source), at: t)
  }

  /// Reports a failed login (and the lock it led to) in the log, and throws its message.
  func failed(_ user: String, _ source: String?, locked: Bool, at t: Int64) throws(AccessFailure) -> Never {
    let from = source.map { " from \($0)" } ?? ""
    guesses.failed(source, at: t)
    if locked {
      securityLog(
        "'\(user)' locked for \(UserService.minutes(UserService.lockMillis))\(source.map { " for \($0)" } ?? "") after \(UserService.maxFailures) failed logins\(from)"
      )
      throw AccessFailure(
        "The user name or password is incorrect. The user '\(user)' is now locked for \(UserService.minutes(UserService.lockMillis)) after \(UserService.maxFailures) failed logins within a minute"
      )
    }
    securityLog("failed login of '\(user)'\(from)")
    throw AccessFailure("The user name or password is incorrect.")
  }

  func key(_ user: String, _ source: String?) -> String { (source ?? "") + "|" + user }

  /// Failed logins of names no user has, kept in memory the way records keep theirs.
  let unknownNames = UnknownNameAttempts()
  /// The back-off of each network address after failed logins, whatever the names tried.
  let guesses = SourceBackoff()
  private let securityEvents = Mutex<(@Sendable (String) -> Void)?>(nil)

  /// Where failed logins and lockouts are reported (a node's log); nowhere by default.
  public var onSecurityEvent: (@Sendable (String) -> Void)? {
    get { securityEvents.withLock { $0 } }
    set { securityEvents.withLock { $0 = newValue } }
  }

  func securityLog(_ text: String) { onSecurityEvent?(text) }

  /// A hash no password is checked against but for its cost.
  static let decoy = PasswordHash(
    algorithm: PasswordHash.algorithmName, rounds: PasswordHash.rounds, salt: "AAAAAAAAAAAAAAAAAAAAAA==", hash: "")

  /// Counts a password check of `user` as a failure before it runs (it is slow on purpose, so
  /// parallel guesses must not all pass the lockout while they wait), refusing a locked user.
  /// The user's record, or nil if there is no such user.
  func claimAttempt(_ user: String, at t: Int64, from source: String? = nil) throws(AccessFailure) -> UserRecord? {
    try update { (d: inout UserDirectory) throws(AccessFailure) -> UserRecord? in
      guard var r = d.users[user] else {
        try unknownNames.claim(key(user, source), user, at: t)
        return nil
      }
      // Locked by an administrator: refused before the password is looked at, uncounted.
      guard r.lockedAt == nil else { throw AccessFailure(AccessMessages.lockedByAdministrator(user)) }
      var a = r.attempts(from: source)
      try UserService.claim(&a, user, at: t)
      r.setAttempts(a, from: source, now: t)
      d.users[user] = r
      return r
    }
  }

  /// The lockout rule on one place's attempts: refused while locked or while as many checks
  /// as the limit are under way; otherwise the attempt is counted before its check runs.
  static func claim(_ a: inout LoginAttempts, _ user: String, at t: Int64) throws(AccessFailure) {
    if let until = a.lockedUntil, until > t {
      throw AccessFailure(
        "The user '\(user)' is locked after \(UserService.maxFailures) failed logins; try again in \(UserService.minutes(until - t)) or ask an administrator to reset the password"
      )
    }
    a.failures = a.failures.filter { t - $0 < UserService.failureWindowMillis }
    guard a.failures.count < UserService.maxFailures else {
      throw AccessFailure("too many logins of '\(user)' are being tried at once; try again in a moment")
    }
    a.failures.append(t)
  }

  /// After a claimed check failed: locks when the window holds too many failures (true then).
  static func settle(_ a: inout LoginAttempts, at t: Int64) -> Bool {
    guard a.failures.filter({ t - $0 < UserService.failureWindowMillis }).count >= UserService.maxFailures else {
      return false
    }
    a.lockedUntil = t + UserService.lockMillis
    a.failures = []
    return true
  }

  /// After a claimed check failed: locks the user when the window holds too many failures.
  /// True when it did.
  func settleFailure(_ user: String, at t: Int64, from source: String? = nil) throws(AccessFailure) -> Bool {
    try update { (d: inout UserDirectory) throws(AccessFailure) -> Bool in
      guard var r = d.users[user] else { return false }
      var a = r.attempts(from: source)
      let locked = UserService.settle(&a, at: t)
      r.setAttempts(a, from: source, now: t)
      d.users[user] = r
      return locked
    }
  }

  static func minutes(_ millis: Int64) -> String {
    let m = (millis + 59_999) / 60_000
    return m == 1 ? "1 minute" : "\(m) minutes"
  }

  func tokenKey() throws(AccessFailure) -> [UInt8] {
    if let k = key.withLock({ $0 }) { return k }
    let k = try store.tokenKey()
    key.withLock { $0 = k }
    return k
  }

  /// A signed token for a logged-in user.
  public func token(for user: String, issuedAt: Int64, generation: String) throws(AccessFailure) -> String {
    SessionToken(
      user: user, issuedAt: issuedAt, expiresAt: issuedAt + SessionToken.lifetimeMillis, generation: generation
    )
    .encoded(key: try tokenKey())
  }

  /// The user a token logs in, if it is genuine, current, and not logged out since.
  public func verify(token text: String) throws(AccessFailure) -> (
    user: String, isAdmin: Bool, at: Int64, generation: String, limits: UserLimits
  ) {
    guard let t = SessionToken.decode(text, key: try tokenKey(), now: now()) else {
      throw AccessFailure("the session token is not valid here (expired, or signed by another cluster)")
    }
    let record = try directory().users[t.user]
    // Locked by an administrator: no token logs the user in, the lock is what to tell.
    if record?.lockedAt != nil { throw AccessFailure(AccessMessages.lockedByAdministrator(t.user)) }
    guard let record, record.currentGeneration == t.generation else {
      throw AccessFailure("the session of '\(t.user)' has ended; log in again")
    }
    return (t.user, record.isAdmin, t.issuedAt, t.generation, record.limits)
  }

  /// Whether a session of `user` that logged in under `generation` is still valid.
  public func isCurrent(_ user: String, generation: String, in d: UserDirectory) -> Bool {
    d.users[user]?.currentGeneration == generation
  }

  /// Ends every session and token of `user` (on every node sharing the store).
  public func logoutEverywhere(_ user: String) throws(AccessFailure) {
    try update { (d: inout UserDirectory) throws(AccessFailure) in
      guard d.users[user] != nil else { throw AccessFailure("the user '\(user)' does not exist") }
      d.users[user]?.generation = UserRecord.newGeneration()
    }
  }

  // MARK: Users and groups

  /// DolphinDB's rule: letters, digits and `_`, not starting with a digit or `_`, at most 30.
  public static func checkName(_ name: String, _ what: String) throws(AccessFailure) {
    let ok =
      !name.isEmpty && name.count <= 30 && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
      && name.first?.isLetter == true
    guard ok else {
      throw AccessFailure(
        "invalid \(what) '\(name)': use letters, digits and '_', starting with a letter, at most 30 characters")
    }
  }

  func checkPassword(_ password: String) throws(AccessFailure) {
    guard !password.isEmpty, password.count <= 64,
      password.unicodeScalars.allSatisfy({ !$0.properties.isWhitespace && $0.value >= 0x20 && $0.value != 0x7f })
    else {
      throw AccessFailure("invalid password: it must be 1 to 64 characters without spaces or control characters")
    }
    guard enhancedPasswords else { return }
    let special = Set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
    guard (8...20).contains(password.count), password.contains(where: \.isUppercase),
      password.contains(where: special.contains)
    else {
      throw AccessFailure(
        "invalid password: with enhancedSecurityVerification it must be 8 to 20 characters with an uppercase letter and a special character such as ! or #"
      )
    }
  }

  public func createUser(_ name: String, _ password: String, groups: [String], isAdmin: Bool) throws(AccessFailure) {
    try UserService.checkName(name, "user name")
    guard name != "guest" else { throw AccessFailure("'guest' is the name of sessions that have not logged in") }
    try checkPassword(password)
    let hash = try PasswordHash.make(password)
    let t = now()
    try update { (d: inout UserDirectory) throws(AccessFailure) in
      guard d.users[name] == nil else { throw AccessFailure("the user '\(name)' already exists") }
      guard d.groups[name] == nil else { throw AccessFailure("'\(name)' is already the name of a group") }
      for g in groups where d.groups[g] == nil { throw AccessFailure("the group '\(g)' does not exist") }
      d.users[name] = UserRecord(password: hash, isAdmin: isAdmin, createdAt: t)
      for g in groups { d.groups[g, default: []] = (d.groups[g, default: []] + [name]).sorted() }
    }
  }

  public func deleteUser(_ name: String) throws(AccessFailure) {
    guard name != UserDirectory.defaultAdmin else {
      throw AccessFailure("the user 'admin' is the super administrator and cannot be deleted")
    }
    try update { (d: inout UserDirectory) throws(AccessFailure) in
      guard d.users.removeValue(forKey: name) != nil else { throw AccessFailure("the user '\(name)' does not exist") }
      for g in d.groups.keys { d.groups[g]?.removeAll { $0 == name } }
      d.rules[name] = nil
    }
  }

  /// Sets a password and ends every session and token of the user made before (a stolen
  /// token must not outlive the password). Returns the new session generation.
  /// A wrong old password counts as a failed login, so it cannot be guessed from a session.
  @discardableResult
  public func setPassword(_ name: String, _ password: String, checkingOld old: String?) throws(AccessFailure) -> String
  {
    try checkPassword(password)
    if let old {
      // Checked like a login: counted, and refused while the user is locked.
      let t = now()
      guard let record = try claimAttempt(name, at: t) else { throw AccessFailure("the user '\(name)' does not exist") }
      if !record.password.matches(old) {
        _ = try settleFailure(name, at: t)
        throw AccessFailure("the old password is incorrect")
      }
    } else {
      guard try directory().users[name] != nil else { throw AccessFailure("the user '\(name)' does not exist") }
    }
    let hash = try PasswordHash.make(password)
    let generation = UserRecord.newGeneration()
    try update { (d: inout UserDirectory) throws(AccessFailure) in
      d.users[name]?.password = hash
      d.users[name]?.clearAttempts()
      d.users[name]?.generation = generation
    }
    return generation
  }

  public func createGroup(_ name: String, members: [String]) throws(AccessFailure) {
    try UserService.checkName(name, "group name")
    try update { (d: inout UserDirectory) throws(AccessFailure) in
      guard d.groups[name] == nil else { throw AccessFailure("the group '\(name)' already exists") }
      guard d.users[name] == nil else { throw AccessFailure("'\(name)' is already the name of a user") }
      for m in members where d.users[m] == nil { throw AccessFailure("the user '\(m)' does not exist") }
      d.groups[name] = Array(Set(members)).sorted()
    }
  }

  public func deleteGroup(_ name: String) throws(AccessFailure) {
    try update { (d: inout UserDirectory) throws(AccessFailure) in
      guard d.groups.removeValue(forKey: name) != nil else { throw AccessFailure("the group '\(name)' does not exist") }
      d.rules[name] = nil
    }
  }

  public func changeMembers(_ users: [String], group: String, add: Bool) throws(AccessFailure) {
    try update { (d: inout UserDirectory) throws(AccessFailure) in
      guard var members = d.groups[group] else { throw AccessFailure("the group '\(group)' does not exist") }
      for u in users where d.users[u] == nil { throw AccessFailure("the user '\(u)' does not exist") }
      members = add ? Array(Set(members).union(users)).sorted() : members.filter { !users.contains($0) }
      d.groups[group] = members
    }
  }

  /// `grant` (allow), `deny` (deny) and `revoke` (nil) of one right on some objects.
  /// Sets (or, with nil, clears) a user's own limit on one query's result, in GB.
  public func setMemoryLimit(_ user: String, taskGroup: Bool, gigabytes: Double?) throws(AccessFailure) {
    try update { d throws(AccessFailure) in
      guard d.users[user] != nil else { throw AccessFailure(AccessMessages.noSuchUser(user)) }
      if taskGroup {
        d.users[user]?.taskGroupLimitGB = gigabytes
      } else {
        d.users[user]?.queryResultLimitGB = gigabytes
      }
      d.revision += 1
    }
  }

  public func setRule(_ principal: String, _ right: AccessRight, objects: [String], to permission: Permission?)
    throws(AccessFailure)
  {
    try update { (d: inout UserDirectory) throws(AccessFailure) in
      if principal == "guest" { throw AccessFailure("guest cannot be given any right; create a user for it") }
      if d.isSuperAdmin(principal) {
        throw AccessFailure(
          "'\(principal)' is the super administrator: it has every right, which cannot be changed")
      }
      guard d.users[principal] != nil || d.groups[principal] != nil else {
        throw AccessFailure("no user or group '\(principal)'")
      }
      for object in objects.map(AccessPolicy.normalize) {
        if !right.isTableRight && AccessPolicy.isTable(object) {
          throw AccessFailure("\(right.rawValue) applies to databases, not to the table '\(object)'")
        }
        var byObject = d.rules[principal]?[right] ?? [:]
        byObject[object] = permission
        d.rules[principal, default: [:]][right] = byObject.isEmpty ? nil : byObject
      }
      if d.rules[principal]?.isEmpty == true { d.rules[principal] = nil }
    }
  }
}
