/// The order in which a cache's entries were last used, so that the least recently used one
/// is found without scanning them all (a cache of 400,000 decoded columns scanned per put made
/// reading a table quadratic).
///
/// Every use appends a record stamped with a new clock value; the cache keeps the stamp of
/// each entry's latest use. Popping the oldest skips records whose entry was used again since
/// (its stamp moved on) or is gone. Records of entries read over and over pile up, so the log
/// is rebuilt from the live entries once it holds four times as many records as there are
/// entries.
public struct RecencyLog<Key> {
  private var records: [(stamp: UInt64, key: Key)] = []
  private var head = 0
  /// The stamp of the latest use.
  private var clock: UInt64 = 0

  public init() {}

  /// Records a use of `key` and returns its stamp, which the cache keeps with the entry.
  /// `live` lists every entry with its stamp, for when the log is rebuilt; `count` is how many
  /// entries the cache holds.
  public mutating func use(_ key: Key, count: Int, live: () -> [(key: Key, stamp: UInt64)]) -> UInt64 {
    clock &+= 1
    records.append((clock, key))
    if records.count - head > 4 * max(count, 1_024) {
      records = live().sorted { $0.stamp < $1.stamp }.map { ($0.stamp, $0.key) }
      head = 0
    } else if head > 4_096 && head * 2 > records.count {
      records.removeFirst(head)
      head = 0
    }
    return clock
  }

  /// The least recently used entry: the first record whose stamp is still its entry's
  /// (`stamp(key)` is the entry's stamp, nil when it is gone); nil when there is none.
  public mutating func popOldest(stamp: (Key) -> UInt64?) -> Key? {
    while head < records.count {
      let r = records[head]
      head += 1
      if stamp(r.key) == r.stamp { return r.key }
    }
    return nil
  }
}
