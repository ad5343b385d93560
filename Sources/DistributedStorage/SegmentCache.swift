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
    var clock: UInt64 = 0
  }
  private let state = Mutex(State())
  let budget: Int

  public init(budget: Int) { self.budget = budget }

  static func key(_ chunkId: String, _ segmentId: String) -> String { chunkId + "/" + segmentId }

  /// Forgets every cached segment (`clearAllCache()`).
  public func removeAll() {
    state.withLock { s in
      s.segments.removeAll()
      s.names.removeAll()
      s.bytes = 0
    }
  }

  /// The segment's columns among `wanted` (lower-cased; nil: all), if every one it has is
  /// cached; nil when the segment must be read.
  public func get(_ chunkId: String, _ segmentId: String, columns wanted: Set<String>?) -> Table? {
    state.withLock { s in
      let key = SegmentCache.key(chunkId, segmentId)
      guard let names = s.names[key], var entries = s.segments[key] else { return nil }
      var columns: [Vector] = []
      var kept: [String] = []
      s.clock += 1
      for n in names where wanted?.contains(n.lowercased()) ?? true {
        guard var e = entries[n.lowercased()] else { return nil }
        e.used = s.clock
        entries[n.lowercased()] = e
        columns.append(e.column)
        kept.append(e.name)
      }
      s.segments[key] = entries
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
        if let old = s.segments[key]?.removeValue(forKey: name.lowercased()) { s.bytes -= old.cost }
        while s.bytes + cost > budget, let victim = SegmentCache.oldest(s) {
          if let e = s.segments[victim.segment]?.removeValue(forKey: victim.column) { s.bytes -= e.cost }
          if s.segments[victim.segment]?.isEmpty ?? false {
            s.segments[victim.segment] = nil
            s.names[victim.segment] = nil
          }
        }
        s.clock += 1
        s.segments[key, default: [:]][name.lowercased()] = Entry(name: name, column: column, cost: cost, used: s.clock)
        s.names[key] = names
        s.bytes += cost
      }
    }
  }

  static func oldest(_ s: State) -> (segment: String, column: String)? {
    var best: (String, String, UInt64)?
    for (segment, entries) in s.segments {
      for (column, e) in entries where e.used < (best?.2 ?? .max) { best = (segment, column, e.used) }
    }
    return best.map { ($0.0, $0.1) }
  }

  public func evict(_ chunkId: String, _ segmentId: String) {
    state.withLock { s in
      let key = SegmentCache.key(chunkId, segmentId)
      for e in (s.segments.removeValue(forKey: key) ?? [:]).values { s.bytes -= e.cost }
      s.names[key] = nil
    }
  }
}
