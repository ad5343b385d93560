/// How strictly replicas of one chunk must sit on different machines
/// (`dfsReplicaReliabilityLevel`).
public enum ReplicaReliability: Int, Sendable {
  /// Distinct data nodes, which may share a host.
  case sameHostAllowed = 0
  /// Distinct hosts, or the chunk is not created.
  case distinctHostsRequired = 1
  /// Distinct hosts where there are enough, else distinct data nodes.
  case distinctHostsIfPossible = 2
}

/// A live data node as placement sees it: where it runs and how many chunks it holds.
public struct DataNodeLoad: Sendable, Equatable {
  public var alias: String
  public var host: String
  public var chunks: Int

  public init(alias: String, host: String, chunks: Int) {
    self.alias = alias
    self.host = host
    self.chunks = chunks
  }
}

/// Chooses the data nodes of a new chunk: `replicas` distinct nodes, the least loaded first
/// (ties by alias, so every writer choosing from the same view chooses alike), spread over
/// hosts as `reliability` asks.
public enum ChunkPlacement {
  public static func choose(replicas: Int, among nodes: [DataNodeLoad], reliability: ReplicaReliability)
    throws(CatalogError) -> [String]
  {
    let wanted = max(1, replicas)
    guard nodes.count >= wanted else {
      throw CatalogError(.unavailable, DFSMessages.tooFewDataNodes(replicas: wanted, running: nodes.count))
    }
    var candidates = nodes.sorted { ($0.chunks, $0.alias) < ($1.chunks, $1.alias) }
    var chosen: [DataNodeLoad] = []
    while chosen.count < wanted {
      let usedHosts = Set(chosen.map(\.host))
      let onNewHost = candidates.firstIndex { !usedHosts.contains($0.host) }
      let pick: Int
      switch reliability {
      case .sameHostAllowed:
        pick = 0
      case .distinctHostsRequired:
        guard let i = onNewHost else {
          let hosts = Set(nodes.map(\.host)).count
          throw CatalogError(.unavailable, DFSMessages.tooFewHosts(replicas: wanted, hosts: hosts))
        }
        pick = i
      case .distinctHostsIfPossible:
        pick = onNewHost ?? 0
      }
      chosen.append(candidates.remove(at: pick))
    }
    return chosen.map(\.alias)
  }
}
