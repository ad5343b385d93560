import Dispatch
import ScriptSyntax

/// A compiled `select` / `exec`.
final class QueryNode: Node {
  struct Column {
    let node: Node
    let name: String
    let isStar: Bool
    /// `as `a`b`c`: the expression gives several columns (empty: one, named `name`).
    var names: [String] = []
    /// The expression as text, to tell a selected expression that is a `group by` key.
    var text = ""
    /// The names of the columns this one gives.
    var outputNames: [String] { names.isEmpty ? [name] : names }
    /// `b.*`: the table of a join whose columns the star stands for.
    var starTable: String?
    /// A macro's variable that names the column (or its columns) when the query runs.
    var nameSource: NameSource?
    /// Under `pivot by`, the expression's one-argument calls from the outside in
    /// (`rowSum(ffill(avg(x)))`: rowSum, ffill, avg), each with its argument: the calls outside
    /// the first aggregate apply to the pivoted cells, not to each cell.
    var pivotLayers: [PivotLayer] = []
    /// The name of the one column a pivot gives when the calls outside the aggregate reduce each
    /// row (`rowSum(...)`): the alias, or the outermost function's name, as DolphinDB names it.
    var pivotRowName = ""
  }
  struct PivotLayer {
    let function: String
    let argument: Node
  }
  enum NameSource {
    case one(Node)
    case many(Node)
  }
  let isExec: Bool
  let distinct: Bool
  let top: Node?
  let columns: [Column]
  let from: Node?
  let conditions: [Node]
  let groupBy: [Column]
  let isContextBy: Bool
  let having: [Node]
  let orderBy: [SortKey]
  let limit: Node?
  /// `limit offset, count`.
  var offset: Node?
  /// `pivot by`: row keys, then the column key.
  var pivotBy: [Column] = []
  /// `context by ... csort`: the order of rows inside each group.
  var csort: [SortKey] = []
  /// `cgroup by`: cumulative groups inside each `group by` group.
  var cgroupBy: [Column] = []
  /// `[HINT_EXPLAIN]`: the query runs and returns its plan instead of its rows.
  var explains = false
  /// `[HINT_SNAPSHOT]` (`[64]`): the query reads its table's snapshot engine, the latest row
  /// of each key.
  var readsSnapshot = false

  /// A key of `order by` or `csort`.
  struct SortKey {
    let node: Node
    let descending: Bool
    /// Where nulls go, whatever the direction; nil: they sort lowest.
    let nullsFirst: Bool?
  }

  init(
    isExec: Bool, distinct: Bool, top: Node?, columns: [Column], from: Node?, conditions: [Node],
    groupBy: [Column], isContextBy: Bool, having: [Node], orderBy: [SortKey], limit: Node?,
    range: SourceRange
  ) {
    self.isExec = isExec
    self.distinct = distinct
    self.top = top
    self.columns = columns
    self.from = from
    self.conditions = conditions
    self.groupBy = groupBy
    self.isContextBy = isContextBy
    self.having = having
    self.orderBy = orderBy
    self.limit = limit
    super.init(range: range)
  }

  override func eval(_ m: Machine) throws(ScriptError) -> Value {
    if columns.contains(where: { $0.nameSource != nil }) || groupBy.contains(where: { $0.nameSource != nil }) {
      return try named(m).eval(m)
    }
    let opened = m.openTrackedQuery(range)
    do throws(ScriptError) {
      let result = explains ? try explain(m) : try run(m)
      if let limit = m.queryResultLimit?(), case let bytes = result.approximateBytes, bytes > limit {
        throw ScriptError(
          RuntimeMessages.queryResultTooLarge(Machine.describeBytes(bytes), limit: Machine.describeBytes(limit)),
          at: range)
      }
      if opened { m.closeTrackedQuery() }
      return result
    } catch {
      if opened { m.closeTrackedQuery(error: error.message) }
      throw error
    }
  }

