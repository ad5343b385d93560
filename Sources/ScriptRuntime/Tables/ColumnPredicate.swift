/// A `where` condition reduced to "column compared with constants", for partition pruning.
///
/// The query still applies every condition to the rows it reads: a predicate only lets a
/// table source skip partitions that cannot hold a matching row.
public struct ColumnPredicate {
  public enum Kind: String, Sendable {
    case equal, less, lessOrEqual, greater, greaterOrEqual, oneOf, between
    /// `hashBucket(column, n) == k`, values `[n, k]`: only partitions of a HASH level with
    /// `n` buckets can choose (`repartitionDS` writes it for each bucket).
    case hashBucket
  }
  /// The column, as written in the query.
  public let column: String
  public let kind: Kind
  /// One value, two for `between` and `hashBucket`, several for `in`.
  public let values: [Value]

  public init(column: String, kind: Kind, values: [Value]) {
    self.column = column
    self.kind = kind
    self.values = values
  }
}

extension ColumnPredicate {
  /// Which values of `column` satisfy the predicate, decided by the operators the query's
  /// `where` uses, so a source may drop the rows that fail before the query sees them (the
  /// query still applies every condition).
  public func matches(_ column: Vector) throws(ScriptError) -> [Bool] {
    let c = Value.vector(column)
    func test(_ op: ComparisonOperator, _ v: Value) throws(ScriptError) -> [Bool] {
      let result = try Comparison.apply(op, c, v)
      guard case .vector(let b) = result, b.count == column.count else {
        // A scalar answer (a comparison with a whole vector): keep every row.
        return Array(repeating: true, count: column.count)
      }
      if case .i8(let flags) = b.storage { return flags.map { $0 == 1 } }
      return (0..<b.count).map { b[$0].isTruthy }
    }
    guard let first = values.first else { return Array(repeating: true, count: column.count) }
    switch kind {
    case .equal: return try test(.eq, first)
    case .less: return try test(.lt, first)
    case .lessOrEqual: return try test(.le, first)
    case .greater: return try test(.gt, first)
    case .greaterOrEqual: return try test(.ge, first)
    case .between:
      guard values.count == 2 else { return Array(repeating: true, count: column.count) }
      let (lo, hi) = (try test(.ge, values[0]), try test(.le, values[1]))
      return zip(lo, hi).map { $0 && $1 }
    case .hashBucket:
      // Rows are not hashed here: the partitions chosen hold only the bucket (the query still filters).
      return Array(repeating: true, count: column.count)
    case .oneOf:
      // A long list would cost a pass per value: keep every row (the query still filters).
      guard values.count <= 256 else { return Array(repeating: true, count: column.count) }
      var any = Array(repeating: false, count: column.count)
      for v in values {
        for (i, hit) in try test(.eq, v).enumerated() where hit { any[i] = true }
      }
      return any
    }
  }

  /// The predicate as it travels to another node: `(column, kind, values)`.
  public var wireValue: Value { .tuple([.string(column), .string(kind.rawValue), .tuple(values)]) }

  /// A predicate sent as `wireValue`; nil when the value is not one.
  public init?(wireValue: Value) {
    guard case .tuple(let parts) = wireValue, parts.count == 3, case .string(let column, _) = parts[0],
      case .string(let kind, _) = parts[1], let k = Kind(rawValue: kind), case .tuple(let values) = parts[2]
    else { return nil }
    self.init(column: column, kind: k, values: values)
  }
}

/// A table whose rows are read when a query asks for them (a database table handle).
public protocol TableSource: ScriptObject {
  /// The rows that may satisfy `predicates`, with at least `columns` (nil: every column).
  func scan(columns: Set<String>?, predicates: [ColumnPredicate]) throws(ScriptError) -> Table
}

/// A table that a snapshot engine may follow (`registerSnapshotEngine`): `select
/// [HINT_SNAPSHOT]` reads the latest row of each key instead of the table.
public protocol SnapshotSource: TableSource {
  /// The latest row of each key, or an error naming what is missing (no engine registered).
  func snapshot() throws(ScriptError) -> Table
}

/// A table that rows can be appended to (`append!`, `tableInsert`, `insert into`).
public protocol AppendableTable: ScriptObject {
  /// Appends rows given as columns in table order, converting types; all or nothing.
  func append(columns: [Vector], from source: String) throws(ScriptError)
  /// The same, adding the rows to `progress` as they are written (a table that cannot tell
  /// adds them all at the end).
  func append(columns: [Vector], from source: String, progress: AppendProgress) throws(ScriptError)
  /// Column names in order.
  var columnNames: [String] { get }
  /// Column types in order.
  var columnTypes: [DataType] { get }
  /// DolphinDB's type codes in order: 64 + the element's for an array vector column.
  var columnTypeCodes: [Int64] { get }
}

