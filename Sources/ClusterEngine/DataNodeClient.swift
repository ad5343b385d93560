import Dispatch
import DistributedStorage
import RemoteNode
import ScriptRuntime
import Synchronization

/// Data nodes reached over the script protocol on behalf of one user (the session token they
/// log in with): segments staged, chunks read, segments fetched for recovery. Each call is a
/// blocking exchange on a connection, so it runs on a dispatch thread, never on a thread of
/// the cooperative pool that async work (ZooKeeper replies) needs.
struct DataNodeClient: ChunkTransport, ChunkScanner, SegmentSource {
  let directory: DataNodeDirectory
  let token: String?
  /// On a data node: its alias and chunk store, which it reaches without the network (the
  /// session asking has had its rights checked here already).
  var local: (alias: String, store: @Sendable () -> ChunkStore?)? = nil

  func localStore(_ node: String) -> ChunkStore? {
    guard let local, local.alias == node else { return nil }
    return local.store()
  }

  func stage(_ s: StagedSegment, on node: String) async throws(CatalogError) {
    if let store = localStore(node) { return try store.stage(s) }
    let head: [Value] = [.string(s.database), .string(s.table), .string(s.chunkId), .string(ChunkWire.json(s.segment))]
    guard s.bytes.count > ChunkWire.pieceBytes else {
      _ = try await call(node, "dfsStageSegment", head + [.vector(ChunkWire.vector(s.bytes.joined[...]))])
      return
    }
    // A large segment goes in pieces, two in flight at a time: no process holds it more than
    // once, however large it is, sending overlaps the replica's writing, and the replica
    // checks it whole when the last piece lands.
    let (payload, size, record) = (s.bytes, ChunkWire.pieceBytes, s)
    let count = (payload.count + size - 1) / size
    _ = try await exchange(node) { connection throws(ConnectionError) in
      let values = try connection.callEach("dfsStageSegment", count: count) { i in
        let piece = payload.bytes(i * size..<min((i + 1) * size, payload.count))[...]
        return [
          .string(record.database), .string(record.table), .string(record.chunkId),
          .string(ChunkWire.json(record.segment)), .vector(ChunkWire.vector(piece)), .long(Int64(i * size)),
        ]
      }
      return values.last ?? .void
    }
  }

  func scan(_ request: ChunkScanRequest, on node: String) async throws(CatalogError) -> [ChunkRows] {
    if let store = localStore(node) {
      do throws(ScriptError) {
        return try ChunkReader(store: store, cache: SegmentCache.shared).read(request).map(ChunkRows.init)
      } catch {
        throw CatalogError(.damaged, ClusterMessages.onDataNode(node, error.message))
      }
    }
    let answer = try await call(
      node, "dfsReadChunks",
      [.string(ChunkWire.scanRequest(request)), .tuple(request.predicates.map(\.wireValue))])
    guard case .tuple(let items) = answer.value, items.count == request.chunks.count else {
      throw CatalogError(.damaged, ClusterMessages.badChunkAnswer(node, "dfsReadChunks"))
    }
    var out: [ChunkRows] = []
    for item in items {
      guard case .object(let o) = item, let t = o as? Table else {
        throw CatalogError(.damaged, ClusterMessages.badChunkAnswer(node, "dfsReadChunks"))
      }
      out.append(ChunkRows(t))
    }
    return out
  }

  func fetch(_ chunkId: String, _ segment: SegmentRecord, from node: String) async throws(CatalogError) -> [UInt8] {
    if let store = localStore(node) { return try store.read(chunkId, segment) }
    let answer = try await call(node, "dfsFetchSegment", [.string(chunkId), .string(ChunkWire.json(segment))])
    guard case .vector(let v) = answer.value, let bytes = ChunkWire.bytes(v) else {
      throw CatalogError(.damaged, ClusterMessages.badChunkAnswer(node, "dfsFetchSegment"))
    }
    return bytes
  }