  /// This query with the names its macro variables hold now.
  func named(_ m: Machine) throws(ScriptError) -> QueryNode {
    func resolve(_ columns: [Column], keys: Bool) throws(ScriptError) -> [Column] {
      var out: [Column] = []
      for c in columns {
        guard let source = c.nameSource else {
          out.append(c)
          continue
        }
        let names: [String]
        switch source {
        case .one(let v): names = try MacroColumnNode.names(try v.eval(m), many: false, at: v.range)
        case .many(let v): names = try MacroColumnNode.names(try v.eval(m), many: true, at: v.range)
        }
        if case .many = source, keys {
          // `group by _$$names`: one key per column named.
          for n in names {
            let column = ColumnNode(name: n, fallback: ConstNode(.void, range: c.node.range), range: c.node.range)
            out.append(Column(node: column, name: n, isStar: false))
          }
          continue
        }
        var named = Column(node: c.node, name: names[0], isStar: false)
        if case .many = source { named.names = names }
        named.text = c.text
        out.append(named)
      }
      return out
    }
    let q = QueryNode(
      isExec: isExec, distinct: distinct, top: top, columns: try resolve(columns, keys: false), from: from,
      conditions: conditions, groupBy: try resolve(groupBy, keys: true), isContextBy: isContextBy, having: having,
      orderBy: orderBy, limit: limit,
      range: range)
    q.offset = offset
    q.pivotBy = pivotBy
    q.csort = csort
    q.cgroupBy = cgroupBy
    q.explains = explains
    q.readsSnapshot = readsSnapshot
    return q
  }

  /// The query's result; `evaluatedFrom` is what `from` named, when the caller has it already.
  func run(_ m: Machine, evaluatedFrom: Value? = nil) throws(ScriptError) -> Value {
    let from: Value
    if let evaluatedFrom { from = evaluatedFrom } else { from = try sourceValue(m) }
    if readsSnapshot, evaluatedFrom == nil {
      guard case .object(let o) = from, let s = o as? SnapshotSource else {
        throw ScriptError(RuntimeMessages.snapshotNeedsDFSTable(from.typeString), at: self.from?.range ?? range)
      }
      let latest = try readable(s, m) { () throws(ScriptError) in try s.snapshot() }
      return try run(m, evaluatedFrom: .object(latest))
    }
    var result: Table
    var isAggregate = false
    var ordered = false
    if case .object(let o) = from, let s = o as? AggregatingTableSource, !(o is Table),
      let pushed = try readable(s, m, { () throws(ScriptError) in try pushedDown(s, m) })
    {
      (result, isAggregate) = pushed
    } else if isExec && !pivotBy.isEmpty {
      let table = try source(from, m)
      return .object(try pivotMatrix(table, try QueryNode.select(table, conditions, m), m))
    } else {
      let first = try firstRowsWanted(m)
      (result, isAggregate, ordered) = try evalRows(try source(from, m), first: first, m)
      if let first, ordered { return finish(QueryNode.slice(result, first), isAggregate: isAggregate) }
    }
    if !orderBy.isEmpty && !ordered { result = try order(result, m) }
    if distinct { result = try QueryNode.distinctRows(result) }
    // With `context by`, `top`/`limit n` took each group's first n rows (last n if negative).
    let limitedGroups = isContextBy && !groupBy.isEmpty && offset == nil
    if let top, !limitedGroups { result = try QueryNode.slice(result, try top.eval(m), "top") }
    if let offset { result = try QueryNode.skip(result, try offset.eval(m)) }
    if let limit, !limitedGroups { result = try QueryNode.slice(result, try limit.eval(m), "limit") }
    return finish(result, isAggregate: isAggregate)
  }

  /// The query's value from its result table: `exec` of one column gives the column (or its
  /// one value, for an aggregate).
  private func finish(_ result: Table, isAggregate: Bool) -> Value {
    if isExec {
      if result.columns.count == 1 {
        let c = result.columns[0]
        return c.count == 1 && isAggregate ? c[0] : .vector(c)
      }
    }
    return .object(result)
  }

