import ScriptRuntime

/// `createTimeSeriesEngine`: aggregates rows in time windows of `windowSize` that end every
/// `step` (multiples of `step` in the time column's unit), per key. A window is computed and
/// its row sent out when a row of the same key at or after its end arrives (DolphinDB's
/// event-time trigger); a window without rows sends nothing.
final class TimeSeriesEngine: StreamEngine, @unchecked Sendable {
  /// The window length: one for every metric, or one per metric (`windowSize=[6, 12]`).
  private(set) var windowSizes: [Int64]
  let windowSize: Int64
  let step: Int64
  private(set) var metrics: EngineMetrics
  let timeIndex: Int
  let keyIndices: [Int]
  let useWindowStartTime: Bool
  /// What a key's window without rows gives (`fill`).
  private(set) var fill: EngineFill
  /// `createDailyTimeSeriesEngine`'s sessions of the day (nil: the plain engine).
  private(set) var sessions: DailySessions?

  /// One key's rows not yet past every window, and the end of its next window.
  private struct Pending {
    var rows: Table
    var times: [Int64]
    var nextEnd: Int64
    /// The metrics of the key's last window that had rows (nil before one), for `fill`.
    var lastValues: [Value]?
    /// Empty windows passed since then while filling (filled, or outside a daily engine's
    /// sessions): at `EngineFill.maxWindowsPerGap` the rest of the gap is skipped.
    var filled = 0
    /// The key's values, as its output rows give them.
    var keyValues: [Value] = []
  }
  private var pending: [[ScalarKey]: Pending] = [:]
  /// `forceTriggerTime`: a key's window is computed once a row of any key comes this long after
  /// its end (nil: only a row of its own key closes it).
  let forceTrigger: Int64?
  /// The earliest window end among the keys (a lower bound), so a row checks the others only
  /// when one may be due.
  private var earliestEnd = Int64.max

