import Foundation
import ScriptRuntime

/// One append's rows for one partition of one table.
public struct PartitionAppend: Sendable {
  public var partition: String
  /// The partition's keys as the storage engine writes them (recorded with a new chunk).
  public var keys: String
  public var rows: Int
  /// The encoded segment, in the parts it was made in.
  public var bytes: SegmentBytes
  public var checksum: String

  public init(partition: String, keys: String = "", rows: Int, bytes: SegmentBytes, checksum: String) {
    self.partition = partition
    self.keys = keys
    self.rows = rows
    self.bytes = bytes
    self.checksum = checksum
  }

  public init(partition: String, keys: String = "", rows: Int, payload: [UInt8], checksum: String) {
    self.init(partition: partition, keys: keys, rows: rows, bytes: SegmentBytes(payload), checksum: checksum)
  }
}

/// What a committed append did, for the caller and the log.
public struct AppendReport: Sendable, Equatable {
  /// The chunks the append touched, by partition, with their new version.
  public var versions: [String: Int]
  /// Replicas that could not take their segment: recorded one version behind, to be caught up.
  public var stale: [String: [String]]
  /// How many times the commit lost to another writer and was tried again.
  public var retries: Int
}

/// Writes an append across the cluster: places new chunks, stages each partition's segment on
/// every replica, then commits every touched chunk in one catalog transaction. All partitions
/// become visible together or none does.
///
/// A replica that cannot take its segment (its node is down) does not stop the append while
/// another replica of the chunk took it: the chunk's record keeps the lagging replica one
/// version behind (`RECOVERING`) and it is caught up by copying. A chunk no replica could
/// take fails the whole append, and nothing is committed.
public struct DFSWriter: Sendable {
  public let catalog: any DFSCatalog
  public let transport: any ChunkTransport
  public var replicationFactor: Int
  public var reliability: ReplicaReliability
  /// Commits lost to a concurrent writer are retried this many times (after a short random
  /// pause, so racing writers spread out) before the conflict is reported.
  public var maxRetries = 10
  /// Segments in flight to replicas at once.
  public var concurrentStages = 4
  /// Told of rows as their segments reach their replicas (each copy its share of the rows).
  public var progress: AppendProgress?
  public var now: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }

  public init(
    catalog: any DFSCatalog, transport: any ChunkTransport, replicationFactor: Int, reliability: ReplicaReliability
  ) {
    self.catalog = catalog
    self.transport = transport
    self.replicationFactor = replicationFactor
    self.reliability = reliability
  }

  /// Appends to `database`/`table`; `dataNodes` are the live data nodes (alias and host).
  /// `known` is the table's chunks as the caller just read them (read here when nil; read
  /// again after a lost commit either way).
  public func append(
    _ appends: [PartitionAppend], database: String, table: String, dataNodes: [(alias: String, host: String)],
    known: [VersionedChunk]? = nil
  ) async throws(CatalogError) -> AppendReport {
    guard !appends.isEmpty else { return AppendReport(versions: [:], stale: [:], retries: 0) }
    // Segments staged so far, by partition and replica: a retry after a lost commit sends only
    // what a replica does not hold yet.
    var staged: [String: Set<String>] = [:]
    let segmentIds = Dictionary(uniqueKeysWithValues: appends.map { ($0.partition, UUID().uuidString) })
    var retries = 0
    var snapshot = known
    while true {
      let current: [VersionedChunk]
      if let s = snapshot {
        current = s
        snapshot = nil
      } else {
        current = try await catalog.chunks(database, table)
      }
      let byPartition = Dictionary(current.map { ($0.record.partition, $0) }) { a, _ in a }
      var loads = Dictionary(dataNodes.map { ($0.alias, 0) }) { a, _ in a }
      for c in current { for r in c.record.replicas where loads[r.alias] != nil { loads[r.alias]! += 1 } }
      let hosts = Dictionary(dataNodes.map { ($0.alias, $0.host) }) { a, _ in a }
      var changes: [ChunkChange] = []
      var report = AppendReport(versions: [:], stale: [:], retries: retries)
      var planned: [(append: PartitionAppend, record: ChunkRecord, existing: VersionedChunk?, segment: SegmentRecord)] =
        []
      for a in appends {
        var record: ChunkRecord
        let existing = byPartition[a.partition]
        if let existing {
          record = existing.record
        } else {
          let nodes = loads.map { DataNodeLoad(alias: $0.key, host: hosts[$0.key] ?? $0.key, chunks: $0.value) }
          let chosen = try ChunkPlacement.choose(replicas: replicationFactor, among: nodes, reliability: reliability)
          for alias in chosen { loads[alias, default: 0] += 1 }
          record = ChunkRecord(
            chunkId: UUID().uuidString, database: database, table: table, partition: a.partition, keys: a.keys,
            replicas: chosen.map { ReplicaRecord(alias: $0, version: 0) }, lastUpdated: now())
        }
        let segment = SegmentRecord(
          id: segmentIds[a.partition]!, rows: a.rows, bytes: a.bytes.count, checksum: a.checksum)
        planned.append((a, record, existing, segment))
      }
      // Every segment to every replica at once (a few at a time per writer).
      await stage(planned.map { ($0.append, $0.segment, $0.record) }, &staged)
      for (a, planRecord, existing, segment) in planned {
        var record = planRecord
        let taken = staged[record.chunkId + "/" + segment.id] ?? []
        // Only a replica with every earlier segment can carry the chunk forward.
        guard record.replicas.contains(where: { taken.contains($0.alias) && $0.version == record.version }) else {
          throw CatalogError(
            .unavailable,
            DFSMessages.noCurrentReplicaForAppend(
              a.partition, database: database, table: table, replicas: record.replicas.map(\.alias)))
        }
        let next = record.version + 1
        record.replicas = record.replicas.map { r in
          // A replica already behind stays behind; one that took this and every earlier segment moves on.
          ReplicaRecord(
            alias: r.alias, version: taken.contains(r.alias) && r.version == record.version ? next : r.version)
        }
        record.version = next
        record.segments.append(segment)
        record.lastUpdated = now()
        let behind = record.replicas.filter { $0.version < next }.map(\.alias)
        if !behind.isEmpty { report.stale[a.partition] = behind }
        report.versions[a.partition] = next
        changes.append(existing.map { .update(record, expected: $0.storeVersion) } ?? .create(record))
      }
      do {
        try await catalog.commit(changes)
        return report
      } catch {
        guard error.kind == .conflict, retries < maxRetries else { throw error }
        retries += 1
        try? await Task.sleep(for: .milliseconds(Int.random(in: 1...min(100, 2 << retries))))
      }
    }
  }

  /// Sends each partition's segment to every replica of its chunk that does not hold it yet,
  /// at most `concurrentStages` at a time; records in `staged` (by `chunk/segment`) the replicas
  /// that hold it.
  func stage(
    _ items: [(append: PartitionAppend, segment: SegmentRecord, record: ChunkRecord)],
    _ staged: inout [String: Set<String>]
  ) async {
    var work: [(key: String, node: String, segment: StagedSegment, rows: Int)] = []
    for (a, segment, record) in items {
      let key = record.chunkId + "/" + segment.id
      let copies = max(1, record.replicas.count)
      for (i, r) in record.replicas.enumerated() where staged[key]?.contains(r.alias) != true {
        // The copies' shares add up to the segment's rows.
        let share = segment.rows / copies + (i < segment.rows % copies ? 1 : 0)
        work.append(
          (
            key, r.alias,
            StagedSegment(
              chunkId: record.chunkId, segment: segment, bytes: a.bytes, database: record.database,
              table: record.table),
            share
          ))
      }
    }
    let (transport, progress) = (self.transport, self.progress)
    let limit = concurrentStages
    let done = await withTaskGroup(of: (String, String)?.self) { group in
      var next = 0
      var out: [(String, String)] = []
      func launch() {
        guard next < work.count else { return }
        let (key, node, segment, rows) = work[next]
        next += 1
        group.addTask {
          do throws(CatalogError) {
            try await transport.stage(segment, on: node)
            progress?.add(rows)
            return (key, node)
          } catch {
            return nil
          }
        }
      }
      for _ in 0..<limit { launch() }
      for await result in group {
        if let result { out.append(result) }
        launch()
      }
      return out
    }
    for (key, node) in done { staged[key, default: []].insert(node) }
  }
}