  /// The query over rows: grouped, by context, or projected; with whether it is one aggregate
  /// row and whether the rows were already put in `order by` order.
  func evalRows(_ table: Table, first: Int? = nil, _ m: Machine) throws(ScriptError) -> (Table, Bool, Bool) {
    let rows = try QueryNode.select(table, conditions, m)
    var result: Table
    var isAggregate = false
    var ordered = false
    if !pivotBy.isEmpty {
      result = try pivot(table, rows, m)
    } else if !cgroupBy.isEmpty {
      result = try cumulativeGroups(table, rows, m)
    } else if groupBy.isEmpty {
      // Ordered by the source's columns before projecting, so `order by` may name a column the
      // query does not select; by the result's when it names an output (`as` alias).
      // Only plain columns may be projected from the first rows alone: `cumsum(x)` or
      // `x - avg(x)` of the first rows is not the first rows of theirs over every row.
      let plain =
        first != nil
        && columns.allSatisfy { c in
          c.isStar || (c.names.isEmpty && (c.node as? ColumnNode).map { table.columnIndex($0.name) != nil } == true)
        }
      if !orderBy.isEmpty, let sorted = try? sortedRows(table, rows, first: plain ? first : nil, m) {
        (result, isAggregate) = try project(table, sorted, m)
        ordered = true
      } else {
        (result, isAggregate) = try project(table, rows, m)
      }
    } else if isContextBy {
      result = try contextBy(table, rows, m)
    } else {
      result = try group(table, rows, m)
    }
    return (result, isAggregate, ordered)
  }

  /// The columns the query reads, worked out once (the node tree never changes).
  private lazy var referenced: Set<String>? = QueryNode.referencedColumns([self])
  /// The columns the query reads (nil: all of them).
  var referencedColumns: Set<String>? { referenced }

  /// What `from` names.
  func sourceValue(_ m: Machine) throws(ScriptError) -> Value {
    guard let from else { throw ScriptError(RuntimeMessages.queryNeedsFrom(), at: range) }
    if let joined = try joinSource(from, m) { return joined }
    return try from.eval(m)
  }

  /// The rows `from` names: a table, or what a table source reads for the query.
  func source(_ v: Value, _ m: Machine) throws(ScriptError) -> Table {
    if case .object(let o) = v, let t = o as? Table { return t }
    if case .object(let o) = v, let s = o as? TableSource {
      return try readable(s, m) { () throws(ScriptError) in
        let names = (s as? AppendableTable)?.columnNames
        let t = try s.scan(columns: referenced, predicates: QueryNode.predicates(conditions, m, columns: names))
        if let stored = s as? AppendableTable, t.names.count < stored.columnNames.count {
          t.scannedFrom = stored.columnNames
        }
        return t
      }
    }
    throw ScriptError(RuntimeMessages.needsTable("from", got: v.typeString), at: from?.range ?? range)
  }

  /// Reads a table source once the session may read it; errors point at `from`.
  func readable<T>(_ s: TableSource, _ m: Machine, _ body: () throws(ScriptError) -> T) throws(ScriptError) -> T {
    do {
      try m.requireRead(s)
      m.noteQueryReads(s)
      let value = try body()
      m.noteRead(s, returned: value)
      try m.checkTaskGroupLimit()
      return value
    } catch { throw error.located(from?.range ?? range) }
  }

