import ScriptSyntax

/// `from a x, b y` and `from a x [inner|left|right|full|cross] join b y on ...`: the tables of
/// `from`, joined left to right. A later table's column whose name is taken is renamed
/// `y_name`, which `y.name` finds.
final class JoinNode: Node {
  /// A column reference of an `on` equality, `x.col` or `col`, resolved against the tables at
  /// run time so the pairs come from a hash lookup, not from every pair of rows.
  struct ColumnRef {
    let alias: String?
    let name: String
  }

  let tables: [Node]
  let aliases: [String?]
  /// How table i + 1 joins the tables before it.
  let kinds: [JoinedTable.Kind]
  /// Its `on` conditions, evaluated over the candidate pairs of rows.
  let conditions: [[Node]]
  /// Its `on` equalities between two columns (a subset of `conditions`).
  let equalities: [[(ColumnRef, ColumnRef)]]

  init(
    tables: [Node], aliases: [String?], kinds: [JoinedTable.Kind], conditions: [[Node]],
    equalities: [[(ColumnRef, ColumnRef)]], range: SourceRange
  ) {
    self.tables = tables
    self.aliases = aliases
    self.kinds = kinds
    self.conditions = conditions
    self.equalities = equalities
    super.init(range: range)
  }

  static func prefix(_ alias: String) -> String { alias + "_" }

  override func eval(_ m: Machine) throws(ScriptError) -> Value {
    var names: [String] = []
    /// Per table: its own column names and the names they have in the result.
    var renamed: [[String: String]] = []
    var parts: [Table] = []
    for (i, node) in tables.enumerated() {
      let t = try JoinNode.table(try node.eval(m), at: node.range)
      parts.append(t)
      var map: [String: String] = [:]
      for n in t.names {
        var name = n
        if let alias = aliases[i], i > 0, names.contains(name) { name = JoinNode.prefix(alias) + n }
        while names.contains(name) { name = "T\(i)_" + name }
        names.append(name)
        map[n] = name
      }
      renamed.append(map)
    }
    var sources: [String: [String]] = [:]
    for (i, t) in parts.enumerated() {
      if let alias = aliases[i] { sources[alias] = t.names.compactMap { renamed[i][$0] } }
    }
    if kinds.allSatisfy({ $0 == .cross }) {
      let crossed = try Table.crossJoin(parts, names: names, m, "the rows of 'from'")
      crossed.joinSources = sources
      return .object(crossed)
    }
    var result = parts[0]
    var taken = parts[0].names.count
    for i in 1..<parts.count {
      let right = parts[i]
      let rightNames = Array(names[taken..<taken + right.names.count])
      taken += right.names.count
      result = try join(result, right, rightNames, step: i - 1, renamed: renamed, m)
    }
    if result === parts[0] { result = try Table(names: result.names, columns: result.columns) }
    result.joinSources = sources
    return .object(result)
  }

  /// One step: the rows so far joined with the next table.
  private func join(
    _ left: Table, _ right: Table, _ rightNames: [String], step: Int, renamed: [[String: String]], _ m: Machine
  ) throws(ScriptError) -> Table {
    let kind = kinds[step]
    let names = left.names + rightNames
    if kind == .cross { return try Table.crossJoin([left, right], names: names, m, "the rows of 'from'") }
    // Candidate pairs: those with equal keys when `on` equates columns, else every pair.
    var (lefts, rights) = try candidates(left, right, step: step, renamed: renamed, m)
    if !conditions[step].isEmpty && !lefts.isEmpty {
      let pairs = try Table(names: names, columns: left.gather(lefts).columns + right.gather(rights).columns)
      let ctx = SQLContext(table: pairs, rows: nil)
      var keep = Array(repeating: true, count: lefts.count)
      for c in conditions[step] {
        let v = try m.withSQLContext(ctx, c)
        switch v {
        case .vector(let flags) where flags.count == keep.count && flags.type == .bool:
          for k in 0..<keep.count where !flags[k].isTruthy { keep[k] = false }
        case _ where v.isScalar && v.type == .bool:
          if !v.isTruthy { keep = Array(repeating: false, count: keep.count) }
        default:
          throw ScriptError(RuntimeMessages.joinConditionNotBool(v.typeString), at: c.range)
        }
      }
      lefts = lefts.indices.filter { keep[$0] }.map { lefts[$0] }
      rights = rights.indices.filter { keep[$0] }.map { rights[$0] }
    }
    // -1 stands for the row of nulls an outer join pairs an unmatched row with. The pairs come
    // in the left table's order (both ways of finding them walk the left rows in order).
    switch kind {
    case .leftSemi:
      // Each left row once, with its first match.
      var match = Array(repeating: -1, count: left.rowCount)
      for (l, r) in zip(lefts, rights).reversed() { match[l] = r }
      lefts = Array(0..<left.rowCount)
      rights = match
    case .left, .full:
      // Each left row with its matches, or once with nulls, in the left table's order (as `lj`).
      var (outLefts, outRights) = ([Int](), [Int]())
      var k = 0
      for l in 0..<left.rowCount {
        guard k < lefts.count, lefts[k] == l else {
          outLefts.append(l)
          outRights.append(-1)
          continue
        }
        while k < lefts.count, lefts[k] == l {
          outLefts.append(l)
          outRights.append(rights[k])
          k += 1
        }
      }
      (lefts, rights) = (outLefts, outRights)
      if kind == .full { appendUnmatchedRight(&lefts, &rights, right.rowCount) }
    case .right:
      appendUnmatchedRight(&lefts, &rights, right.rowCount)
    case .inner, .cross:
      break
    }
    try m.checkAllocation(lefts.count, elementBytes: 8 * (names.count + 2), "the rows of the join")
    return try Table(names: names, columns: JoinNode.rows(left, lefts) + JoinNode.rows(right, rights))
  }

