import ScriptRuntime

/// `createCrossSectionalEngine`: the latest row of every key, and on each trigger the metrics
/// computed across those rows (per `contextByColumn` group when given), one output row per
/// trigger (per group): the time first (the system's, or the triggering row's `timeColumn`),
/// then the group, then the metrics. It triggers after each batch (`perBatch`, the default) or
/// each row (`perRow`); `interval` and `keyCount` trigger as `perBatch` does here. The engine
/// reads as a table of the latest rows (`select * from engine`).
final class CrossSectionalEngine: StreamEngine, TableSource, @unchecked Sendable {
  let metrics: EngineMetrics
  let keyIndices: [Int]
  let perRow: Bool
  let useSystemTime: Bool
  let timeIndex: Int?
  let contextIndex: Int?
  /// The latest row of each key, in the order the keys first came.
  private var latest: Table
  private var rowOfKey: [[ScalarKey]: Int] = [:]

  init(
    name: String, metrics: Value, dummy: Value, output: Value, keys: [String], triggering: String,
    useSystemTime: Bool, timeColumn: String?, contextBy: String?, _ m: Machine
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
    self.useSystemTime = useSystemTime
    latest = try Table(names: [], columns: [])
    try super.init(name: name, dummy: dummy, output: output, "createCrossSectionalEngine")
    latest = try Table(names: inputNames, columns: inputTypes.map { Vector.empty($0) })
  }

  override var engineType: String { "CROSS SECTIONAL ENGINE" }
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
      let key = keyIndices.map { ScalarKey(input.columns[$0][i]) ?? .null }
      let row = input.columns.map { $0.gather([i]) }
      if let r = rowOfKey[key] {
        for (c, v) in row.enumerated() { try latest.update(column: c, rows: [r], values: .vector(v)) }
      } else {
        rowOfKey[key] = latest.rowCount
        try latest.append(columns: row, from: "the engine \(name)")
      }
      if perRow || i == input.rowCount - 1 { out += try results(trigger: input, row: i, m) }
    }
    guard let width = out.first?.count else { return nil }
    return (0..<width).map { c in StreamEngine.resultColumn(out.map { $0[c] }) }
  }

  /// The output rows of one trigger: the time, the group (with contextByColumn), the metrics.
  private func results(trigger input: Table, row: Int, _ m: Machine) throws(ScriptError) -> [[Value]] {
    let time: Value =
      useSystemTime || timeIndex == nil
      ? .int(m.clock.nowNanoseconds() / 1_000_000, .timestamp) : input.columns[timeIndex!][row]
    guard let contextIndex else { return [[time] + (try values(over: latest, m))] }
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
      out.append([time, column[rows[0]]] + (try values(over: latest.gather(rows), m)))
    }
    return out
  }

  /// The metrics over some latest rows, one value each (an aggregate; a vector gives its last).
  private func values(over rows: Table, _ m: Machine) throws(ScriptError) -> [Value] {
    try metrics.lastValues(over: rows, m)
  }
}
