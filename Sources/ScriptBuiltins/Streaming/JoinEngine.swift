import ScriptRuntime
import ScriptSyntax

/// What the streaming join engines share: a right input beside the left one (rows appended to
/// the engine, or to `getLeftStream(engine)`, are left rows; `getRightStream(engine)` takes the
/// right ones), the matching columns of each side, and metrics over joined rows.
///
/// In the metrics a column both sides have is the left's; `rightTable.col` (the right table's
/// name as the call wrote it) is the right's, `leftTable.col` the left's.
class JoinEngine: StreamEngine, @unchecked Sendable {
  typealias Row = [Value]

  let rightNames: [String]
  let rightTypes: [DataType]
  let leftKeys: [Int]
  let rightKeys: [Int]
  let metrics: EngineMetrics
  /// The joined rows' columns: the left's, then the right's (one whose name the left has
  /// taken is `<right table>_<name>`).
  let joinedNames: [String]

  init(_ inputs: JoinInputs, _ what: String, _ m: Machine) throws(ScriptError) {
    let (leftName, rightName) = (inputs.leftName, inputs.rightName)
    let (l, r) = try inputs.tables(what)
    rightNames = r.columnNames
    rightTypes = r.columnTypes
    let (lk, rk) = try JoinEngine.matchingColumns(inputs.matching)
    leftKeys = try StreamEngine.columns(lk, in: l.columnNames, "matchingColumn")
    rightKeys = try StreamEngine.columns(rk, in: r.columnNames, "matchingColumn")
    let taken = Set(l.columnNames.map { $0.lowercased() })
    let renamed = r.columnNames.map { taken.contains($0.lowercased()) ? "\(rightName ?? "right")_\($0)" : $0 }
    joinedNames = l.columnNames + renamed
    func column(_ names: [String], _ name: String) -> Int? { names.firstIndex { $0.lowercased() == name.lowercased() } }
    let codes = try EngineMetrics(inputs.metrics, m).codes.map { code in
      let expr = code.expr.rewritten { e in
        guard case .member(let base, let col) = e.kind, case .name(let table) = base.kind else { return nil }
        if table == rightName, let k = column(r.columnNames, col) { return Expr(.name(renamed[k]), e.range) }
        if table == leftName, column(l.columnNames, col) != nil { return Expr(.name(col), e.range) }
        return nil
      }
      return MetaCode(expr, bindings: code.bindings, labels: code.labels)
    }
    self.metrics = EngineMetrics(codes: codes)
    try super.init(name: inputs.name, dummy: inputs.left, output: inputs.output, what)
  }

  /// `sym` (both sides), `` `sym`date `` or `[[`sym], [`sym1]]` (left's, right's).
  static func matchingColumns(_ v: Value) throws(ScriptError) -> ([String], [String]) {
    func names(_ v: Value) -> [String]? {
      switch v {
      case .string(let s, _): return [s]
      case .vector(let vec) where vec.type.isText: return vec.strings
      default: return nil
      }
    }
    if case .tuple(let sides) = v, sides.count == 2, let l = names(sides[0]), let r = names(sides[1]),
      l.count == r.count
    {
      return (l, r)
    }
    guard let both = names(v), !both.isEmpty else {
      throw ScriptError(RuntimeMessages.mustBeString("the matchingColumn", got: v.typeString))
    }
    return (both, both)
  }

  /// Rows of the right side.
  func appendRight(columns: [Vector], from source: String, machine: Machine) throws(ScriptError) {
    try machine.requireWrite(self, .insert)
    try feed(columns, names: rightNames, types: rightTypes, from: source, machine) { input throws(ScriptError) in
      try processRight(input, machine)
    }
  }

  /// The results of a batch of right rows, or nil.
  func processRight(_ input: Table, _ m: Machine) throws(ScriptError) -> [Vector]? { nil }

  static func rows(of t: Table) -> [Row] { (0..<t.rowCount).map { i in t.columns.map { $0[i] } } }

  func leftKey(_ row: Row) -> [ScalarKey] { leftKeys.map { ScalarKey(row[$0]) ?? .null } }
  func rightKey(_ row: Row) -> [ScalarKey] { rightKeys.map { ScalarKey(row[$0]) ?? .null } }

