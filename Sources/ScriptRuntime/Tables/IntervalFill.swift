/// `group by interval(ts, 10m, fill)`: the intervals no row fell in, added to a grouped result
/// between the first and the last interval of the query, for every combination of the other
/// group keys, their values filled as `fill` says: `"null"`, `"prev"` (the interval before),
/// `"post"` (the one after), `"linear"` (interpolated between the two), or a value; `"none"`
/// adds nothing.
enum IntervalFill {
  /// Most rows a fill may make, so a tiny step over a long span is refused, not allocated.
  static let maxRows = 10_000_000

  /// The grouped result `t` (group keys first, in `keyCount` columns; the interval key at
  /// `intervalKey`) with the missing intervals of `step` (in the key's units) added.
  static func fill(_ t: Table, keyCount: Int, intervalKey: Int, step: Int64, method: Value) throws(ScriptError)
    -> Table
  {
    let keyColumn = t.columns[intervalKey]
    let keys = keyColumn.int64s
    let present = keys.filter { $0 != Int64.min }
    guard step > 0, let lo = present.min(), let hi = present.max() else { return t }
    let (span, overflow) = hi.subtractingReportingOverflow(lo)
    guard !overflow, span / step < Int64(maxRows) else {
      throw ScriptError(RuntimeMessages.intervalFillTooLarge(maxRows))
    }
    let slots = Int(span / step) + 1
    // Rows by the other keys, in the order they come.
    var groups: [[ScalarKey]: [Int]] = [:]
    var order: [[ScalarKey]] = []
    for r in 0..<t.rowCount {
      let g = (0..<keyCount).filter { $0 != intervalKey }.map { ScalarKey(t.columns[$0][r]) ?? .null }
      if groups[g] == nil { order.append(g) }
      groups[g, default: []].append(r)
    }
    let (total, tooMany) = slots.multipliedReportingOverflow(by: max(1, order.count))
    guard !tooMany, total <= maxRows else { throw ScriptError(RuntimeMessages.intervalFillTooLarge(maxRows)) }
    var columns = t.columns.map { Vector.empty($0.type, capacity: total) }
    for g in order {
      let rows = groups[g] ?? []
      var at: [Int64: Int] = [:]
      for r in rows where keys[r] != Int64.min { at[keys[r]] = r }
      let first = rows[0]
      // Known slots in order, for prev/post/linear.
      let known = (0..<slots).filter { at[lo + Int64($0) * step] != nil }
      var nextKnown = 0
      for s in 0..<slots {
        let key = lo + Int64(s) * step
        if let r = at[key] {
          for c in columns.indices { try columns[c].append(t.columns[c][r]) }
          continue
        }
        while nextKnown < known.count && known[nextKnown] < s { nextKnown += 1 }
        let before = nextKnown > 0 ? at[lo + Int64(known[nextKnown - 1]) * step] : nil
        let after = nextKnown < known.count ? at[lo + Int64(known[nextKnown]) * step] : nil
        let beforeSlot = nextKnown > 0 ? known[nextKnown - 1] : 0
        let afterSlot = nextKnown < known.count ? known[nextKnown] : 0
        for c in columns.indices {
          let type = t.columns[c].type
          if c == intervalKey {
            try columns[c].append(.int(key, type))
          } else if c < keyCount {
            try columns[c].append(t.columns[c][first])
          } else {
            let v = value(
              t.columns[c], method, before: before, after: after,
              weight: Double(s - beforeSlot) / Double(max(1, afterSlot - beforeSlot)))
            try columns[c].append((try? Cast.scalar(v, to: type)) ?? .null(type))
          }
        }
      }
    }
    return try Table(names: t.names, columns: columns)
  }

  /// A filled cell of `column` for a missing interval between rows `before` and `after`.
  static func value(_ column: Vector, _ method: Value, before: Int?, after: Int?, weight: Double) -> Value {
    switch method.stringValue {
    case "null"?: return .null(column.type)
    case "prev"?: return before.map { column[$0] } ?? .null(column.type)
    case "post"?: return after.map { column[$0] } ?? .null(column.type)
    case "linear"?:
      guard let before, let after, column.type.isNumeric else { return .null(column.type) }
      let a = column[before].rawDouble
      let b = column[after].rawDouble
      guard !a.isNaN, !b.isNaN else { return .null(column.type) }
      return .double(a + (b - a) * weight, .double)
    default: return method
    }
  }
}