  /// Row numbers that pass every `where` condition (nil: all rows).
  static func select(_ table: Table, _ conditions: [Node], _ m: Machine) throws(ScriptError) -> [Int]? {
    var rows: [Int]?
    for c in conditions {
      let ctx = SQLContext(table: table, rows: rows)
      let v = try m.withSQLContext(ctx, c)
      switch v {
      case .vector(let mask) where mask.type == .bool:
        try refuseArrayKey(mask, "where", at: c.range)
        guard mask.count == ctx.count else {
          throw ScriptError(RuntimeMessages.whereLengthMismatch(mask.count, rows: ctx.count), at: c.range)
        }
        var kept: [Int] = []
        if case .i8(let bits) = mask.storage {
          // Counted first, so the row list is allocated once; a typed loop either way.
          bits.withUnsafeBufferPointer { b in
            var n = 0
            for i in 0..<b.count where b[i] == 1 { n += 1 }
            kept.reserveCapacity(n)
            if let previous = rows {
              previous.withUnsafeBufferPointer { r in for i in 0..<b.count where b[i] == 1 { kept.append(r[i]) } }
            } else {
              for i in 0..<b.count where b[i] == 1 { kept.append(i) }
            }
          }
        }
        rows = kept
      default:
        guard v.isScalar else {
          throw ScriptError(RuntimeMessages.whereNeedsBool(v.typeString), at: c.range)
        }
        if !v.isTruthy { rows = [] }
      }
    }
    return rows
  }

  /// Evaluates the select list without grouping; also tells whether every selected expression
  /// gave one value (an aggregate query, one row).
  func project(_ table: Table, _ rows: [Int]?, _ m: Machine) throws(ScriptError) -> (Table, Bool) {
    let ctx = SQLContext(table: table, rows: rows)
    var names: [String] = []
    var values: [Value] = []
    for c in columns {
      if c.isStar {
        for k in try c.starIndexes(of: table) {
          let n = table.names[k]
          names.append(n)
          values.append(.vector(rows.map { table.columns[k].gather($0) } ?? table.columns[k]))
        }
        continue
      }
      let v = try m.withSQLContext(ctx, c.node)
      if c.names.isEmpty {
        names.append(c.name)
        values.append(v)
      } else {
        names += c.names
        values += try QueryNode.split(v, into: c.names, at: c.node.range)
      }
    }
    let isAggregate = !values.isEmpty && values.allSatisfy(\.isScalar)
    let length = isAggregate ? 1 : ctx.count
    var vectors: [Vector] = []
    for (k, v) in values.enumerated() {
      vectors.append(try QueryNode.column(v, length: length, name: names[k], at: columns.first?.node.range ?? range))
    }
    return (try Table(names: Table.distinctNames(names), columns: vectors), isAggregate)
  }

  /// A selected value as a result column of `length` rows.
  static func column(_ v: Value, length: Int, name: String, at r: SourceRange) throws(ScriptError) -> Vector {
    switch v {
    case .vector(let vec):
      guard vec.count == length else {
        throw ScriptError(RuntimeMessages.columnLengthMismatch(name, vec.count, expected: length), at: r)
      }
      return vec
    case .tuple(let items):
      if let rows = NestedColumn.rows(of: v), rows.count == length, items.contains(where: { !$0.isScalar }) {
        return Vector(type: rows.values.type, storage: .nested(rows))
      }
      guard case .vector(let vec) = HigherOrder.collect(items), vec.count == length else {
        throw ScriptError(RuntimeMessages.columnNotScalars(name), at: r)
      }
      return vec
    default:
      guard v.isScalar else { throw ScriptError(RuntimeMessages.columnCannotHold(name, v.typeString), at: r) }
      var vec = Vector.empty(v.type == .void ? .double : v.type, capacity: length)
      for _ in 0..<length { try vec.append(v) }
      return vec
    }
  }

  /// The values of `expr as `a`b`c`, one per name: a tuple's items, a matrix's or a table's
  /// columns, or a vector's elements (an aggregate such as `describe` giving one row).
  static func split(_ v: Value, into names: [String], at r: SourceRange) throws(ScriptError) -> [Value] {
    var parts: [Value]?
    switch v {
    case .tuple(let items): parts = items
    case .vector(let vec) where !vec.isArrayVector: parts = (0..<vec.count).map { vec[$0] }
    case .object(let o):
      if let matrix = o as? Matrix { parts = matrix.columns.map { .vector($0) } }
      if let table = o as? Table { parts = table.columns.map { .vector($0) } }
    default: break
    }
    guard let parts, parts.count == names.count else {
      throw ScriptError(RuntimeMessages.namesMismatch(names.count, got: v.typeString, v.count), at: r)
    }
    return parts
  }