  /// Calls `function` on `node`, logged in as the client's user, on a pooled connection (a
  /// connection that fails is dropped and the call made once more on a new one: every call is
  /// safe to repeat, a segment staged twice is kept once).
  func call(_ node: String, _ function: String, _ arguments: [Value]) async throws(CatalogError) -> Box {
    let args = Box.Many(arguments)
    return try await exchange(node) { connection throws(ConnectionError) in try connection.call(function, args.values) }
  }

  /// Runs `body` on a pooled connection to `node`, as `call` does (once more on a new
  /// connection when a pooled one turns out closed).
  func exchange(
    _ node: String, _ body: @escaping @Sendable (NodeConnection) throws(ConnectionError) -> Value
  ) async throws(CatalogError) -> Box {
    let r = try await directory.address(node)
    let token = token
    let key = DataNodeConnections.Key(host: r.host, port: r.port, incarnation: r.incarnation, token: token ?? "")
    DataNodeConnections.shared.inFlight.add(1, ordering: .relaxed)
    defer { DataNodeConnections.shared.inFlight.subtract(1, ordering: .relaxed) }
    let result = await withCheckedContinuation { (done: CheckedContinuation<Result<Box, CatalogError>, Never>) in
      DispatchQueue.global().async {
        var reason = ""
        for attempt in 0..<2 {
          do throws(ScriptError) {
            let (connection, pooled) = try DataNodeConnections.shared.take(key, fresh: attempt > 0)
            let answer: Value
            do throws(ConnectionError) {
              answer = try body(connection)
            } catch {
              connection.close()
              // A pooled connection the node closed meanwhile: try a new one.
              reason = error.message
              if pooled && !connection.isOpen { continue }
              throw ScriptError(error.message)
            }
            DataNodeConnections.shared.give(key, connection)
            done.resume(returning: .success(Box(answer)))
            return
          } catch {
            reason = error.message
            break
          }
        }
        done.resume(returning: .failure(CatalogError(.unavailable, ClusterMessages.onDataNode(node, reason))))
      }
    }
    if case .failure = result { directory.invalidate() }
    return try result.get()
  }
}

/// Connections to data nodes kept between calls, per node process and user: connecting and
/// logging in by token cost more than a small request.
final class DataNodeConnections: Sendable {
  static let shared = DataNodeConnections()
  struct Key: Hashable, Sendable {
    let host: String
    let port: Int
    /// A restarted node is another process: its old connections are not reused.
    let incarnation: String
    let token: String
  }
  private let idle = Mutex<[Key: [NodeConnection]]>([:])
  /// Requests sent to other nodes and not answered yet (`getJobStat`'s queuedRemoteTasks).
  let inFlight = Atomic<Int>(0)
  /// Idle connections kept per node and user, and in all.
  static let perKey = 4
  static let total = 64

  /// An open connection (pooled unless `fresh`), and whether it came from the pool.
  func take(_ key: Key, fresh: Bool) throws(ScriptError) -> (NodeConnection, Bool) {
    if !fresh {
      while let c = idle.withLock({ $0[key]?.popLast() }) {
        if c.isOpen { return (c, true) }
      }
    }
    let connection: NodeConnection
    do {
      connection = try NodeConnection.connect(host: key.host, port: key.port, timeoutSeconds: 3)
    } catch {
      throw ScriptError(error.message)
    }
    do {
      try RemoteBuiltins.carryLogin(connection, token: key.token.isEmpty ? nil : key.token)
    } catch {
      connection.close()
      throw error
    }
    return (connection, false)
  }

  /// Returns a connection after a call that went through.
  func give(_ key: Key, _ connection: NodeConnection) {
    let kept = idle.withLock { pool -> Bool in
      guard connection.isOpen, (pool[key]?.count ?? 0) < DataNodeConnections.perKey,
        pool.values.reduce(0, { $0 + $1.count }) < DataNodeConnections.total
      else { return false }
      pool[key, default: []].append(connection)
      return true
    }
    if !kept { connection.close() }
  }
}

extension Box {
  /// Arguments crossing to the thread that sends them; only that thread touches them.
  struct Many: @unchecked Sendable {
    let values: [Value]
    init(_ values: [Value]) { self.values = values }
  }
}
