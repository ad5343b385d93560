import ScriptSyntax

/// The rows a SQL expression sees: a table and a selection of its rows (nil: all of them).
/// Column names in SQL expressions resolve here before variables.
final class SQLContext {
  let table: Table
  let rows: [Int]?
  private var gathered: [Int: Vector] = [:]

  init(table: Table, rows: [Int]?) {
    self.table = table
    self.rows = rows
  }

  var count: Int { rows?.count ?? table.rowCount }

  /// A column restricted to the selection (gathered once per context).
  func column(_ name: String) -> Vector? {
    guard let k = table.columnIndex(name) else { return nil }
    guard let rows else { return table.columns[k] }
    if let c = gathered[k] { return c }
    let c = table.columns[k].gather(rows)
    gathered[k] = c
    return c
  }
}

/// A name inside SQL: a column of the table being queried, else what the name means outside.
final class ColumnNode: Node {
  let name: String
  let fallback: Node
  init(name: String, fallback: Node, range: SourceRange) {
    self.name = name
    self.fallback = fallback
    super.init(range: range)
  }
  override func eval(_ m: Machine) throws(ScriptError) -> Value {
    guard let ctx = m.sqlContexts.last else { return try fallback.eval(m) }
    if let c = ctx.column(name) { return .vector(c) }
    let unbound: Bool = {
      if let g = fallback as? GlobalNode, m.globals[g.slot] != nil { return false }
      guard fallback is GlobalNode || fallback is NameNode else { return false }
      return ((try? m.lookupFunction(name)) ?? nil) == nil && m.constants[name] == nil
    }()
    if unbound {
      let known = ctx.table.scannedFrom ?? ctx.table.names
      throw ScriptError(RuntimeMessages.unknownColumn(name, known: Array(known.prefix(12))), at: range)
    }
    return try fallback.eval(m)
  }
}

/// `count(*)`: the number of rows in the current selection or group.
final class CountStarNode: Node {
  override func eval(_ m: Machine) throws(ScriptError) -> Value {
    guard let ctx = m.sqlContexts.last else {
      throw ScriptError(RuntimeMessages.countStarOutsideQuery(), at: range)
    }
    return .int(Int64(ctx.count), .int)
  }
}

extension Machine {
  /// Evaluates `node` with SQL names resolving against `ctx`.
  func withSQLContext(_ ctx: SQLContext, _ node: Node) throws(ScriptError) -> Value {
    sqlContexts.append(ctx)
    defer { sqlContexts.removeLast() }
    return try node.eval(self)
  }
}
