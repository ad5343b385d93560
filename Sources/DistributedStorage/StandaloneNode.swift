import PorpoiseSupport
import ScriptRuntime
import Synchronization

/// The data node of a node on its own (the embedded node): its chunk store, reached without a
/// network. With a `FileCatalog` it makes the embedded node's `dfs://` databases go through the
/// same tables, writer and readers as a cluster's.
public final class StandaloneNode: ChunkTransport, ChunkScanner, SegmentSource {
  public static let alias = "local"
  let volumes: [String]
  /// Opened on first use: a session that never touches `dfs://` makes no folder.
  private let opened = Mutex<ChunkStore?>(nil)

  public init(volumes: [String]) { self.volumes = volumes }

  func store() throws(CatalogError) -> ChunkStore {
    if let s = opened.withLock({ $0 }) { return s }
    let s = try ChunkStore(volumes: volumes)
    opened.withLock { $0 = s }
    return s
  }

  public func stage(_ segment: StagedSegment, on node: String) async throws(CatalogError) {
    try store().stage(segment)
  }

  public func scan(_ request: ChunkScanRequest, on node: String) async throws(CatalogError) -> [ChunkRows] {
    let store = try store()
    do throws(ScriptError) {
      return try ChunkReader(store: store, cache: SegmentCache.shared).read(request).map(ChunkRows.init)
    } catch {
      throw CatalogError(.damaged, error.message)
    }
  }

  public func fetch(_ chunkId: String, _ segment: SegmentRecord, from node: String) async throws(CatalogError)
    -> [UInt8]
  {
    try store().read(chunkId, segment)
  }
}

extension DFSCluster {
  /// The `dfs://` databases of a node on its own under `home`: the catalog in
  /// `<home>/catalog`, the chunks in `<home>/storage`, one replica each.
  public static func standalone(home: String, sync: Bool, newValuePartitionPolicy: String) -> DFSCluster {
    let node = StandaloneNode(volumes: [home + "/storage"])
    var cluster = DFSCluster(
      catalog: FileCatalog(folder: home + "/catalog", sync: sync), placement: { (1, .sameHostAllowed) },
      nodes: { _ in node }, dataNodes: { [(alias: StandaloneNode.alias, host: "localhost")] },
      localAlias: StandaloneNode.alias, newValuePartitionPolicy: newValuePartitionPolicy)
    cluster.compactsOnAppend = true
    return cluster
  }
}
