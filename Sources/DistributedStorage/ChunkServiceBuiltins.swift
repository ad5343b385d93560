import Foundation
import ScriptRuntime

/// What a data node serves other nodes of its cluster: segments staged into its chunk store,
/// chunks read for a query, segments copied for recovery. They are called over the node's
/// script protocol by `ChunkTransport`, `ChunkScanner` and `SegmentSource` implementations,
/// logged in as the user on whose behalf they work, and check that user's rights here.
public enum ChunkServiceBuiltins {
  /// `store` is the node's chunk store, or why it has none yet.
  public static func library(_ store: @escaping @Sendable () throws(ScriptError) -> ChunkStore) -> BuiltinLibrary {
    BuiltinLibrary(
      "chunks",
      functions: [
        // dfsStageSegment(database, table, chunkId, segment JSON, payload CHAR vector)
        Builtin("dfsStageSegment", args: 5...5) { a throws(ScriptError) in
          let (database, table) = (try a.text(0, "the database"), try a.text(1, "the table"))
          try a.machine.require(.writeTable(database: database, table: table, .insert))
          let segment: SegmentRecord = try decode(try a.text(3, "the segment"))
          let payload = try bytes(a[4])
          let (store, chunk) = (try store(), try a.text(2, "the chunk"))
          do throws(CatalogError) {
            try store.stage(
              StagedSegment(
                chunkId: chunk, segment: segment, payload: payload, database: database,
                table: table))
          } catch {
            throw ScriptError(error.message)
          }
          return .void
        },
        // dfsReadChunks(request JSON): a tuple with one table per chunk asked for.
        Builtin("dfsReadChunks", args: 1...1) { a throws(ScriptError) in
          let request: WireScanRequest = try decode(try a.text(0, "the request"))
          for (database, table) in Set(request.chunks.map { Pair($0.database, $0.table) }).map({ ($0.a, $0.b) }) {
            try a.machine.require(.readTable(database: database, table: table))
          }
          let tables = try ChunkReader(store: try store()).read(
            ChunkScanRequest(chunks: request.chunks, columns: request.columns))
          return .tuple(tables.map { .object($0) })
        },
        // dfsFetchSegment(chunkId, segment JSON): a committed segment's bytes, checked.
        Builtin("dfsFetchSegment", args: 2...2) { a throws(ScriptError) in
          try a.machine.require(.admin("copy chunk segments"))
          let segment: SegmentRecord = try decode(try a.text(1, "the segment"))
          let (store, chunk) = (try store(), try a.text(0, "the chunk"))
          do throws(CatalogError) {
            return .vector(ChunkWire.vector(try store.read(chunk, segment)))
          } catch {
            throw ScriptError(error.message)
          }
        },
      ])
  }

  struct Pair: Hashable {
    let a: String
    let b: String
    init(_ a: String, _ b: String) {
      self.a = a
      self.b = b
    }
  }

  static func decode<T: Decodable>(_ text: String) throws(ScriptError) -> T {
    do { return try JSONDecoder().decode(T.self, from: Data(text.utf8)) } catch {
      throw ScriptError(DFSMessages.badChunkRequest(error.localizedDescription))
    }
  }

  static func bytes(_ v: Value) throws(ScriptError) -> [UInt8] {
    guard case .vector(let vec) = v, let b = ChunkWire.bytes(vec) else {
      throw ScriptError(DFSMessages.badChunkRequest("the payload must be a CHAR vector, not \(v.typeString)"))
    }
    return b
  }
}

/// A scan request as it travels: the chunks and the columns wanted.
struct WireScanRequest: Codable {
  var chunks: [ChunkRecord]
  var columns: [String]?
}

/// Bytes as they cross the script protocol: a CHAR vector.
public enum ChunkWire {
  public static func vector(_ bytes: [UInt8]) -> Vector {
    Vector(type: .char, storage: .i8(bytes.map { Int8(bitPattern: $0) }))
  }

  public static func bytes(_ v: Vector) -> [UInt8]? {
    guard case .i8(let a) = v.storage else { return nil }
    return a.map { UInt8(bitPattern: $0) }
  }

  public static func json<T: Encodable>(_ value: T) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
  }

  /// The request `dfsReadChunks` takes.
  public static func scanRequest(_ r: ChunkScanRequest) -> String {
    json(WireScanRequest(chunks: r.chunks, columns: r.columns))
  }
}