  /// Groups the selected rows by the key columns, in ascending key order.
  func grouping(_ table: Table, _ rows: [Int]?, _ m: Machine) throws(ScriptError) -> (
    keys: [Vector], grouping: Grouping, ctx: SQLContext
  ) {
    let ctx = SQLContext(table: table, rows: rows)
    var keys: [Vector] = []
    for g in groupBy {
      let v = try m.withSQLContext(ctx, g.node)
      let key = try QueryNode.column(v, length: ctx.count, name: g.name, at: g.node.range)
      try QueryNode.refuseArrayKey(key, "group by", at: g.node.range)
      keys.append(key)
    }
    let grouping = Grouping(keys: keys)
    return (keys.map { $0.gather(grouping.firstRow) }, grouping, ctx)
  }

  /// Absolute row numbers of every group.
  static func members(_ grouping: Grouping, _ rows: [Int]?) -> [[Int]] {
    let local = grouping.members()
    guard let rows else { return local }
    return local.map { $0.map { rows[$0] } }
  }

  /// An aggregate the grouping can compute in one pass (`sum(col)`, `count(*)`, ...): the
  /// function's name and its column, or nil.
  func fastAggregate(_ node: Node, _ ctx: SQLContext, _ m: Machine) throws(ScriptError) -> (String, Vector?)? {
    if node is CountStarNode { return ("count(*)", nil) }
    guard let call = node as? CallNamedNode, call.args.count == 1, let arg = call.args[0] as? ColumnNode,
      ["sum", "avg", "count", "min", "max", "first", "last"].contains(call.name),
      case .builtin(let b) = try call.resolve(m).kind, b.name == call.name, let column = ctx.column(arg.name),
      !column.isArrayVector
    else { return nil }
    return (call.name, column)
  }

  /// Computes the one-pass aggregates of a query side by side: each reads only its column.
  static func aggregateAll(_ plans: [(String, Vector?)?], _ grouping: Grouping) -> [Vector?] {
    let slots = ResultSlots<Vector>(plans.count)
    DispatchQueue.concurrentPerform(iterations: plans.count) { k in
      guard let (name, column) = plans[k] else { return }
      // No column means count(*); an aggregate the grouping cannot do leaves the slot empty.
      if let column { slots[k] = grouping.aggregate(name, column) } else { slots[k] = grouping.sizes }
    }
    return (0..<plans.count).map { slots[$0] }
  }

