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

  /// The groups a user belongs to, sorted.
  public func groups(of user: String) -> [String] {
    groups.filter { $0.value.contains(user) }.map(\.key).sorted()
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
  /// Sessions and tokens carry the generation they logged in under and end when it changes:
  /// a new one at `createUser`, `logout(user, false)` and every password change. Random, not a
  /// time, so nodes whose clocks differ agree, and a user deleted and made again by the same
  /// name is not the old one. (nil in a table written before generations: "".)
  public var generation: String?

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

/// Why an access-control operation failed, in words a script shows.
public struct AccessFailure: Error, Sendable, CustomStringConvertible {
  public let message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}
