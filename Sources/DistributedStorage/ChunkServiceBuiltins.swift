import Foundation
import PorpoiseSupport
import ScriptRuntime
import Synchronization

/// What a data node serves other nodes of its cluster: segments staged into its chunk store,
/// chunks read for a query, segments copied for recovery. They are called over the node's
/// script protocol by `ChunkTransport`, `ChunkScanner` and `SegmentSource` implementations,
/// logged in as the user on whose behalf they work, and check that user's rights here.
public enum ChunkServiceBuiltins {
  /// `store` is the node's chunk store, or why it has none yet; `stats` counts the requests
  /// served (`getChunkServiceStats()`).
  /// `catalog` is checked before chunks are read: a caller names chunks by record, and a
  /// record the catalog does not hold as given (another table's chunk, a segment never
  /// committed) is refused, so rights to one table never read another's rows.
  public static func library(
    _ store: @escaping @Sendable () throws(ScriptError) -> ChunkStore, stats: ChunkServiceStats,
    catalog: any DFSCatalog
  ) -> BuiltinLibrary {
    BuiltinLibrary(
      "chunks",
      functions: [
        // What this data node served other nodes since it started: a row per request kind.
        Builtin("getChunkServiceStats", args: 0...0) { a throws(ScriptError) in
          try a.machine.require(.login("read the chunk service's statistics"))
          let counts = stats.snapshot()
          return .object(
            try Table(
              names: ["request", "calls", "chunks", "rows"],
              columns: [
                Vector(strings: counts.map(\.request)), Vector(type: .long, ints: counts.map(\.calls)),
                Vector(type: .long, ints: counts.map(\.chunks)), Vector(type: .long, ints: counts.map(\.rows)),
              ]))
        },
        // dfsStageSegment(database, table, chunkId, segment JSON, payload CHAR vector[, offset]):
        // the whole segment, or (with an offset) one piece of a large one, written where it
        // lies in the segment without another copy of the bytes.
        Builtin("dfsStageSegment", args: 5...6) { a throws(ScriptError) in
          let (database, table) = (try a.text(0, "the database"), try a.text(1, "the table"))
          try a.machine.require(.writeTable(database: database, table: table, .insert))
          let segment: SegmentRecord = try decode(try a.text(3, "the segment"))
          let (store, chunk) = (try store(), try a.text(2, "the chunk"))
          if a.has(5) {
            let offset = try a.integer(5, "the offset")
            guard case .vector(let piece) = a[4], case .i8(let bytes) = piece.storage else {
              throw ChunkServiceBuiltins.notBytes(a[4])
            }
            let failure = bytes.withUnsafeBytes { raw -> CatalogError? in
              do throws(CatalogError) {
                try store.stagePiece(chunkId: chunk, segment: segment, offset: offset, bytes: raw)
                return nil
              } catch { return error }
            }
            if let failure { throw ScriptError(failure.message) }
            // Counted once, when the last piece lands.
            guard offset + bytes.count == segment.bytes else { return .void }
          } else {
            let staged = StagedSegment(
              chunkId: chunk, segment: segment, payload: try bytes(a[4]), database: database, table: table)
            do throws(CatalogError) { try store.stage(staged) } catch { throw ScriptError(error.message) }
          }
          stats.count(.stage, chunks: 1, rows: segment.rows)
          return .void
        },
        // dfsReadChunks(request JSON, [predicates]): a tuple with one table per chunk asked
        // for, holding the rows that satisfy every predicate (or their partial aggregates,
        // when the request has a plan).
        Builtin("dfsReadChunks", args: 1...2) { a throws(ScriptError) in
          let request: WireScanRequest = try decode(try a.text(0, "the request"))
          var predicates: [ColumnPredicate] = []
          if a.has(1) {
            guard case .tuple(let items) = a[1] else {
              throw ScriptError(DFSMessages.badChunkRequest("the predicates must be a tuple"))
            }
            for item in items {
              guard let p = ColumnPredicate(wireValue: item) else {
                throw ScriptError(DFSMessages.badChunkRequest("a predicate is not (column, kind, values)"))
              }
              predicates.append(p)
            }
          }
          var checked = Set<[String]>()
          for c in request.chunks where checked.insert([c.database, c.table]).inserted {
            try a.machine.require(.readTable(database: c.database, table: c.table))
          }
          try verify(request.chunks, catalog)
          let tables = try ChunkReader(store: try store(), cache: SegmentCache.shared).read(
            ChunkScanRequest(
              chunks: request.chunks, columns: request.columns, predicates: predicates, aggregate: request.aggregate,
              added: (request.added ?? [:]).compactMapValues { DataType(rawValue: $0) }))
          stats.count(.read, chunks: request.chunks.count, rows: tables.reduce(0) { $0 + $1.rowCount })
          return .tuple(tables.map { .object($0) })
        },
        // dfsFetchSegment(chunkId, segment JSON): a committed segment's bytes, checked.
        Builtin("dfsFetchSegment", args: 2...2) { a throws(ScriptError) in
          try a.machine.require(.admin("copy chunk segments"))
          let segment: SegmentRecord = try decode(try a.text(1, "the segment"))
          let (store, chunk) = (try store(), try a.text(0, "the chunk"))
          stats.count(.fetch, chunks: 1, rows: segment.rows)
          do throws(CatalogError) {
            return .vector(ChunkWire.vector(try store.read(chunk, segment)[...]))
          } catch {
            throw ScriptError(error.message)
          }
        },
      ])
  }