  func group(_ table: Table, _ rows: [Int]?, _ m: Machine) throws(ScriptError) -> Table {
    let (keys, grouping, ctx) = try grouping(table, rows, m)
    // `select sym, sum(qty) ... group by sym`: the key is already the first column.
    let keyNames = Set(groupBy.map { $0.name.lowercased() })
    // `select monthBegin(d) as m, ... group by monthBegin(d)`: a selected expression that is a key
    // is that key, under the name the select list gives it.
    var outputKeyNames = groupBy.map(\.name)
    var keyColumns = Set<Int>()
    for (k, c) in self.columns.enumerated() where !c.isStar && c.names.isEmpty && !c.text.isEmpty {
      if let g = groupBy.firstIndex(where: { $0.text == c.text }) {
        outputKeyNames[g] = c.name
        keyColumns.insert(k)
      }
    }
    let columns = self.columns.enumerated().filter { k, c in
      !keyColumns.contains(k) && !(c.node is ColumnNode && keyNames.contains(c.name.lowercased()))
    }.map(\.element)
    var plans: [(String, Vector?)?] = []
    for c in columns {
      if c.isStar { throw ScriptError(RuntimeMessages.starInGroupBy(), at: c.node.range) }
      plans.append(having.isEmpty && c.names.isEmpty ? try fastAggregate(c.node, ctx, m) : nil)
    }
    let fast = QueryNode.aggregateAll(plans, grouping)
    // Each column's first place in `results` (a column `as `a`b`` has several).
    var firstOutput: [Int] = []
    var outputCount = 0
    for c in columns {
      firstOutput.append(outputCount)
      outputCount += c.outputNames.count
    }
    var results: [[Value]] = Array(repeating: [], count: outputCount)
    var kept = Array(0..<grouping.count)
    if !having.isEmpty || fast.contains(where: { $0 == nil }) {
      kept = []
      for (g, members) in QueryNode.members(grouping, rows).enumerated() {
        let ctx = SQLContext(table: table, rows: members)
        var pass = true
        for h in having where !(try m.withSQLContext(ctx, h).isTruthy) { pass = false }
        if !pass { continue }
        kept.append(g)
        for (k, c) in columns.enumerated() where fast[k] == nil {
          if !c.names.isEmpty {
            let parts = try QueryNode.split(try m.withSQLContext(ctx, c.node), into: c.names, at: c.node.range)
            for (j, part) in parts.enumerated() {
              guard part.isScalar else {
                throw ScriptError(RuntimeMessages.notOnePerGroup(c.names[j]), at: c.node.range)
              }
              results[firstOutput[k] + j].append(part)
            }
            continue
          }
          var v = try m.withSQLContext(ctx, c.node)
          // A one-row array vector (`toArray`) gives its group a row.
          if case .vector(let vec) = v, vec.count == 1 { v = vec.isArrayVector ? v : vec[0] }
          guard v.isScalar || ArrayVectorOperations.isOneRow(v) else {
            throw ScriptError(
              RuntimeMessages.notOnePerGroup(c.name), at: c.node.range)
          }
          results[firstOutput[k]].append(v)
        }
      }
    }
    var names = outputKeyNames
    var vectors = keys.map { kept.count == grouping.count ? $0 : $0.gather(kept) }
    for (k, c) in columns.enumerated() {
      if let f = fast[k] {
        names.append(c.name)
        vectors.append(kept.count == grouping.count ? f : f.gather(kept))
        continue
      }
      for (j, name) in c.outputNames.enumerated() {
        names.append(name)
        vectors.append(
          try QueryNode.column(
            HigherOrder.collect(results[firstOutput[k] + j]).orEmptyVector, length: kept.count, name: name,
            at: c.node.range))
      }
    }
    return try filledIntervals(try Table(names: Table.distinctNames(names), columns: vectors), ctx, m)
  }

  /// Where a column of a `context by` result comes from.
  private enum ContextOutput {
    /// A column of the source (`*`).
    case source(Int)
    /// Select column k.
    case expression(Int)
    /// Part j of select column k (`expr as `a`b``).
    case part(Int, Int)
  }

