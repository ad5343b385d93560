/// A selected column: an expression and the name given with `as`.
public struct SelectColumn: Sendable {
  public let expr: Expr
  public let alias: String?
  public let isStar: Bool
  /// `f(x) as `a`b`c`: the names of the several columns one expression gives (empty for one).
  public var names: [String] = []
  /// `as _$alias`, `as _$$aliases` or `as nm1...nm3`: names given at run time or by a series.
  public var aliasMacro: ColumnMacro?
  /// `b.*`: the star stands for the columns of that table of a join only.
  public var starTable: String?
  public init(expr: Expr, alias: String?, isStar: Bool = false) {
    self.expr = expr
    self.alias = alias
    self.isStar = isStar
  }
}

/// A sort key of `order by` or `csort`.
public struct OrderKey: Sendable {
  public let expr: Expr
  public let descending: Bool
  /// `nulls first` (true), `nulls last` (false), or nothing said (nil: nulls sort lowest).
  public let nullsFirst: Bool?
  public init(expr: Expr, descending: Bool, nullsFirst: Bool? = nil) {
    self.expr = expr
    self.descending = descending
    self.nullsFirst = nullsFirst
  }
}

/// The SQL forms the language knows.
public indirect enum SQLStatement: Sendable {
  case query(SelectQuery)
  case update(table: Expr, set: [(String, Expr)], whereClause: [Expr], contextBy: [Expr])
  case insert(table: Expr, columns: [String]?, values: [Expr])
  case delete(table: Expr, whereClause: [Expr])
}

/// `select` or `exec` with its clauses.
public struct SelectQuery: Sendable {
  public let isExec: Bool
  public let distinct: Bool
  public let top: Expr?
  public let columns: [SelectColumn]
  public let from: Expr?
  public let whereClause: [Expr]
  public let groupBy: [SelectColumn]
  public let isContextBy: Bool
  public let having: [Expr]
  public let orderBy: [OrderKey]
  public var limit: Expr?
  /// `limit offset, count`: the offset.
  public var offset: Expr?
  /// `pivot by rowKey..., columnKey`.
  public var pivotBy: [SelectColumn] = []
  /// `context by ... csort key`: each group's rows are sorted before the select list runs.
  public var csort: [OrderKey] = []
  /// `group by ... cgroup by key`: each group's aggregates over its rows up to each key value.
  public var cgroupBy: [SelectColumn] = []
  /// SQL hints such as `[HINT_EXPLAIN]`, upper-cased.
  public var hints: [String] = []
  /// The name the table takes in the query (`from trades t`).
  public var tableAlias: String?
  /// More tables after a comma (`from emp e1, emp e2`): their rows are crossed with the first's.
  public var joinedTables: [JoinedTable] = []
  public init(
    isExec: Bool, distinct: Bool, top: Expr?, columns: [SelectColumn], from: Expr?,
    whereClause: [Expr], groupBy: [SelectColumn], isContextBy: Bool, having: [Expr],
    orderBy: [OrderKey], limit: Expr?
  ) {
    self.isExec = isExec
    self.distinct = distinct
    self.top = top
    self.columns = columns
    self.from = from
    self.whereClause = whereClause
    self.groupBy = groupBy
    self.isContextBy = isContextBy
    self.having = having
    self.orderBy = orderBy
    self.limit = limit
  }
}

/// A table after the first in `from a x, b y`, and the name it takes.
public struct JoinedTable: Sendable {
  /// How a table joins the tables before it: a comma or `cross join` crosses the rows; the
  /// others keep the pairs `on` accepts (`left`, `right` and `full` also keep unmatched rows,
  /// `leftSemi` keeps each left row once, with its first match).
  public enum Kind: String, Sendable {
    case cross, inner, left, right, full, leftSemi = "left semi"
  }
  public let table: Expr
  public let alias: String?
  public let kind: Kind
  /// `on` conditions, all of which must hold (empty for a cross join).
  public let on: [Expr]
  public init(table: Expr, alias: String?, kind: Kind = .cross, on: [Expr] = []) {
    self.table = table
    self.alias = alias
    self.kind = kind
    self.on = on
  }
}
