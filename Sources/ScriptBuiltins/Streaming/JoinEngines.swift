import ScriptRuntime

/// `createAsofJoinEngine`: each left row joined with the key's last right row at or before its
/// time. A left row waits until a right row of its key comes later than it (so no later right
/// row can be its match); with `useSystemTime` it is joined at once with the latest right row
/// and stamped with the time it arrived. Output: time, the left's matching columns, metrics.
final class AsofJoinEngine: JoinEngine, @unchecked Sendable {
  private let leftTime: Int?
  private let rightTime: Int?
  private let garbageSize: Int
  private var waiting: [[ScalarKey]: [Row]] = [:]
  private var rights: [[ScalarKey]: [Row]] = [:]

  init(
    _ inputs: JoinInputs, timeColumn: Value?, useSystemTime: Bool, garbageSize: Int, _ m: Machine
  ) throws(ScriptError) {
    let times = try JoinEngineSupport.timeColumns(
      timeColumn, useSystemTime: useSystemTime, inputs, "createAsofJoinEngine")
    leftTime = times?.0
    rightTime = times?.1
    self.garbageSize = max(garbageSize, 1)
    try super.init(inputs, "createAsofJoinEngine", m)
  }

  override var engineType: String { "ASOF JOIN ENGINE" }

  override func process(_ input: Table, _ m: Machine) throws(ScriptError) -> [Vector]? {
    var joined = JoinedRows()
    for row in JoinEngine.rows(of: input) {
      let key = leftKey(row)
      guard let leftTime, rightTime != nil else {
        joined.add(
          [.int(m.clock.nowNanoseconds() / 1_000_000, .timestamp)] + leftKeys.map { row[$0] }, row, rights[key]?.last)
        continue
      }
      if row[leftTime].isNull { continue }
      waiting[key, default: []].append(row)
      flush(key, &joined)
    }
    return try results(joined, m)
  }

  override func processRight(_ input: Table, _ m: Machine) throws(ScriptError) -> [Vector]? {
    var joined = JoinedRows()
    for row in JoinEngine.rows(of: input) {
      let key = rightKey(row)
      var kept = rights[key, default: []]
      kept.append(row)
      if kept.count > garbageSize { kept.removeFirst(kept.count - garbageSize) }
      rights[key] = kept
      flush(key, &joined)
    }
    return try results(joined, m)
  }

  /// The key's waiting left rows earlier than its latest right row, joined and sent.
  private func flush(_ key: [ScalarKey], _ joined: inout JoinedRows) {
    guard let leftTime, let rightTime, let kept = rights[key], let latest = kept.last, var rows = waiting[key] else {
      return
    }
    let newest = latest[rightTime]
    while let row = rows.first, Comparison.order(row[leftTime], newest) < 0 {
      rows.removeFirst()
      // The last right row at or before the left row's time.
      let match = kept.last { Comparison.order($0[rightTime], row[leftTime]) <= 0 }
      joined.add([row[leftTime]] + leftKeys.map { row[$0] }, row, match)
    }
    waiting[key] = rows.isEmpty ? nil : rows
  }
}

/// `createLookupJoinEngine`: each left row joined at once with the latest right row of its key
/// (nulls when there is none, or no output with `isInnerJoin`; every right row of the key with
/// `keepDuplicates`). A right table given with rows is looked up from the start. Output: the
/// left's matching columns, metrics.
final class LookupJoinEngine: JoinEngine, @unchecked Sendable {
  private let keepDuplicates: Bool
  private let innerJoin: Bool
  private var rights: [[ScalarKey]: [Row]] = [:]

  init(
    _ inputs: JoinInputs, keepDuplicates: Bool, innerJoin: Bool, _ m: Machine
  ) throws(ScriptError) {
    self.keepDuplicates = keepDuplicates
    self.innerJoin = innerJoin || keepDuplicates
    try super.init(inputs, "createLookupJoinEngine", m)
    try initialRight(inputs.right, m)
  }

  override var engineType: String { "LOOKUP JOIN ENGINE" }

  override func process(_ input: Table, _ m: Machine) throws(ScriptError) -> [Vector]? {
    var joined = JoinedRows()
    for row in JoinEngine.rows(of: input) {
      let found = rights[leftKey(row)] ?? []
      if found.isEmpty && innerJoin { continue }
      for match in found.isEmpty ? [nil] : found.map({ Optional($0) }) {
        joined.add(leftKeys.map { row[$0] }, row, match)
      }
    }
    return try results(joined, m)
  }

  override func processRight(_ input: Table, _ m: Machine) throws(ScriptError) -> [Vector]? {
    for row in JoinEngine.rows(of: input) {
      let key = rightKey(row)
      rights[key] = keepDuplicates ? (rights[key] ?? []) + [row] : [row]
    }
    return nil
  }
}

/// `createLeftSemiJoinEngine`: each left row joined with the first right row of its key (the
/// latest with `updateRightTable`), once one has come; a left row without one waits for it.
/// Output: the left's matching columns, metrics.
final class LeftSemiJoinEngine: JoinEngine, @unchecked Sendable {
  private let updateRight: Bool
  private let garbageSize: Int
  private var rights: [[ScalarKey]: Row] = [:]
  private var waiting: [[ScalarKey]: [Row]] = [:]

