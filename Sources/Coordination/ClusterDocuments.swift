import ClusterConfig
import Foundation

/// Where a cluster keeps its state, relative to the root of its `zkConnect` address.
public enum ClusterPaths {
  /// The resolved members, published by the leading controller: `[PublishedNode]` as JSON.
  public static let configNodes = "/config/nodes"
  /// The controller's `cluster.nodes` and `cluster.cfg`, as the files were.
  public static let configNodesFile = "/config/cluster.nodes"
  public static let configClusterFile = "/config/cluster.cfg"
  /// How the cluster places chunk replicas, from the leading controller's controller.cfg:
  /// `DFSSettings` as JSON.
  public static let configDFS = "/config/dfs"
  /// The last change of the members made while the cluster ran (`addNode`, `removeNode`):
  /// `MembersEdit` as JSON, written with the new members so standby controllers follow it.
  public static let configMembersEdit = "/config/membersEdit"
  /// Present while chunk recovery is suspended (`suspendRecovery`): `RecoverySuspension` as
  /// JSON. Data nodes read it before each chunk they would catch up.
  public static let configRecoverySuspended = "/config/recoverySuspended"
  /// The epoch counter; its znode version is the leader's fencing token.
  public static let epoch = "/controller/epoch"
  /// The leader's ephemeral record.
  public static let leader = "/controller/leader"
  public static let desiredRoot = "/desired"
  public static let statusRoot = "/status"

  /// Cluster schedules (`scheduleClusterJob`): one document each, the slot each last fired
  /// for (written by the leader, fenced), and the outcome of each run (written by the node
  /// that ran it).
  public static let jobSchedules = "/jobs/schedules"
  public static let jobSlots = "/jobs/slots"
  public static let jobOutcomes = "/jobs/outcomes"
  public static func jobSchedule(_ id: String) -> String { "\(jobSchedules)/\(id)" }
  public static func jobSlot(_ id: String) -> String { "\(jobSlots)/\(id)" }
  public static func jobOutcome(_ jobId: String) -> String { "\(jobOutcomes)/\(jobId)" }

  public static func desired(_ alias: String) -> String { "\(desiredRoot)/\(alias)" }
  public static func status(_ alias: String) -> String { "\(statusRoot)/\(alias)" }
  /// The live processes of one mode: `/nodes/<mode>`, a folder of ephemeral registrations.
  public static func nodes(_ mode: NodeMode) -> String { "/nodes/\(mode.rawValue)" }
  public static func node(_ mode: NodeMode, _ alias: String) -> String { nodes(mode) + "/" + alias }

  /// The folder a path is in; nil for a top-level path.
  public static func parent(of path: String) -> String? {
    guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return nil }
    return String(path[..<slash])
  }
}

/// One member of the cluster as the controller publishes it: what an agent needs to start it.
public struct PublishedNode: Codable, Sendable, Equatable {
  public var alias: String
  public var mode: NodeMode
  public var host: String
  public var port: Int
  /// The agent that starts it (data and compute nodes).
  public var agent: String?
  public var computeGroup: String?
  /// Its effective parameters from cluster.cfg (or its own config file).
  public var parameters: [String: String]

  public init(
    alias: String, mode: NodeMode, host: String, port: Int, agent: String?, computeGroup: String?,
    parameters: [String: String]
  ) {
    self.alias = alias
    self.mode = mode
    self.host = host
    self.port = port
    self.agent = agent
    self.computeGroup = computeGroup
    self.parameters = parameters
  }

  public init(_ node: NodeConfig) {
    alias = node.alias
    mode = node.mode
    host = node.site.host
    port = node.site.port
    agent = node.agent
    computeGroup = node.computeGroup
    // Published for every ZooKeeper reader: secrets stay in the files they were read from.
    parameters = node.parameters.mapValues(\.value).filter { !KnownParameters.secret.contains($0.key) }
  }

  public var site: Site { Site(host: host, port: port, alias: alias) }
}

/// Who suspended chunk recovery, and when (ms since 1970).
public struct RecoverySuspension: Codable, Sendable, Equatable {
  public var by: String
  public var at: Int64

  public init(by: String, at: Int64 = ClusterClock.millis()) {
    self.by = by
    self.at = at
  }
}

/// A change of the cluster's members made at run time by the leading controller
/// (`/config/membersEdit`); the new `cluster.nodes` text is `/config/cluster.nodes`.
public struct MembersEdit: Codable, Sendable, Equatable {
  /// Bumped on every edit: a standby adopts an edit newer than the members it holds.
  public var sequence: Int
  /// Whether the edit was saved to cluster.nodes (`saveConfig`): standbys then save it too.
  public var saved: Bool
  /// The controller that made it, and when (ms since 1970).
  public var by: String
  public var at: Int64

