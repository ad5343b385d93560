import ScriptRuntime
import ScriptSyntax

/// `createWindowJoinEngine`: each left row joined with the right rows of its key in a window of
/// time, one output row per left row. With `window = a:b` the window of a left row at `t` is the
/// right rows at `t+a` to `t+b`, computed when a right row of the key comes after `t+b`; with
/// `0:0` it is the right rows from the key's previous left row up to this one (`[t0, t)`, or
/// `(t0, t]` with `closed = "right"`), computed when a right row at or after `t` comes (after
/// `t` with "right").
///
/// With `maxDelayedTime` (standard windows), a right row of any key at `r` also computes every
/// waiting window that ended before `r - maxDelayedTime`: a key whose right rows stop does not
/// hold its left rows back for ever.
///
/// A metric over right columns that does not aggregate gives the window's values as an array
/// vector cell; one over left columns only gives the left row's value. Output: the left row's
/// time, its matching columns, the metrics; `nullFill` replaces nulls, column by column.
final class WindowJoinEngine: JoinEngine, @unchecked Sendable {
  private let lower: Int64
  private let upper: Int64
  private let special: Bool
  private let closedRight: Bool
  private let leftTime: Int
  private let rightTime: Int
  private let garbageSize: Int
  /// `maxDelayedTime` in the time column's unit (nil: a window waits for its own key's rows).
  private let maxDelayed: Int64?
  private let nullFill: [Value]?
  /// Whether each metric reads a column only the right table has, and whether it reduces the
  /// window to one value.
  private var readsRight: [Bool] = []
  private var reduces: [Bool] = []
  private var waiting: [[ScalarKey]: [(row: Row, from: Int64?)]] = [:]
  private var rights: [[ScalarKey]: [Row]] = [:]
  private var previousLeft: [[ScalarKey]: Int64] = [:]

  init(
    _ inputs: JoinInputs, window: Value, timeColumn: Value?, garbageSize: Int, maxDelayedTime: Value? = nil,
    nullFill: Value?, closed: Value?, _ m: Machine
  ) throws(ScriptError) {
    let what = "createWindowJoinEngine"
    guard let times = try JoinEngineSupport.timeColumns(timeColumn, useSystemTime: false, inputs, what) else {
      throw ScriptError(RuntimeMessages.windowJoinNeedsTime())
    }
    (leftTime, rightTime) = times
    let (l, _) = try inputs.tables(what)
    let timeType = l.columnTypes[times.0]
    guard case .pair(let bounds) = window, bounds.count == 2,
      let a = WindowJoinEngine.offset(bounds[0], timeType), let b = WindowJoinEngine.offset(bounds[1], timeType),
      a <= b
    else {
      throw ScriptError(RuntimeMessages.windowJoinWindowInvalid(ValueFormatter.plain(window)))
    }
    (lower, upper) = (a, b)
    special = a == 0 && b == 0
    if let maxDelayedTime, !maxDelayedTime.isNull {
      guard let d = WindowJoinEngine.offset(maxDelayedTime, timeType), d >= 0 else {
        throw ScriptError(RuntimeMessages.windowLength("maxDelayedTime", ValueFormatter.plain(maxDelayedTime)))
      }
      maxDelayed = d
    } else {
      maxDelayed = nil
    }
    if let closed, !(closed.stringValue == "left" || closed.stringValue == "right") {
      throw ScriptError(RuntimeMessages.binSideInvalid("closed", ValueFormatter.plain(closed)))
    }
    closedRight = closed?.stringValue == "right"
    self.garbageSize = max(garbageSize, 1)
    self.nullFill = nullFill.map { HigherOrder.elements($0) ?? [$0] }
    // The right's columns as the joined rows name them, less those the left has too.
    let leftCount = l.columnNames.count
    try super.init(inputs, what, m)
    let rightOnly = Set(joinedNames[leftCount...].map { $0.lowercased() })
      .subtracting(joinedNames[..<leftCount].map { $0.lowercased() })
    readsRight = metrics.codes.map { code in
      var found = false
      _ = code.expr.rewritten { e in
        if case .name(let n) = e.kind, rightOnly.contains(n.lowercased()) { found = true }
        return nil
      }
      return found
    }
    reduces = metrics.codes.map { WindowJoinEngine.reduces($0.expr, m) }
  }

