import AccessControl
import ClusterConfig
import Coordination
import Dispatch
import DistributedStorage
import Foundation
import Logging
import PorpoiseSupport
import ScriptRuntime
import Synchronization

/// A node's part in the cluster's `dfs://` databases (a controller's: the chunk functions only):
/// the catalog in ZooKeeper, the running data nodes, how chunks are placed, and on a data node
/// its chunk store (under `volumes`) with the loops that keep it right: stale replicas caught up
/// from current ones, segments no commit lists removed, checksums scrubbed.
public final class DFSNodeService: Sendable {
  let alias: String
  let isDataNode: Bool
  let isController: Bool
  let catalog: CoordinationCatalog
  /// The live ZooKeeper client, or why there is none.
  let client: @Sendable () throws(CatalogError) -> any CoordinationClient
  let directory: DataNodeDirectory
  /// This node's own `dfsReplicationFactor`/`dfsReplicaReliabilityLevel`, used only when the
  /// controller published none (DolphinDB reads them from controller.cfg).
  let ownSettings: DFSSettings
  /// The controller's settings as last read, and when (read at most once a second).
  private let published = Mutex<(at: Int64, settings: DFSSettings?)?>(nil)
  let clock: MillisClock
  let newValuePartitionPolicy: String
  let volumes: [String]
  /// Whether staged segments are forced to disk (`dataSync`, on by default).
  let dataSync: Bool
  private let openedStore = Mutex<ChunkStore?>(nil)
  /// What this data node served other nodes.
  let stats = ChunkServiceStats()
  /// What the last recovery pass left to do, for the log (logged when it changes).
  private let lastRecovery = Mutex<String>("")
  /// Where the next scrub pass starts among this node's segments.
  private let scrubCursor = Mutex<Int>(0)

  init(coordination: CoordinationSession, launch: NodeLaunch, clock: MillisClock) {
    alias = launch.site.alias
    isDataNode = launch.mode == .datanode
    isController = launch.mode == .controller
    let client: @Sendable () throws(CatalogError) -> any CoordinationClient = { () throws(CatalogError) in
      guard let c = coordination.client, c.state == .connected else {
        throw CatalogError(.unavailable, ClusterMessages.registryUnavailable(coordination.address))
      }
      return c
    }
    self.client = client
    catalog = CoordinationCatalog(client: client)
    directory = DataNodeDirectory(client: client, clock: clock)
    let p = launch.parameters
    ownSettings = DFSSettings(parameters: p)
    self.clock = clock
    newValuePartitionPolicy = p["newValuePartitionPolicy"] ?? "add"
    volumes = ChunkStore.volumes(parameter: p["volumes"], home: launch.home)
    dataSync = NodeParameters.isTrue(p["dataSync"], default: true)
  }

  /// Opens the chunk store of a data node (its volumes made and checked).
  func openStore() throws(NodeStartError) {
    guard isDataNode else { return }
    do {
      let store = try ChunkStore(volumes: volumes, sync: dataSync)
      openedStore.withLock { $0 = store }
    } catch {
      throw NodeStartError(error.message, exitCode: 73)
    }
  }

  func store() throws(ScriptError) -> ChunkStore {
    guard let s = openedStore.withLock({ $0 }) else { throw ScriptError(ClusterMessages.chunkStoreNotOpen(alias)) }
    return s
  }

  /// The replication factor and reliability level appends place chunks with: the leading
  /// controller's, else this node's own. Called on a session's thread, never in a task.
  func settings() -> DFSSettings {
    let now = clock.now
    if let p = published.withLock({ $0 }), now - p.at < 1000 { return p.settings ?? ownSettings }
    let catalogClient = client
    let read = try? blockingAwait { () async throws(CatalogError) -> DFSSettings? in
      let client = try catalogClient()
      do throws(ZooKeeperError) {
        return try await client.document(DFSSettings.self, at: ClusterPaths.configDFS)?.0
      } catch {
        throw CatalogError(.unavailable, error.description)
      }
    }
    published.withLock { $0 = (now, read ?? nil) }
    return (read ?? nil) ?? ownSettings
  }

