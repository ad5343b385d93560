import ScriptRuntime

/// The join functions beside `ej` and `lj`: `fj(leftTable, rightTable, matchingCols,
/// [rightMatchingCols])`, a full join (the equi-join pairs in the left table's order, a left row
/// without a match once with nulls, then each unmatched right row with nulls on the left but
/// its keys in the left key columns), and `sej`, `ej` with its rows sorted by the keys.
enum FullJoins {
  static let all: [Builtin] = [
    Builtin("fj", args: 3...4, parameterNames: ["leftTable", "rightTable", "matchingCols", "rightMatchingCols"]) {
      a throws(ScriptError) in try fullJoin(a)
    },
    Builtin("sej", args: 3...4, parameterNames: ["leftTable", "rightTable", "matchingCols", "rightMatchingCols"]) {
      a throws(ScriptError) in try sortedEquiJoin(a)
    },
  ]

  /// The matched (left, right) row pairs, every left row kept (-1 for no match).
  static func pairs(_ lk: [Vector], _ rk: [Vector], leftRows: Int, rightRows: Int) -> ([Int], [Int]) {
    if let found = KeyMatch.pairs(left: lk, right: rk, keepUnmatched: true, firstOnly: false) { return found }
    // Keys of types that do not meet in one column: compared value by value, as `lj` does.
    var index: [[ScalarKey]: [Int]] = [:]
    for i in 0..<rightRows { index[rk.map { ScalarKey($0[i]) ?? .null }, default: []].append(i) }
    var lefts: [Int] = []
    var rights: [Int] = []
    for i in 0..<leftRows {
      let matches = index[lk.map { ScalarKey($0[i]) ?? .null }] ?? []
      if matches.isEmpty {
        lefts.append(i)
        rights.append(-1)
      }
      for j in matches {
        lefts.append(i)
        rights.append(j)
      }
    }
    return (lefts, rights)
  }

  /// A column at `rows`, null where a position is -1 (the row an outer join pads with).
  static func rows(_ c: Vector, _ rows: [Int]) -> Vector {
    guard rows.contains(-1) else { return c.gather(rows) }
    var padded = c
    try? padded.append(contentsOf: c.nullsLike(count: 1))
    return padded.gather(rows.map { $0 < 0 ? c.count : $0 })
  }

  static func fullJoin(_ a: CallArguments) throws(ScriptError) -> Value {
    let left = try TableBuiltins.table(a[0], "the left table")
    let right = try TableBuiltins.table(a[1], "the right table")
    let leftKeys = try a.vector(2, "the key columns").strings
    let rightKeys = a.count > 3 ? try a.vector(3, "the right key columns").strings : leftKeys
    guard leftKeys.count == rightKeys.count, !leftKeys.isEmpty else {
      throw ScriptError(RuntimeMessages.keyListLengthsDiffer())
    }
    let (lk, rk) = try TableBuiltins.keyColumns(left, right, leftKeys, rightKeys)
    var (lefts, rights) = pairs(lk, rk, leftRows: left.rowCount, rightRows: right.rowCount)
    try a.machine.checkAllocation(lefts.count, elementBytes: 16, "the rows of 'fj'")
    var matched = [Bool](repeating: false, count: right.rowCount)
    for r in rights where r >= 0 { matched[r] = true }
    let unmatched = (0..<right.rowCount).filter { !matched[$0] }
    lefts += Array(repeating: -1, count: unmatched.count)
    rights += unmatched
    // A right column whose name the left has is prefixed with the right table's name, as
    // DolphinDB does (`t2_id`); the right key columns are kept.
    let names = TableBuiltins.joinedNames(left.names, right.names, prefix: TableBuiltins.rightPrefix(a))
    var columns: [Vector] = []
    for (k, c) in left.columns.enumerated() {
      var column = rows(c, lefts)
      if let key = leftKeys.firstIndex(where: { $0.lowercased() == left.names[k].lowercased() }) {
        // An unmatched right row shows its key in the left key column.
        let tail = rk[key].gather(unmatched)
        var head = column.slice(0..<(lefts.count - unmatched.count))
        let cast = column.type == tail.type ? tail : (try? Cast.vector(tail, to: column.type))
        if let cast, (try? head.append(contentsOf: cast)) != nil { column = head }
      }
      columns.append(column)
    }
    for c in right.columns { columns.append(rows(c, rights)) }
    return .object(try Table(names: names, columns: columns))
  }

  /// `sej`: the rows of `ej`, sorted by the left key columns (stable).
  static func sortedEquiJoin(_ a: CallArguments) throws(ScriptError) -> Value {
    let joined = try TableBuiltins.keyedJoin(a, keepUnmatched: false)
    guard case .object(let t as Table) = joined else { return joined }
    let keys = try a.vector(2, "the key columns").strings
    var columns: [Vector] = []
    for k in keys {
      guard let c = t.column(k) else { throw ScriptError(RuntimeMessages.noColumn(k)) }
      columns.append(c.orderKey)
    }
    let order = (0..<t.rowCount).sorted { x, y in
      for c in columns {
        let r = Comparison.order(c[x], c[y])
        if r != 0 { return r < 0 }
      }
      return x < y
    }
    return .object(t.gather(order))
  }
}
