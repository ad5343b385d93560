import ScriptRuntime

/// `createSessionWindowEngine`: aggregates each key's sessions, runs of rows each less than
/// `sessionGap` after the one before. A session ends `sessionGap` after its last row; the
/// next row of the key at or past that end computes it, sends its row (stamped with the
/// session's first time, or its end with `useSessionStartTime=false`) and starts the next
/// session. A row earlier than its key's last one is out of order and left out, as DolphinDB
/// leaves it out.
final class SessionWindowEngine: StreamEngine, @unchecked Sendable {
  let gap: Int64
  private(set) var metrics: EngineMetrics
  let timeIndex: Int
  let keyIndices: [Int]
  let useSessionStartTime: Bool

  /// One key's open session: its rows and their times (ascending).
  private struct Session {
    var rows: Table
    var times: [Int64]
  }
  private var sessions: [[ScalarKey]: Session] = [:]

  init(
    name: String, sessionGap: Value, metrics: Value, dummy: Value, output: Value, timeColumn: String, keys: [String],
    useSessionStartTime: Bool, _ m: Machine
  ) throws(ScriptError) {
    self.metrics = try EngineMetrics(metrics, m)
    let timeType: DataType
    (timeIndex, keyIndices, timeType) = try StreamEngine.timeAndKeys(dummy, timeColumn, keys)
    gap = try TimeSeriesEngine.length(sessionGap, timeType, "sessionGap")
    self.useSessionStartTime = useSessionStartTime
    try super.init(name: name, dummy: dummy, output: output, "createSessionWindowEngine")
  }

  override var engineType: String { "SESSION WINDOW ENGINE" }

  /// `addMetrics`: later results also compute `added` (a window length does not apply).
  override func addMetrics(_ added: EngineMetrics, windowSize: Value?, fill: Value?) throws(ScriptError) {
    lock.withLock { _ in metrics = EngineMetrics(codes: metrics.codes + added.codes) }
  }

  private func fresh() throws(ScriptError) -> Session {
    Session(rows: try Table(names: inputNames, columns: inputTypes.map { Vector.empty($0) }), times: [])
  }

  override func process(_ input: Table, _ m: Machine) throws(ScriptError) -> [Vector]? {
    let times = input.columns[timeIndex].int64s
    var out: [[Value]] = []
    for i in StreamEngine.windowableRows(times) {
      let key = keyIndices.map { ScalarKey(input.columns[$0][i]) ?? .null }
      let t = times[i]
      var s: Session
      if let open = sessions[key] { s = open } else { s = try fresh() }
      if let last = s.times.last {
        if t < last { continue }
        if t >= last + gap {
          let values = try metrics.lastValues(over: s.rows, m)
          var row: [Value] = [.int(useSessionStartTime ? s.times[0] : last + gap, inputTypes[timeIndex])]
          row += keyIndices.map { input.columns[$0][i] }
          row += values
          out.append(row)
          s = try fresh()
        }
      }
      try s.rows.append(columns: input.columns.map { $0.slice(i..<(i + 1)) }, from: "the engine \(name)")
      s.times.append(t)
      sessions[key] = s
    }
    return StreamEngine.timedColumns(out, timeType: inputTypes[timeIndex])
  }
}
