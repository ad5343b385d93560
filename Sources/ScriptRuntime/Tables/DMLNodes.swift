import ScriptSyntax

/// A stored table that `update` and `delete` change a partition at a time: each partition that
/// may hold rows meeting the conditions is read into a table, changed there and, when `change`
/// says it changed it, written back in place of what was there. `verb` is the statement's
/// (`update`, `delete`, `upsert`), for the table's record of its transactions.
public protocol RewritableTable: AnyObject {
  func rewrite(
    predicates: [ColumnPredicate], _ m: Machine, verb: String, _ change: (Table) throws(ScriptError) -> Bool
  ) throws(ScriptError)
}

/// Evaluates a table expression for a data-changing statement and runs `change` on the table
/// (a shared table's under its lock, a stored table's partition by partition); `change` says
/// whether it changed anything.
func changeTable(
  _ node: Node, _ m: Machine, _ verb: String, conditions: [Node], _ change: (Table) throws(ScriptError) -> Bool
) throws(ScriptError) -> Value {
  let v = try node.eval(m)
  let kind: AccessDemand.TableWrite = verb == "delete" ? .delete : .update
  if case .object(let o) = v, let shared = o as? SharedTable {
    do { try m.requireWrite(shared, kind) } catch { throw error.located(node.range) }
    _ = try shared.withTable(change)
    return .void
  }
  if case .object(let o) = v, let stored = o as? RewritableTable {
    do { try m.requireWrite(o, kind) } catch { throw error.located(node.range) }
    let names = (stored as? AppendableTable)?.columnNames
    do {
      try stored.rewrite(predicates: QueryNode.predicates(conditions, m, columns: names), m, verb: verb, change)
    } catch {
      throw error.located(node.range)
    }
    return .void
  }
  guard case .object(let o) = v, let t = o as? Table else {
    throw ScriptError(RuntimeMessages.needsTable(verb, got: v.typeString), at: node.range)
  }
  _ = try change(t)
  return .void
}

/// `update t set c = e, ... where ... [context by k]`: computes every new value first, then
/// writes them; with `context by`, each value is computed over the rows of each group.
final class UpdateNode: Node {
  let table: Node
  let assignments: [(String, Node)]
  let conditions: [Node]
  let contextBy: [Node]
  init(table: Node, assignments: [(String, Node)], conditions: [Node], contextBy: [Node], range: SourceRange) {
    self.table = table
    self.assignments = assignments
    self.conditions = conditions
    self.contextBy = contextBy
    super.init(range: range)
  }
  override func eval(_ m: Machine) throws(ScriptError) -> Value {
    try changeTable(table, m, "update", conditions: conditions) { t throws(ScriptError) in try apply(t, m) }
  }

  /// Changes `t`; false when no row meets the conditions (nothing changed).
  private func apply(_ t: Table, _ m: Machine) throws(ScriptError) -> Bool {
    let rows = try QueryNode.select(t, conditions, m)
    let ctx = SQLContext(table: t, rows: rows)
    var values: [(String, Value)] = []
    if contextBy.isEmpty {
      for (name, node) in assignments { values.append((name, try m.withSQLContext(ctx, node))) }
    } else {
      values = try groupedValues(t, rows, ctx, m)
    }
    let selected = rows ?? Array(0..<t.rowCount)
    // Check every column before changing any, so a failed update changes nothing.
    let before = t.copy()
    do throws(ScriptError) {
      for (name, v) in values {
        if let k = t.columnIndex(name) {
          try t.update(column: k, rows: selected, values: v)
        } else if rows != nil {
          // A new column in a filtered update is null where the conditions do not hold.
          try t.setColumn(name, .vector(Vector.nulls(v.type == .void ? .double : v.type, count: t.rowCount)))
          if let k = t.columnIndex(name) { try t.update(column: k, rows: selected, values: v) }
        } else {
          try t.setColumn(name, v)
        }
      }
    } catch {
      t.restore(from: before)
      throw error.located(range)
    }
    return rows.map { !$0.isEmpty } ?? (t.rowCount > 0)
  }

