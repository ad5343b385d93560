import ClusterConfig

/// What a live process writes into its ephemeral znode `/nodes/<mode>/<alias>`.
///
/// The alias alone never decides identity: `session` and `incarnation` tell one run of a
/// process from the next (the ghost-node bugs of DolphinScheduler came from missing that).
public struct Registration: Codable, Sendable, Equatable {
  public var alias: String
  public var mode: NodeMode
  public var host: String
  public var port: Int
  public var pid: Int32
  /// The agent that supervises this node, for data and compute nodes.
  public var agent: String?
  /// Milliseconds since 1970 when the process started.
  public var startedAt: Int64
  /// Unique per process start; kept across a re-registration after session expiry.
  public var incarnation: String
  /// The ZooKeeper session that owns the znode, as hex.
  public var session: String
  public var version: String

  public init(
    alias: String, mode: NodeMode, host: String, port: Int, pid: Int32, agent: String? = nil, startedAt: Int64,
    incarnation: String, session: String = "", version: String
  ) {
    self.alias = alias
    self.mode = mode
    self.host = host
    self.port = port
    self.pid = pid
    self.agent = agent
    self.startedAt = startedAt
    self.incarnation = incarnation
    self.session = session
    self.version = version
  }
}
