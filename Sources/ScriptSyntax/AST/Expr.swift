/// A literal value as written in the source, before the runtime gives it a type.
public enum Literal: Sendable {
  case integer(Int64, IntegerSuffix)
  case real(Double, isFloat: Bool)
  case string(String)
  case char(UInt8)
  case symbols([String])
  case temporal(TemporalKind, Int64)
  case duration(Int64, String)
  case typedNull(Character)
  case bool(Bool)
  case null
}

/// One argument of a call: positional or named, or a hole (`f(, 3)`).
public struct Argument: Sendable {
  public let name: String?
  public let value: Expr?
  /// `table(x as price)`: the name the value takes where names matter.
  public let alias: String?
  public init(name: String?, value: Expr?, alias: String? = nil) {
    self.name = name
    self.value = value
    self.alias = alias
  }
}

/// An expression with its source range.
public struct Expr: Sendable {
  public let kind: ExprKind
  public let range: SourceRange
  public init(_ kind: ExprKind, _ range: SourceRange) {
    self.kind = kind
    self.range = range
  }
}

/// The expression forms.
public indirect enum ExprKind: Sendable {
  /// One literal (`1`, `"a"`, `2021.01.01`).
  case literal(Literal)
  /// Space-separated literals forming one vector (`1 2 3`, `"a" "b"`).
  case vectorLiteral([Literal])
  /// A name.
  case name(String)
  /// A module-qualified name: `ops::f`, or `::add` (module "").
  case qualified(module: String, name: String)
  /// `&name`: the function itself, even where a variable shadows it.
  case functionRef(String)
  /// `-x`, `!x`.
  case unary(op: String, Expr)
  /// A binary operator, including `:` (pair), `..` (seq), `<-`, `and`, `or`.
  case binary(op: String, Expr, Expr)
  /// Chained comparisons `a < b <= c`: operands and the operators between them.
  case comparisonChain([Expr], [String])
  /// `f(args)`, `expr(args)`.
  case call(Expr, [Argument])
  /// `receiver.f(args)`, meaning `f(receiver, args)`.
  case methodCall(receiver: Expr, name: String, [Argument])
  /// `f{a, , c}`: partial application with holes.
  case partial(Expr, [Expr?])
  /// `x[i]`, `x[i, j]`.
  case index(Expr, [Expr])
  /// `x.name` without a call: a column, a dictionary key, or a zero-argument method.
  case member(Expr, String)
  /// `f:E`, `f:A`: a higher-order template applied to a function.
  case template(Expr, Character)
  /// An anonymous function.
  case lambda(FunctionDecl)
  /// `[a, b, c]`.
  case bracketVector([Expr])
  /// `(a, b, c)`.
  case tuple([Expr])
  /// `{a: 1, "b": 2}`.
  case dictionary([(Expr, Expr)])
  /// A SQL query (`select`, `exec`) or statement (`update`, `insert`, `delete`).
  case sql(SQLStatement)
  /// `<expr>`: metacode, the expression itself as a value (DolphinDB's CODE type).
  case metacode(Expr)
  /// A value held by metacode built at run time (`makeCall(f, x)` holds `f` and `x`), found by
  /// its key among the metacode's bindings.
  case bound(String)
}

/// A parameter of a function declaration.
public struct Parameter: Sendable {
  public let name: String
  public let isMutable: Bool
  public let defaultValue: Expr?
  public let range: SourceRange
}

/// A named or anonymous function.
public struct FunctionDecl: Sendable {
  public let name: String?
  public let parameters: [Parameter]
  public let body: [Stmt]
  /// True for `def f(x): expr`, `x -> expr` and friends: the body is one returned expression.
  public let isExpressionBody: Bool
  /// True for `defg`: an aggregate usable in SQL group by.
  public let isAggregate: Bool
  public let range: SourceRange
}
