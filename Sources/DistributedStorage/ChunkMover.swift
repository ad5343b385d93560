/// Moves a chunk's replica from one data node to another (`rebalanceChunksAmongDataNodes`):
/// copies every committed segment to the new node from a current replica (checksummed on both
/// ends), then records the new node in the old one's place, on condition the chunk did not
/// change meanwhile (else copies what the new commits added and tries again). The old node's
/// files, no longer its chunk's, are removed by its clean-up after the grace time.
public struct ChunkMover: Sendable {
  public let catalog: any DFSCatalog
  public let nodes: any ChunkTransport & SegmentSource
  /// Attempts when writers keep committing to the chunk.
  public var maxRounds = 5

  public init(catalog: any DFSCatalog, nodes: any ChunkTransport & SegmentSource) {
    self.catalog = catalog
    self.nodes = nodes
  }

  public func move(_ m: ChunkMove) async throws(CatalogError) {
    var copied = Set<String>()
    for _ in 0..<maxRounds {
      let r = m.chunk
      guard let now = try await catalog.chunks(r.database, r.table).first(where: { $0.record.chunkId == r.chunkId })
      else { throw CatalogError(.notFound, DFSMessages.chunkGone(r.chunkId)) }
      let chunk = now.record
      guard chunk.replicas.contains(where: { $0.alias == m.from }),
        !chunk.replicas.contains(where: { $0.alias == m.to })
      else { throw CatalogError(.conflict, DFSMessages.replicasChangedMeanwhile(r.chunkId)) }
      let sources = [m.from] + chunk.currentReplicas.filter { $0 != m.from }
      for segment in chunk.segments where !copied.contains(segment.id) {
        try await copy(chunk, segment, from: sources, to: m.to)
        copied.insert(segment.id)
      }
      var next = chunk
      next.replicas = chunk.replicas.map {
        $0.alias == m.from ? ReplicaRecord(alias: m.to, version: chunk.version) : $0
      }
      do {
        try await catalog.commit([.update(next, expected: now.storeVersion)])
        return
      } catch {
        guard error.kind == .conflict else { throw error }
      }
    }
    throw CatalogError(.conflict, DFSMessages.writersKeptChangingIt())
  }

  func copy(_ chunk: ChunkRecord, _ segment: SegmentRecord, from sources: [String], to target: String)
    async throws(CatalogError)
  {
    var reasons: [String] = []
    for node in sources where chunk.currentReplicas.contains(node) {
      let bytes: [UInt8]
      do {
        bytes = try await nodes.fetch(chunk.chunkId, segment, from: node)
      } catch {
        reasons.append("\(node): \(error.message)")
        continue
      }
      try await nodes.stage(
        StagedSegment(
          chunkId: chunk.chunkId, segment: segment, payload: bytes, database: chunk.database, table: chunk.table),
        on: target)
      return
    }
    throw CatalogError(
      .unavailable, DFSMessages.noSourceForSegment(segment.id, chunk: chunk.chunkId, reasons: reasons))
  }
}
