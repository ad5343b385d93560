import ScriptRuntime
import Synchronization

/// DolphinDB's snapshot engines (`registerSnapshotEngine`): for a `dfs://` table, the latest row
/// of each key appended through this node since the engine was registered, which `select
/// [HINT_SNAPSHOT]` (`[64]`) reads instead of the table. In memory and per node, as DolphinDB
/// keeps them: a restart forgets them, and rows written before registering are not in them.
/// With a dedup column, a key keeps the row with the largest value there instead of the last.
final class SnapshotEngines: Sendable {
  /// This process's engines: one node per process.
  static let shared = SnapshotEngines()

  // @unchecked: values only (vectors, keys); every use is under the lock.
  struct Engine: @unchecked Sendable {
    let names: [String]
    let key: Int
    let dedup: Int?
    /// The latest row of each key, in the order keys first came.
    var columns: [Vector]
    var rowOfKey: [ScalarKey: Int] = [:]
  }

  private let engines = Mutex<[String: Engine]>([:])

  static func id(_ database: String, _ table: String) -> String { database + "\u{0}" + table }

  /// Registers an engine for a table of `names` and `types`, keyed by `key` (and `dedup`).
  func register(
    database: String, table: String, names: [String], types: [DataType], key: String, dedup: String?
  ) throws(ScriptError) {
    func column(_ name: String) throws(ScriptError) -> Int {
      guard let k = names.firstIndex(where: { $0.lowercased() == name.lowercased() }) else {
        throw ScriptError(DFSMessages.snapshotUnknownColumn(name, table: table, columns: names))
      }
      return k
    }
    let engine = Engine(
      names: names, key: try column(key), dedup: try dedup.map { d throws(ScriptError) in try column(d) },
      columns: types.map { Vector.empty($0) })
    let added = engines.withLock { all -> Bool in
      guard all[SnapshotEngines.id(database, table)] == nil else { return false }
      all[SnapshotEngines.id(database, table)] = engine
      return true
    }
    if !added { throw ScriptError(DFSMessages.snapshotRegisteredAlready(table, database: database)) }
  }

  func unregister(database: String, table: String) throws(ScriptError) {
    let removed = engines.withLock { $0.removeValue(forKey: SnapshotEngines.id(database, table)) != nil }
    if !removed { throw ScriptError(DFSMessages.noSnapshotEngine(table, database: database)) }
  }

  /// Takes the rows of an append that was written (`rows` of `columns`; nil: all of them).
  func record(database: String, table: String, columns: [Vector], rows: [Int]?) {
    let id = SnapshotEngines.id(database, table)
    guard engines.withLock({ $0[id] != nil }) else { return }
    engines.withLock { all in
      guard var engine = all[id], columns.count == engine.columns.count else { return }
      all[id] = nil  // edited alone, then put back (no copy of its columns)
      defer { all[id] = engine }
      let keyColumn = columns[engine.key]
      // The row each key keeps from this append: its last, or its largest dedup value.
      var chosen: [ScalarKey: Int] = [:]
      var order: [ScalarKey] = []
      for i in rows ?? Array(0..<keyColumn.count) {
        guard let k = ScalarKey(keyColumn[i]) else { continue }
        if let j = chosen[k] {
          if let d = engine.dedup, Comparison.order(columns[d][i], columns[d][j]) < 0 { continue }
        } else {
          order.append(k)
        }
        chosen[k] = i
      }
      for k in order {
        guard let i = chosen[k] else { continue }
        if let r = engine.rowOfKey[k] {
          if let d = engine.dedup, Comparison.order(columns[d][i], engine.columns[d][r]) < 0 { continue }
          for c in columns.indices { try? engine.columns[c].set(r, columns[c][i]) }
        } else {
          engine.rowOfKey[k] = engine.columns[0].count
          for c in columns.indices { try? engine.columns[c].append(columns[c][i]) }
        }
      }
    }
  }

  /// The latest rows of a table's engine; nil when none is registered.
  func snapshot(database: String, table: String) throws(ScriptError) -> Table? {
    guard let engine = engines.withLock({ $0[SnapshotEngines.id(database, table)] }) else { return nil }
    return try Table(names: engine.names, columns: engine.columns)
  }
}
