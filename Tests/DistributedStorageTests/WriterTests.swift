import Coordination
import DistributedStorage
import Synchronization
import TestSupport
import Testing

/// Data nodes as a writer sees them: each holds the segments staged on it; a node marked down
/// refuses, as an unreachable one would.
final class FakeDataNodes: ChunkTransport {
  private let state = Mutex<(held: [String: [String]], down: Set<String>, calls: Int)>(([:], [], 0))
  /// Runs once, before the next segment is staged (another writer getting in first).
  let interloper = Mutex<(@Sendable () async -> Void)?>(nil)

  func stage(_ segment: StagedSegment, on node: String) async throws(CatalogError) {
    if let run = interloper.withLock({ i in
      defer { i = nil }; return i
    }) {
      await run()
    }
    try state.withLock { s throws(CatalogError) in
      s.calls += 1
      guard !s.down.contains(node) else { throw CatalogError(.unavailable, "\(node) is down") }
      s.held[node, default: []].append(segment.segment.id)
    }
  }

  func setDown(_ node: String, _ down: Bool) {
    state.withLock { s in
      if down { s.down.insert(node) } else { s.down.remove(node) }
    }
  }

  func held(_ node: String) -> [String] { state.withLock { $0.held[node] ?? [] } }
  var calls: Int { state.withLock { $0.calls } }
}

/// An append across the cluster: placement, staging on every replica, one commit; replicas
/// down, writers racing, nothing half-visible.
@Suite struct WriterTests {
  let nodes = [(alias: "dn1", host: "h1"), (alias: "dn2", host: "h2"), (alias: "dn3", host: "h3")]

  struct Fixture {
    let catalog: CoordinationCatalog
    let transport = FakeDataNodes()
    let writer: DFSWriter

    init(replicas: Int = 2) async throws {
      let zk = InMemoryCoordination()
      let client = try zk.connect()
      catalog = CoordinationCatalog { client }
      _ = try await catalog.createDatabase(
        DatabaseRecord(name: "dfs://db", scheme: "{}", engine: "OLAP", atomic: "TRANS", createdBy: "t", createdAt: 0))
      try await catalog.createTable("dfs://db", TableRecord(name: "pt", schema: "{}"))
      writer = DFSWriter(
        catalog: catalog, transport: transport, replicationFactor: replicas, reliability: .distinctHostsRequired)
    }

    func chunks() async throws -> [String: ChunkRecord] {
      Dictionary(
        uniqueKeysWithValues: try await catalog.chunks("dfs://db", "pt").map { ($0.record.partition, $0.record) })
    }
  }

  func append(_ partitions: [String], rows: Int = 10) -> [PartitionAppend] {
    partitions.map {
      PartitionAppend(partition: $0, rows: rows, payload: Array(repeating: 1, count: rows), checksum: "x")
    }
  }

