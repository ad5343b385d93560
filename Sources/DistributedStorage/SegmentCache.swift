import PorpoiseSupport
import ScriptRuntime
import Synchronization

/// Decoded columns of segments a data node keeps between queries, least recently used first
/// out, within a budget of bytes. A query decodes only the columns it reads, and the cache
/// holds them column by column (a cold `count(*) group by date(DateTime)` decodes one column
/// of nine). Segments never change once committed, so an entry is never stale; a segment found
/// corrupt on disk is evicted with its file (the scrub finds those).
public final class SegmentCache: Sendable {
  /// The process's cache: 128 MiB, which holds a day of the seed's bars.
  public static let shared = SegmentCache(budget: 128 << 20)

  struct Entry {
    var name: String
    var column: Vector
    var cost: Int
    var used: UInt64
  }
  struct State {
    /// By `chunk/segment`, then by lower-cased column name.
    var segments: [String: [String: Entry]] = [:]
    /// Each cached segment's column names, in order, once it was decoded.
    var names: [String: [String]] = [:]
    var bytes = 0
    var entries = 0
    /// The order of use, for eviction.
    var recency = RecencyLog<(segment: String, column: String)>()

    /// Stamps a use of an entry (which holds the stamp).
    mutating func touch(_ segment: String, _ column: String) {
      segments[segment]?[column]?.used = recency.use((segment, column))
      if recency.isBloated(entries: entries) {
        recency.rebuild(
          segments.flatMap { k, columns in columns.map { (key: (segment: k, column: $0.key), stamp: $0.value.used) } })
      }
    }

    /// Takes out the least recently used entry; false when the cache is empty.
    mutating func evictOldest() -> Bool {
      while let r = recency.popOldest() {
        let (segment, column) = r.key
        guard segments[segment]?[column]?.used == r.stamp, let e = segments[segment]?.removeValue(forKey: column)
        else { continue }
        bytes -= e.cost
        entries -= 1
        if segments[segment]?.isEmpty ?? false {
          segments[segment] = nil
          names[segment] = nil
        }
        return true
      }
      return false
    }
  }
  private let state = Mutex(State())
  let budget: Int

  public init(budget: Int) { self.budget = budget }

  static func key(_ chunkId: String, _ segmentId: String) -> String { chunkId + "/" + segmentId }

  /// Forgets every cached segment (`clearAllCache()`).
  public func removeAll() {
    state.withLock { s in s = State() }
  }

  /// The segment's columns among `wanted` (lower-cased; nil: all), if every one it has is
  /// cached; nil when the segment must be read.
  public func get(_ chunkId: String, _ segmentId: String, columns wanted: Set<String>?) -> Table? {
    state.withLock { s in
      let key = SegmentCache.key(chunkId, segmentId)
      guard let names = s.names[key], s.segments[key] != nil else { return nil }
      var columns: [Vector] = []
      var kept: [String] = []
      for n in names where wanted?.contains(n.lowercased()) ?? true {
        let column = n.lowercased()
        guard let e = s.segments[key]?[column] else { return nil }
        // In place: copying the segment's entries out and back cost a copy of every column's
        // entry per read.
        s.touch(key, column)
        columns.append(e.column)
        kept.append(e.name)
      }
      return try? Table(names: kept, columns: columns)
    }
  }

  /// Keeps a segment's decoded columns (some or all of them); `names` are all its columns.
  public func put(_ chunkId: String, _ segmentId: String, names: [String], _ table: Table) {
    state.withLock { s in
      let key = SegmentCache.key(chunkId, segmentId)
      for (name, column) in zip(table.names, table.columns) {
        // Roughly what the column holds in memory.
        let cost = column.storageBytes
        guard cost <= budget else { continue }
        let lower = name.lowercased()
        if let old = s.segments[key]?.removeValue(forKey: lower) {
          s.bytes -= old.cost
          s.entries -= 1
        }
        while s.bytes + cost > budget, s.evictOldest() {}
        s.segments[key, default: [:]][lower] = Entry(name: name, column: column, cost: cost, used: 0)
        s.names[key] = names
        s.bytes += cost
        s.entries += 1
        s.touch(key, lower)
      }
    }
  }

  public func evict(_ chunkId: String, _ segmentId: String) {
    state.withLock { s in
      let key = SegmentCache.key(chunkId, segmentId)
      for e in (s.segments.removeValue(forKey: key) ?? [:]).values {
        s.bytes -= e.cost
        s.entries -= 1
      }
      s.names[key] = nil
    }
  }
}