extension AppendableTable {
  public var columnTypeCodes: [Int64] { columnTypes.map { Int64($0.rawValue) } }
  /// Type names in order (`DOUBLE`, `INT[]`).
  public var columnTypeNames: [String] {
    columnTypeCodes.map { code in
      if let element = DataType.arrayElement(ofCode: code) { return element.fullName + "[]" }
      return DataType(rawValue: UInt8(truncatingIfNeeded: code))?.fullName ?? "ANY"
    }
  }
}

/// A database handle that `schema(db)` describes: DolphinDB's `partitionType`,
/// `partitionSchema`, `engineType`, ... entries.
public protocol DescribedDatabase: ScriptObject {
  var schemaEntries: [(String, Value)] { get }
}

/// An object a script calls like a function: a connection handle (`conn("1 + 1")`,
/// `conn(f, args)`, `conn(f(args))`).
public protocol CallableObject: ScriptObject {
  /// `handle(args...)`.
  func call(_ args: [Value], _ m: Machine) throws(ScriptError) -> Value
  /// `handle(f(args...))`: the call of `name` made by the handle instead of here.
  func call(function name: String, _ args: [Value], _ m: Machine) throws(ScriptError) -> Value
}

/// A table whose appends run script code (a stream engine computing its metrics): the session
/// appending gives the machine to run it on.
public protocol MachineAppendable: AppendableTable {
  func append(columns: [Vector], from source: String, machine: Machine) throws(ScriptError)
}

extension AppendableTable {
  /// Appends, running any script code the table runs on `machine`.
  public func append(columns: [Vector], from source: String, in machine: Machine) throws(ScriptError) {
    if let engine = self as? MachineAppendable {
      try engine.append(columns: columns, from: source, machine: machine)
    } else {
      try append(columns: columns, from: source)
    }
  }
}

/// A stored table whose columns can be added to after it was made (`addColumn`, `alter table
/// add`): rows written before read the new columns as null.
public protocol ColumnAddingTable: ScriptObject {
  func addColumns(_ names: [String], _ types: [DataType], _ m: Machine) throws(ScriptError)
}

extension Table: AppendableTable {
  public var columnNames: [String] { names }
  public var columnTypes: [DataType] { columns.map(\.type) }
  public var columnTypeCodes: [Int64] { columns.map(\.typeCode) }
}

extension QueryNode {
  /// Extracts pruning predicates from the top-level conditions (and `and` chains in them).
  /// `columns`, the table's, tells a name that is a variable from a column.
  static func predicates(_ conditions: [Node], _ m: Machine, columns: [String]? = nil) -> [ColumnPredicate] {
    extractPredicates(conditions, m, columns: columns).predicates
  }

