/// Prints a table as DolphinDB's console does: a header of names, a dash line per column,
/// then the rows, every column left-aligned and padded to its widest cell.
enum TableRenderer {
  static func cell(_ v: Value) -> String {
    switch v {
    case .int(_, .char): return ValueFormatter().element(v)
    default: return ValueFormatter.plain(v)
    }
  }

  static func render(_ t: Table, _ formatter: ValueFormatter) -> String {
    let total = t.rowCount
    let shown = min(total, formatter.maxTableRows)
    var cells: [[String]] = []
    for c in t.columns {
      var col: [String] = []
      col.reserveCapacity(shown)
      for i in 0..<shown { col.append(cell(c[i])) }
      cells.append(col)
    }
    let widths = t.names.indices.map { k in max(t.names[k].count, cells[k].map(\.count).max() ?? 0) }
    func line(_ parts: [String]) -> String {
      var s = ""
      for (k, p) in parts.enumerated() {
        if k == parts.count - 1 {
          s += p
        } else {
          s += p + String(repeating: " ", count: widths[k] - p.count + 1)
        }
      }
      // Trailing padding (before an empty last cell) is not worth printing.
      while s.hasSuffix(" ") { s.removeLast() }
      return s
    }
    var out = [line(t.names), line(widths.map { String(repeating: "-", count: $0) })]
    for i in 0..<shown { out.append(line(cells.map { $0[i] })) }
    if shown < total {
      out.append("[\(shown) of \(total) rows shown; setSystem(\"rows\", n) or .rows N shows more]")
    }
    return out.joined(separator: "\n")
  }
}
