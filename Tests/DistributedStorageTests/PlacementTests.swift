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
}
