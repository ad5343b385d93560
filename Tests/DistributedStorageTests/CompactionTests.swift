import Foundation
import PorpoiseSupport
import Testing

@testable import DistributedStorage
@testable import ScriptRuntime
@testable import TableStorage

/// A partition appended to in many small batches gets its segments merged: the record stays
/// short (a znode holds 1 MB), the rows and their order stay as they were, every replica stays
/// current.
extension DFSTableTests {
  @Test func manySmallAppendsAreMergedIntoOneSegmentPerChunk() async throws {
    try await onScriptThread { try self.compaction() }
  }

  func compaction() throws {
    defer { try? FileManager.default.removeItem(atPath: root) }
    let (engine, embedded) = try local()
    let (dfs, data) = try distributed(embedded)
    for i in 0..<70 {
      let b = batch(i, rows: 4)
      _ = try engine.append(embedded, columns: b, from: "test")
      try dfs.append(columns: b, from: "test")
    }
    let catalog = dfs.cluster.catalog
    func chunks() throws -> [VersionedChunk] {
      try blockingAwait { () async throws(CatalogError) in try await catalog.chunks("dfs://seed", "kline") }
    }
    let before = try chunks()
    #expect(before.count == 4 && before.allSatisfy { $0.record.segments.count == 70 })
    // Only the first current replica compacts a chunk, and only past the threshold.
    for c in before {
      let first = c.record.currentReplicas[0]
      #expect(ChunkCompactor.run(in: c.record, alias: first) == 0..<70)
      #expect(ChunkCompactor.run(in: c.record, alias: c.record.currentReplicas[1]) == nil)
      #expect(ChunkCompactor.run(in: c.record, alias: first, threshold: 70) == nil)
    }
    for alias in ["dn1", "dn2", "dn3"] {
      let compactor = ChunkCompactor(alias: alias, catalog: catalog, nodes: data)
      let all = try chunks()
      let (_, failed) = try blockingAwait { () async throws(CatalogError) in await compactor.compact(all) }
      #expect(failed.isEmpty, "\(failed)")
    }
    let after = try chunks()
    #expect(after.allSatisfy { $0.record.segments.count == 1 && $0.record.state == .complete })
    #expect(zip(before, after).allSatisfy { $0.record.rows == $1.record.rows })
    let formatter = ValueFormatter()
    #expect(
      formatter.format(.object(try dfs.scan(columns: nil, predicates: [])))
        == formatter.format(.object(try engine.scan(embedded, columns: nil, predicates: []))))
    for script in ["select first(v), last(v), count(*) from pt group by sym", "select top 5 * from pt where sym = `S2"]
    {
      #expect(query(.object(dfs), script) == query(.object(embedded), script), "\(script)")
    }
  }
}
