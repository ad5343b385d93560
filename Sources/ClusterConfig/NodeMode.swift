/// The role a `porpoise` process plays, with DolphinDB's numeric codes.
public enum NodeMode: String, Sendable, CaseIterable, Codable {
  case datanode, agent, controller, single, computenode

  /// The code `getNodeType()` and `getClusterPerf().mode` report.
  public var code: Int {
    switch self {
    case .datanode: return 0
    case .agent: return 1
    case .controller: return 2
    case .single: return 3
    case .computenode: return 4
    }
  }

  /// Data and compute nodes: the processes an agent starts and cluster.cfg configures.
  public var isWorker: Bool { self == .datanode || self == .computenode }

  /// Parses a mode name as config files write it (case-insensitive).
  public init?(name: String) {
    guard let m = NodeMode(rawValue: name.lowercased()) else { return nil }
    self = m
  }
}