  /// The cluster as a session's distributed tables see it.
  var cluster: DFSCluster {
    let directory = self.directory
    var cluster = DFSCluster(
      catalog: catalog,
      placement: { [self] in
        let s = settings()
        return (s.replicationFactor, ReplicaReliability(rawValue: s.reliabilityLevel) ?? .sameHostAllowed)
      },
      nodes: { [self] token in
        DataNodeClient(
          directory: directory, token: token,
          local: isDataNode ? (alias, { [self] in openedStore.withLock { $0 } }) : nil)
      },
      dataNodes: {
        // Called on a session's thread, never in a task.
        ((try? blockingAwait { () async throws(CatalogError) in try await directory.live() }) ?? []).map {
          (alias: $0.alias, host: $0.host)
        }
      }, localAlias: isDataNode ? alias : nil, newValuePartitionPolicy: newValuePartitionPolicy)
    cluster.node = alias
    return cluster
  }

  /// The built-ins a session of this node gets on top of the local storage library `local`:
  /// `dfs://` through the catalog, and on a data node the chunk service other nodes call.
  func libraries(over local: BuiltinLibrary, warn: (@Sendable (String) -> Void)? = nil) -> [BuiltinLibrary] {
    var cluster = self.cluster
    cluster.warn = warn
    // A controller looks at and moves chunks; databases are made and read on data and
    // compute nodes.
    if isController { return [DFSBuiltins.adminLibrary(cluster)] }
    var out = [DFSBuiltins.library(cluster, over: local)]
    if isDataNode {
      out.append(
        ChunkServiceBuiltins.library({ () throws(ScriptError) in try self.store() }, stats: stats, catalog: catalog))
    }
    return out
  }

  // MARK: Upkeep (data nodes)

  /// Catches stale replicas up every `every` ms, removes uncommitted segments older than
  /// `grace` ms every tenth round and scrubs checksums every fifth, until the task is cancelled.
  func maintain(users: UserService, logger: Logger, every: Int = 2000, grace: Int64 = 600_000) async {
    guard isDataNode else { return }
    var round = 0
    while !Task.isCancelled {
      try? await Task.sleep(for: .milliseconds(every))
      guard let store = openedStore.withLock({ $0 }) else { continue }
      await recover(store, users: users, logger: logger)
      let sweeping = round % 10 == 0
      let scrubbing = round % 5 == 0
      round += 1
      if sweeping {
        // Partitions past a database's retention; another data node sweeping at once makes
        // one commit fail harmlessly (its chunks are gone already).
        let now = Int64((Date().timeIntervalSince1970 + Double(TimeZone.current.secondsFromGMT())) * 1000)
        if let n = try? await RetentionPolicy.sweep(catalog, nowMillis: now), n > 0 {
          logger.info("Removed \(n) partition\(n == 1 ? "" : "s") past their database's retention policy")
        }
      }
      // Both read what this node holds: one walk of the catalog serves them. Without the
      // whole catalog nothing is provably garbage, so a failed walk skips them.
      guard sweeping || scrubbing, let held = try? await held() else { continue }
      let mine = held.map(\.record)
      if sweeping { sweep(store, mine, grace: grace, logger: logger) }
      if scrubbing {
        await scrub(store, mine, logger: logger)
        await compact(store, held, users: users, logger: logger)
      }
    }
  }

  /// Merges the small segments of chunks appended to many times (this node compacts the
  /// chunks whose first current replica it is).
  func compact(_ store: ChunkStore, _ held: [VersionedChunk], users: UserService, logger: Logger) async {
    guard held.contains(where: { ChunkCompactor.run(in: $0.record, alias: alias) != nil }),
      let token = await DFSNodeService.adminToken(users)
    else { return }
    let compactor = ChunkCompactor(
      alias: alias, catalog: catalog,
      nodes: DataNodeClient(directory: directory, token: token, local: (alias, { store })))
    let (done, failed) = await compactor.compact(held)
    for partition in done { logger.info("Compacted the segments of partition \(partition)") }
    for (partition, why) in failed.sorted(by: { $0.key < $1.key }) {
      logger.warning("Compaction of partition \(partition) waits: \(why)")
    }
  }

