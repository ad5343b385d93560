import ScriptRuntime

/// What a coordinator asks a data node for: the committed segments of some chunks, and the
/// columns it wants of them.
public struct ChunkScanRequest: Sendable {
  public var chunks: [ChunkRecord]
  /// Column names to return (nil: all), matched without regard to case.
  public var columns: [String]?

  public init(chunks: [ChunkRecord], columns: [String]?) {
    self.chunks = chunks
    self.columns = columns
  }
}

/// Reads chunks on a data node: each chunk's committed segments (exactly those its catalog
/// record lists, never a staged one), checked, decoded and put together in append order.
public struct ChunkReader {
  public let store: ChunkStore
  public init(store: ChunkStore) { self.store = store }

  /// One table per chunk, in the request's order.
  public func read(_ request: ChunkScanRequest) throws(ScriptError) -> [Table] {
    var out: [Table] = []
    for chunk in request.chunks {
      var parts: [Table] = []
      for segment in chunk.segments {
        let bytes: [UInt8]
        do { bytes = try store.read(chunk.chunkId, segment) } catch { throw ScriptError(error.message) }
        parts.append(try SegmentCodec.decode(bytes))
      }
      out.append(try ChunkReader.concatenate(parts, columns: request.columns))
    }
    return out
  }

  /// Tables of one schema, one after another, keeping `columns` (all when nil).
  public static func concatenate(_ parts: [Table], columns: [String]?) throws(ScriptError) -> Table {
    guard let first = parts.first else { return try Table(names: [], columns: []) }
    let wanted = columns.map { Set($0.map { $0.lowercased() }) }
    let keep = first.names.indices.filter { wanted?.contains(first.names[$0].lowercased()) ?? true }
    var merged = keep.map { first.columns[$0] }
    for part in parts.dropFirst() {
      for (j, k) in keep.enumerated() { try merged[j].append(contentsOf: part.columns[k]) }
    }
    return try Table(names: keep.map { first.names[$0] }, columns: merged)
  }
}
