/// Keyed tables (`keyedTable`, `indexedTable`): one row per key, an appended row with a key
/// already present replacing that row, as DolphinDB's do.
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

  /// Indexes every row by its key; a key seen twice is an error.
  func indexKeys() throws(ScriptError) {
    let keys = keyColumnIndices
    var index: [[ScalarKey]: Int] = [:]
    index.reserveCapacity(rowCount)
    for r in 0..<rowCount {
      let key = Table.key(columns, keys, row: r)
      guard index.updateValue(r, forKey: key) == nil else {
        throw ScriptError(
          RuntimeMessages.duplicateKey(keys.map { ValueFormatter.plain(columns[$0][r]) }.joined(separator: ", ")))
      }
    }
    keyIndex = index
  }

  /// Appends converted rows: each row with a present key replaces that row (a later row of the
  /// same key wins); the others are added in their order.
  func appendKeyed(_ incoming: [Vector]) throws(ScriptError) {
    let keys = keyColumnIndices
    let count = incoming.first?.count ?? 0
    var added: [Int] = []
    var addedIndex: [[ScalarKey]: Int] = [:]
    var replaced: [(row: Int, from: Int)] = []
    for i in 0..<count {
      let key = Table.key(incoming, keys, row: i)
      if let r = keyIndex[key] {
        replaced.append((r, i))
      } else if let p = addedIndex[key] {
        added[p] = i
      } else {
        addedIndex[key] = added.count
        added.append(i)
      }
    }
    let base = rowCount
    // Taken out of the table, so the columns change in place instead of being copied. The
    // values already have the columns' types, so the changes cannot fail half-way.
    var updated = columns
    replaceContents(names: names, columns: [])
    defer { replaceContents(names: names, columns: updated) }
    for (r, i) in replaced {
      for k in updated.indices { try updated[k].set(r, incoming[k][i]) }
    }
    for k in updated.indices { try updated[k].append(contentsOf: incoming[k].gather(added)) }
    for (key, p) in addedIndex { keyIndex[key] = base + p }
  }
}
