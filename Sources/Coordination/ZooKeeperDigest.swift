import ClusterConfig

/// The cluster's ZooKeeper credentials (`zkDigest=user:password`, ZooKeeper's `digest`
/// scheme). A session that has them makes its znodes readable by anyone but changeable only
/// by sessions with the same credentials, and the `/acl` subtree (password hashes, the token
/// key) unreadable to everyone else.
public struct ZooKeeperDigest: Sendable, Equatable, CustomStringConvertible {
  public let user: String
  let password: String

  /// `user:password` (`KnownParameters.credentials`); nil otherwise.
  public init?(_ text: String) {
    guard let (user, password) = KnownParameters.credentials(text) else { return nil }
    self.user = user
    self.password = password
  }

  var credentials: String { user + ":" + password }

  /// `user:password`, for the one place it must travel: an agent's nodes' environment.
  public var secretText: String { credentials }

  /// Never the password: this lands in logs.
  public var description: String { "digest \(user):********" }

  /// Paths whose data only the cluster may read.
  static func isSecret(_ path: String) -> Bool { path == "/acl" || path.hasPrefix("/acl/") }
}
