import Foundation
import PorpoiseSupport
import ScriptRuntime

/// Merges a chunk's run of small segments into one, so that a partition appended to in many
/// small batches keeps a short record: every append adds a segment to the chunk's record, and
/// a ZooKeeper znode holds 1 MB (about 7,000 segments).
///
/// The merged segment is staged on every current replica, then committed in place of the run
/// on condition that the chunk did not change meanwhile (an append in between makes the
/// compactor try again on a later pass). Rows keep their order. The old segments stay on disk
/// until the sweep's grace period ends, so a query that read the record before the commit
/// still finds them; a reader whose record is older than the commit reads the catalog again.
public struct ChunkCompactor: Sendable {
  public let alias: String
  public let catalog: any DFSCatalog
  /// The data nodes: the merged segment is staged through them, and the run read from this
  /// node's own copy (`alias`).
  public let nodes: any ChunkTransport & SegmentSource
  /// A chunk is compacted once it has more segments than this.
  public var threshold = ChunkCompactor.defaultThreshold
  public static let defaultThreshold = 64
  /// Segments at least this large are left as they are (merging them would copy much to save
  /// one record entry), and a merged segment grows no larger.
  public static let largeSegmentBytes = 16 << 20
  public var now: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }

  public init(alias: String, catalog: any DFSCatalog, nodes: any ChunkTransport & SegmentSource) {
    self.alias = alias
    self.catalog = catalog
    self.nodes = nodes
  }

  /// The run of consecutive small segments to merge in `r`, if it has more than `threshold`
  /// segments and `alias` is the node to do it (its first current replica, so two nodes do
  /// not both try): the longest such run, cut where the merged size would pass
  /// `largeSegmentBytes`.
  public static func run(in r: ChunkRecord, alias: String, threshold: Int = defaultThreshold) -> Range<Int>? {
    guard r.segments.count > threshold, r.currentReplicas.first == alias else { return nil }
    var best: Range<Int>?
    var start = 0
    var bytes = 0
    for (i, segment) in r.segments.enumerated() {
      if segment.bytes >= largeSegmentBytes || bytes + segment.bytes > largeSegmentBytes {
        if i - start > (best?.count ?? 1) { best = start..<i }
        start = segment.bytes >= largeSegmentBytes ? i + 1 : i
        bytes = segment.bytes >= largeSegmentBytes ? 0 : segment.bytes
        continue
      }
      bytes += segment.bytes
    }
    if r.segments.count - start > (best?.count ?? 1) { best = start..<r.segments.count }
    return best
  }

  /// Compacts every chunk of `chunks` that needs it; the partitions compacted.
  public func compact(_ chunks: [VersionedChunk]) async -> (compacted: [String], failed: [String: String]) {
    var done: [String] = []
    var failed: [String: String] = [:]
    for c in chunks {
      guard let run = ChunkCompactor.run(in: c.record, alias: alias, threshold: threshold) else { continue }
      do throws(CatalogError) {
        try await compact(c, run)
        done.append(c.record.partition)
      } catch {
        failed[c.record.partition] = error.message
      }
    }
    return (done, failed)
  }

  /// Merges `run` of the chunk's segments and commits the chunk with the merged one in its place.
  func compact(_ c: VersionedChunk, _ run: Range<Int>) async throws(CatalogError) {
    var r = c.record
    var bytes: [[UInt8]] = []
    for segment in r.segments[run] { bytes.append(try await nodes.fetch(r.chunkId, segment, from: alias)) }
    let merged: [UInt8]
    do throws(ScriptError) {
      var parts: [Table] = []
      for b in bytes { parts.append(try SegmentCodec.decode(b)) }
      let table = try ChunkReader.concatenate(parts, columns: nil)
      merged = try SegmentCodec.encode(names: table.names, columns: table.columns)
    } catch {
      throw CatalogError(.damaged, error.message)
    }
    let segment = SegmentRecord(
      id: UUID().uuidString, rows: r.segments[run].reduce(0) { $0 + $1.rows }, bytes: merged.count,
      checksum: SegmentFormat.checksum(merged))
    let current = r.currentReplicas
    var took: Set<String> = []
    for node in current {
      do {
        try await nodes.stage(
          StagedSegment(chunkId: r.chunkId, segment: segment, payload: merged, database: r.database, table: r.table),
          on: node)
        took.insert(node)
      } catch {
        // A replica that cannot take it now falls behind and recovers the merged segment.
      }
    }
    guard took.contains(alias) else { throw CatalogError(.unavailable, DFSMessages.compactionNotStaged(r.chunkId)) }
    let next = r.version + 1
    r.replicas = r.replicas.map { ReplicaRecord(alias: $0.alias, version: took.contains($0.alias) ? next : $0.version) }
    r.version = next
    r.segments.replaceSubrange(run, with: [segment])
    r.lastUpdated = now()
    try await catalog.commit([.update(r, expected: c.storeVersion)])
  }
}
