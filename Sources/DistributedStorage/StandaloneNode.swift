import Foundation
import PorpoiseSupport
import ScriptRuntime
import Synchronization

/// The data node of a node on its own (the embedded node): its chunk store, reached without a
/// network. With a `FileCatalog` it makes the embedded node's `dfs://` databases go through the
/// same tables, writer and readers as a cluster's.
public final class StandaloneNode: ChunkTransport, ChunkScanner, SegmentSource {
  public static let alias = "local"
  let volumes: [String]
  /// Whether segments are forced to disk (`dataSync`).
  let sync: Bool
  /// Every committed segment by chunk, for the clean-up when the store is first opened.
  let committed: @Sendable () -> [String: Set<String>]?
  /// Opened on first use: a session that never touches `dfs://` makes no folder.
  private let opened = Mutex<ChunkStore?>(nil)
  /// The volumes this process cleaned up already (once per process: sessions come and go).
  private static let cleaned = Mutex<Set<String>>([])
  /// How old a segment no commit lists must be to go: an append in flight in another process
  /// on the same home is younger.
  static let graceMillis: Int64 = 600_000
  /// How long after a sweep the next process skips its own: a leftover a sweep leaves is
  /// younger than the grace period, so an earlier one could not remove it anyway, and a
  /// store of 10,000 chunks is not listed folder by folder by every `porpoise -e`.
  static let sweepIntervalMillis: Int64 = graceMillis / 2

  public init(
    volumes: [String], sync: Bool = true, committed: @escaping @Sendable () -> [String: Set<String>]? = { nil }
  ) {
    self.volumes = volumes
    self.sync = sync
    self.committed = committed
  }

  func store() throws(CatalogError) -> ChunkStore {
    if let s = opened.withLock({ $0 }) { return s }
    let s = try ChunkStore(volumes: volumes, sync: sync)
    opened.withLock { $0 = s }
    // What a crashed append staged and never committed: removed when the store is first opened
    // in this process, as a data node's sweep does.
    let key = volumes.joined(separator: ",")
    if StandaloneNode.cleaned.withLock({ $0.insert(key).inserted }), sweepIsDue(), let committed = committed() {
      _ = s.removeUncommitted(committed: committed, graceMillis: StandaloneNode.graceMillis)
      try? DurableFile.replace(sweepMarker, with: [], sync: false)
    }
    return s
  }

  /// The file whose modification time says when this home's store was last swept.
  var sweepMarker: String { (volumes.first ?? ".") + "/.swept" }

  func sweepIsDue(now: Int64 = Int64(Date().timeIntervalSince1970 * 1000)) -> Bool {
    guard let last = FileAccess.info(sweepMarker)?.modified else { return true }
    return now - last >= StandaloneNode.sweepIntervalMillis || last > now
  }

  /// Makes the next store opened in this process clean up again (as a new process would).
  public static func forgetCleanUp() { cleaned.withLock { $0 = [] } }

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
    let catalog = FileCatalog(folder: home + "/catalog", sync: sync)
    let node = StandaloneNode(volumes: [home + "/storage"], sync: sync) { catalog.committedSegments() }
    var cluster = DFSCluster(
      catalog: catalog, placement: { (1, .sameHostAllowed) },
      nodes: { _ in node }, dataNodes: { [(alias: StandaloneNode.alias, host: "localhost")] },
      localAlias: StandaloneNode.alias, newValuePartitionPolicy: newValuePartitionPolicy)
    cluster.compactsOnAppend = true
    cluster.node = home
    return cluster
  }
}