  /// Every assigned value computed group by group, put back in the order of the selected rows.
  private func groupedValues(_ t: Table, _ rows: [Int]?, _ ctx: SQLContext, _ m: Machine) throws(ScriptError)
    -> [(String, Value)]
  {
    var keys: [Vector] = []
    for g in contextBy {
      keys.append(
        try QueryNode.column(try m.withSQLContext(ctx, g), length: ctx.count, name: "context by", at: g.range))
    }
    let grouping = Grouping(keys: keys)
    let local = grouping.members()
    var out: [(String, Value)] = []
    for (name, node) in assignments {
      var merged: Vector?
      var positions: [Int] = []
      for members in local {
        let absolute = rows.map { r in members.map { r[$0] } } ?? members
        let v = try m.withSQLContext(SQLContext(table: t, rows: absolute), node)
        let column = try QueryNode.column(v, length: members.count, name: name, at: node.range)
        if merged == nil { merged = column } else { try merged?.append(contentsOf: column) }
        positions += members
      }
      guard let merged else {
        out.append((name, .vector(Vector.empty(.double))))
        continue
      }
      // merged is in group order; row `positions[k]` of the selection gets element k.
      var order = [Int](repeating: 0, count: positions.count)
      for (k, p) in positions.enumerated() { order[p] = k }
      out.append((name, .vector(merged.gather(order))))
    }
    return out
  }
}

/// `insert into t [(cols)] values (...)` or `insert into t select ...`.
final class InsertNode: Node {
  let table: Node
  let columnNames: [String]?
  let values: [Node]
  init(table: Node, columnNames: [String]?, values: [Node], range: SourceRange) {
    self.table = table
    self.columnNames = columnNames
    self.values = values
    super.init(range: range)
  }
  override func eval(_ m: Machine) throws(ScriptError) -> Value {
    let target = try table.eval(m)
    guard case .object(let o) = target, let t = o as? AppendableTable else {
      throw ScriptError(RuntimeMessages.needsTable("insert", got: target.typeString), at: table.range)
    }
    var given: [Value] = []
    for v in values { given.append(try v.eval(m)) }
    if given.count == 1, case .object(let o) = given[0], let rows = o as? Table {
      // `insert into t select ...`: the query's columns, in order.
      given = rows.columns.map { .vector($0) }
    }
    var vectors: [Vector] = []
    let n = given.map { $0.isScalar ? 1 : $0.count }.max() ?? 0
    if let columnNames {
      guard columnNames.count == given.count else {
        throw ScriptError(RuntimeMessages.insertCountMismatch(columnNames.count, values: given.count), at: range)
      }
      for name in t.columnNames {
        if let j = columnNames.firstIndex(where: { $0.lowercased() == name.lowercased() }) {
          vectors.append(try InsertNode.column(given[j], length: n, name: name, at: range))
        } else {
          vectors.append(Vector.nulls(.void, count: n))
        }
      }
    } else {
      for (k, v) in given.enumerated() {
        vectors.append(
          try InsertNode.column(v, length: n, name: k < t.columnNames.count ? t.columnNames[k] : "?", at: range))
      }
    }
    do {
      try m.requireWrite(t, .insert)
      try t.append(columns: vectors, from: "the inserted values", in: m)
    } catch { throw error.located(range) }
    return .void
  }

  /// A value's column: an untyped NULL is a null of whatever type the table's column has.
  static func column(_ v: Value, length n: Int, name: String, at range: SourceRange) throws(ScriptError) -> Vector {
    if case .void = v { return Vector.nulls(.void, count: n) }
    return try QueryNode.column(v, length: n, name: name, at: range)
  }
}

/// `delete from t where ...`.
final class DeleteNode: Node {
  let table: Node
  let conditions: [Node]
  init(table: Node, conditions: [Node], range: SourceRange) {
    self.table = table
    self.conditions = conditions
    super.init(range: range)
  }
  override func eval(_ m: Machine) throws(ScriptError) -> Value {
    try changeTable(table, m, "delete", conditions: conditions) { t throws(ScriptError) in
      let rows = try QueryNode.select(t, conditions, m)
      let doomed = Set(rows ?? Array(0..<t.rowCount))
      if doomed.isEmpty { return false }
      try t.keep((0..<t.rowCount).filter { !doomed.contains($0) })
      return true
    }
  }
}

extension Table {
  /// Puts back the columns of a copy taken before a failed change.
  public func restore(from copy: Table) {
    replaceContents(names: copy.names, columns: copy.columns)
  }
}
