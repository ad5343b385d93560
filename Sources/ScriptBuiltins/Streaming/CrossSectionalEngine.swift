import ScriptRuntime

/// `createCrossSectionalEngine`: the latest row of every key, and on each trigger the metrics
/// computed across those rows (per `contextByColumn` group when given): the time first (the
/// system's, or the triggering row's `timeColumn`), then the group, then the metrics. Aggregates
/// (`avg(price)`) give one output row per trigger (per group); metrics that give a value per
/// row (`sym`, `rank(price)`) give one output row per key. It triggers after each batch
/// (`perBatch`, the default), each row (`perRow`), or with `keyCount` when `triggeringInterval`
/// rows of the newest timestamp have come or a row of a newer one comes (computed without it;
/// an older row is dropped); `interval` and `dataInterval` trigger as `perBatch` does here.
/// The engine reads as a table of the latest rows (`select * from engine`).
final class CrossSectionalEngine: StreamEngine, TableSource, @unchecked Sendable {
  private(set) var metrics: EngineMetrics
  let keyIndices: [Int]
  let perRow: Bool
  let useSystemTime: Bool
  let timeIndex: Int?
  let contextIndex: Int?
  /// With `keyCount`: how many rows of one timestamp trigger.
  let keyCount: Int?
  /// With `keyCount`: the newest timestamp, its rows so far, and whether some are not computed.
  private var current: (time: Value, rows: Int, pending: Bool)?
  /// The latest row of each key, in the order the keys first came.
  private var latest: Table
  private var rowOfKey: [[ScalarKey]: Int] = [:]

  init(
    name: String, metrics: Value, dummy: Value, output: Value, keys: [String], triggering: String,
    triggeringInterval: Value? = nil, useSystemTime: Bool, timeColumn: String?, contextBy: String?, _ m: Machine
  ) throws(ScriptError) {
    guard ["perBatch", "perRow", "interval", "keyCount", "dataInterval"].contains(triggering) else {
      throw ScriptError(RuntimeMessages.unknownTriggeringPattern(triggering))
    }
    self.metrics = try EngineMetrics(metrics, m)
    let dummyNames: [String]
    if case .object(let d as AppendableTable) = dummy { dummyNames = d.columnNames } else { dummyNames = [] }
    keyIndices = try StreamEngine.columns(keys, in: dummyNames, "keyColumn")
    guard useSystemTime || timeColumn != nil else {
      throw ScriptError(RuntimeMessages.engineNeedsTimeColumn("createCrossSectionalEngine"))
    }
    timeIndex = try timeColumn.map { t throws(ScriptError) in
      try StreamEngine.columns([t], in: dummyNames, "timeColumn")[0]
    }
    contextIndex = try contextBy.map { c throws(ScriptError) in
      try StreamEngine.columns([c], in: dummyNames, "contextByColumn")[0]
    }
    perRow = triggering == "perRow"
    if triggering == "keyCount" {
      guard !useSystemTime, timeColumn != nil else {
        throw ScriptError(RuntimeMessages.keyCountNeedsTimeColumn())
      }
      // A pair (count, wait) keeps its count; the wait is not acted on.
      let first = triggeringInterval.flatMap { HigherOrder.elements($0)?.first ?? $0 }
      guard let n = first?.intValue, n != Value.nullInt, n > 0 else {
        let given = first?.intValue.map { $0 == Value.nullInt ? "NULL" : String($0) } ?? first?.typeString
        throw ScriptError(RuntimeMessages.keyCountNeedsCount(given ?? "nothing"))
      }
      keyCount = Int(clamping: n)
    } else {
      keyCount = nil
    }
    self.useSystemTime = useSystemTime
    latest = try Table(names: [], columns: [])
    try super.init(name: name, dummy: dummy, output: output, "createCrossSectionalEngine")
    latest = try Table(names: inputNames, columns: inputTypes.map { Vector.empty($0) })
  }

  override var engineType: String { "CROSS SECTIONAL ENGINE" }

