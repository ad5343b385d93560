import ScriptRuntime
import Synchronization

/// The node's queries of database tables, as DolphinDB's performance monitoring keeps them:
/// those running now, and the last ones that finished (at most `kept`, oldest dropped first).
public final class QueryLog: Sendable {
  /// One query: who ran it, from where, its text and its times (session clock, nanoseconds).
  public struct Entry: Sendable {
    public let userID: String
    public let sessionID: Int64
    public let jobID: String
    public let startTime: Int64
    public var endTime: Int64?
    public let jobDesc: String
    public var errorMsg = ""
    public let remoteIP: String
    /// The session's progress (partitions chosen and read, bytes returned) while it runs.
    public var progress: QueryProgress?
    /// The node's count of queries, this one included (`getQueryStatus`'s `id`).
    public var number = 0
  }

  /// How many finished queries are kept.
  public static let kept = 1_000
  /// Running queries in the order they began (a few: one per session at most), finished ones,
  /// and how many began since the node started.
  private let state = Mutex<(running: [Entry], finished: [Entry], begun: Int)>(([], [], 0))

  public init() {}

  func began(_ entry: Entry) {
    state.withLock { s in
      s.begun += 1
      var e = entry
      e.number = s.begun
      s.running.append(e)
    }
  }

  func ended(_ id: String, at end: Int64, error: String) {
    state.withLock { s in
      guard let i = s.running.firstIndex(where: { $0.jobID == id }) else { return }
      var e = s.running.remove(at: i)
      e.progress = nil
      e.endTime = end
      e.errorMsg = error
      s.finished.append(e)
      if s.finished.count > QueryLog.kept { s.finished.removeFirst(s.finished.count - QueryLog.kept) }
    }
  }

  /// The queries running now, in the order they began.
  public var running: [Entry] { state.withLock { $0.running } }

  /// The last `top` queries that finished, in the order they finished.
  public func finished(top: Int) -> [Entry] { state.withLock { Array($0.finished.suffix(top)) } }
}
