/// Keyed tables (`keyedTable`, `indexedTable`): one row per key, an appended row with a key
/// already present replacing that row, as DolphinDB's do; `keyedStreamTable` and the
/// `latest...` tables take such a row by their `KeyPolicy`.
extension Table {
  /// Makes the table keyed by `names` (plain again with none); its rows must have distinct keys.
  public func setKeys(_ names: [String]) throws(ScriptError) {
    if names.isEmpty {
      keyNames = []
      keyIndex = [:]
      return
    }
    var canonical: [String] = []
    for n in names {
      guard let k = columnIndex(n) else { throw ScriptError(RuntimeMessages.noColumn(n)) }
      canonical.append(self.names[k])
    }
    let previous = keyNames
    keyNames = canonical
    do { try indexKeys() } catch {
      keyNames = previous
      keyIndex = [:]
      throw error
    }
  }

  var keyColumnIndices: [Int] { keyNames.compactMap { columnIndex($0) } }

  static func key(_ columns: [Vector], _ keyColumns: [Int], row: Int) -> [ScalarKey] {
    keyColumns.map { ScalarKey(columns[$0][row]) ?? .null }
  }

  /// Indexes every row by its key; a key seen twice is an error, except in a
  /// `latestKeyedStreamTable`, which keeps a key's rows and indexes its latest.
  func indexKeys() throws(ScriptError) {
    let keys = keyColumnIndices
    let latest: [Int]? = if case .addIfLater(let time) = keyPolicy { time.compactMap { columnIndex($0) } } else { nil }
    var index: [[ScalarKey]: Int] = [:]
    index.reserveCapacity(rowCount)
    for r in 0..<rowCount {
      let key = Table.key(columns, keys, row: r)
      if let latest {
        if let old = index[key], rowTime(old, latest) > rowTime(r, latest) { continue }
        index[key] = r
        continue
      }
      guard index.updateValue(r, forKey: key) == nil else {
        throw ScriptError(
          RuntimeMessages.duplicateKey(keys.map { ValueFormatter.plain(columns[$0][r]) }.joined(separator: ", ")))
      }
    }
    keyIndex = index
  }

  /// Sets how an appended row with a key already held is taken (the table's rows must have
  /// distinct keys already); the time columns are taken by name.
  public func setKeyPolicy(_ policy: KeyPolicy) throws(ScriptError) {
    var canonical: [String] = []
    for n in policy.timeColumns {
      guard let k = columnIndex(n) else { throw ScriptError(RuntimeMessages.noColumn(n)) }
      canonical.append(names[k])
    }
    keyPolicy =
      switch policy {
      case .replace, .keepFirst: policy
      case .replaceUnlessEarlier: .replaceUnlessEarlier(time: canonical)
      case .addIfLater: .addIfLater(time: canonical)
      }
  }

  /// Row `r`'s time by the time columns at `columns` (a date and a time compare as the pair),
  /// nulls earliest.
  func rowTime(_ r: Int, _ timeColumns: [Int]) -> (Int64, Int64) {
    func at(_ k: Int) -> Int64 { r < self.columns[k].count ? self.columns[k][r].rawInt ?? Int64.min : Int64.min }
    return (timeColumns.first.map(at) ?? Int64.min, timeColumns.count > 1 ? at(timeColumns[1]) : 0)
  }

  /// Each row's time in `columns` by the time columns at `timeColumns`, as `rowTime` gives it.
  static func rowTimes(_ columns: [Vector], _ timeColumns: [Int]) -> [(Int64, Int64)] {
    guard let first = timeColumns.first else { return [] }
    let a = columns[first].int64s
    let b = timeColumns.count > 1 ? columns[timeColumns[1]].int64s : [Int64](repeating: 0, count: a.count)
    return zip(a, b).map { ($0, $1) }
  }

