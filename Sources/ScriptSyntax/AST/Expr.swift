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
  /// `condition ? whenTrue : whenFalse`.
  case conditional(Expr, Expr, Expr)
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
  /// Columns named by a variable's value or by a series (DolphinDB's macro variables and
  /// column series, for SQL): `_$name`, `_$$names`, `col1...col3`.
  case macro(ColumnMacro)
  /// A value held by metacode built at run time (`makeCall(f, x)` holds `f` and `x`), found by
  /// its key among the metacode's bindings.
  case bound(String)
}

/// Columns a SQL expression names at run time or by a run of numbers.
public enum ColumnMacro: Sendable {
  /// `_$name`: the column whose name the STRING variable `name` holds.
  case one(String)
  /// `_$$names`: the columns whose names the STRING vector `names` holds, as a tuple.
  case many(String)
  /// `col1...col3`: a prefix with each number of a run (`col001...col100` keeps the width).
  case series([String])

  /// The variable the macro reads, if any.
  public var variable: String? {
    switch self {
    case .one(let v), .many(let v): return v
    case .series: return nil
    }
  }

  /// The names `first...last` stands for: both a prefix (letters and `_`) and digits, the same
  /// prefix, at most 32,768 numbers apart; zero-padded to the first's width when it has a
  /// leading zero. nil when the two do not make a series.
  public static func series(_ first: String, _ last: String) -> [String]? {
    func split(_ s: String) -> (String, String)? {
      guard let k = s.firstIndex(where: \.isNumber), k != s.startIndex,
        s[..<k].allSatisfy({ $0.isLetter || $0 == "_" }), s[k...].allSatisfy({ $0.isASCII && $0.isNumber })
      else { return nil }
      return (String(s[..<k]), String(s[k...]))
    }
    guard let (p1, d1) = split(first), let (p2, d2) = split(last), p1 == p2, d1.count <= 9, d2.count <= 9,
      let j = Int(d1), let k = Int(d2), abs(j - k) <= 32_768
    else { return nil }
    let width = d1.count > 1 && d1.hasPrefix("0") ? d1.count : 0
    let numbers = j <= k ? Array(j...k) : Array((k...j).reversed())
    return numbers.map { n in
      let digits = String(n)
      return p1 + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
  }
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
