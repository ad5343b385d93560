/// `a[rowIndex, colIndex] = newValue` on an array vector (or a columnar tuple, kept as one):
/// the cells at those columns of those rows, in place; no row changes length.
///
/// `rowIndex` is a row, a pair of rows (either end left out: from the first, to the last) or
/// left out (every row); `colIndex` a column or a pair with both ends. `newValue` is a scalar
/// (every cell), a vector or tuple as long as the columns (the same in every row), or one as
/// long as the rows (each row's scalar or vector of the columns).
extension Indexing {
  static func setArrayVectorCells(_ vec: inout Vector, _ rowIndex: Value, _ colIndex: Value, _ newValue: Value)
    throws(ScriptError)
  {
    guard case .nested(var rows) = vec.storage else { return }
    let rowList = try span(rowIndex, count: rows.count, what: "row", open: true)
    let columns = try span(colIndex, count: Int.max, what: "column", open: false)
    // Each row's new values, one per column.
    var perRow: [[Value]] = []
    func cells(_ v: Value) throws(ScriptError) -> [Value]? {
      if v.isScalar { return Array(repeating: v, count: columns.count) }
      guard let items = HigherOrder.elements(v), items.count == columns.count else { return nil }
      return items
    }
    if newValue.isScalar {
      perRow = Array(repeating: Array(repeating: newValue, count: columns.count), count: rowList.count)
    } else if let same = try cells(newValue), HigherOrder.elements(newValue)?.allSatisfy(\.isScalar) == true {
      perRow = Array(repeating: same, count: rowList.count)
    } else if let items = HigherOrder.elements(newValue), items.count == rowList.count {
      for item in items {
        guard let row = try cells(item) else {
          throw ScriptError(RuntimeMessages.arrayVectorCellsMismatch(rowList.count, columns.count, newValue.typeString))
        }
        perRow.append(row)
      }
    } else {
      throw ScriptError(RuntimeMessages.arrayVectorCellsMismatch(rowList.count, columns.count, newValue.typeString))
    }
    // Checked whole before anything changes: a failed assignment leaves the vector as it was.
    for r in rowList {
      let length = rows.bounds(r).count
      if let bad = columns.first(where: { $0 >= length }) {
        throw ScriptError(RuntimeMessages.indexOutOfRange(bad, size: length, of: "row"))
      }
    }
    var values = rows.values
    rows.values = .empty(values.type)
    vec.storage = .i8([])
    for (k, r) in rowList.enumerated() {
      let start = rows.bounds(r).lowerBound
      for (j, c) in columns.enumerated() { try values.set(start + c, perRow[k][j]) }
    }
    rows.values = values
    vec.storage = .nested(rows)
  }

  /// The positions an index names: a position, or a pair `a:b` (`a` up to `b`, exclusive);
  /// with `open`, either end may be left out and a left-out index is every position.
  private static func span(_ index: Value, count: Int, what: String, open: Bool) throws(ScriptError) -> [Int] {
    switch index {
    case .void where open: return Array(0..<count)
    case .int(let i, let t) where t.isIntegral && i != Int64.min:
      guard i >= 0, i < count else { throw ScriptError(RuntimeMessages.indexOutOfRange(Int(clamping: i), size: count)) }
      return [Int(i)]
    case .pair(let p) where p.count == 2:
      let low = p[0].isNull ? (open ? 0 : nil) : p[0].intValue.map { Int(clamping: $0) }
      let high = p[1].isNull ? (open ? count : nil) : p[1].intValue.map { Int(clamping: $0) }
      guard let low, let high, low >= 0, low <= high, count == Int.max || high <= count else {
        throw ScriptError(RuntimeMessages.arrayVectorSpanInvalid(what, ValueFormatter.plain(index)))
      }
      return Array(low..<high)
    default:
      throw ScriptError(RuntimeMessages.arrayVectorSpanInvalid(what, ValueFormatter.plain(index)))
    }
  }
}