  public init(sequence: Int, saved: Bool, by: String, at: Int64 = ClusterClock.millis()) {
    self.sequence = sequence
    self.saved = saved
    self.by = by
    self.at = at
  }
}

/// What the controller wants of a data or compute node (`/desired/<alias>`).
public struct DesiredState: Codable, Sendable, Equatable {
  public enum State: String, Codable, Sendable { case running, stopped }
  public var state: State
  /// Bumped on every change, so an agent can tell a new request from one it has seen.
  public var generation: Int
  /// Who asked (the controller's alias).
  public var by: String
  /// Milliseconds since 1970.
  public var at: Int64

  public init(state: State, generation: Int, by: String, at: Int64 = ClusterClock.millis()) {
    self.state = state
    self.generation = generation
    self.by = by
    self.at = at
  }
}

/// What the owning agent reports of a node (`/status/<alias>`).
public struct NodeStatus: Codable, Sendable, Equatable {
  public enum State: String, Codable, Sendable {
    case stopped, starting, running, backoff, failed, stopping
    /// Said by readers, never written: the agent that wrote the status is gone.
    case unknown
  }
  public var state: State
  /// The desired generation this status answers.
  public var observedGeneration: Int
  public var pid: Int32?
  public var restarts: Int
  /// How the last run ended: `exit 1`, `signal 9`.
  public var lastExit: String?
  public var lastExitAt: Int64?
  /// When the current process started (ms since 1970).
  public var startedAt: Int64?
  public var agent: String
  /// The agent's session when it wrote this: readers ignore a status from a dead agent session.
  public var agentSession: String
  public var updatedAt: Int64

  public init(
    state: State, observedGeneration: Int, pid: Int32?, restarts: Int, lastExit: String?, lastExitAt: Int64?,
    startedAt: Int64?,
    agent: String, agentSession: String
  ) {
    self.state = state
    self.observedGeneration = observedGeneration
    self.pid = pid
    self.restarts = restarts
    self.lastExit = lastExit
    self.lastExitAt = lastExitAt
    self.startedAt = startedAt
    self.agent = agent
    self.agentSession = agentSession
    self.updatedAt = ClusterClock.millis()
  }
}

/// The leading controller's ephemeral record (`/controller/leader`).
public struct LeaderRecord: Codable, Sendable, Equatable {
  public var alias: String
  public var epoch: Int
  public var session: String
  public var host: String
  public var port: Int
  public var since: Int64
}

/// Wall-clock milliseconds, as the documents record them.
public enum ClusterClock {
  public static func millis() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }
}

/// Where the cluster logic reads "now" (milliseconds since 1970) for its timeouts and
/// backoffs: the system clock, or a test's manual clock that moves only when told.
public struct MillisClock: Sendable {
  private let read: @Sendable () -> Int64
  public init(_ read: @escaping @Sendable () -> Int64) { self.read = read }
  public var now: Int64 { read() }
  public static let system = MillisClock { ClusterClock.millis() }
}

/// JSON in and out of znodes (sorted keys, so equal documents are equal bytes).
public enum ZNodeJSON {
  public static func encode<T: Encodable>(_ value: T) -> [UInt8] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return (try? Array(encoder.encode(value))) ?? []
  }

  public static func decode<T: Decodable>(_ type: T.Type, _ bytes: [UInt8]) -> T? {
    try? JSONDecoder().decode(type, from: Data(bytes))
  }
}

/// The controller's `dfsReplicationFactor` and `dfsReplicaReliabilityLevel`, published for the
/// data and compute nodes, which place the chunks of the appends they run.
public struct DFSSettings: Codable, Sendable, Equatable {
  public var replicationFactor: Int
  public var reliabilityLevel: Int

  public init(replicationFactor: Int, reliabilityLevel: Int) {
    self.replicationFactor = replicationFactor
    self.reliabilityLevel = reliabilityLevel
  }

  /// From a controller's parameters: 2 replicas and level 0 unless set, as DolphinDB.
  public init(parameters: [String: String]) {
    replicationFactor = max(1, min(Int(parameters["dfsReplicationFactor"] ?? "") ?? 2, 16))
    reliabilityLevel = max(0, min(Int(parameters["dfsReplicaReliabilityLevel"] ?? "") ?? 0, 2))
  }
}
