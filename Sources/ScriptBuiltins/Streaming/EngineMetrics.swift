import ScriptRuntime
import ScriptSyntax

/// An engine's metrics: metacode (`<cumsum(price)>`, `[<a>, <b>]`, `<[a, b]>`) run over rows as
/// the select list of a query over them, so column names mean the rows' columns.
struct EngineMetrics {
  let codes: [MetaCode]

  init(_ v: Value, _ m: Machine) throws(ScriptError) {
    var codes: [MetaCode] = []
    func add(_ v: Value) throws(ScriptError) {
      switch v {
      case .object(let c as MetaCode):
        if case .bracketVector(let items) = c.expr.kind {
          codes += items.map { MetaCode($0, bindings: c.bindings, labels: c.labels) }
        } else {
          codes.append(c)
        }
      case .tuple(let items): for item in items { try add(item) }
      case .string(let text, _): codes.append(try m.parseMetacode(text))
      case .vector(let names) where names.type.isText:
        for name in names.strings { codes.append(try m.parseMetacode(name)) }
      default:
        throw ScriptError(RuntimeMessages.mustBeMetacode("metrics", got: v.typeString))
      }
    }
    try add(v)
    guard !codes.isEmpty else { throw ScriptError(RuntimeMessages.mustBeMetacode("metrics", got: v.typeString)) }
    self.codes = codes
  }

  /// Metrics already split into one piece of metacode each.
  init(codes: [MetaCode]) { self.codes = codes }

  /// The output columns the metrics give (one each, or several for `<f(x) as `a`b>`).
  var count: Int { codes.reduce(0) { $0 + max($1.columnNames.count, 1) } }

  /// The metrics over `rows`: one column per metric, each `rows.rowCount` long (a vector
  /// function) or one value (an aggregate).
  /// Each metric's last value over `rows` (an aggregate's one value; null for none): a
  /// window's or a session's output.
  func lastValues(over rows: Table, _ m: Machine) throws(ScriptError) -> [Value] {
    try evaluate(over: rows, m).map { v in v.count == 0 ? .void : v[v.count - 1] }
  }

  func evaluate(over rows: Table, _ m: Machine) throws(ScriptError) -> [Vector] {
    let key = MetaCode.newKey()
    var bindings: [String: Value] = [key: .object(rows)]
    for c in codes { bindings.merge(c.bindings) { a, _ in a } }
    let r = ExprPrinter.builtRange
    let query = SelectQuery(
      isExec: false, distinct: false, top: nil,
      columns: codes.enumerated().map { i, code in
        // A metric giving several columns (`<f(x) as `a`b>`) is one column of the output each.
        var column = SelectColumn(expr: code.expr, alias: "m\(i)")
        column.names = code.columnNames.isEmpty ? [] : code.columnNames.indices.map { "m\(i)_\($0)" }
        return column
      }, from: Expr(.bound(key), r),
      whereClause: [], groupBy: [], isContextBy: false, having: [], orderBy: [], limit: nil)
    let result = try m.evaluate(MetaCode(Expr(.sql(.query(query)), r), bindings: bindings))
    guard case .object(let t as Table) = result else { return [] }
    return t.columns
  }
}