  init(
    _ inputs: JoinInputs, garbageSize: Int, updateRight: Bool, _ m: Machine
  ) throws(ScriptError) {
    self.updateRight = updateRight
    self.garbageSize = max(garbageSize, 1)
    try super.init(inputs, "createLeftSemiJoinEngine", m)
  }

  override var engineType: String { "LEFT SEMI JOIN ENGINE" }

  override func process(_ input: Table, _ m: Machine) throws(ScriptError) -> [Vector]? {
    var joined = JoinedRows()
    for row in JoinEngine.rows(of: input) {
      let key = leftKey(row)
      if let match = rights[key] {
        joined.add(leftKeys.map { row[$0] }, row, match)
      } else {
        var rows = waiting[key, default: []]
        rows.append(row)
        // Left rows waiting longest are dropped past garbageSize per key.
        if rows.count > garbageSize { rows.removeFirst(rows.count - garbageSize) }
        waiting[key] = rows
      }
    }
    return try results(joined, m)
  }

  override func processRight(_ input: Table, _ m: Machine) throws(ScriptError) -> [Vector]? {
    var joined = JoinedRows()
    for row in JoinEngine.rows(of: input) {
      let key = rightKey(row)
      if rights[key] == nil || updateRight { rights[key] = row }
      for left in waiting.removeValue(forKey: key) ?? [] {
        joined.add(leftKeys.map { left[$0] }, left, rights[key])
      }
    }
    return try results(joined, m)
  }
}

/// `createEquiJoinEngine`: a left row and a right row with the same key and the same time,
/// joined once both have come (each joins once). Output: time, the left's matching columns,
/// metrics.
final class EquiJoinEngine: JoinEngine, @unchecked Sendable {
  private let leftTime: Int
  private let rightTime: Int
  private let garbageSize: Int
  private var lefts: [[ScalarKey]: [Row]] = [:]
  private var rights: [[ScalarKey]: [Row]] = [:]

  init(
    _ inputs: JoinInputs, timeColumn: Value, garbageSize: Int, _ m: Machine
  ) throws(ScriptError) {
    guard
      let times = try JoinEngineSupport.timeColumns(
        timeColumn, useSystemTime: false, inputs, "createEquiJoinEngine")
    else { throw ScriptError(RuntimeMessages.joinEngineNeedsTime("createEquiJoinEngine")) }
    (leftTime, rightTime) = times
    self.garbageSize = max(garbageSize, 1)
    try super.init(inputs, "createEquiJoinEngine", m)
  }

  override var engineType: String { "EQUI JOIN ENGINE" }

  override func process(_ input: Table, _ m: Machine) throws(ScriptError) -> [Vector]? {
    try join(JoinEngine.rows(of: input), fromLeft: true, m)
  }

  override func processRight(_ input: Table, _ m: Machine) throws(ScriptError) -> [Vector]? {
    try join(JoinEngine.rows(of: input), fromLeft: false, m)
  }

  private func join(_ rows: [Row], fromLeft: Bool, _ m: Machine) throws(ScriptError) -> [Vector]? {
    var joined = JoinedRows()
    for row in rows {
      let time = row[fromLeft ? leftTime : rightTime]
      if time.isNull { continue }
      let key = (fromLeft ? leftKey(row) : rightKey(row)) + [ScalarKey(time) ?? .null]
      var others = (fromLeft ? rights[key] : lefts[key]) ?? []
      if !others.isEmpty {
        let other = others.removeFirst()
        let (l, r) = fromLeft ? (row, other) : (other, row)
        joined.add([l[leftTime]] + leftKeys.map { l[$0] }, l, r)
        if fromLeft { rights[key] = others.isEmpty ? nil : others } else { lefts[key] = others.isEmpty ? nil : others }
        continue
      }
      if fromLeft { lefts[key, default: []].append(row) } else { rights[key, default: []].append(row) }
    }
    // Past garbageSize unjoined rows on a side, whole keys of them are dropped until it fits.
    JoinEngineSupport.bound(&lefts, garbageSize)
    JoinEngineSupport.bound(&rights, garbageSize)
    return try results(joined, m)
  }
}

enum JoinEngineSupport {
  /// Drops keys' rows (in no particular order) until at most `limit` rows are kept.
  static func bound(_ store: inout [[ScalarKey]: [JoinEngine.Row]], _ limit: Int) {
    var total = store.values.reduce(0) { $0 + $1.count }
    while total > limit, let (key, rows) = store.first {
      total -= rows.count
      store[key] = nil
    }
  }

  /// The time column of each side (one name for both, or a left and a right name); nil with
  /// `useSystemTime` or none given.
  static func timeColumns(_ v: Value?, useSystemTime: Bool, _ inputs: JoinInputs, _ what: String)
    throws(ScriptError) -> (Int, Int)?
  {
    guard let v, !useSystemTime else { return nil }
    let names: [String]
    switch v {
    case .string(let s, _): names = [s, s]
    case .vector(let vec) where vec.type.isText && vec.count == 2: names = vec.strings
    default: throw ScriptError(RuntimeMessages.mustBeString("the timeColumn of '\(what)'", got: v.typeString))
    }
    let (l, r) = try inputs.tables(what)
    let li = try StreamEngine.columns([names[0]], in: l.columnNames, "timeColumn")[0]
    let ri = try StreamEngine.columns([names[1]], in: r.columnNames, "timeColumn")[0]
    return (li, ri)
  }
}
