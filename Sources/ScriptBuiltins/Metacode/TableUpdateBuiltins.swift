import ScriptRuntime
import ScriptSyntax

/// `update!` and `erase!`: an in-memory table changed in place by metacode, as `update` and
/// `delete` statements would.
enum TableUpdateBuiltins {
  static let all: [Builtin] = [
    // update!(table, colNames, newValues, [filter]): each column (made when new) set to its
    // metacode's value, on the rows the filter keeps (all without one).
    Builtin(
      "update!", args: 3...4, parameterNames: ["table", "colNames", "newValues", "filter"], mutatesFirst: true
    ) { a throws(ScriptError) in
      _ = try TableBuiltins.table(a[0], "the first argument of 'update!'")
      var b = MetacodeBuilder()
      let target = b.expr(a[0], label: a.sourceNames.first ?? nil)
      let names = (HigherOrder.elements(a[1]) ?? [a[1]]).compactMap(\.stringValue)
      let values = expressions(a[2], &b)
      guard names.count == values.count, !names.isEmpty else {
        throw ScriptError(RuntimeMessages.updateNeedsOneValuePerColumn(names.count, values.count))
      }
      let conditions = a.has(3) ? expressions(a[3], &b) : []
      let code = b.make(
        MetacodeBuilder.node(
          .sql(.update(table: target, set: Array(zip(names, values)), whereClause: conditions, contextBy: []))))
      _ = try a.machine.evaluate(try MetacodeBuiltins.metacode(code, "update!"))
      return a[0]
    },
    // erase!(table, filter): deletes the rows the filter keeps.
    // erase!(dictionary or set, keys): those keys gone (a key not there is no error).
    Builtin("erase!", args: 2...2, parameterNames: ["obj|table", "key|filter"], mutatesFirst: true) {
      a throws(ScriptError) in
      switch a[0] {
      case .dictionary(var d):
        d.remove(keys: HigherOrder.elements(a[1]) ?? [a[1]])
        a[0] = .dictionary(d)
        return a[0]
      case .set(var s):
        s.remove(HigherOrder.elements(a[1]) ?? [a[1]])
        a[0] = .set(s)
        return a[0]
      default:
        break
      }
      _ = try TableBuiltins.table(a[0], "the first argument of 'erase!'")
      var b = MetacodeBuilder()
      let target = b.expr(a[0], label: a.sourceNames.first ?? nil)
      let conditions = expressions(a[1], &b)
      let code = b.make(MetacodeBuilder.node(.sql(.delete(table: target, whereClause: conditions))))
      _ = try a.machine.evaluate(try MetacodeBuiltins.metacode(code, "erase!"))
      return a[0]
    },
  ]

  /// Metacode items as expressions: a tuple of metacode, or one `<[e1, e2]>` holding several.
  static func expressions(_ v: Value, _ b: inout MetacodeBuilder) -> [Expr] {
    var out: [Expr] = []
    for item in MetacodeBuilder.items(v) {
      let e = b.expr(item)
      if case .bracketVector(let parts) = e.kind { out += parts } else { out.append(e) }
    }
    return out
  }
}
