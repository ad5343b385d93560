import Synchronization

/// Decoded segments a data node keeps between queries, least recently used first out, within
/// a budget of bytes. Segments never change once committed, so an entry is never stale; a
/// segment found corrupt on disk is evicted with its file (the scrub finds those).
public final class SegmentCache: Sendable {
  /// The process's cache: 128 MiB, which holds a day of the seed's bars.
  public static let shared = SegmentCache(budget: 128 << 20)

  struct Entry {
    var rows: ChunkRows
    var cost: Int
    var used: UInt64
  }
  struct State {
    var entries: [String: Entry] = [:]
    var bytes = 0
    var clock: UInt64 = 0
  }
  private let state = Mutex(State())
  let budget: Int

  public init(budget: Int) { self.budget = budget }

  static func key(_ chunkId: String, _ segmentId: String) -> String { chunkId + "/" + segmentId }

  public func get(_ chunkId: String, _ segmentId: String) -> ChunkRows? {
    state.withLock { s in
      guard var e = s.entries[SegmentCache.key(chunkId, segmentId)] else { return nil }
      s.clock += 1
      e.used = s.clock
      s.entries[SegmentCache.key(chunkId, segmentId)] = e
      return e.rows
    }
  }

  public func put(_ chunkId: String, _ segmentId: String, _ rows: ChunkRows, cost: Int) {
    guard cost <= budget else { return }
    state.withLock { s in
      let key = SegmentCache.key(chunkId, segmentId)
      if let old = s.entries.removeValue(forKey: key) { s.bytes -= old.cost }
      while s.bytes + cost > budget, let victim = s.entries.min(by: { $0.value.used < $1.value.used }) {
        s.entries[victim.key] = nil
        s.bytes -= victim.value.cost
      }
      s.clock += 1
      s.entries[key] = Entry(rows: rows, cost: cost, used: s.clock)
      s.bytes += cost
    }
  }

  public func evict(_ chunkId: String, _ segmentId: String) {
    state.withLock { s in
      if let old = s.entries.removeValue(forKey: SegmentCache.key(chunkId, segmentId)) { s.bytes -= old.cost }
    }
  }
}