  /// Appends converted rows. A batch gives each key one row: its last (`.replace`), its first
  /// (`.keepFirst`), its latest (`.replaceUnlessEarlier`: the last of equal times; `.addIfLater`:
  /// the first). That row replaces the key's row (`.replace`; `.replaceUnlessEarlier` unless it
  /// is earlier), is dropped (`.keepFirst`), or is added when it is later (`.addIfLater`); rows
  /// of new keys are added in the order their keys first appear.
  func appendKeyed(_ incoming: [Vector]) throws(ScriptError) {
    let keys = keyColumnIndices
    let count = incoming.first?.count ?? 0
    var timeColumns: [Int] = []
    for n in keyPolicy.timeColumns {
      guard let k = columnIndex(n) else { throw ScriptError(RuntimeMessages.noColumn(n)) }
      timeColumns.append(k)
    }
    let times = Table.rowTimes(incoming, timeColumns)
    var chosen: [(key: [ScalarKey], row: Int)] = []
    var chosenIndex: [[ScalarKey]: Int] = [:]
    for i in 0..<count {
      let key = Table.key(incoming, keys, row: i)
      guard let p = chosenIndex[key] else {
        chosenIndex[key] = chosen.count
        chosen.append((key, i))
        continue
      }
      let wins =
        switch keyPolicy {
        case .replace: true
        case .keepFirst: false
        case .replaceUnlessEarlier: times[i] >= times[chosen[p].row]
        case .addIfLater: times[i] > times[chosen[p].row]
        }
      if wins { chosen[p].row = i }
    }
    var added: [(key: [ScalarKey], row: Int)] = []
    var replaced: [(row: Int, from: Int)] = []
    for (key, i) in chosen {
      guard let r = keyIndex[key] else {
        added.append((key, i))
        continue
      }
      switch keyPolicy {
      case .replace: replaced.append((r, i))
      case .keepFirst: break
      case .replaceUnlessEarlier: if times[i] >= rowTime(r, timeColumns) { replaced.append((r, i)) }
      case .addIfLater: if times[i] > rowTime(r, timeColumns) { added.append((key, i)) }
      }
    }
    // A stream's rows go in in the order they came.
    if case .addIfLater = keyPolicy { added.sort { $0.row < $1.row } }
    let base = rowCount
    // Taken out of the table, so the columns change in place instead of being copied. The
    // values already have the columns' types, so the changes cannot fail half-way.
    var updated = columns
    replaceContents(names: names, columns: [])
    defer { replaceContents(names: names, columns: updated) }
    for (r, i) in replaced {
      for k in updated.indices { try updated[k].set(r, incoming[k][i]) }
    }
    let rows = added.map(\.row)
    for k in updated.indices { try updated[k].append(contentsOf: incoming[k].gather(rows)) }
    for (p, entry) in added.enumerated() { keyIndex[entry.key] = base + p }
  }
}

/// How a keyed table takes an appended row whose key it holds already.
public enum KeyPolicy: Sendable, Equatable {
  /// `keyedTable`, `indexedTable`: the new row replaces the key's row.
  case replace
  /// `keyedStreamTable`: the key's row stays and the new one is dropped.
  case keepFirst
  /// `latestKeyedTable`, `latestIndexedTable`: the new row replaces the key's row unless its
  /// time (in the `time` column) is earlier.
  case replaceUnlessEarlier(time: [String])
  /// `latestKeyedStreamTable`: rows are only added, a key's row when it is later than the key's
  /// latest (by one time column, or a DATE column and a time-of-day column).
  case addIfLater(time: [String])

  /// The columns whose values order a key's rows in time.
  public var timeColumns: [String] {
    switch self {
    case .replace, .keepFirst: []
    case .replaceUnlessEarlier(let time), .addIfLater(let time): time
    }
  }

  /// The policy after a column is renamed.
  func renaming(_ old: String, to new: String) -> KeyPolicy {
    switch self {
    case .replace, .keepFirst: self
    case .replaceUnlessEarlier(let time): .replaceUnlessEarlier(time: time.map { $0 == old ? new : $0 })
    case .addIfLater(let time): .addIfLater(time: time.map { $0 == old ? new : $0 })
    }
  }
}
