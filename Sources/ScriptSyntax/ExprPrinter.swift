/// Prints an expression as DolphinDB prints the inside of metacode (`< x + y >`).
///
/// Parsed expressions print as written, each run of white space as one space; expressions
/// built at run time (`sqlCol`, `makeCall`, `sql`) have no text and print from their parts,
/// each held value through `bound`.
public struct ExprPrinter {
  /// The source of expressions built at run time: they have no text of their own.
  public static let built = SourceFile(name: "<metacode>", text: "")
  /// A range in `built`, for a node made at run time.
  public static var builtRange: SourceRange { SourceRange(file: built, start: 0, end: 0) }

  let bound: (String) -> String

  public init(bound: @escaping (String) -> String) { self.bound = bound }

  public func render(_ e: Expr) -> String {
    if e.range.file !== ExprPrinter.built {
      return e.range.text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" })
        .joined(separator: " ")
    }
    switch e.kind {
    case .name(let n): return n
    case .qualified(let m, let n): return m + "::" + n
    case .bound(let key): return bound(key)
    case .unary(let op, let operand): return op + render(operand)
    case .binary(let op, let l, let r): return "\(operand(l)) \(op) \(operand(r))"
    case .comparisonChain(let operands, let ops):
      var text = operand(operands[0])
      for (op, right) in zip(ops, operands.dropFirst()) { text += " \(op) " + operand(right) }
      return text
    case .conditional(let c, let a, let b): return "\(operand(c)) ? \(operand(a)) : \(operand(b))"
    case .call(let callee, let args): return render(callee) + "(" + arguments(args) + ")"
    case .methodCall(let receiver, let name, let args):
      return render(receiver) + "." + name + "(" + arguments(args) + ")"
    case .tuple(let items): return "(" + items.map(render).joined(separator: ", ") + ")"
    case .bracketVector(let items): return "[" + items.map(render).joined(separator: ", ") + "]"
    case .metacode(let inner): return "<" + render(inner) + ">"
    case .sql(let statement): return sql(statement)
    case .macro(let macro): return ExprPrinter.macro(macro)
    default: return e.range.text
    }
  }

  /// A binary operand, in parentheses when it is itself an operation (`expr(<a+7>, *, 8)` is
  /// `(a+7) * 8`), unless its text has them already.
  func operand(_ e: Expr) -> String {
    let text = render(e)
    if case .binary = e.kind, !ExprPrinter.isParenthesized(text) { return "(" + text + ")" }
    return text
  }

  /// Whether `text` is one group in parentheses: `(a + b)`, not `(a) + (b)`.
  static func isParenthesized(_ text: String) -> Bool {
    guard text.hasPrefix("("), text.hasSuffix(")") else { return false }
    var depth = 0
    for (i, c) in text.enumerated() {
      if c == "(" { depth += 1 } else if c == ")" { depth -= 1 }
      if depth == 0 { return i == text.count - 1 }
    }
    return false
  }

  func arguments(_ args: [Argument]) -> String {
    args.map { a in
      let value = a.value.map(render) ?? ""
      return a.name.map { "\($0)=\(value)" } ?? value
    }.joined(separator: ", ")
  }

  static func macro(_ m: ColumnMacro) -> String {
    switch m {
    case .one(let v): return "_$" + v
    case .many(let v): return "_$$" + v
    case .series(let names): return names.count > 1 ? "\(names[0])...\(names[names.count - 1])" : names.first ?? ""
    }
  }

  func column(_ c: SelectColumn) -> String {
    if c.isStar { return c.starTable.map { $0 + ".*" } ?? "*" }
    if let m = c.aliasMacro { return render(c.expr) + " as " + ExprPrinter.macro(m) }
    if !c.names.isEmpty { return render(c.expr) + " as " + c.names.map { "`" + $0 }.joined() }
    return render(c.expr) + (c.alias.map { " as " + $0 } ?? "")
  }

  func sql(_ statement: SQLStatement) -> String {
    switch statement {
    case .query(let q):
      var out = q.isExec ? "exec " : "select "
      if let hint = q.hints.first { out += "[\(hint)] " }
      if q.distinct { out += "distinct " }
      if let top = q.top { out += "top \(render(top)) " }
      out += q.columns.map(column).joined(separator: ",")
      if let from = q.from { out += " from " + render(from) + (q.tableAlias.map { " " + $0 } ?? "") }
      for j in q.joinedTables {
        let table = render(j.table) + (j.alias.map { " " + $0 } ?? "")
        if j.kind == .cross && j.on.isEmpty {
          out += ", " + table
        } else {
          out += " \(j.kind.rawValue) join " + table
          if !j.on.isEmpty { out += " on " + j.on.map(render).joined(separator: " and ") }
        }
      }
      if !q.whereClause.isEmpty { out += " where " + q.whereClause.map(render).joined(separator: ", ") }
      if !q.groupBy.isEmpty {
        out += (q.isContextBy ? " context by " : " group by ") + q.groupBy.map(column).joined(separator: ",")
      }
      if !q.cgroupBy.isEmpty { out += " cgroup by " + q.cgroupBy.map(column).joined(separator: ",") }
      if !q.csort.isEmpty { out += " csort " + keys(q.csort) }
      if !q.pivotBy.isEmpty { out += " pivot by " + q.pivotBy.map(column).joined(separator: ",") }
      if !q.having.isEmpty { out += " having " + q.having.map(render).joined(separator: ", ") }
      if !q.orderBy.isEmpty { out += " order by " + keys(q.orderBy) }
      if let limit = q.limit {
        out += " limit " + (q.offset.map { render($0) + ", " } ?? "") + render(limit)
      }
      return out
    case .update(let table, let set, let whereClause, let contextBy):
      var out = "update \(render(table)) set " + set.map { "\($0.0) = \(render($0.1))" }.joined(separator: ", ")
      if !whereClause.isEmpty { out += " where " + whereClause.map(render).joined(separator: ", ") }
      if !contextBy.isEmpty { out += " context by " + contextBy.map(render).joined(separator: ",") }
      return out
    case .insert(let table, _, let values):
      return "insert into \(render(table)) values (" + values.map(render).joined(separator: ", ") + ")"
    case .delete(let table, let whereClause):
      return "delete from \(render(table))"
        + (whereClause.isEmpty ? "" : " where " + whereClause.map(render).joined(separator: ", "))
    }
  }

  func keys(_ keys: [OrderKey]) -> String {
    keys.map { render($0.expr) + ($0.descending ? " desc" : " asc") }.joined(separator: ",")
  }
}
