import ScriptRuntime
import ScriptSyntax

/// Gathers the parts of metacode being built at run time (`sql`, `makeCall`, `expr`): each
/// metacode part's expression and held values, and every other value bound under a fresh key.
struct MetacodeBuilder {
  var bindings: [String: Value] = [:]
  var labels: [String: String] = [:]

  /// The metacode inside a value, if it is metacode.
  static func code(_ v: Value) -> MetaCode? {
    if case .object(let o) = v { return o as? MetaCode }
    return nil
  }

  /// A tuple's items, nothing for an omitted argument, else the value alone.
  static func items(_ v: Value) -> [Value] {
    switch v {
    case .void: return []
    case .tuple(let items): return items
    default: return [v]
    }
  }

  static func node(_ kind: ExprKind) -> Expr { Expr(kind, ExprPrinter.builtRange) }

  /// A value as an expression: metacode is its expression; a built-in or named function is its
  /// name; anything else is held and printed as `label` (the variable it came from) or itself.
  mutating func expr(_ v: Value, label: String? = nil) -> Expr {
    if let code = MetacodeBuilder.code(v) {
      bindings.merge(code.bindings) { $1 }
      labels.merge(code.labels) { $1 }
      return code.expr
    }
    if case .function(let f) = v {
      switch f.kind {
      case .builtin: return MetacodeBuilder.node(.name(f.name))
      case .user(let u, let captured) where captured.isEmpty && u.name != "lambda" && u.module.isEmpty:
        return MetacodeBuilder.node(.name(f.name))
      default: break
      }
    }
    let key = MetaCode.newKey()
    bindings[key] = v
    if let label { labels[key] = label }
    return MetacodeBuilder.node(.bound(key))
  }

  /// A selected column: metacode with its alias (`sqlCol("*")` is the star).
  mutating func column(_ v: Value) -> SelectColumn {
    let code = MetacodeBuilder.code(v)
    let e = expr(v)
    if case .name("*") = e.kind { return SelectColumn(expr: e, alias: nil, isStar: true) }
    var column = SelectColumn(expr: e, alias: code?.alias)
    column.names = code?.columnNames ?? []
    return column
  }

  func make(_ e: Expr, alias: String? = nil) -> Value {
    .object(MetaCode(e, alias: alias, bindings: bindings, labels: labels))
  }
}