  /// Refuses chunk records that are not in the catalog as given.
  static func verify(_ chunks: [ChunkRecord], _ catalog: any DFSCatalog) throws(ScriptError) {
    guard chunks.count <= 100_000 else { throw ScriptError(DFSMessages.badChunkRequest("too many chunks")) }
    let asked = chunks
    let found: [VersionedChunk?]
    do {
      found = try blockingAwait { () async throws(CatalogError) -> [VersionedChunk?] in
        var out: [VersionedChunk?] = []
        for c in asked { out.append(try await catalog.chunk(c.database, c.table, c.partition)) }
        return out
      }
    } catch {
      throw ScriptError(error.message)
    }
    for (c, f) in zip(asked, found) {
      guard let r = f?.record, r.chunkId == c.chunkId,
        Set(c.segments.map { $0.id + "/" + $0.checksum }).isSubset(of: r.segments.map { $0.id + "/" + $0.checksum })
      else { throw ScriptError(DFSMessages.scanNotInCatalog(c.chunkId)) }
    }
  }

  /// Requests nest a few levels (a chunk record in a list): deeper text is refused before a
  /// recursive decoder sees it.
  static let maxNesting = 16

  static func decode<T: Decodable>(_ text: String) throws(ScriptError) -> T {
    guard JSONNesting.depth(text) <= maxNesting else {
      throw ScriptError(DFSMessages.badChunkRequest("nested more than \(maxNesting) levels deep"))
    }
    do { return try JSONDecoder().decode(T.self, from: Data(text.utf8)) } catch {
      throw ScriptError(DFSMessages.badChunkRequest(error.localizedDescription))
    }
  }

  static func bytes(_ v: Value) throws(ScriptError) -> [UInt8] {
    guard case .vector(let vec) = v, let b = ChunkWire.bytes(vec) else { throw notBytes(v) }
    return b
  }

  static func notBytes(_ v: Value) -> ScriptError {
    ScriptError(DFSMessages.badChunkRequest("the payload must be a CHAR vector, not \(v.typeString)"))
  }
}

/// Counts of what a data node's chunk service served, by request kind.
public final class ChunkServiceStats: Sendable {
  enum Request: String, CaseIterable {
    case stage = "dfsStageSegment", read = "dfsReadChunks", fetch = "dfsFetchSegment"
  }
  private let counts = Mutex<[String: (calls: Int64, chunks: Int64, rows: Int64)]>([:])

  public init() {}

  func count(_ r: Request, chunks: Int, rows: Int) {
    counts.withLock { c in
      let old = c[r.rawValue] ?? (0, 0, 0)
      c[r.rawValue] = (old.calls + 1, old.chunks + Int64(chunks), old.rows + Int64(rows))
    }
  }

  func snapshot() -> [(request: String, calls: Int64, chunks: Int64, rows: Int64)] {
    let c = counts.withLock { $0 }
    return Request.allCases.map { r in
      let v = c[r.rawValue] ?? (0, 0, 0)
      return (r.rawValue, v.calls, v.chunks, v.rows)
    }
  }
}

/// A scan request as it travels: the chunks, the columns wanted, the partial aggregates asked
/// for instead of rows.
struct WireScanRequest: Codable {
  var chunks: [ChunkRecord]
  var columns: [String]?
  var aggregate: AggregatePlan?
  /// Columns added to the table after it was made, with their type codes.
  var added: [String: UInt8]?
}

/// Bytes as they cross the script protocol: a CHAR vector.
public enum ChunkWire {
  /// The size of the pieces a large segment is sent in (`dfsStageSegment` with an offset).
  public static let pieceBytes = 8 << 20

  public static func vector(_ bytes: ArraySlice<UInt8>) -> Vector {
    // One copy of the bytes as they are.
    Vector(type: .char, storage: .i8(bytes.withUnsafeBytes { Array($0.bindMemory(to: Int8.self)) }))
  }

  public static func bytes(_ v: Vector) -> [UInt8]? {
    guard case .i8(let a) = v.storage else { return nil }
    return a.withUnsafeBytes { Array($0) }
  }

  public static func json<T: Encodable>(_ value: T) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
  }

  /// The request `dfsReadChunks` takes.
  public static func scanRequest(_ r: ChunkScanRequest) -> String {
    json(
      WireScanRequest(
        chunks: r.chunks, columns: r.columns, aggregate: r.aggregate,
        added: r.added.isEmpty ? nil : r.added.mapValues(\.rawValue)))
  }
}
