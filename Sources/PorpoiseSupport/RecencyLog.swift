/// The order in which a cache's entries were last used, so that the least recently used one
/// is found without scanning them all (a cache of 400,000 decoded columns scanned per put made
/// reading a table quadratic).
///
/// Every use appends a record stamped with a new clock value; the cache keeps the stamp of
/// each entry's latest use. To evict, the cache takes records oldest first and skips those whose
/// entry was used again since (its stamp moved on) or is gone. Records of entries read over and
/// over pile up: once the log holds four times as many records as there are entries, the cache
/// rebuilds it from its live entries.
public struct RecencyLog<Key> {
  private var records: [(stamp: UInt64, key: Key)] = []
  private var head = 0
  /// The stamp of the latest use.
  private var clock: UInt64 = 0

  public init() {}

  /// Records a use of `key` and returns its stamp, which the cache keeps with the entry.
  public mutating func use(_ key: Key) -> UInt64 {
    clock &+= 1
    records.append((clock, key))
    if head > 4_096 && head * 2 > records.count {
      records.removeFirst(head)
      head = 0
    }
    return clock
  }

  /// Whether the log holds so many records for a cache of `count` entries that it should be
  /// rebuilt from them.
  public func isBloated(entries count: Int) -> Bool { records.count - head > 4 * max(count, 1_024) }

  /// Starts again from the live entries, each with the stamp the cache keeps for it.
  public mutating func rebuild(_ live: [(key: Key, stamp: UInt64)]) {
    records = live.sorted { $0.stamp < $1.stamp }.map { ($0.stamp, $0.key) }
    head = 0
  }

  /// The oldest record not taken yet; the cache evicts its key only when the stamp is still the
  /// entry's. Nil when every record was taken.
  public mutating func popOldest() -> (stamp: UInt64, key: Key)? {
    guard head < records.count else { return nil }
    head += 1
    return records[head - 1]
  }
}