  init(
    name: String, windowSize: Value, step: Value, metrics: Value, dummy: Value, output: Value, timeColumn: String,
    keys: [String], useWindowStartTime: Bool, daily: (begin: Value, end: Value, mergeEnd: Bool)? = nil,
    fill: Value? = nil, forceTriggerTime: Value? = nil, _ m: Machine
  ) throws(ScriptError) {
    self.metrics = try EngineMetrics(metrics, m)
    self.fill = try EngineFill(fill, metrics: self.metrics.count)
    let timeType: DataType
    (timeIndex, keyIndices, timeType) = try StreamEngine.timeAndKeys(dummy, timeColumn, keys)
    if case .vector(let sizes) = windowSize, !sizes.isArrayVector {
      var lengths: [Int64] = []
      for i in 0..<sizes.count { lengths.append(try TimeSeriesEngine.length(sizes[i], timeType, "windowSize")) }
      guard lengths.count == self.metrics.codes.count || lengths.count == 1 else {
        throw ScriptError(RuntimeMessages.windowSizesPerMetric(lengths.count, self.metrics.codes.count))
      }
      windowSizes = lengths
    } else {
      windowSizes = [try TimeSeriesEngine.length(windowSize, timeType, "windowSize")]
    }
    self.windowSize = windowSizes.max() ?? 1
    self.step = try TimeSeriesEngine.length(step, timeType, "step")
    self.useWindowStartTime = useWindowStartTime
    if let force = forceTriggerTime, !force.isNull {
      // 0 is allowed: a row of any key at or past a window's end computes it.
      forceTrigger = force.intValue == 0 ? 0 : try TimeSeriesEngine.length(force, timeType, "forceTriggerTime")
    } else {
      forceTrigger = nil
    }
    if let daily {
      sessions = try DailySessions(
        begin: daily.begin, end: daily.end, mergeSessionEnd: daily.mergeEnd, timeType: timeType)
    }
    try super.init(
      name: name, dummy: dummy, output: output, daily == nil ? "createTimeSeriesEngine" : "createDailyTimeSeriesEngine")
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

  override var engineType: String { sessions == nil ? "TIME SERIES ENGINE" : "DAILY TIME SERIES ENGINE" }

  /// `addMetrics`: later windows also compute `added`, over `size` (one of the engine's window
  /// lengths; nil: the first).
  override func addMetrics(_ added: EngineMetrics, windowSize size: Value?, fill addedFill: Value?) throws(ScriptError)
  {
    let extraRules = try EngineFill(addedFill, metrics: added.count)
    let length = try size.map { v throws(ScriptError) in
      try TimeSeriesEngine.length(v, inputTypes[timeIndex], "windowSize")
    }
    try lock.withLock { _ throws(ScriptError) in
      let chosen = length ?? windowSizes[0]
      guard windowSizes.contains(chosen) else {
        throw ScriptError(RuntimeMessages.addedMetricsWindow(chosen, windowSizes))
      }
      if windowSizes.count > 1 || chosen != windowSizes[0] {
        let before = windowSizes.count == 1 ? Array(repeating: windowSizes[0], count: metrics.codes.count) : windowSizes
        windowSizes = before + Array(repeating: chosen, count: added.codes.count)
      }
      metrics = EngineMetrics(codes: metrics.codes + added.codes)
      // With fill on, the new metrics fill as their own fill says (null by default).
      if fill.isOn {
        fill = EngineFill(
          rules: fill.rules + (extraRules.isOn ? extraRules.rules : Array(repeating: .null, count: added.count)))
      }
    }
  }

  override func process(_ input: Table, _ m: Machine) throws(ScriptError) -> [Vector]? {
    let times = input.columns[timeIndex].int64s
    var out: [[Value]] = []
    for i in StreamEngine.windowableRows(times) {
      let key = keyIndices.map { ScalarKey(input.columns[$0][i]) ?? .null }
      var t = times[i]
      var kept = true
      if let sessions { (t, kept) = sessions.place(t) }
      var p: Pending
      if let known = pending[key] {
        p = known
      } else {
        p = Pending(
          rows: try Table(names: inputNames, columns: inputTypes.map { Vector.empty($0) }), times: [],
          nextEnd: (Temporal.floorDiv(t, step) + 1) * step, keyValues: keyIndices.map { input.columns[$0][i] })
      }
      while t >= p.nextEnd {
        try close(&p, before: t, into: &out, m)
      }
      if kept {
        try p.rows.append(columns: input.columns.map { $0.slice(i..<(i + 1)) }, from: "the engine \(name)")
        p.times.append(t)
      }
      pending[key] = p
      earliestEnd = min(earliestEnd, p.nextEnd)
      if let force = forceTrigger, t &- force >= earliestEnd { try forceClose(upTo: t &- force, into: &out, m) }
    }
    return StreamEngine.timedColumns(out, timeType: inputTypes[timeIndex])
  }

  /// `forceTriggerTime`: computes every key's windows that ended at or before `limit` (a row
  /// of some key came `forceTriggerTime` after them), then notes the earliest end left.
  private func forceClose(upTo limit: Int64, into out: inout [[Value]], _ m: Machine) throws(ScriptError) {
    var earliest = Int64.max
    // Only windows holding rows, or being filled, are due: a key with neither waits for its own.
    func due(_ p: Pending) -> Bool { !p.times.isEmpty || filling(p) }
    for (key, var p) in pending where due(p) {
      if p.nextEnd <= limit {
        while p.nextEnd <= limit, due(p) {
          let before = p.nextEnd
          try close(&p, before: limit, into: &out, m)
          if p.nextEnd == before { break }
        }
        pending[key] = p
      }
      if due(p) { earliest = min(earliest, p.nextEnd) }
    }
    earliestEnd = earliest
  }

  /// The metrics over the rows of the window ending at `p.nextEnd` (`inside`: those of the
  /// longest); with a length per metric, each metric over the rows of its own length.
  private func windowValues(_ p: Pending, _ inside: [Int], _ m: Machine) throws(ScriptError) -> [Value] {
    guard windowSizes.count > 1 else { return try metrics.lastValues(over: p.rows.gather(inside), m) }
    var values: [Value] = []
    for (code, size) in zip(metrics.codes, windowSizes) {
      let rows = inside.filter { p.times[$0] >= p.nextEnd - size }
      values += try EngineMetrics(codes: [code]).lastValues(over: p.rows.gather(rows), m)
    }
    return values
  }

  /// Whether the window ending at `end` lies in a session of the day (always, for the plain
  /// engine): a daily engine fills no window of the gaps between sessions.
  private func inSession(_ end: Int64) -> Bool {
    guard let sessions else { return true }
    let placed = sessions.place(end - 1)
    return placed.kept && placed.time == end - 1
  }

  /// Whether the key's empty windows are being filled: `fill` is on, the key had a window with
  /// rows, and its gap has not passed `EngineFill.maxWindowsPerGap` windows.
  private func filling(_ p: Pending) -> Bool {
    fill.isOn && p.lastValues != nil && p.filled < EngineFill.maxWindowsPerGap
  }

  /// Computes the window ending at `p.nextEnd` (if it has rows, or fills it), moves to the next
  /// window that can have rows (a row at `t` is arriving), and drops the rows no later window holds.
  private func close(_ p: inout Pending, before t: Int64, into out: inout [[Value]], _ m: Machine)
    throws(ScriptError)
  {
    let start = p.nextEnd - windowSize
    let inside = p.times.indices.filter { p.times[$0] >= start && p.times[$0] < p.nextEnd }
    let time = Value.int(useWindowStartTime ? start : p.nextEnd, inputTypes[timeIndex])
    if !inside.isEmpty {
      let values = try windowValues(p, inside, m)
      out.append([time] + p.keyValues + values)
      p.lastValues = values
      p.filled = 0
    } else if filling(p) {
      // Every empty window passed counts, filled or not (outside a daily engine's sessions), so
      // a long gap ends after the bound whatever the sessions.
      if inSession(p.nextEnd) { out.append([time] + p.keyValues + fill.values(after: p.lastValues)) }
      p.filled += 1
    }
    // The next window end; past a gap (unless it is being filled), the first one that can
    // hold the earliest row kept, or the arriving row at `t`.
    var next = p.nextEnd + step
    let keep = p.times.indices.filter { p.times[$0] >= next - windowSize }
    if !filling(p) {
      let earliest = keep.map { p.times[$0] }.min() ?? t
      next = max(next, (Temporal.floorDiv(earliest, step) + 1) * step)
    }
    if keep.count != p.times.count {
      p.rows = p.rows.gather(keep)
      p.times = keep.map { p.times[$0] }
    }
    p.nextEnd = next
  }
}