  /// Whether an expression reduces rows to one value: a call of an aggregate (`sum(x)`), or an
  /// expression over one (`sum(x) / 2`, `round(avg(x), 2)`).
  private static func reduces(_ e: Expr, _ m: Machine) -> Bool {
    func aggregate(_ name: String) -> Bool { (try? m.lookupFunction(name))??.isAggregate ?? false }
    switch e.kind {
    case .call(let callee, let args):
      if case .name(let n) = callee.kind, aggregate(n) { return true }
      return args.contains { $0.value.map { reduces($0, m) } ?? false }
    case .methodCall(let receiver, let name, let args):
      return aggregate(name) || reduces(receiver, m) || args.contains { $0.value.map { reduces($0, m) } ?? false }
    case .binary(_, let l, let r): return reduces(l, m) || reduces(r, m)
    case .unary(_, let x): return reduces(x, m)
    default: return false
    }
  }

  /// A window bound in units of the time column: an integer, or a duration such as `-5s`.
  private static func offset(_ v: Value, _ type: DataType) -> Int64? {
    if case .duration(let d) = v, let ns = d.nanoseconds {
      let unit = Temporal.unitNanos(type)
      return ns % unit == 0 ? ns / unit : nil
    }
    guard let i = v.intValue, v.type.isIntegral, abs(i) <= 1 << 50 else { return nil }
    return i
  }

  override var engineType: String { "WINDOW JOIN ENGINE" }

  override func process(_ input: Table, _ m: Machine) throws(ScriptError) -> [Vector]? {
    var out: [[Value]] = []
    var keys: [[ScalarKey]] = []
    for row in JoinEngine.rows(of: input) {
      guard let t = time(row[leftTime]) else { continue }
      let key = leftKey(row)
      var from: Int64?
      if special {
        from = previousLeft[key]
        previousLeft[key] = t
      }
      waiting[key, default: []].append((row, from))
      if !keys.contains(key) { keys.append(key) }
    }
    for key in keys { try flush(key, into: &out, m) }
    return try columns(out)
  }

  override func processRight(_ input: Table, _ m: Machine) throws(ScriptError) -> [Vector]? {
    var out: [[Value]] = []
    var keys: [[ScalarKey]] = []
    var newest = Int64.min
    for row in JoinEngine.rows(of: input) {
      guard let t = time(row[rightTime]) else { continue }
      newest = max(newest, t)
      let key = rightKey(row)
      rights[key, default: []].append(row)
      if !keys.contains(key) { keys.append(key) }
    }
    // maxDelayedTime: the other keys' windows that ended long enough before the newest right row.
    if let maxDelayed, !special, newest != Int64.min {
      let due = newest &- maxDelayed
      for key in waiting.keys where !keys.contains(key) {
        try flush(key, into: &out, m, forcedBefore: due)
      }
    }
    for key in keys {
      try flush(key, into: &out, m)
      // A key no left row waits on keeps its newest garbageSize rows (flush has already let go
      // of those no waiting window can take).
      if waiting[key] == nil, let kept = rights[key], kept.count > garbageSize {
        rights[key] = Array(kept.suffix(garbageSize))
      }
    }
    return try columns(out)
  }

  private func time(_ v: Value) -> Int64? {
    guard case .int(let x, _) = v, x != Value.nullInt, abs(x) < Int64.max - (1 << 52) else { return nil }
    return x
  }

