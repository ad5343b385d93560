/// Everything the cluster knows of its users, stored as one document so that every change is
/// one atomic write (a file replaced by rename, or a znode set with its version).
public struct UserDirectory: Codable, Sendable, Equatable {
  /// Bumped on every write.
  public var revision: Int64 = 0
  public var users: [String: UserRecord] = [:]
  /// Group name → member user names.
  public var groups: [String: [String]] = [:]
  /// Principal (user or group) → right → object → allow/deny.
  public var rules: [String: [AccessRight: [String: Permission]]] = [:]

  public init() {}

  /// The directory a cluster starts with: the administrator DolphinDB documents.
  public static func initial(now: Int64) throws(AccessFailure) -> UserDirectory {
    var d = UserDirectory()
    d.users[UserDirectory.defaultAdmin] = UserRecord(
      password: try PasswordHash.make(UserDirectory.defaultAdminPassword), isAdmin: true, createdAt: now)
    return d
  }

  public static let defaultAdmin = "admin"
  public static let defaultAdminPassword = "123456"

  /// Whether `name` is the super administrator: the `admin` made at first start, the one user
  /// holding every right. Other administrators manage users, groups and rights but hold only
  /// the data rights granted to them (DolphinDB 2.00.9+: "a newly created administrator has no
  /// privilege").
  public func isSuperAdmin(_ name: String) -> Bool {
    name == UserDirectory.defaultAdmin && users[name]?.isAdmin == true
  }

  /// The groups a user belongs to, sorted.
  public func groups(of user: String) -> [String] {
    groups.filter { $0.value.contains(user) }.map(\.key).sorted()
  }
}

/// The memory limits granted to a user, in GB (nil: none of its own).
public struct UserLimits: Sendable, Equatable {
  public var queryResultGB: Double?
  public var taskGroupGB: Double?
  public init(queryResultGB: Double? = nil, taskGroupGB: Double? = nil) {
    self.queryResultGB = queryResultGB
    self.taskGroupGB = taskGroupGB
  }
}

/// One user: a password hash, never the password.
public struct UserRecord: Codable, Sendable, Equatable {
  public var password: PasswordHash
  public var isAdmin: Bool
  public var createdAt: Int64
  /// Times (ms) of recent failed logins, for the lockout.
  public var failures: [Int64] = []
  /// Locked until this time (ms) after too many failures.
  public var lockedUntil: Int64?
  /// The same, for logins from each network address: a guesser elsewhere locks the user for
  /// itself, not for the node's own console. (nil in a table written before.)
  public var remoteAttempts: [String: LoginAttempts]?
  /// Sessions and tokens carry the generation they logged in under and end when it changes:
  /// a new one at `createUser`, `logout(user, false)` and every password change. Random, not a
  /// time, so nodes whose clocks differ agree, and a user deleted and made again by the same
  /// name is not the old one. (nil in a table written before generations: "".)
  public var generation: String?
  /// `grant(user, QUERY_RESULT_MEM_LIMIT, gb)`: the most one query's result may take for this
  /// user, below the node's own limit (nil: the node's limit only).
  public var queryResultLimitGB: Double?
  /// `grant(user, TASK_GROUP_MEM_LIMIT, gb)`: the most the database tables one query of this
  /// user reads may take (nil: no limit).
  public var taskGroupLimitGB: Double?
  /// `lockUser`: when an administrator locked the user (UTC ms); nil while it is not locked.
  /// Until `unlockUser`, neither a password nor a token logs it in. (nil in a table written
  /// before.)
  public var lockedAt: Int64?

  /// Both limits, as a login reads them.
  public var limits: UserLimits { UserLimits(queryResultGB: queryResultLimitGB, taskGroupGB: taskGroupLimitGB) }

  public init(password: PasswordHash, isAdmin: Bool, createdAt: Int64) {
    self.password = password
    self.isAdmin = isAdmin
    self.createdAt = createdAt
    generation = UserRecord.newGeneration()
  }

  /// The generation sessions compare with.
  public var currentGeneration: String { generation ?? "" }

  /// 16 random bytes as hex (no character that needs escaping in a token).
  public static func newGeneration() -> String {
    (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
  }
}

/// Recent failed logins of one user from one place, and the lock they led to.
public struct LoginAttempts: Codable, Sendable, Equatable {
  public var failures: [Int64] = []
  public var lockedUntil: Int64?
  public init(failures: [Int64] = [], lockedUntil: Int64? = nil) {
    self.failures = failures
    self.lockedUntil = lockedUntil
  }
}

extension UserRecord {
  /// The attempts from `source` (nil: this process, its console or a batch job).
  func attempts(from source: String?) -> LoginAttempts {
    guard let source else { return LoginAttempts(failures: failures, lockedUntil: lockedUntil) }
    return remoteAttempts?[source] ?? LoginAttempts()
  }

  /// Stores the attempts from `source`, forgetting addresses with nothing left to remember
  /// and keeping at most 64 (many addresses must not grow the user table without bound).
  mutating func setAttempts(_ a: LoginAttempts, from source: String?, now t: Int64) {
    guard let source else {
      failures = a.failures
      lockedUntil = a.lockedUntil
      return
    }
    var all = remoteAttempts ?? [:]
    all[source] = a
    all = all.filter { entry in
      (entry.value.lockedUntil ?? 0) > t || entry.value.failures.contains { t - $0 < UserService.failureWindowMillis }
    }
    while all.count > 64,
      let oldest = all.min(by: { ($0.value.failures.last ?? 0) < ($1.value.failures.last ?? 0) })?.key
    {
      all[oldest] = nil
    }
    remoteAttempts = all.isEmpty ? nil : all
  }

  /// A new password starts with a clean slate everywhere.
  mutating func clearAttempts() {
    failures = []
    lockedUntil = nil
    remoteAttempts = nil
  }
}

/// Why an access-control operation failed, in words a script shows.
public struct AccessFailure: Error, Sendable, CustomStringConvertible {
  public let message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}
