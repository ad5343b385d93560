import ScriptSyntax
import Synchronization

/// Metacode: an expression held as a value (`<x + 1>`, `sqlCol("x")`, `sql(...)`), run by
/// `eval` in the session that runs it. DolphinDB's CODE type; it prints as `< x + 1 >`.
public final class MetaCode: ScriptObject {
  public let expr: Expr
  /// `sqlColAlias(<x>, "y")`: the name the expression takes as a selected column.
  public let alias: String?
  /// `<f(x) as `a`b>`: the names of the several columns the expression gives (empty for one).
  public let columnNames: [String]
  /// The values the expression holds: locals of the function that wrote a `<...>` literal (by
  /// variable name), and values given to the functions that built it (by `.bound` key).
  public let bindings: [String: Value]
  /// How a bound value prints (`t` for the table `sql(from=t)` was given), by key.
  public let labels: [String: String]

  public init(
    _ expr: Expr, alias: String? = nil, bindings: [String: Value] = [:], labels: [String: String] = [:],
    columnNames: [String] = []
  ) {
    self.expr = expr
    self.alias = alias
    self.columnNames = columnNames
    self.bindings = bindings
    self.labels = labels
  }

  /// The expressions of `[a, b]` or `(a, b)`; nil for any other expression.
  public static func items(of e: Expr) -> [Expr]? {
    switch e.kind {
    case .bracketVector(let items), .tuple(let items): return items
    default: return nil
    }
  }

  /// The same expression under another column name.
  public func aliased(_ name: String?) -> MetaCode {
    MetaCode(expr, alias: name, bindings: bindings, labels: labels)
  }

  /// The same expression giving several columns of these names.
  /// The name a `select` gives this expression's column when none is written (`avg(PRC)` is
  /// `avg_PRC`); nil for a plain column, which keeps its own name.
  public var generatedColumnName: String? {
    if case .name = expr.kind { return nil }
    return Compiler.generatedName(expr, index: 0)
  }

  public func named(_ names: [String]) -> MetaCode {
    MetaCode(expr, alias: names.first, bindings: bindings, labels: labels, columnNames: names)
  }

  public var form: Value.Form { .scalar }
  public var dataType: DataType { .code }
  public var typeString: String { "CODE" }
  public var rowCount: Int { 1 }
  public func member(_ name: String) -> Value? { nil }
  public var rows: [Value]? { nil }

  /// The expression's text, without the angle brackets.
  public func text(_ formatter: ValueFormatter = ValueFormatter()) -> String {
    let printer = ExprPrinter { key in
      if let label = self.labels[key] { return label }
      guard let v = self.bindings[key] else { return key }
      switch v {
      case .function(let f): return f.name
      case .object(let o): return o.typeString.lowercased()
      default: return formatter.element(v)
      }
    }
    return printer.render(expr) + (alias.map { " as " + $0 } ?? "")
  }

  public func render(_ formatter: ValueFormatter) -> String { "< " + text(formatter) + " >" }
}

extension MetaCode {
  /// A fresh key for a value bound into metacode built at run time (never a script name).
  public static func newKey() -> String {
    "#" + String(keyCounter.add(1, ordering: .relaxed).oldValue)
  }
}

/// Counts the keys of bound values, so that merged metacode never mixes two values up.
private let keyCounter = Atomic<Int>(0)

extension MetaCode {
  /// The one expression a parsed text holds (empty statements aside), or nil: what `parseExpr`
  /// and a metacode value sent over the wire read back.
  public static func expression(in program: Program) -> Expr? {
    let statements = program.statements.filter {
      if case .empty = $0.kind { return false }
      return true
    }
    guard statements.count == 1, case .expression(let e) = statements[0].kind else { return nil }
    return e
  }
}