  /// The key's waiting left rows whose window a right row has passed: computed, in order. With
  /// `forcedBefore`, also those whose window ended before it (`maxDelayedTime`).
  private func flush(_ key: [ScalarKey], into out: inout [[Value]], _ m: Machine, forcedBefore: Int64? = nil)
    throws(ScriptError)
  {
    guard var rows = waiting[key] else { return }
    let kept = rights[key] ?? []
    let latest = kept.last.flatMap({ time($0[rightTime]) }) ?? Int64.min
    guard latest != Int64.min || forcedBefore != nil else { return }
    while let first = rows.first, let t = time(first.row[leftTime]) {
      let passed =
        special
        ? (closedRight ? latest > t : latest >= t) : latest > t + upper || forcedBefore.map { t + upper < $0 } == true
      guard passed else { break }
      rows.removeFirst()
      let inside = kept.filter { r in
        guard let rt = time(r[rightTime]) else { return false }
        guard special else { return rt >= t + lower && rt <= t + upper }
        let after = first.from.map { closedRight ? rt > $0 : rt >= $0 } ?? true
        return after && (closedRight ? rt <= t : rt < t)
      }
      out.append(try joined(first.row, inside, m))
    }
    waiting[key] = rows.isEmpty ? nil : rows
    // Right rows no waiting or later left row can take: before the first waiting window (a
    // key's first 0:0 window has no start, so nothing goes), or with none waiting, before the
    // key's last left row for 0:0 windows.
    let earliest: Int64?
    if let first = rows.first {
      earliest = special ? first.from : time(first.row[leftTime]).map { $0 + lower }
    } else {
      earliest = special ? previousLeft[key] : nil
    }
    if let earliest, !kept.isEmpty { rights[key] = kept.filter { r in (time(r[rightTime]) ?? earliest) >= earliest } }
  }

  /// One output row: the left row's time and keys, then each metric over the window.
  private func joined(_ left: Row, _ window: [Row], _ m: Machine) throws(ScriptError) -> [Value] {
    let count = max(window.count, 1)
    var columns: [Vector] = []
    for (c, type) in inputTypes.enumerated() {
      var v = Vector.empty(type, capacity: count)
      for _ in 0..<count { try v.append(left[c]) }
      columns.append(v)
    }
    for (c, type) in rightTypes.enumerated() {
      var v = Vector.empty(type, capacity: count)
      if window.isEmpty { try v.append(.null(type)) } else { for r in window { try v.append(r[c]) } }
      columns.append(v)
    }
    let table = try Table(names: joinedNames, columns: columns)
    var row: [Value] = [left[leftTime]] + leftKeys.map { left[$0] }
    for (i, code) in metrics.codes.enumerated() {
      let v = try EngineMetrics(codes: [code]).evaluate(over: table, m).first ?? .empty(.double)
      // A metric of the right's rows that does not reduce them: the window's values as a cell
      // (a result of one value for a window of several is a reduction all the same).
      if readsRight[i] && !reduces[i] && !(v.count == 1 && window.count > 1) {
        row.append(.vector(window.isEmpty ? .empty(v.type) : v))
      } else {
        row.append(v.count > 0 ? v[0] : .void)
      }
    }
    if let nullFill {
      for j in row.indices where j < nullFill.count && row[j].isNull { row[j] = nullFill[j] }
    }
    return row
  }

  /// Output rows as columns; a metric that gave array cells becomes an array vector.
  private func columns(_ rows: [[Value]]) throws(ScriptError) -> [Vector]? {
    guard let first = rows.first else { return nil }
    var out: [Vector] = []
    for c in 0..<first.count {
      let cells = rows.map { $0[c] }
      if case .vector(let v) = cells.first(where: { if case .vector = $0 { return true } else { return false } }) {
        var nested = NestedColumn.empty(v.type)
        for cell in cells { try nested.appendRow(cell) }
        out.append(Vector(type: v.type, storage: .nested(nested)))
      } else {
        out.append(StreamEngine.resultColumn(cells))
      }
    }
    return out
  }
}
