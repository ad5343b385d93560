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
    let picks = latestMatches(lk, rk, lt, rtVector)
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

  /// For each left row, the right row with equal keys and the latest time at or before its own
  /// (-1: none). Rows without a time match nothing.
  static func latestMatches(_ lk: [Vector], _ rk: [Vector], _ lt: Vector, _ rt: Vector) -> [Int] {
    let (leftGroups, rightGroups, count) = keyGroups(lk, rk, leftCount: lt.count, rightCount: rt.count)
    if lt.type.isFloating {
      return latest(leftGroups, rightGroups, count, lt.doubles, rt.doubles) { $0.isNaN }
    }
    return latest(leftGroups, rightGroups, count, lt.int64s, rt.int64s) { $0 == Value.nullInt }
  }

  /// Each row's group of equal keys, both sides numbered alike (a left key no right row has: -1):
  /// typed codes where the key types allow, else key values compared one by one.
  static func keyGroups(_ lk: [Vector], _ rk: [Vector], leftCount: Int, rightCount: Int) -> (
    left: [Int32], right: [Int32], count: Int
  ) {
    if lk.isEmpty {
      return ([Int32](repeating: 0, count: leftCount), [Int32](repeating: 0, count: rightCount), 1)
    }
    if let (codes, count) = KeyMatch.groups(left: lk, right: rk) {
      return (Array(codes[..<leftCount]), Array(codes[leftCount...]), count)
    }
    var ids: [[ScalarKey]: Int32] = [:]
    let right = (0..<rightCount).map { j in
      let key = rk.map { ScalarKey($0[j]) ?? .null }
      if let id = ids[key] { return id }
      let id = Int32(ids.count)
      ids[key] = id
      return id
    }
    let left = (0..<leftCount).map { i in ids[lk.map { ScalarKey($0[i]) ?? .null }] ?? -1 }
    return (left, right, ids.count)
  }

  /// The latest right row of the left row's group at or before its time: the right rows with a
  /// time ordered by group, then time, then position, and a binary search in the group's run.
  static func latest<T: Comparable>(
    _ leftGroups: [Int32], _ rightGroups: [Int32], _ count: Int, _ lt: [T], _ rt: [T], isNull: (T) -> Bool
  ) -> [Int] {
    // A stable sort by time, then a stable counting sort by group.
    var byTime = rt.indices.filter { !isNull(rt[$0]) }
    byTime.sort { rt[$0] < rt[$1] }
    var start = [Int](repeating: 0, count: count + 1)
    for j in byTime { start[Int(rightGroups[j]) + 1] += 1 }
    for g in 0..<count { start[g + 1] += start[g] }
    var fill = start
    var ordered = [Int](repeating: 0, count: byTime.count)
    for j in byTime {
      let g = Int(rightGroups[j])
      ordered[fill[g]] = j
      fill[g] += 1
    }
    let times = ordered.map { rt[$0] }
    var picks = [Int](repeating: -1, count: lt.count)
    for i in lt.indices where leftGroups[i] >= 0 && !isNull(lt[i]) {
      let g = Int(leftGroups[i])
      var low = start[g]
      var high = start[g + 1]
      while low < high {
        let mid = (low + high) / 2
        if times[mid] <= lt[i] { low = mid + 1 } else { high = mid }
      }
      if low > start[g] { picks[i] = ordered[low - 1] }
    }
    return picks
  }
}