  /// `addMetrics`: later results also compute `added` (a window length does not apply).
  override func addMetrics(_ added: EngineMetrics, windowSize: Value?, fill: Value?) throws(ScriptError) {
    lock.withLock { _ in metrics = EngineMetrics(codes: metrics.codes + added.codes) }
  }
  /// The latest rows as they are now.
  var snapshot: Table { lock.withLock { _ in latest.copy() } }
  override var rowCount: Int { lock.withLock { _ in latest.rowCount } }
  override func render(_ formatter: ValueFormatter) -> String { snapshot.render(formatter) }
  override var rows: [Value]? { snapshot.rows }
  override func member(_ name: String) -> Value? { snapshot.member(name) }

  func scan(columns: Set<String>?, predicates: [ColumnPredicate]) throws(ScriptError) -> Table { snapshot }

  override func process(_ input: Table, _ m: Machine) throws(ScriptError) -> [Vector]? {
    var out: [[Value]] = []
    for i in 0..<input.rowCount {
      if let keyCount, let timeIndex {
        let time = input.columns[timeIndex][i]
        guard let t = time.intValue, t != Value.nullInt else { continue }
        if let now = current, let before = now.time.intValue {
          if t < before { continue }
          if t > before {
            if now.pending { out += try results(at: now.time, m) }
            current = (time, 0, false)
          }
        } else {
          current = (time, 0, false)
        }
        try take(input, row: i)
        current?.rows += 1
        current?.pending = true
        if current?.rows == keyCount {
          out += try results(at: time, m)
          current?.pending = false
        }
        continue
      }
      try take(input, row: i)
      if perRow || i == input.rowCount - 1 {
        let time: Value =
          useSystemTime || timeIndex == nil
          ? .int(m.clock.nowNanoseconds() / 1_000_000, .timestamp) : input.columns[timeIndex!][i]
        out += try results(at: time, m)
      }
    }
    guard let width = out.first?.count else { return nil }
    return (0..<width).map { c in StreamEngine.resultColumn(out.map { $0[c] }) }
  }

  /// Keeps row `i` as its key's latest.
  private func take(_ input: Table, row i: Int) throws(ScriptError) {
    let key = keyIndices.map { ScalarKey(input.columns[$0][i]) ?? .null }
    let row = input.columns.map { $0.gather([i]) }
    if let r = rowOfKey[key] {
      for (c, v) in row.enumerated() { try latest.update(column: c, rows: [r], values: .vector(v)) }
    } else {
      rowOfKey[key] = latest.rowCount
      try latest.append(columns: row, from: "the engine \(name)")
    }
  }

  /// The output rows of one trigger at `time`: the time, the group (with contextByColumn), the
  /// metrics.
  private func results(at time: Value, _ m: Machine) throws(ScriptError) -> [[Value]] {
    guard let contextIndex else { return try rows([time], over: latest, m) }
    var groups: [ScalarKey: [Int]] = [:]
    var order: [ScalarKey] = []
    let column = latest.columns[contextIndex]
    for r in 0..<latest.rowCount {
      let k = ScalarKey(column[r]) ?? .null
      if groups[k] == nil { order.append(k) }
      groups[k, default: []].append(r)
    }
    var out: [[Value]] = []
    for k in order {
      let rows = groups[k] ?? []
      out += try self.rows([time, column[rows[0]]], over: latest.gather(rows), m)
    }
    return out
  }

  /// The metrics over some latest rows after `prefix`: one row when they all aggregate, else a
  /// row per latest row (an aggregate's value repeated on each).
  private func rows(_ prefix: [Value], over rows: Table, _ m: Machine) throws(ScriptError) -> [[Value]] {
    let values = try metrics.evaluate(over: rows, m)
    let n = rows.rowCount
    func value(_ v: Vector, _ r: Int) -> Value { v.count == n ? v[r] : (v.count == 0 ? .void : v[v.count - 1]) }
    guard n > 1, values.contains(where: { $0.count == n }) else {
      return [prefix + values.map { $0.count == 0 ? .void : $0[$0.count - 1] }]
    }
    return (0..<n).map { r in prefix + values.map { value($0, r) } }
  }
}