  func contextBy(_ table: Table, _ rows: [Int]?, _ m: Machine) throws(ScriptError) -> Table {
    let groups = QueryNode.members(try grouping(table, rows, m).grouping, rows)
    let perGroup = try offset == nil ? groupLimit(m) : nil
    var outputNames: [String] = []
    var outputKinds: [ContextOutput] = []
    for (k, c) in columns.enumerated() {
      if c.isStar {
        // `*` stands for every column of the source, each group's rows of it.
        let kept = try c.starIndexes(of: table)
        outputNames += kept.map { table.names[$0] }
        outputKinds += kept.map { .source($0) }
      } else if c.names.isEmpty {
        outputNames.append(c.name)
        outputKinds.append(.expression(k))
      } else {
        outputNames += c.names
        outputKinds += c.names.indices.map { .part(k, $0) }
      }
    }
    var outputs: [Vector?] = Array(repeating: nil, count: outputNames.count)
    for unsorted in groups {
      var members = unsorted
      if !csort.isEmpty {
        let positions = try QueryNode.sortPositions(
          csort, SQLContext(table: table, rows: members), count: members.count, m)
        members = positions.map { unsorted[$0] }
      }
      let ctx = SQLContext(table: table, rows: members)
      // A `having` condition that gives one value per row keeps those rows of the group (as
      // `context by segment(x) having x = max(x)` does); one value keeps or drops the group.
      var rowMask: [Bool]?
      var pass = true
      for h in having {
        let v = try m.withSQLContext(ctx, h)
        if case .vector(let flags) = v, flags.count == members.count {
          let these = (0..<flags.count).map { flags[$0].isTruthy }
          rowMask = rowMask.map { zip($0, these).map { $0 && $1 } } ?? these
        } else if !v.isTruthy {
          pass = false
        }
      }
      var keep = rowMask.map { mask in mask.indices.filter { mask[$0] } }
      if let perGroup {
        let kept = keep ?? Array(0..<members.count)
        let n = min(Int(clamping: perGroup.magnitude), kept.count)
        keep = perGroup >= 0 ? Array(kept.prefix(n)) : Array(kept.suffix(n))
      }
      if !pass || keep?.isEmpty == true { continue }
      var parts: [Int: [Value]] = [:]
      for (i, kind) in outputKinds.enumerated() {
        var vec: Vector
        switch kind {
        case .source(let k):
          vec = table.columns[k].gather(members)
        case .expression(let k):
          let c = columns[k]
          vec = try QueryNode.column(
            try m.withSQLContext(ctx, c.node), length: members.count, name: c.name, at: c.node.range)
        case .part(let k, let j):
          let c = columns[k]
          if parts[k] == nil {
            parts[k] = try QueryNode.split(try m.withSQLContext(ctx, c.node), into: c.names, at: c.node.range)
          }
          vec = try QueryNode.column(parts[k]?[j] ?? .void, length: members.count, name: c.names[j], at: c.node.range)
        }
        if let keep { vec = vec.gather(keep) }
        if outputs[i] == nil { outputs[i] = vec } else { try outputs[i]?.append(contentsOf: vec) }
      }
    }
    let vectors = outputKinds.indices.map { i in
      if let v = outputs[i] { return v }
      if case .source(let k) = outputKinds[i] { return table.columns[k].emptyLike }
      return Vector.empty(.double)
    }
    return try Table(names: Table.distinctNames(outputNames), columns: vectors)
  }

  /// `context by ... limit n` (or `top n`): the rows each group keeps, the last ones if negative.
  func groupLimit(_ m: Machine) throws(ScriptError) -> Int64? {
    guard let node = top ?? limit else { return nil }
    let clause = top != nil ? "top" : "limit"
    guard let k = try node.eval(m).intValue, k != Int64.min else {
      throw ScriptError(RuntimeMessages.needsInteger(clause), at: node.range)
    }
    return k
  }

  /// The selected rows of the source in `order by` order.
  func sortedRows(_ t: Table, _ rows: [Int]?, first: Int? = nil, _ m: Machine) throws(ScriptError) -> [Int] {
    let count = rows?.count ?? t.rowCount
    let positions = try QueryNode.sortPositions(
      orderBy, SQLContext(table: t, rows: rows), count: count, first: first, m)
    guard let rows else { return positions }
    return positions.map { rows[$0] }
  }

  /// `select top n`/`limit n` of rows in `order by` order, no `distinct`, groups or offset: the
  /// n first rows are all the query needs sorted (nil: it needs every row in order).
  func firstRowsWanted(_ m: Machine) throws(ScriptError) -> Int? {
    guard !orderBy.isEmpty, !distinct, offset == nil, groupBy.isEmpty, pivotBy.isEmpty, cgroupBy.isEmpty,
      (top == nil) != (limit == nil), let node = top ?? limit
    else { return nil }
    let n = try node.eval(m)
    guard n.isScalar, let k = n.intValue, k >= 0 else { return nil }
    return Int(clamping: k)
  }

  /// The result table in `order by` order.
  func order(_ t: Table, _ m: Machine) throws(ScriptError) -> Table {
    t.gather(try orderPositions(SQLContext(table: t, rows: nil), count: t.rowCount, m))
  }

