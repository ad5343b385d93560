import ScriptRuntime
import Synchronization

/// The chunk moves a node made (`rebalanceChunksAmongDataNodes(true)`: DolphinDB's
/// `LoadRebalance` tasks), kept since it started for `getRecoveryTaskStatus`, which lists them
/// after the stale replicas waiting to catch up (`ChunkRecovery`, from the catalog).
enum RecoveryTasks {
  /// One task, in DolphinDB's terms.
  struct Task: Sendable {
    var id: String
    var type: String
    var chunkId: String
    var path: String
    var source: String
    var dest: String
    var status: String
    /// Milliseconds; nil while unknown (a waiting recovery's start, an unfinished task's end).
    var start: Int64?
    var finish: Int64?
    var failure = ""
    var replicaVersion: Int?
    var chunkVersion: Int?
  }

  /// Each node's moves, oldest first (at most `maxTasks`).
  static let log = Mutex<[String: [Task]]>([:])
  static let maxTasks = 10_000

  static func record(_ cluster: DFSCluster, _ task: Task) {
    log.withLock { all in
      var list = all[cluster.node] ?? []
      if list.count >= maxTasks { list.removeFirst(list.count - maxTasks + 1) }
      list.append(task)
      all[cluster.node] = list
    }
  }

  /// A recovery task per stale replica now (waiting), then the moves this node made.
  static func status(_ cluster: DFSCluster) throws(ScriptError) -> Table {
    var rows: [Task] = []
    for c in try DFSAdminBuiltins.allChunks(cluster) {
      for r in c.replicas where r.version < c.version {
        rows.append(
          Task(
            id: c.chunkId + "/" + r.alias, type: "ChunkRecovery", chunkId: c.chunkId, path: DFSAdminBuiltins.file(c),
            source: c.currentReplicas.first ?? "", dest: r.alias, status: "Waiting", start: nil, finish: nil,
            replicaVersion: r.version, chunkVersion: c.version))
      }
    }
    rows += log.withLock { $0[cluster.node] ?? [] }
    func times(_ pick: (Task) -> Int64?) -> Vector {
      Vector(type: .timestamp, ints: rows.map { pick($0) ?? Value.nullInt })
    }
    func flags(_ pick: (Task) -> Bool) -> Vector { Vector(bools: rows.map(pick)) }
    return try Table(
      names: [
        "TaskId", "TaskType", "ChunkId", "ChunkPath", "Source", "Dest", "Status", "AttemptCount", "DeleteSource",
        "StartTime", "LastDequeueTime", "LastStartTime", "FinishTime", "IsIncrementalRecovery", "IsAsyncRecovery",
        "ChangeFromIncrementalToFull", "ChangeToSyncTime", "FailureReason", "ReplicaVersion", "ChunkVersion",
      ],
      columns: [
        Vector(strings: rows.map(\.id)), Vector(strings: rows.map(\.type)), Vector(strings: rows.map(\.chunkId)),
        Vector(strings: rows.map(\.path)), Vector(strings: rows.map(\.source)), Vector(strings: rows.map(\.dest)),
        Vector(strings: rows.map(\.status)),
        Vector(type: .int, ints: rows.map { $0.start == nil ? 0 : 1 }),
        flags { $0.type == "LoadRebalance" },
        times(\.start), times(\.start), times(\.start), times(\.finish),
        flags { _ in false }, flags { _ in false }, flags { _ in false }, times { _ in nil },
        Vector(strings: rows.map(\.failure)),
        Vector(type: .int, ints: rows.map { $0.replicaVersion.map(Int64.init) ?? Value.nullInt }),
        Vector(type: .int, ints: rows.map { $0.chunkVersion.map(Int64.init) ?? Value.nullInt }),
      ])
  }
}
