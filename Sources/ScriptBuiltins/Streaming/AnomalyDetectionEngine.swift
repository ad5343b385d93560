import ScriptRuntime
import ScriptSyntax

/// `createAnomalyDetectionEngine`: boolean metrics over a stream; a row goes out for each
/// metric that is true: the time, the key columns, the metric's position and its text (and its
/// description when given).
///
/// A metric with no aggregate is tested on each row as it arrives (with the key's earlier rows
/// before it, so `prev` and `deltas` see them); one whose columns are all inside aggregates
/// (`avg(qty) > 10`) on each window as it closes, stamped with the window's end; one that
/// compares rows with aggregates (`qty > percentile(qty, 75)`) on each row against the
/// aggregates of the key's last closed window. Windows are those of the time-series engine:
/// `windowSize` long, ending every `step`, closed when a row at or past the end arrives.
final class AnomalyDetectionEngine: StreamEngine, @unchecked Sendable {
  private struct Metric {
    let index: Int
    let text: String
    let code: MetaCode
    let shape: MetricShape
    /// For a row-against-window metric: the metric with its aggregates bound, and those aggregates.
    let lifted: MetaCode?
    let aggregates: [(key: String, call: MetaCode)]
  }

  /// The metrics by shape, each group evaluated as one query; and the aggregates of the
  /// row-against-window metrics, computed when a window closes.
  private let rowMetrics: [Metric]
  private let windowMetrics: [Metric]
  private let againstMetrics: [Metric]
  private let rowCodes: EngineMetrics
  private let windowCodes: EngineMetrics
  private let aggregateCalls: [(key: String, call: MetaCode)]
  private let aggregateCodes: EngineMetrics
  /// Whether a row metric calls a function (`prev(temp)`, `deltas(v)`), and so is evaluated over
  /// the key's earlier rows too; comparisons and arithmetic of columns need only the new row.
  private let rowMetricsNeedHistory: Bool
  private let timeIndex: Int
  private let keyIndices: [Int]
  private let windowSize: Int64?
  private let step: Int64?
  private let descriptions: [String]?
  /// Earlier rows a row metric sees, per key.
  private let history: Int

  /// One key's rows (those a window or a row metric may still need) and window state.
  private struct KeyState {
    var rows: Table
    var times: [Int64]
    var nextEnd: Int64?
    var lastAggregates: [String: Value]?
  }
  private var states: [[ScalarKey]: KeyState] = [:]

  init(
    name: String, metrics: Value, dummy: Value, output: Value, timeColumn: String, keys: [String],
    windowSize: Value?, step: Value?, garbageSize: Int?, descriptions: [String]?, _ m: Machine
  ) throws(ScriptError) {
    let codes = try EngineMetrics(metrics, m).codes
    guard case .object(let d as AppendableTable) = dummy else {
      throw ScriptError(
        RuntimeMessages.mustBeTable("the dummyTable of 'createAnomalyDetectionEngine'", got: dummy.typeString))
    }
    timeIndex = try StreamEngine.columns([timeColumn], in: d.columnNames, "timeColumn")[0]
    keyIndices = try StreamEngine.columns(keys, in: d.columnNames, "keyColumn")
    let timeType = d.columnTypes[timeIndex]
    guard timeType.isTemporal else {
      throw ScriptError(RuntimeMessages.timeColumnNotTemporal(timeColumn, timeType.name))
    }
    let columns = Set(d.columnNames.map { $0.lowercased() })
    var built: [Metric] = []
    for (i, code) in codes.enumerated() {
      let shape = MetricShape(code.expr, columns: columns, m)
      let text = ExprPrinter(bound: { code.labels[$0] ?? $0 }).render(code.expr)
      var lifted: MetaCode?
      var aggregates: [(key: String, call: MetaCode)] = []
      if shape == .rowAgainstWindow {
        let (expr, calls) = MetricShape.liftingAggregates(code.expr, m)
        lifted = MetaCode(expr, bindings: code.bindings, labels: code.labels)
        aggregates = calls.map { ($0.key, MetaCode($0.call, bindings: code.bindings, labels: code.labels)) }
      }
      built.append(
        Metric(index: i, text: text, code: code, shape: shape, lifted: lifted, aggregates: aggregates))
    }
    rowMetrics = built.filter { $0.shape == .row }
    windowMetrics = built.filter { $0.shape == .window }
    againstMetrics = built.filter { $0.shape == .rowAgainstWindow }
    rowCodes = EngineMetrics(codes: rowMetrics.map(\.code))
    windowCodes = EngineMetrics(codes: windowMetrics.map(\.code))
    aggregateCalls = againstMetrics.flatMap(\.aggregates)
    aggregateCodes = EngineMetrics(codes: aggregateCalls.map(\.call))
    rowMetricsNeedHistory = rowMetrics.contains { metric in
      var stack = [metric.code.expr]
      while let e = stack.popLast() {
        if case .call = e.kind { return true }
        if case .methodCall = e.kind { return true }
        stack += e.children
      }
      return false
    }
    if built.contains(where: { $0.shape != .row }) {
      guard let windowSize, let step, !windowSize.isNull, !step.isNull else {
        throw ScriptError(RuntimeMessages.anomalyNeedsWindow())
      }
      let w = try TimeSeriesEngine.length(windowSize, timeType, "windowSize")
      let s = try TimeSeriesEngine.length(step, timeType, "step")
      guard w % s == 0 else { throw ScriptError(RuntimeMessages.windowNotMultipleOfStep(w, s)) }
      (self.windowSize, self.step) = (w, s)
    } else {
      (self.windowSize, self.step) = (nil, nil)
    }
    if let descriptions, descriptions.count != built.count {
      throw ScriptError(RuntimeMessages.anomalyDescriptionCount(descriptions.count, built.count))
    }
    self.descriptions = descriptions
    history = min(max(garbageSize ?? 2000, 1), 100_000)
    try super.init(name: name, dummy: dummy, output: output, "createAnomalyDetectionEngine")
  }

