import DistributedStorage
import Testing

/// Where a new chunk's replicas go: least loaded first, spread over hosts as the reliability
/// level asks, and a clear refusal when the cluster cannot hold them.
@Suite struct PlacementTests {
  let seed = [
    DataNodeLoad(alias: "P1-datanode", host: "10.0.0.1", chunks: 4),
    DataNodeLoad(alias: "P2-datanode", host: "10.0.0.2", chunks: 1),
    DataNodeLoad(alias: "P3-datanode", host: "10.0.0.3", chunks: 1),
    DataNodeLoad(alias: "P1-datanode2", host: "10.0.0.1", chunks: 0),
  ]

  @Test func theLeastLoadedNodesTakeANewChunk() throws {
    #expect(try ChunkPlacement.choose(replicas: 1, among: seed, reliability: .sameHostAllowed) == ["P1-datanode2"])
    // Ties are broken by alias, so two writers with one view choose alike.
    #expect(
      try ChunkPlacement.choose(replicas: 3, among: seed, reliability: .sameHostAllowed)
        == ["P1-datanode2", "P2-datanode", "P3-datanode"])
  }

  @Test func distinctHostsAreRequiredOrPreferredAsAsked() throws {
    let sameHost = [
      DataNodeLoad(alias: "a", host: "h1", chunks: 0), DataNodeLoad(alias: "b", host: "h1", chunks: 0),
      DataNodeLoad(alias: "c", host: "h2", chunks: 9),
    ]
    // Level 0: the two least loaded, though they share h1.
    #expect(try ChunkPlacement.choose(replicas: 2, among: sameHost, reliability: .sameHostAllowed) == ["a", "b"])
    // Levels 1 and 2: the second replica goes to the other host, loaded as it is.
    #expect(try ChunkPlacement.choose(replicas: 2, among: sameHost, reliability: .distinctHostsRequired) == ["a", "c"])
    #expect(
      try ChunkPlacement.choose(replicas: 2, among: sameHost, reliability: .distinctHostsIfPossible) == ["a", "c"])
    // Three replicas over two hosts: level 2 doubles up, level 1 refuses and says why.
    #expect(
      try ChunkPlacement.choose(replicas: 3, among: sameHost, reliability: .distinctHostsIfPossible) == ["a", "c", "b"])
    #expect {
      try ChunkPlacement.choose(replicas: 3, among: sameHost, reliability: .distinctHostsRequired)
    } throws: { error in
      "\(error)".contains("3 replicas on distinct hosts (dfsReplicaReliabilityLevel=1)")
        && "\(error)".contains("on 2 hosts")
    }
  }

  @Test func tooFewDataNodesIsARefusal() {
    #expect {
      try ChunkPlacement.choose(replicas: 2, among: [seed[0]], reliability: .sameHostAllowed)
    } throws: { error in
      "\(error)" == "a chunk needs 2 replicas (dfsReplicationFactor) but 1 data node is running"
    }
  }

  @Test func placingManyChunksKeepsCountsBalanced() throws {
    var nodes = (1...5).map { DataNodeLoad(alias: "dn\($0)", host: "h\($0 % 3)", chunks: 0) }
    for _ in 0..<100 {
      for alias in try ChunkPlacement.choose(replicas: 2, among: nodes, reliability: .distinctHostsIfPossible) {
        nodes[nodes.firstIndex { $0.alias == alias }!].chunks += 1
      }
    }
    let counts = nodes.map(\.chunks)
    #expect(counts.reduce(0, +) == 200)
    #expect(counts.max()! - counts.min()! <= 1)
  }

  func chunk(_ id: String, _ replicas: [String], version: Int = 1, behind: String? = nil) -> ChunkRecord {
    ChunkRecord(
      chunkId: id, database: "dfs://db", table: "t", partition: id, version: version,
      replicas: replicas.map { ReplicaRecord(alias: $0, version: $0 == behind ? version - 1 : version) },
      lastUpdated: 0)
  }

  @Test func rebalancingEvensOutReplicaCountsWithoutDoublingAChunkOnANode() {
    let chunks = (1...6).map { chunk("c\($0)", ["a", "b"]) }
    let moves = ChunkPlacement.rebalance(chunks, among: ["a", "b", "c"])
    #expect(moves.count == 4)
    #expect(moves.allSatisfy { $0.to == "c" })
    // Each chunk moves at most once, and never onto a node that holds it.
    #expect(Set(moves.map(\.chunk.chunkId)).count == 4)
    var counts = ["a": 6, "b": 6, "c": 0]
    for m in moves {
      counts[m.from]! -= 1
      counts[m.to]! += 1
    }
    #expect(counts == ["a": 4, "b": 4, "c": 4])
    // Balanced already: nothing to do. A stale copy is never the one moved.
    #expect(ChunkPlacement.rebalance([chunk("x", ["a"]), chunk("y", ["b"])], among: ["a", "b"]).isEmpty)
    let stale = [chunk("s1", ["a"], behind: "a"), chunk("s2", ["a"])]
    #expect(ChunkPlacement.rebalance(stale, among: ["a", "b"]).map(\.chunk.chunkId) == ["s2"])
  }
}