  /// Output rows: each row's prefix (time, keys) then the metrics over its left row beside its
  /// right row (nil: no match, the right's columns null).
  func results(_ rows: JoinedRows, _ m: Machine) throws(ScriptError) -> [Vector]? {
    let (prefix, left, right) = (rows.prefix, rows.left, rows.right)
    guard !left.isEmpty else { return nil }
    var columns: [Vector] = []
    for (c, type) in inputTypes.enumerated() {
      var v = Vector.empty(type, capacity: left.count)
      for row in left { try v.append(row[c]) }
      columns.append(v)
    }
    for (c, type) in rightTypes.enumerated() {
      var v = Vector.empty(type, capacity: right.count)
      for row in right { try v.append(row?[c] ?? .null(type)) }
      columns.append(v)
    }
    let joined = try Table(names: joinedNames, columns: columns)
    let values = try metrics.evaluate(over: joined, m)
    var out: [Vector] = []
    for k in 0..<(prefix.first?.count ?? 0) { out.append(StreamEngine.resultColumn(prefix.map { $0[k] })) }
    for v in values {
      // A constant metric gives one value: every row has it.
      out.append(
        v.count == left.count
          ? v : StreamEngine.resultColumn(Array(repeating: v.count > 0 ? v[0] : .void, count: left.count)))
    }
    return out
  }

  /// The rows of a table given as the right side when the engine is made (a dimension table).
  func initialRight(_ right: Value, _ m: Machine) throws(ScriptError) {
    guard case .object(let t as Table) = right, t.rowCount > 0 else { return }
    try appendRight(columns: t.columns, from: "the right table", machine: m)
  }
}

/// What every join engine is made of: its name, both sides, where results go, the metrics and
/// matching columns, and the names the call gave the two tables (for `quotes.bid` in metrics).
struct JoinInputs {
  let name: String
  let left: Value
  var right: Value
  let output: Value
  let metrics: Value
  let matching: Value
  let leftName: String?
  let rightName: String?

  /// The two sides as tables, refused when either is not one.
  func tables(_ what: String) throws(ScriptError) -> (AppendableTable, AppendableTable) {
    guard case .object(let l as AppendableTable) = left else {
      throw ScriptError(RuntimeMessages.mustBeTable("the leftTable of '\(what)'", got: left.typeString))
    }
    guard case .object(let r as AppendableTable) = right else {
      throw ScriptError(RuntimeMessages.mustBeTable("the rightTable of '\(what)'", got: right.typeString))
    }
    return (l, r)
  }

  /// From a `create...JoinEngine(name, leftTable, rightTable, outputTable, metrics, matchingColumn, ...)` call
  /// (the metrics and matching columns elsewhere for the window join engine).
  init(_ a: CallArguments, metricsAt: Int = 4, matchingAt: Int = 5) throws(ScriptError) {
    name = try a.text(0, "name")
    (left, right, output, metrics, matching) = (a[1], a[2], a[3], a[metricsAt], a[matchingAt])
    leftName = a.sourceNames.count > 1 ? a.sourceNames[1] : nil
    rightName = a.sourceNames.count > 2 ? a.sourceNames[2] : nil
  }
}

/// Joined rows a batch makes, in order: the output's leading values, the left row and its match.
struct JoinedRows {
  typealias Row = [Value]
  var prefix: [Row] = []
  var left: [Row] = []
  var right: [Row?] = []

  mutating func add(_ leading: Row, _ l: Row, _ r: Row?) {
    prefix.append(leading)
    left.append(l)
    right.append(r)
  }
}

/// One side of a join engine, as `getLeftStream` and `getRightStream` give it: appending to it
/// feeds that side.
final class JoinEngineInput: MachineAppendable, @unchecked Sendable {
  let engine: JoinEngine
  let isLeft: Bool

  init(_ engine: JoinEngine, isLeft: Bool) {
    self.engine = engine
    self.isLeft = isLeft
  }

  var form: Value.Form { .table }
  var dataType: DataType { .any }
  var typeString: String { engine.engineType }
  var rowCount: Int { 0 }
  func render(_ formatter: ValueFormatter) -> String { "<\(isLeft ? "left" : "right") stream of \(engine.name)>" }
  func member(_ name: String) -> Value? { nil }
  var rows: [Value]? { nil }
  var columnNames: [String] { isLeft ? engine.inputNames : engine.rightNames }
  var columnTypes: [DataType] { isLeft ? engine.inputTypes : engine.rightTypes }

  func append(columns: [Vector], from source: String) throws(ScriptError) {
    throw ScriptError(RuntimeMessages.engineNeedsSession(engine.name))
  }

  func append(columns: [Vector], from source: String, progress: AppendProgress) throws(ScriptError) {
    throw ScriptError(RuntimeMessages.engineNeedsSession(engine.name))
  }

  func append(columns: [Vector], from source: String, machine: Machine) throws(ScriptError) {
    if isLeft {
      try engine.append(columns: columns, from: source, machine: machine)
    } else {
      try engine.appendRight(columns: columns, from: source, machine: machine)
    }
  }
}
