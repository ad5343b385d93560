import ScriptSyntax

/// `from a x, b y`: every row of the first table with every row of the others. A later
/// table's column whose name is taken is renamed `y_name`, which `y.name` finds.
final class CrossJoinNode: Node {
  let tables: [Node]
  let aliases: [String?]

  init(tables: [Node], aliases: [String?], range: SourceRange) {
    self.tables = tables
    self.aliases = aliases
    super.init(range: range)
  }

  static func prefix(_ alias: String) -> String { alias + "_" }

  override func eval(_ m: Machine) throws(ScriptError) -> Value {
    var names: [String] = []
    var parts: [Table] = []
    for (i, node) in tables.enumerated() {
      let t = try CrossJoinNode.table(try node.eval(m), at: node.range)
      parts.append(t)
      for n in t.names {
        var name = n
        if let alias = aliases[i], i > 0, names.contains(name) { name = CrossJoinNode.prefix(alias) + n }
        while names.contains(name) { name = "T\(i)_" + name }
        names.append(name)
      }
    }
    return .object(try Table.crossJoin(parts, names: names, m, "the rows of 'from'"))
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