  override var engineType: String { "ANOMALY DETECTION ENGINE" }

  override func process(_ input: Table, _ m: Machine) throws(ScriptError) -> [Vector]? {
    let times = input.columns[timeIndex].int64s
    var out: [[Value]] = []
    for i in StreamEngine.windowableRows(times) {
      let keyValues = keyIndices.map { input.columns[$0][i] }
      let key = keyValues.map { ScalarKey($0) ?? .null }
      let t = times[i]
      var state = try state(of: key, firstAt: t)
      if let step, let windowSize, var end = state.nextEnd {
        while t >= end {
          try closeWindow(&state, start: end - windowSize, end: end, key: keyValues, into: &out, m)
          // The next window; past a gap, the first that can hold a row kept or this one.
          let next = end + step
          let earliest = state.times.filter { $0 >= next - windowSize }.min() ?? t
          end = max(next, (Temporal.floorDiv(earliest, step) + 1) * step)
        }
        state.nextEnd = end
      }
      try state.rows.append(columns: input.columns.map { $0.slice(i..<(i + 1)) }, from: "the engine \(name)")
      state.times.append(t)
      try testRow(&state, time: t, key: keyValues, into: &out, m)
      trim(&state)
      states[key] = state
    }
    return StreamEngine.timedColumns(out, timeType: inputTypes[timeIndex])
  }

  /// A key's state, new (with its first window) when the key has none yet.
  private func state(of key: [ScalarKey], firstAt t: Int64) throws(ScriptError) -> KeyState {
    if let known = states[key] { return known }
    let rows = try Table(names: inputNames, columns: inputTypes.map { Vector.empty($0) })
    return KeyState(rows: rows, times: [], nextEnd: step.map { (Temporal.floorDiv(t, $0) + 1) * $0 })
  }

  private func emit(_ metric: Metric, time: Int64, key: [Value], into out: inout [[Value]]) {
    var row: [Value] = [.int(time, inputTypes[timeIndex])]
    row += key
    row.append(.int(Int64(metric.index), .int))
    row.append(.string(metric.text, .string))
    if let descriptions { row.append(.string(descriptions[metric.index], .string)) }
    out.append(row)
  }

  /// The row metrics on the newest row (after the key's earlier rows), and the row-against-window
  /// metrics on it alone, against the last window's aggregates.
  private func testRow(_ state: inout KeyState, time: Int64, key: [Value], into out: inout [[Value]], _ m: Machine)
    throws(ScriptError)
  {
    let last = state.rows.gather([state.rows.rowCount - 1])
    if !rowMetrics.isEmpty {
      let values = try rowCodes.evaluate(over: rowMetricsNeedHistory ? state.rows : last, m)
      for (metric, v) in zip(rowMetrics, values) where v.count > 0 && v[v.count - 1].isTruthy {
        emit(metric, time: time, key: key, into: &out)
      }
    }
    guard let aggregates = state.lastAggregates, !againstMetrics.isEmpty else { return }
    let codes = againstMetrics.compactMap { metric -> MetaCode? in
      guard let lifted = metric.lifted else { return nil }
      return MetaCode(lifted.expr, bindings: lifted.bindings.merging(aggregates) { a, _ in a }, labels: lifted.labels)
    }
    let values = try EngineMetrics(codes: codes).evaluate(over: last, m)
    for (metric, v) in zip(againstMetrics, values) where v.count > 0 && v[v.count - 1].isTruthy {
      emit(metric, time: time, key: key, into: &out)
    }
  }

  /// The window [start, end) of a key: its window metrics tested, its aggregates kept for the
  /// row-against-window metrics. A window without rows gives nothing and keeps nothing.
  private func closeWindow(
    _ state: inout KeyState, start: Int64, end: Int64, key: [Value], into out: inout [[Value]], _ m: Machine
  ) throws(ScriptError) {
    let inside = state.times.indices.filter { state.times[$0] >= start && state.times[$0] < end }
    guard !inside.isEmpty else { return }
    let rows = state.rows.gather(inside)
    if !windowMetrics.isEmpty {
      let values = try windowCodes.evaluate(over: rows, m)
      for (metric, v) in zip(windowMetrics, values) where v.count > 0 && v[v.count - 1].isTruthy {
        emit(metric, time: end, key: key, into: &out)
      }
    }
    if !aggregateCalls.isEmpty {
      let values = try aggregateCodes.evaluate(over: rows, m)
      var kept: [String: Value] = [:]
      for (call, v) in zip(aggregateCalls, values) { kept[call.key] = v.count > 0 ? v[v.count - 1] : .void }
      state.lastAggregates = kept
    }
  }

  /// Drops the rows neither a later window nor the row metrics' history needs.
  private func trim(_ state: inout KeyState) {
    let n = state.times.count
    var keepFrom = max(0, n - (rowMetricsNeedHistory ? history : 1))
    if let end = state.nextEnd, let windowSize {
      let firstNeeded = state.times.firstIndex { $0 >= end - windowSize } ?? n
      keepFrom = min(keepFrom, firstNeeded)
    }
    guard keepFrom > 0 else { return }
    let keep = Array(keepFrom..<n)
    state.rows = state.rows.gather(keep)
    state.times = keep.map { state.times[$0] }
  }
}
