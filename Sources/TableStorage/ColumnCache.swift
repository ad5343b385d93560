import PorpoiseSupport
import ScriptRuntime
import Synchronization

/// Decoded columns of segments, kept between queries of one process (DolphinDB keeps the
/// partitions it has read in memory too). Segments never change once committed, so a column
/// is known by its file and the checksum the manifest lists for it; the least recently used
/// ones go when the cache holds more than its budget.
final class ColumnCache: Sendable {
  private struct Entry {
    var vector: Vector
    var bytes: Int
    var lastUse: UInt64
  }
  private struct State {
    var entries: [String: Entry] = [:]
    var bytes = 0
    /// The order of use, for eviction.
    var recency = RecencyLog<String>()

    /// Stamps a use of an entry (which holds the stamp).
    mutating func touch(_ key: String) {
      entries[key]?.lastUse = recency.use(key)
      if recency.isBloated(entries: entries.count) {
        recency.rebuild(entries.map { (key: $0.key, stamp: $0.value.lastUse) })
      }
    }

    /// Takes out the least recently used entry; false when the cache is empty.
    mutating func evictOldest() -> Bool {
      while let r = recency.popOldest() {
        guard entries[r.key]?.lastUse == r.stamp, let e = entries.removeValue(forKey: r.key) else { continue }
        bytes -= e.bytes
        return true
      }
      return false
    }
  }
  private let state = Mutex(State())
  private let limit: Atomic<Int>
  /// The most bytes kept; 0 disables the cache.
  var budget: Int {
    get { limit.load(ordering: .relaxed) }
    set { limit.store(newValue, ordering: .relaxed) }
  }

  init(budget: Int) { limit = Atomic(budget) }

  /// The process's cache, shared by every session of a node (512 MiB unless set).
  static let shared = ColumnCache(budget: 512 << 20)

  /// Forgets every cached column (`clearAllCache()`).
  func removeAll() {
    state.withLock { s in s = State() }
  }

  /// The column named by `key`, read by `load` when it is not cached.
  func column(_ key: String, _ load: () throws(ScriptError) -> Vector) throws(ScriptError) -> Vector {
    if budget > 0,
      let hit = state.withLock({ s -> Vector? in
        guard let e = s.entries[key] else { return nil }
        s.touch(key)
        return e.vector
      })
    {
      return hit
    }
    let v = try load()
    let bytes = v.storageBytes
    let budget = self.budget
    guard budget > 0, bytes <= budget / 4 else { return v }
    state.withLock { s in
      if let old = s.entries[key] { s.bytes -= old.bytes }
      s.entries[key] = Entry(vector: v, bytes: bytes, lastUse: 0)
      s.bytes += bytes
      s.touch(key)
      while s.bytes > budget, s.evictOldest() {}
    }
    return v
  }

  /// Forgets every column of segments under `folder` (a dropped table or database).
  func forget(under folder: String) {
    state.withLock { s in
      for (k, e) in s.entries where k.hasPrefix(folder) {
        s.bytes -= e.bytes
        s.entries[k] = nil
      }
    }
  }

  var cachedBytes: Int { state.withLock { $0.bytes } }
}
