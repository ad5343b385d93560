/// A segment a writer sends to a replica: the rows of one append within one chunk, already
/// encoded by the storage engine, with the checksum the replica verifies before it says yes.
public struct StagedSegment: Sendable, Equatable {
  public var chunkId: String
  public var segment: SegmentRecord
  /// The encoded segment, in the parts it was made in.
  public var bytes: SegmentBytes
  /// The table the chunk belongs to: the replica checks the writer's right to it.
  public var database: String
  public var table: String

  public init(chunkId: String, segment: SegmentRecord, bytes: SegmentBytes, database: String = "", table: String = "") {
    self.chunkId = chunkId
    self.segment = segment
    self.bytes = bytes
    self.database = database
    self.table = table
  }

  public init(chunkId: String, segment: SegmentRecord, payload: [UInt8], database: String = "", table: String = "") {
    self.init(chunkId: chunkId, segment: segment, bytes: SegmentBytes(payload), database: database, table: table)
  }

  /// The segment's bytes in one array.
  public var payload: [UInt8] { bytes.joined }
}

/// How a writer reaches data nodes. `stage` returns once the replica holds the segment durably
/// (written, fsynced, checksum verified) but invisible: a segment becomes part of a chunk only
/// when the catalog's commit lists it, so a writer that dies before committing leaves nothing
/// any reader sees.
public protocol ChunkTransport: Sendable {
  func stage(_ segment: StagedSegment, on node: String) async throws(CatalogError)
}
