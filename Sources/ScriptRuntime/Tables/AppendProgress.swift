import Synchronization

/// How far one append to a database table has got: rows written of the rows given. The
/// storage writing them adds to it from any thread; a display reads it.
public final class AppendProgress: Sendable {
  /// The table, as the display names it.
  public let table: String
  public let total: Int
  private let done = Atomic<Int>(0)
  /// How many times the storage goes over the rows (encoding them, then writing them): each
  /// pass adds every row once.
  private let passes = Atomic<Int>(1)

  public init(table: String, total: Int) {
    self.table = table
    self.total = total
  }

  /// Rows just handled by one pass.
  public func add(_ rows: Int) { done.add(rows, ordering: .relaxed) }
  /// Says the storage goes over the rows `n` times (before it adds any).
  public func expect(passes n: Int) { passes.store(max(1, n), ordering: .relaxed) }
  /// Rows written so far, every pass counted in its share (never more than `total`).
  public var rows: Int { min(total, done.load(ordering: .relaxed) / passes.load(ordering: .relaxed)) }
}

/// Shows appends that take long (`porpoise run` on a terminal): told when one begins and ends.
public protocol AppendProgressDisplay: AnyObject {
  /// A meter for an append of `rows` rows to `table`, or nil to show nothing.
  func begin(table: String, rows: Int) -> AppendProgress?
  /// The append ended (written or failed).
  func end(_ progress: AppendProgress, succeeded: Bool)
}
