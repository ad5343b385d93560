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

/// One replica to move from a data node to another (`rebalanceChunksAmongDataNodes`).
public struct ChunkMove: Sendable, Equatable {
  public var chunk: ChunkRecord
  public var from: String
  public var to: String

  public init(chunk: ChunkRecord, from: String, to: String) {
    self.chunk = chunk
    self.from = from
    self.to = to
  }
}

extension ChunkPlacement {
  /// Moves that even out how many replicas each running data node holds: while the fullest
  /// node holds two or more than the emptiest, one of its replicas (of a chunk the emptiest
  /// does not hold, whose copy there is current) moves there. Nodes not running keep theirs.
  public static func rebalance(_ chunks: [ChunkRecord], among nodes: [String]) -> [ChunkMove] {
    var held = Dictionary(nodes.map { ($0, [ChunkRecord]()) }) { a, _ in a }
    for c in chunks {
      for r in c.replicas where held[r.alias] != nil && r.version == c.version { held[r.alias]!.append(c) }
    }
    var counts = Dictionary(nodes.map { ($0, 0) }) { a, _ in a }
    for c in chunks { for r in c.replicas where counts[r.alias] != nil { counts[r.alias]! += 1 } }
    var moved = Set<String>()
    var moves: [ChunkMove] = []
    while true {
      let order = counts.sorted { ($0.value, $0.key) < ($1.value, $1.key) }
      guard let low = order.first, let high = order.last, high.value - low.value >= 2 else { break }
      let candidate = held[high.key]?.first { c in
        !moved.contains(c.chunkId) && !c.replicas.contains { $0.alias == low.key }
      }
      guard let chunk = candidate else { break }
      moves.append(ChunkMove(chunk: chunk, from: high.key, to: low.key))
      moved.insert(chunk.chunkId)
      counts[high.key]! -= 1
      counts[low.key]! += 1
    }
    return moves
  }
}
