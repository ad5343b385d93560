import Foundation
import ScriptRuntime
import Synchronization

/// The `dfs://` transactions a node began, for `getTransactionStatus()`: an append (all its
/// partitions in one commit), each partition an `update`/`delete`/`upsert!` rewrote (Porpoise
/// commits a rewrite a partition at a time), a drop (`dropPartition`, `truncate`, `dropTable`,
/// `dropDatabase`: its partitions are the chunks it removes). Running ones are BEGIN, then
/// COMPLETE (the catalog committed every chunk at once, the segments being on their replicas
/// already) or ROLLBACK (nothing of it committed). The last `kept` per node.
public enum TransactionLog {
  struct Entry: Sendable {
    let tid: Int64
    let type: String
    let start: Int64
    var status = "BEGIN"
    var partitions: Int
    var end: Int64?
  }

  static let kept = 10_000
  static let state = Mutex<(next: Int64, byNode: [String: [Entry]])>((1, [:]))

  /// Local time in milliseconds, as DolphinDB's TIMESTAMPs read.
  static func now() -> Int64 {
    let date = Date()
    return Int64((date.timeIntervalSince1970 + Double(TimeZone.current.secondsFromGMT(for: date))) * 1000)
  }

  static func begin(_ node: String, _ type: String, partitions: Int) -> Int64 {
    let start = now()
    return state.withLock { s in
      let tid = s.next
      s.next += 1
      var list = s.byNode[node] ?? []
      if list.count >= kept { list.removeFirst(list.count - kept + 1) }
      list.append(Entry(tid: tid, type: type, start: start, partitions: partitions))
      s.byNode[node] = list
      return tid
    }
  }

  static func end(_ node: String, _ tid: Int64, committed: Bool) {
    let finished = now()
    state.withLock { s in
      guard let i = s.byNode[node]?.lastIndex(where: { $0.tid == tid }) else { return }
      s.byNode[node]?[i].status = committed ? "COMPLETE" : "ROLLBACK"
      s.byNode[node]?[i].end = finished
    }
  }

  /// The transaction the calling thread runs, if any: what it does inside (a rewrite's removal
  /// and append of the partition) is part of it, not a transaction of its own.
  @TaskLocal static var running: Int64?

  /// Runs `body` as one transaction of `type` over `partitions` partitions, or as part of the
  /// transaction running already.
  static func record<T>(
    _ cluster: DFSCluster, _ type: String, partitions: Int, _ body: () throws(ScriptError) -> T
  ) throws(ScriptError) -> T {
    guard running == nil else { return try body() }
    let tid = begin(cluster.node, type, partitions: partitions)
    let outcome = $running.withValue(tid) { Result { () throws(ScriptError) -> T in try body() } }
    switch outcome {
    case .success(let result):
      end(cluster.node, tid, committed: true)
      return result
    case .failure(let error):
      end(cluster.node, tid, committed: false)
      throw error
    }
  }

  /// `getTransactionStatus()`, on a data or compute node (or the embedded node).
  static func builtin(_ cluster: DFSCluster) -> Builtin {
    Builtin("getTransactionStatus", args: 0...0) { a throws(ScriptError) in
      try a.machine.require(.login("list transactions"))
      return .object(try status(cluster.node))
    }
  }

  /// The node's transactions, oldest first, in DolphinDB's columns.
  static func status(_ node: String) throws(ScriptError) -> Table {
    let rows = state.withLock { $0.byNode[node] ?? [] }
    let current = now()
    return try Table(
      names: ["tid", "startTime", "type", "status", "partitionCount", "endTime", "elapsedTime"],
      columns: [
        Vector(type: .long, ints: rows.map(\.tid)), Vector(type: .timestamp, ints: rows.map(\.start)),
        Vector(strings: rows.map(\.type)), Vector(strings: rows.map(\.status)),
        Vector(type: .int, ints: rows.map { Int64($0.partitions) }),
        Vector(type: .timestamp, ints: rows.map { $0.end ?? Value.nullInt }),
        Vector(type: .long, ints: rows.map { ($0.end ?? current) - $0.start }),
      ])
  }
}