  /// The pruning predicates, and whether they say all the conditions say: every term became
  /// a predicate on a scalar (or a short list), so rows that match them all are exactly the
  /// rows the query selects.
  static func extractPredicates(_ conditions: [Node], _ m: Machine, columns: [String]? = nil) -> (
    predicates: [ColumnPredicate], complete: Bool
  ) {
    var out: [ColumnPredicate] = []
    var complete = true
    let known = columns.map { Set($0.map { $0.lowercased() }) }
    /// A name in SQL is the table's column when it has one, else a variable.
    func isVariable(_ c: ColumnNode) -> Bool {
      guard let known, !known.contains(c.name.lowercased()) else { return false }
      // A variable, or a value metacode holds for a name (a function's local in `<...>`).
      return c.fallback is GlobalNode || c.fallback is LocalNode || c.fallback is ConstNode
    }
    func constant(_ n: Node) -> Value? {
      // Only expressions that do not read columns: constants and variables, and operators over
      // them (`d - 1`, the pair of `between 2024.01.01 : 2024.01.31`).
      if let c = n as? ConstNode { return c.value }
      if n is GlobalNode || n is LocalNode { return try? n.eval(m) }
      if let c = n as? ColumnNode, isVariable(c) { return try? c.fallback.eval(m) }
      if let u = n as? UnaryNode, let c = u.operand as? ConstNode { return try? Structural.negate(c.value) }
      if let b = n as? BinaryFunctionNode, let l = constant(b.left), let r = constant(b.right) {
        return try? b.function(l, r, m)
      }
      if let b = n as? ArithmeticNode, constant(b.left) != nil, constant(b.right) != nil { return try? b.eval(m) }
      return nil
    }
    func column(_ n: Node) -> String? {
      guard let c = n as? ColumnNode, !isVariable(c) else { return nil }
      return c.name
    }
    /// `hashBucket(column, n) == k` with `n` and `k` integers.
    func bucketPredicate(_ call: Node, _ bucket: Node) -> ColumnPredicate? {
      guard let call = call as? CallNamedNode, call.name == "hashBucket", call.args.count == 2,
        let first = call.args[0], let name = column(first), let second = call.args[1],
        let n = constant(second)?.intValue, let k = constant(bucket)?.intValue,
        case .builtin(let b)? = (try? call.resolve(m))?.kind, b.name == call.name
      else { return nil }
      return ColumnPredicate(column: name, kind: .hashBucket, values: [.int(n, .int), .int(k, .int)])
    }
    func visit(_ n: Node) {
      if let l = n as? LogicNode, l.isAnd {
        visit(l.left)
        visit(l.right)
        return
      }
      if let c = n as? ComparisonNode {
        let flipped: [ComparisonOperator: ColumnPredicate.Kind] = [
          .eq: .equal, .lt: .greater, .le: .greaterOrEqual, .gt: .less, .ge: .lessOrEqual,
        ]
        let direct: [ComparisonOperator: ColumnPredicate.Kind] = [
          .eq: .equal, .lt: .less, .le: .lessOrEqual, .gt: .greater, .ge: .greaterOrEqual,
        ]
        if let name = column(c.left), let v = constant(c.right), let k = direct[c.op] {
          add(ColumnPredicate(column: name, kind: k, values: [v]))
        } else if let name = column(c.right), let v = constant(c.left), let k = flipped[c.op] {
          add(ColumnPredicate(column: name, kind: k, values: [v]))
        } else if c.op == .eq, let p = bucketPredicate(c.left, c.right) ?? bucketPredicate(c.right, c.left) {
          add(p, exact: false)
        } else {
          complete = false
        }
        return
      }
      if let s = n as? LocalConstComparisonNode { return visit(s.general) }
      let before = out.count
      if let call = n as? CallNamedNode, call.args.count >= 2, let first = call.args[0], let name = column(first),
        case .builtin(let b)? = (try? call.resolve(m))?.kind, b.name == call.name
      {
        if call.name == "in", let second = call.args[1], let v = constant(second) {
          let values = HigherOrder.elements(v) ?? [v]
          add(ColumnPredicate(column: name, kind: .oneOf, values: values), exact: values.count <= 256)
        }
        if call.name == "between", call.args.count == 3, let lo = call.args[1].flatMap(constant),
          let hi = call.args[2].flatMap(constant)
        {
          add(ColumnPredicate(column: name, kind: .between, values: [lo, hi]))
        }
        // `between lo:hi`: the range as one pair.
        if call.name == "between", call.args.count == 2, let range = call.args[1].flatMap(constant),
          case .pair(let p) = range,
          p.count == 2
        {
          add(ColumnPredicate(column: name, kind: .between, values: [p[0], p[1]]))
        }
      }
      if out.count == before { complete = false }
    }
    func add(_ p: ColumnPredicate, exact: Bool = true) {
      out.append(p)
      if !exact || !p.values.allSatisfy(\.isScalar) { complete = false }
    }
    for c in conditions { visit(c) }
    return (out, complete)
  }

  /// Names of the columns the query may read (nil when `*` or a macro variable asks for all).
  static func referencedColumns(_ nodes: [Node]) -> Set<String>? {
    var names = Set<String>()
    var all = false
    func visit(_ n: Node) {
      for child in Mirror(reflecting: n).children {
        if let c = child.value as? ColumnNode { names.insert(c.name) }
        if let inner = child.value as? Node { visit(inner) }
        if let list = child.value as? [Node] { list.forEach(visit) }
        if let list = child.value as? [Node?] { list.compactMap { $0 }.forEach(visit) }
        if let c = child.value as? [QueryNode.Column] {
          for col in c {
            if col.isStar { all = true }
            visit(col.node)
          }
        }
        if let o = child.value as? [(Node, Bool)] { o.forEach { visit($0.0) } }
      }
      if let c = n as? ColumnNode { names.insert(c.name) }
      // A macro names its columns when the query runs: every column may be read.
      if n is MacroColumnNode { all = true }
    }
    nodes.forEach(visit)
    return all ? nil : names
  }
}

extension AppendableTable {
  public func append(columns: [Vector], from source: String, progress: AppendProgress) throws(ScriptError) {
    try append(columns: columns, from: source)
    progress.expect(passes: 1)
    progress.add(progress.total)
  }
}

/// A database table's part of `schema(t)` beyond its columns.
public protocol StoredTableSchema {
  /// The partition columns, in level order (empty: a dimension table).
  var partitionColumnNames: [String] { get }
  /// The storage engine (`OLAP`, `TSDB`).
  var engineType: String { get }
}

/// A database table that keeps comments on its columns and on itself (`setColumnComment`,
/// `setTableComment`; `schema(t)` shows them).
public protocol CommentedTable: ScriptObject {
  /// Each column's comment ("" for none).
  var columnComments: [String] { get }
  var tableComment: String { get }
  /// Sets the comments of the columns named (any capitals) and, if given, of the table.
  func setComments(columns: [String: String], table: String?, _ m: Machine) throws(ScriptError)
}
