import ScriptRuntime

/// `createTimeSeriesEngine`: aggregates rows in time windows of `windowSize` that end every
/// `step` (multiples of `step` in the time column's unit), per key. A window is computed and
/// its row sent out when a row of the same key at or after its end arrives (DolphinDB's
/// event-time trigger); a window without rows sends nothing.
final class TimeSeriesEngine: StreamEngine, @unchecked Sendable {
  let windowSize: Int64
  let step: Int64
  let metrics: EngineMetrics
  let timeIndex: Int
  let keyIndices: [Int]
  let useWindowStartTime: Bool

  /// One key's rows not yet past every window, and the end of its next window.
  private struct Pending {
    var rows: Table
    var times: [Int64]
    var nextEnd: Int64
  }
  private var pending: [[ScalarKey]: Pending] = [:]

  init(
    name: String, windowSize: Value, step: Value, metrics: Value, dummy: Value, output: Value, timeColumn: String,
    keys: [String], useWindowStartTime: Bool, _ m: Machine
  ) throws(ScriptError) {
    self.metrics = try EngineMetrics(metrics, m)
    let timeType: DataType
    (timeIndex, keyIndices, timeType) = try StreamEngine.timeAndKeys(dummy, timeColumn, keys)
    self.windowSize = try TimeSeriesEngine.length(windowSize, timeType, "windowSize")
    self.step = try TimeSeriesEngine.length(step, timeType, "step")
    self.useWindowStartTime = useWindowStartTime
    try super.init(name: name, dummy: dummy, output: output, "createTimeSeriesEngine")
  }

  /// A window length in units of the time column: an integer, or a duration such as `1m`.
  static func length(_ v: Value, _ type: DataType, _ what: String) throws(ScriptError) -> Int64 {
    var n: Int64?
    if case .duration(let d) = v, let ns = d.nanoseconds {
      let unit = Temporal.unitNanos(type)
      n = ns % unit == 0 ? ns / unit : nil
    } else if let i = v.intValue {
      n = i
    }
    guard let n, n > 0, n <= 1 << 50 else {
      throw ScriptError(RuntimeMessages.windowLength(what, ValueFormatter().format(v)))
    }
    return n
  }

  override var engineType: String { "TIME SERIES ENGINE" }

  override func process(_ input: Table, _ m: Machine) throws(ScriptError) -> [Vector]? {
    let times = input.columns[timeIndex].int64s
    var out: [[Value]] = []
    for i in StreamEngine.windowableRows(times) {
      let key = keyIndices.map { ScalarKey(input.columns[$0][i]) ?? .null }
      let t = times[i]
      var p: Pending
      if let known = pending[key] {
        p = known
      } else {
        p = Pending(
          rows: try Table(names: inputNames, columns: inputTypes.map { Vector.empty($0) }), times: [],
          nextEnd: (Temporal.floorDiv(t, step) + 1) * step)
      }
      while t >= p.nextEnd {
        try close(&p, key: keyIndices.map { input.columns[$0][i] }, before: t, into: &out, m)
      }
      try p.rows.append(columns: input.columns.map { $0.slice(i..<(i + 1)) }, from: "the engine \(name)")
      p.times.append(t)
      pending[key] = p
    }
    return StreamEngine.timedColumns(out, timeType: inputTypes[timeIndex])
  }

  /// Computes the window ending at `p.nextEnd` (if it has rows), moves to the next window that
  /// can have rows (a row at `t` is arriving), and drops the rows no later window holds.
  private func close(
    _ p: inout Pending, key: [Value], before t: Int64, into out: inout [[Value]], _ m: Machine
  ) throws(ScriptError) {
    let start = p.nextEnd - windowSize
    let inside = p.times.indices.filter { p.times[$0] >= start && p.times[$0] < p.nextEnd }
    if !inside.isEmpty {
      let values = try metrics.lastValues(over: p.rows.gather(inside), m)
      var row: [Value] = [.int(useWindowStartTime ? start : p.nextEnd, inputTypes[timeIndex])]
      row += key
      row += values
      out.append(row)
    }
    // The next window end; past a gap, the first one that can hold the earliest row kept.
    var next = p.nextEnd + step
    let keep = p.times.indices.filter { p.times[$0] >= next - windowSize }
    // Past a gap, the first window that can hold a row kept, or the arriving row at `t`.
    let earliest = keep.map { p.times[$0] }.min() ?? t
    next = max(next, (Temporal.floorDiv(earliest, step) + 1) * step)
    if keep.count != p.times.count {
      p.rows = p.rows.gather(keep)
      p.times = keep.map { p.times[$0] }
    }
    p.nextEnd = next
  }
}
