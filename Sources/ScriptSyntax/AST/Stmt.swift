/// A statement with its source range.
public struct Stmt: Sendable {
  public let kind: StmtKind
  public let range: SourceRange
  public init(_ kind: StmtKind, _ range: SourceRange) {
    self.kind = kind
    self.range = range
  }
}

/// The statement forms.
public indirect enum StmtKind: Sendable {
  /// An expression whose value the shell prints.
  case expression(Expr)
  /// `a = e`, `a += e`, `a, b = e`, `x[i] = e`, `&a = e`.
  case assign(targets: [Expr], op: String, value: Expr, byReference: Bool)
  /// `const x = e`.
  case constant(name: String, value: Expr)
  /// `def f(...) {...}` or `defg`.
  case function(FunctionDecl)
  /// `class Name [: Base] { ... }`.
  case classDef(ClassDecl)
  case ifElse(condition: Expr, then: Stmt, otherwise: Stmt?)
  /// `for (name in expr) body`.
  case forIn(variable: String, sequence: Expr, body: Stmt)
  case doWhile(body: Stmt, condition: Expr)
  case block([Stmt])
  case breakLoop
  case continueLoop
  case returnValue(Expr?)
  case tryCatch(body: Stmt, errorName: String?, handler: Stmt)
  case throwValue(Expr)
  /// `assert cond` or `assert "name", cond`.
  case assertion(name: Expr?, condition: Expr)
  /// `timer { }` or `timer(n) { }`.
  case timer(count: Expr?, body: Stmt)
  /// `transaction { }`: its changes to in-memory tables undone when it fails.
  case transaction(Stmt)
  /// `module a::b`.
  case module(String)
  /// `use a::b`.
  case use(String)
  /// `share t as name`.
  case share(Expr, String)
  /// `go`, an empty statement.
  case empty
}
