import ScriptRuntime

/// `createReactiveStateEngine`: for every row that arrives, its key columns and the metrics
/// (`cumsum(price)`, `mavg(price, 3)`, `ema(...)`) computed over that key's rows so far, as if
/// `select key, metrics from rows context by key` had run and the new rows' results were kept.
/// Each key keeps every row it has had, so state functions of any depth give DolphinDB's
/// results; a long-running stream grows with it. With `outputElapsedMicroseconds`, each output
/// row also says, after the keys, how long its batch took (LONG microseconds) and how many rows
/// the batch had (INT).
final class ReactiveStateEngine: StreamEngine, @unchecked Sendable {
  let metrics: EngineMetrics
  let filter: EngineMetrics?
  let keyIndices: [Int]
  let outputElapsed: Bool
  /// Every row so far, and the rows of each key, in order.
  private var history: Table
  private var rowsOfKey: [[ScalarKey]: [Int]] = [:]

  init(
    name: String, metrics: Value, dummy: Value, output: Value, keys: [String], filter: Value?,
    outputElapsed: Bool = false, _ m: Machine
  ) throws(ScriptError) {
    self.outputElapsed = outputElapsed
    self.metrics = try EngineMetrics(metrics, m)
    self.filter = try filter.map { v throws(ScriptError) in try EngineMetrics(v, m) }
    let dummyNames: [String]
    if case .object(let d as AppendableTable) = dummy { dummyNames = d.columnNames } else { dummyNames = [] }
    keyIndices = try StreamEngine.columns(keys, in: dummyNames, "keyColumn")
    history = try Table(names: [], columns: [])
    try super.init(name: name, dummy: dummy, output: output, "createReactiveStateEngine")
    history = try Table(names: inputNames, columns: inputTypes.map { Vector.empty($0) })
  }

  override var engineType: String { "REACTIVE STATE ENGINE" }

  override func process(_ input: Table, _ m: Machine) throws(ScriptError) -> [Vector]? {
    let began = m.clock.nowNanoseconds()
    let start = history.rowCount
    try history.append(columns: input.columns, from: "the engine \(name)")
    var order: [[ScalarKey]] = []
    var fresh: [[ScalarKey]: Int] = [:]
    for i in start..<history.rowCount {
      let key = keyIndices.map { ScalarKey(history.columns[$0][i]) ?? .null }
      if fresh[key] == nil { order.append(key) }
      fresh[key, default: 0] += 1
      rowsOfKey[key, default: []].append(i)
    }
    // Results by history row, so they leave in the order the rows came.
    var results: [(row: Int, values: [Value])] = []
    for key in order {
      let rows = rowsOfKey[key] ?? []
      let sub = history.gather(rows)
      let values = try metrics.evaluate(over: sub, m)
      let mask = try filter?.evaluate(over: sub, m).first
      let count = fresh[key] ?? 0
      for j in (rows.count - count)..<rows.count {
        if let mask, !(mask.count == 1 ? mask[0] : mask[j]).isTruthy { continue }
        var row = keyIndices.map { history.columns[$0][rows[j]] }
        for v in values { row.append(v.count == 1 ? v[0] : (j < v.count ? v[j] : .void)) }
        results.append((rows[j], row))
      }
    }
    results.sort { $0.row < $1.row }
    let width = keyIndices.count + metrics.count
    var columns = (0..<width).map { c in StreamEngine.resultColumn(results.map { $0.values[c] }) }
    if outputElapsed {
      let micros = max(0, (m.clock.nowNanoseconds() - began) / 1_000)
      columns.insert(
        Vector(type: .int, ints: Array(repeating: Int64(input.rowCount), count: results.count)), at: keyIndices.count)
      columns.insert(Vector(type: .long, ints: Array(repeating: micros, count: results.count)), at: keyIndices.count)
    }
    return columns
  }
}
