import Synchronization

/// How far a session's running query is: the partitions its reads of database tables chose
/// (tasks), those read so far and the bytes they returned, for the node's `getQueryStatus()`.
/// One per session, reset when an outermost query begins; a table the session opened reports
/// to it from whichever thread reads its partitions.
public final class QueryProgress: Sendable {
  private let counts = Mutex<(tasks: Int, done: Int, bytes: Int)>((0, 0, 0))

  public init() {}

  /// Partitions a read is about to read.
  public func expect(_ tasks: Int) { counts.withLock { $0.tasks &+= max(0, tasks) } }

  /// Partitions read, and the bytes of the rows they gave.
  public func finish(_ tasks: Int, bytes: Int) {
    counts.withLock { c in
      c.done = min(c.tasks, c.done &+ max(0, tasks))
      c.bytes &+= max(0, bytes)
    }
  }

  public var now: (tasks: Int, done: Int, bytes: Int) { counts.withLock { $0 } }

  func reset() { counts.withLock { $0 = (0, 0, 0) } }
}