  private func appendUnmatchedRight(_ lefts: inout [Int], _ rights: inout [Int], _ count: Int) {
    var matched = Array(repeating: false, count: count)
    for r in rights where r >= 0 { matched[r] = true }
    for r in 0..<count where !matched[r] {
      lefts.append(-1)
      rights.append(r)
    }
  }

  /// The columns of `t` at `rows`, a null row where a position is -1.
  private static func rows(_ t: Table, _ rows: [Int]) -> [Vector] {
    guard rows.contains(-1) else { return t.columns.map { $0.gather(rows) } }
    let nullRow = t.rowCount
    let positions = rows.map { $0 < 0 ? nullRow : $0 }
    return t.columns.map { c in
      var padded = c
      try? padded.append(contentsOf: c.nullsLike(count: 1))
      return padded.gather(positions)
    }
  }

  /// The pairs of rows to test: equal keys through a hash table when `on` equates a column of
  /// each side, every pair otherwise.
  private func candidates(
    _ left: Table, _ right: Table, step: Int, renamed: [[String: String]], _ m: Machine
  ) throws(ScriptError) -> ([Int], [Int]) {
    var keys: [(Vector, Vector)] = []
    for (a, b) in equalities[step] {
      if let l = column(a, inLeft: left, step: step, renamed: renamed),
        let r = column(b, inRightOf: right, step: step)
      {
        keys.append((l, r))
      } else if let l = column(b, inLeft: left, step: step, renamed: renamed),
        let r = column(a, inRightOf: right, step: step)
      {
        keys.append((l, r))
      }
    }
    if keys.isEmpty {
      let (count, overflow) = left.rowCount.multipliedReportingOverflow(by: right.rowCount)
      try m.checkAllocation(overflow ? Int.max : count, elementBytes: 16, "the pairs of rows of the join")
      var lefts: [Int] = []
      var rights: [Int] = []
      lefts.reserveCapacity(count)
      rights.reserveCapacity(count)
      for l in 0..<left.rowCount {
        for r in 0..<right.rowCount {
          lefts.append(l)
          rights.append(r)
        }
      }
      return (lefts, rights)
    }
    var index: [[ScalarKey]: [Int]] = [:]
    for r in 0..<right.rowCount {
      let key = keys.map { ScalarKey($0.1[r]) ?? .null }
      if key.contains(.null) { continue }  // a null key matches nothing
      index[key, default: []].append(r)
    }
    var lefts: [Int] = []
    var rights: [Int] = []
    for l in 0..<left.rowCount {
      let key = keys.map { ScalarKey($0.0[l]) ?? .null }
      guard !key.contains(.null), let matches = index[key] else { continue }
      try m.checkAllocation(lefts.count + matches.count, elementBytes: 16, "the pairs of rows of the join")
      for r in matches {
        lefts.append(l)
        rights.append(r)
      }
    }
    return (lefts, rights)
  }

  /// A column of the rows joined so far that `ref` names, if it names one of theirs.
  private func column(_ ref: ColumnRef, inLeft left: Table, step: Int, renamed: [[String: String]]) -> Vector? {
    if let alias = ref.alias {
      guard let t = aliases.prefix(step + 1).firstIndex(where: { $0 == alias }),
        let name = renamed[t][ref.name], let k = left.columnIndex(name)
      else { return nil }
      return left.columns[k]
    }
    guard let k = left.columnIndex(ref.name) else { return nil }
    return left.columns[k]
  }

  /// A column of the table joining at `step` that `ref` names, if it names one of its.
  private func column(_ ref: ColumnRef, inRightOf right: Table, step: Int) -> Vector? {
    if let alias = ref.alias {
      guard aliases[step + 1] == alias, let k = right.columnIndex(ref.name) else { return nil }
      return right.columns[k]
    }
    guard let k = right.columnIndex(ref.name) else { return nil }
    return right.columns[k]
  }

  static func table(_ v: Value, at range: SourceRange) throws(ScriptError) -> Table {
    if case .object(let o) = v {
      if let t = o as? Table { return t }
      if let source = o as? TableSource { return try source.scan(columns: nil, predicates: []) }
    }
    throw ScriptError(RuntimeMessages.fromNeedsTable(v.typeString), at: range)
  }
}

extension Table {
  /// Every row of the first table with every row of the others, the first varying slowest
  /// (`cj`, several tables in `from`); `names` name the columns of all of them in order.
  public static func crossJoin(_ parts: [Table], names: [String], _ m: Machine, _ what: String) throws(ScriptError)
    -> Table
  {
    var rows = 1
    for t in parts {
      let (product, overflow) = rows.multipliedReportingOverflow(by: t.rowCount)
      rows = overflow ? Int.max : product
    }
    try m.checkAllocation(rows, elementBytes: 8 * (names.count + 2), what)
    // Row r takes row (r / stride) % count of each table.
    var columns: [Vector] = []
    var stride = rows
    for t in parts {
      let count = max(t.rowCount, 1)
      stride /= count
      let picks = (0..<rows).map { ($0 / max(stride, 1)) % count }
      columns += t.columns.map { $0.gather(picks) }
    }
    return try Table(names: names, columns: columns)
  }
}