  @Test func everyPartitionLandsOnItsReplicasInOneCommit() async throws {
    let f = try await Fixture()
    let report = try await f.writer.append(
      append(["p1", "p2", "p3"]), database: "dfs://db", table: "pt", dataNodes: nodes)
    #expect(report.versions == ["p1": 1, "p2": 1, "p3": 1])
    #expect(report.stale.isEmpty)
    let chunks = try await f.chunks()
    #expect(chunks.count == 3)
    for (_, c) in chunks {
      #expect(c.state == .complete)
      #expect(c.replicas.count == 2)
      #expect(Set(c.replicas.map(\.alias)).count == 2)
      for r in c.replicas { #expect(f.transport.held(r.alias).contains(c.segments[0].id)) }
    }
    // Six replicas over three nodes: two each.
    #expect(nodes.map { f.transport.held($0.alias).count } == [2, 2, 2])
    // A second append adds a segment to each chunk it touches, on the same replicas.
    _ = try await f.writer.append(append(["p1"], rows: 5), database: "dfs://db", table: "pt", dataNodes: nodes)
    let p1 = try #require(try await f.chunks()["p1"])
    #expect(p1.version == 2)
    #expect(p1.rows == 15)
    #expect(p1.replicas.map(\.alias) == chunks["p1"]!.replicas.map(\.alias))
  }

  @Test func aReplicaDownIsLeftBehindAndTheAppendStillLands() async throws {
    let f = try await Fixture()
    _ = try await f.writer.append(append(["p1"]), database: "dfs://db", table: "pt", dataNodes: nodes)
    let before = try #require(try await f.chunks()["p1"])
    let down = before.replicas[1].alias
    f.transport.setDown(down, true)
    let report = try await f.writer.append(append(["p1"]), database: "dfs://db", table: "pt", dataNodes: nodes)
    #expect(report.stale == ["p1": [down]])
    let after = try #require(try await f.chunks()["p1"])
    #expect(after.state == .recovering)
    #expect(after.currentReplicas == [before.replicas[0].alias])
    #expect(after.rows == 20)
    // Back up, it takes new segments but stays behind until it has copied the one it missed.
    f.transport.setDown(down, false)
    _ = try await f.writer.append(append(["p1"]), database: "dfs://db", table: "pt", dataNodes: nodes)
    let later = try #require(try await f.chunks()["p1"])
    #expect(later.replicas.first { $0.alias == down }?.version == 1)
    #expect(later.currentReplicas == [before.replicas[0].alias])
  }

  @Test func aChunkNoCurrentReplicaTakesFailsTheWholeAppend() async throws {
    let f = try await Fixture()
    _ = try await f.writer.append(append(["p1", "p2"]), database: "dfs://db", table: "pt", dataNodes: nodes)
    let before = try await f.chunks()
    for r in before["p1"]!.replicas { f.transport.setDown(r.alias, true) }
    do {
      _ = try await f.writer.append(append(["p2", "p1"]), database: "dfs://db", table: "pt", dataNodes: nodes)
      Issue.record("an append with an unreachable chunk committed")
    } catch {
      #expect(error.message.contains("no current replica of partition 'p1' of 'dfs://db/pt'"))
    }
    // p2's segment was staged, but nothing was committed: both chunks are as they were.
    let after = try await f.chunks()
    #expect(after["p1"] == before["p1"])
    #expect(after["p2"] == before["p2"])
  }

  @Test func twoWritersOnOneChunkBothLand() async throws {
    let f = try await Fixture()
    _ = try await f.writer.append(append(["p1"]), database: "dfs://db", table: "pt", dataNodes: nodes)
    // Eight appends at once, from as many writers: each loses some commits and retries.
    try await withThrowingTaskGroup(of: AppendReport.self) { group in
      for _ in 0..<8 {
        group.addTask {
          try await f.writer.append(
            self.append(["p1"], rows: 1), database: "dfs://db", table: "pt", dataNodes: self.nodes)
        }
      }
      for try await _ in group {}
    }
    let p1 = try #require(try await f.chunks()["p1"])
    #expect(p1.rows == 18)
    #expect(p1.version == 9)
    #expect(Set(p1.segments.map(\.id)).count == 9)
  }

  @Test func aCommitThatLosesToAnotherWriterIsRetriedAndBothLand() async throws {
    let f = try await Fixture()
    _ = try await f.writer.append(append(["p1"]), database: "dfs://db", table: "pt", dataNodes: nodes)
    // Between this writer's read of the chunk and its commit, another writer commits to it.
    let other = f.writer
    let nodes = self.nodes
    let theirs = append(["p1"], rows: 3)
    f.transport.interloper.withLock { i in
      i = { _ = try? await other.append(theirs, database: "dfs://db", table: "pt", dataNodes: nodes) }
    }
    let report = try await f.writer.append(append(["p1"], rows: 4), database: "dfs://db", table: "pt", dataNodes: nodes)
    #expect(report.retries == 1)
    #expect(report.versions == ["p1": 3])
    let p1 = try #require(try await f.chunks()["p1"])
    #expect(p1.rows == 17)
    #expect(p1.segments.map(\.rows) == [10, 3, 4])
  }

  @Test func tooFewNodesForTheReplicationFactorIsARefusal() async throws {
    let f = try await Fixture(replicas: 2)
    await #expect(throws: CatalogError.self) {
      try await f.writer.append(
        append(["p1"]), database: "dfs://db", table: "pt",
        dataNodes: [(alias: "dn1", host: "h1"), (alias: "dn2", host: "h1")])
    }
    #expect(try await f.chunks().isEmpty)
  }
}