  func recover(_ store: ChunkStore, users: UserService, logger: Logger) async {
    // Segments are fetched as the administrator: recovery acts for the cluster, not a user.
    guard let token = await DFSNodeService.adminToken(users) else { return }
    var recovery = ChunkRecovery(
      alias: alias, store: store, catalog: catalog, source: DataNodeClient(directory: directory, token: token))
    let client = self.client
    recovery.suspended = {
      guard let c = try? client() else { return false }
      return (try? await c.exists(ClusterPaths.configRecoverySuspended, watch: false)) != nil
    }
    let text: String
    do {
      let report = try await recovery.run()
      for chunk in report.caughtUp { logger.info("Recovered chunk \(chunk): this replica is current again") }
      let held = report.suspended ? ["recovery is suspended (suspendRecovery); resumeRecovery() lets it go on"] : []
      text = (held + report.failed.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }).joined(separator: "; ")
    } catch {
      text = error.message
    }
    let changed = lastRecovery.withLock { last in
      defer { last = text }
      return last != text
    }
    if changed && !text.isEmpty { logger.warning("Chunk recovery waits: \(text)") }
  }

  /// The chunks the catalog says this node holds a copy of.
  func held() async throws(CatalogError) -> [VersionedChunk] {
    try await catalog.allChunks().filter { $0.record.replicas.contains { $0.alias == alias } }
  }

  /// Removes segments none of `mine` lists: a chunk moved away from this node (or dropped) is
  /// no longer this node's to keep.
  func sweep(_ store: ChunkStore, _ mine: [ChunkRecord], grace: Int64, logger: Logger) {
    let committed = Dictionary(mine.map { ($0.chunkId, Set($0.segments.map(\.id))) }) { a, b in a.union(b) }
    let removed = store.removeUncommitted(committed: committed, graceMillis: grace)
    if !removed.isEmpty { logger.info("Removed \(removed.count) segment(s) no commit lists") }
  }

  /// Checks the checksums of this node's segments, up to `budget` bytes a pass, continuing
  /// where the last pass stopped: a corrupt file (which a cached read would never notice) is
  /// deleted, to be copied again from a current replica by recovery.
  func scrub(_ store: ChunkStore, _ mine: [ChunkRecord], logger: Logger, budget: Int = 256 << 20) async {
    let segments = mine.flatMap { c in c.segments.map { (chunk: c.chunkId, segment: $0) } }
      .filter { store.has($0.chunk, $0.segment.id) }
    guard !segments.isEmpty else { return }
    let start = scrubCursor.withLock { $0 } % segments.count
    let damaged = await withCheckedContinuation { (done: CheckedContinuation<([String], Int), Never>) in
      // File reads and checksums of tens of megabytes: off the cooperative pool.
      DispatchQueue.global().async {
        var bad: [String] = []
        var read = 0
        var checked = 0
        while checked < segments.count && read < budget {
          let (chunk, segment) = segments[(start + checked) % segments.count]
          checked += 1
          read += segment.bytes
          do throws(CatalogError) {
            _ = try store.read(chunk, segment)
          } catch {
            guard error.kind == .damaged else { continue }
            store.discard(chunk, segment.id)
            SegmentCache.shared.evict(chunk, segment.id)
            bad.append("segment \(segment.id) of chunk \(chunk)")
          }
        }
        done.resume(returning: (bad, checked))
      }
    }
    scrubCursor.withLock { $0 = start + damaged.1 }
    for what in damaged.0 { logger.warning("Corrupt \(what) removed; it will be copied from a current replica") }
  }

  /// A token for the administrator, made on a dispatch thread (the user store may wait on
  /// ZooKeeper, which a task thread must not).
  static func adminToken(_ users: UserService) async -> String? {
    await withCheckedContinuation { (done: CheckedContinuation<String?, Never>) in
      DispatchQueue.global().async {
        let admin = UserDirectory.defaultAdmin
        let token = try? users.token(
          for: admin, issuedAt: users.currentTime(),
          generation: users.directory().users[admin]?.currentGeneration ?? "")
        done.resume(returning: token)
      }
    }
  }
}