  /// Positions 0..<count sorted by the `order by` keys evaluated in `ctx` (stable).
  func orderPositions(_ ctx: SQLContext, count: Int, _ m: Machine) throws(ScriptError) -> [Int] {
    try QueryNode.sortPositions(orderBy, ctx, count: count, m)
  }

  /// Array vector cells neither order, group nor filter rows: each is a row of values.
  static func refuseArrayKey(_ v: Vector, _ clause: String, at r: SourceRange) throws(ScriptError) {
    if v.isArrayVector { throw ScriptError(RuntimeMessages.arrayVectorNotKey(clause), at: r) }
  }

  static func distinctRows(_ t: Table) throws(ScriptError) -> Table {
    if t.columns.contains(where: \.isArrayVector) { throw ScriptError(RuntimeMessages.arrayVectorNotKey("distinct")) }
    var seen = Set<[ScalarKey]>()
    var keep: [Int] = []
    for i in 0..<t.rowCount where seen.insert(t.columns.map { ScalarKey($0[i]) ?? .null }).inserted { keep.append(i) }
    return t.gather(keep)
  }

  /// `limit offset, count`: the rows after the first `offset`.
  static func skip(_ t: Table, _ n: Value) throws(ScriptError) -> Table {
    guard let k = n.intValue, k >= 0 else { throw ScriptError(RuntimeMessages.needsNonNegativeInteger("limit")) }
    return t.gather(Array(min(Int(clamping: k), t.rowCount)..<t.rowCount))
  }

  /// The first n rows (all of them if fewer).
  static func slice(_ t: Table, _ n: Int) -> Table { n >= t.rowCount ? t : t.gather(Array(0..<n)) }

  static func slice(_ t: Table, _ n: Value, _ clause: String) throws(ScriptError) -> Table {
    if case .pair = n { return t.gather(try Indexing.positionList(n, count: t.rowCount)) }
    guard let k = n.intValue, k >= 0 else { throw ScriptError(RuntimeMessages.needsNonNegativeInteger(clause)) }
    return t.gather(Array(0..<min(Int(k), t.rowCount)))
  }
}

extension Value {
  var orEmptyVector: Value {
    if case .tuple(let t) = self, t.isEmpty { return .vector(Vector.empty(.double)) }
    return self
  }
}

extension QueryNode {
  /// `group by ..., interval(ts, step, fill)`: the grouped result with the intervals no row fell
  /// in added and filled (`IntervalFill`); unchanged for any other grouping and for "none".
  func filledIntervals(_ result: Table, _ ctx: SQLContext, _ m: Machine) throws(ScriptError) -> Table {
    guard let k = groupBy.firstIndex(where: { ($0.node as? CallNamedNode)?.name == "interval" }),
      let call = groupBy[k].node as? CallNamedNode, call.args.count >= 3, let stepNode = call.args[1],
      let fillNode = call.args[2]
    else { return result }
    let method = try m.withSQLContext(ctx, fillNode)
    if method.stringValue == "none" { return result }
    let type = result.columns[k].type
    let step: Int64
    switch try m.withSQLContext(ctx, stepNode) {
    case .duration(let d):
      guard let ns = d.nanoseconds, type.isTemporal else { return result }
      step = ns / Temporal.unitNanos(type)
    case let v:
      guard let n = v.intValue else { return result }
      step = n
    }
    return try IntervalFill.fill(result, keyCount: groupBy.count, intervalKey: k, step: step, method: method)
  }
}

extension QueryNode.Column {
  /// The source columns a star column stands for: every column for `*`; for `b.*`, those the
  /// join took from `b` (all of them when the source is not a join). A `b` that is no table of
  /// the join is an error.
  func starIndexes(of table: Table) throws(ScriptError) -> [Int] {
    guard let starTable, let groups = table.joinSources else { return Array(table.names.indices) }
    guard let names = groups[starTable] else {
      throw ScriptError(RuntimeMessages.starTableUnknown(starTable, known: groups.keys.sorted()), at: node.range)
    }
    return table.names.indices.filter { names.contains(table.names[$0]) }
  }
}
