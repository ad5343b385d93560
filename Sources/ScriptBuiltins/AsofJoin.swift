import ScriptRuntime

/// `aj(left, right, matchingCols, [rightMatchingCols])`: DolphinDB's asof join. The last
/// matching column is a time; each left row takes the right row with equal other keys and the
/// latest time at or before its own (nulls where there is none). The result has the left
/// columns, then the right ones but its key columns (its time column kept, as `<right table>_<name>`
/// when the name is taken).
enum AsofJoin {
  /// The matching columns of a time-keyed join (arguments `at` and `at + 1`): the exact keys of
  /// each side, the times (the right's converted to the left's type) and the right key names.
  static func timedKeys(_ a: CallArguments, _ left: Table, _ right: Table, at k: Int) throws(ScriptError) -> (
    left: [Vector], right: [Vector], leftTime: Vector, rightTime: Vector, rightNames: [String]
  ) {
    let leftKeys = try a.vector(k, "the matching columns").strings
    let rightKeys = a.has(k + 1) ? try a.vector(k + 1, "the right matching columns").strings : leftKeys
    guard leftKeys.count == rightKeys.count, !leftKeys.isEmpty else {
      throw ScriptError(RuntimeMessages.keyListLengthsDiffer())
    }
    var (lk, rk) = try TableBuiltins.keyColumns(left, right, leftKeys, rightKeys)
    // The times compared as the left table holds them.
    let lt = lk.removeLast()
    var rt = rk.removeLast()
    if rt.type != lt.type { rt = try Cast.vectorConverting(rt, to: lt.type) }
    return (lk, rk, lt, rt, rightKeys)
  }

  static func join(_ a: CallArguments) throws(ScriptError) -> Value {
    let left = try TableBuiltins.table(a[0], "the left table of 'aj'")
    let right = try TableBuiltins.table(a[1], "the right table of 'aj'")
    let (lk, rk, lt, rtVector, rightKeys) = try timedKeys(a, left, right, at: 2)
    let lTimes = lt.type.isFloating ? nil : lt.int64s
    let rTimes = lt.type.isFloating ? nil : rtVector.int64s
    let lD = lt.type.isFloating ? lt.doubles : []
    let rD = lt.type.isFloating ? rtVector.doubles : []
    func rightBefore(_ j: Int, _ i: Int) -> Bool {
      if let lTimes, let rTimes { return rTimes[j] != Value.nullInt && rTimes[j] <= lTimes[i] }
      return !rD[j].isNaN && rD[j] <= lD[i]
    }
    func rightOrder(_ x: Int, _ y: Int) -> Bool {
      if let rTimes { return (rTimes[x], x) < (rTimes[y], y) }
      return (rD[x], x) < (rD[y], y)
    }
    // The right rows of each key, by time.
    var groups: [[ScalarKey]: [Int]] = [:]
    for j in 0..<right.rowCount { groups[rk.map { ScalarKey($0[j]) ?? .null }, default: []].append(j) }
    for (k, rows) in groups { groups[k] = rows.sorted(by: rightOrder) }
    var picks: [Int] = []
    picks.reserveCapacity(left.rowCount)
    for i in 0..<left.rowCount {
      guard let rows = groups[lk.map { ScalarKey($0[i]) ?? .null }] else {
        picks.append(-1)
        continue
      }
      // The last row at or before the left time: a binary search over the sorted times.
      var low = 0
      var high = rows.count
      while low < high {
        let mid = (low + high) / 2
        if rightBefore(rows[mid], i) { low = mid + 1 } else { high = mid }
      }
      picks.append(low > 0 ? rows[low - 1] : -1)
    }
    let exact = Set(rightKeys.dropLast().map { $0.lowercased() })
    var names = left.names
    var columns = left.columns
    let prefix = TableBuiltins.rightPrefix(a)
    for k in right.names.indices where !exact.contains(right.names[k].lowercased()) {
      var n = right.names[k]
      if names.contains(where: { $0.lowercased() == n.lowercased() }) { n = prefix + n }
      while names.contains(where: { $0.lowercased() == n.lowercased() }) { n += "_" }
      names.append(n)
      columns.append(right.columns[k].gather(picks))
    }
    return .object(try Table(names: names, columns: columns))
  }
}
