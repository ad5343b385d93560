/// Where a lagging replica copies segments from: another data node's `ChunkStore`.
public protocol SegmentSource: Sendable {
  /// The bytes of a committed segment as `node` holds them (checked there against the checksum).
  func fetch(_ chunkId: String, _ segment: SegmentRecord, from node: String) async throws(CatalogError) -> [UInt8]
}

/// What a recovery pass did.
public struct RecoveryReport: Sendable, Equatable {
  /// Chunks whose replica here is current again.
  public var caughtUp: [String] = []
  /// Segments copied, as `chunk/segment`.
  public var copied: [String] = []
  /// Chunks that could not be caught up now, and why.
  public var failed: [String: String] = [:]
  /// Whether the pass stopped because recovery is suspended (`suspendRecovery`).
  public var suspended = false

  public init() {}
}

/// Brings this data node's stale replicas up to date: for each chunk where the catalog records
/// it behind, copy the segments it lacks from a current replica (checksummed on both ends),
/// then record it current, on condition that the chunk did not move meanwhile (else read
/// again and copy what the new commits added). Segments are immutable, so recovery is a copy,
/// never a merge.
public struct ChunkRecovery: Sendable {
  public let alias: String
  public let store: ChunkStore
  public let catalog: any DFSCatalog
  public let source: any SegmentSource
  /// Attempts per chunk when writers keep committing to it.
  public var maxRounds = 5
  /// Asked before each chunk is caught up: true holds back the chunks still waiting
  /// (`suspendRecovery`); one being copied finishes.
  public var suspended: @Sendable () async -> Bool = { false }

  public init(alias: String, store: ChunkStore, catalog: any DFSCatalog, source: any SegmentSource) {
    self.alias = alias
    self.store = store
    self.catalog = catalog
    self.source = source
  }

  /// One pass over every chunk of every table of every database.
  public func run() async throws(CatalogError) -> RecoveryReport {
    var report = RecoveryReport()
    for chunk in try await catalog.allChunks() where needs(chunk.record) {
      if await suspended() {
        report.suspended = true
        break
      }
      await catchUp(chunk.record.database, chunk.record.table, chunk.record.partition, &report)
    }
    return report
  }

  func needs(_ r: ChunkRecord) -> Bool {
    guard let mine = r.replicas.first(where: { $0.alias == alias }) else { return false }
    return mine.version < r.version || r.segments.contains { !store.has(r.chunkId, $0.id) }
  }

  func catchUp(_ db: String, _ table: String, _ partition: String, _ report: inout RecoveryReport) async {
    for _ in 0..<maxRounds {
      do throws(CatalogError) {
        guard let chunk = try await catalog.chunks(db, table).first(where: { $0.record.partition == partition }),
          needs(chunk.record)
        else { return }
        let r = chunk.record
        let sources = r.currentReplicas.filter { $0 != alias }
        for segment in r.segments where !store.has(r.chunkId, segment.id) {
          try await copy(r.chunkId, segment, from: sources)
          report.copied.append(r.chunkId + "/" + segment.id)
        }
        var next = r
        next.replicas = r.replicas.map { $0.alias == alias ? ReplicaRecord(alias: alias, version: r.version) : $0 }
        do {
          try await catalog.commit([.update(next, expected: chunk.storeVersion)])
          report.caughtUp.append(r.chunkId)
          report.failed[partition] = nil
          return
        } catch {
          // A writer committed meanwhile: read the chunk again and copy what it added.
          guard error.kind == .conflict else { throw error }
        }
      } catch {
        report.failed[partition] = error.message
        return
      }
    }
    report.failed[partition] = DFSMessages.writersKeptChangingIt()
  }

  func copy(_ chunkId: String, _ segment: SegmentRecord, from sources: [String]) async throws(CatalogError) {
    var reasons: [String] = []
    for node in sources {
      do {
        let bytes = try await source.fetch(chunkId, segment, from: node)
        try store.stage(StagedSegment(chunkId: chunkId, segment: segment, payload: bytes))
        return
      } catch {
        reasons.append("\(node): \(error.message)")
      }
    }
    throw CatalogError(.unavailable, DFSMessages.noSourceForSegment(segment.id, chunk: chunkId, reasons: reasons))
  }
}
