import Dispatch
import DistributedStorage
import RemoteNode
import ScriptRuntime

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
    _ = try await call(
      node, "dfsStageSegment",
      [
        .string(s.database), .string(s.table), .string(s.chunkId), .string(ChunkWire.json(s.segment)),
        .vector(ChunkWire.vector(s.payload)),
      ])
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
    let answer = try await call(node, "dfsFetchSegment", [.string(chunkId), .string(ChunkWire.json(segment))])
    guard case .vector(let v) = answer.value, let bytes = ChunkWire.bytes(v) else {
      throw CatalogError(.damaged, ClusterMessages.badChunkAnswer(node, "dfsFetchSegment"))
    }
    return bytes
  }

  /// Calls `function` on `node`, logged in as the client's user.
  func call(_ node: String, _ function: String, _ arguments: [Value]) async throws(CatalogError) -> Box {
    let r = try await directory.address(node)
    let (token, args) = (token, Box.Many(arguments))
    let result = await withCheckedContinuation { (done: CheckedContinuation<Result<Box, CatalogError>, Never>) in
      DispatchQueue.global().async {
        do throws(ScriptError) {
          let connection: NodeConnection
          do throws(ConnectionError) {
            connection = try NodeConnection.connect(host: r.host, port: r.port, timeoutSeconds: 3)
          } catch {
            throw ScriptError(error.message)
          }
          defer { connection.close() }
          try RemoteBuiltins.carryLogin(connection, token: token)
          do throws(ConnectionError) {
            done.resume(returning: .success(Box(try connection.call(function, args.values))))
          } catch {
            throw ScriptError(error.message)
          }
        } catch {
          done.resume(returning: .failure(CatalogError(.unavailable, ClusterMessages.onDataNode(node, error.message))))
        }
      }
    }
    if case .failure = result { directory.invalidate() }
    return try result.get()
  }
}

extension Box {
  /// Arguments crossing to the thread that sends them; only that thread touches them.
  struct Many: @unchecked Sendable {
    let values: [Value]
    init(_ values: [Value]) { self.values = values }
  }
}
