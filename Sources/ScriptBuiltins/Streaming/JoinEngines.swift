import Dispatch
import ScriptRuntime

/// `createAsofJoinEngine`: each left row joined with the key's last right row at or before its
/// time. A left row waits until a right row of its key comes later than it (so no later right
/// row can be its match); with `useSystemTime` it is joined at once with the latest right row
/// and stamped with the time it arrived. With `delayedTime`, a left row waits no longer than
/// until a left row of its key comes more than `delayedTime` later, or until twice that
/// (at least two seconds) has passed on the wall clock: then it is joined with what has come.
/// Output: time, the left's matching columns, metrics.
final class AsofJoinEngine: JoinEngine, @unchecked Sendable {
  private let leftTime: Int?
  private let rightTime: Int?
  private let garbageSize: Int
  /// In the time column's units; nil when left rows wait for a right row however long.
  private let delayedTime: Int64?
  /// How long a left row waits on the wall clock with `delayedTime`, in nanoseconds.
  private let wallClockWait: Int64
  private var waiting: [[ScalarKey]: [Waiting]] = [:]
  private var rights: [[ScalarKey]: [Row]] = [:]
  /// Whether a wall-clock check is due (one at a time).
  private var checkScheduled = false

  /// A left row not yet joined, and when it came (wall clock, nanoseconds).
  private struct Waiting {
    let row: Row
    let came: Int64
  }

  init(
    _ inputs: JoinInputs, timeColumn: Value?, useSystemTime: Bool, delayedTime given: Value?, garbageSize: Int,
    _ m: Machine
  ) throws(ScriptError) {
    let times = try JoinEngineSupport.timeColumns(
      timeColumn, useSystemTime: useSystemTime, inputs, "createAsofJoinEngine")
    leftTime = times?.0
    rightTime = times?.1
    self.garbageSize = max(garbageSize, 1)
    var delay: Int64?
    var unit: Int64 = 1_000_000
    if let given {
      guard let times else { throw ScriptError(RuntimeMessages.delayedTimeNeedsTimeColumn()) }
      guard let d = given.intValue, given.form == .scalar, d > 0 else {
        throw ScriptError(
          RuntimeMessages.mustBePositive("the delayedTime of 'createAsofJoinEngine'", Int(given.intValue ?? 0)))
      }
      let (l, _) = try inputs.tables("createAsofJoinEngine")
      unit = Temporal.unitNanos(l.columnTypes[times.0])
      delay = d
    }
    delayedTime = delay
    // Twice the delay, at least two seconds (DolphinDB's rule), capped at a day.
    let (twice, overflow) = (delay ?? 0).multipliedReportingOverflow(by: 2 * unit)
    wallClockWait = min(max(overflow ? Int64.max : twice, 2_000_000_000), 86_400_000_000_000)
    try super.init(inputs, "createAsofJoinEngine", m)
  }

  override var engineType: String { "ASOF JOIN ENGINE" }

  override func process(_ input: Table, _ m: Machine) throws(ScriptError) -> [Vector]? {
    var joined = JoinedRows()
    let now = m.clock.nowNanoseconds()
    for row in JoinEngine.rows(of: input) {
      let key = leftKey(row)
      guard let leftTime, rightTime != nil else {
        joined.add(
          [.int(now / 1_000_000, .timestamp)] + leftKeys.map { row[$0] }, row, rights[key]?.last)
        continue
      }
      if row[leftTime].isNull { continue }
      waiting[key, default: []].append(Waiting(row: row, came: now))
      flush(key, &joined)
      if let delayedTime, let latest = row[leftTime].intValue {
        // Rows of the key more than delayedTime older than this one wait no longer.
        flush(key, &joined) { w in
          guard let t = w.row[leftTime].intValue else { return true }
          let (gap, overflow) = latest.subtractingReportingOverflow(t)
          return overflow ? latest > t : gap > delayedTime
        }
      }
    }
    if delayedTime != nil && !waiting.isEmpty { scheduleCheck(m) }
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

  /// The key's waiting left rows earlier than its latest right row, joined and sent; with
  /// `due`, the leading waiting rows it picks, joined with what has come.
  private func flush(_ key: [ScalarKey], _ joined: inout JoinedRows, due: ((Waiting) -> Bool)? = nil) {
    guard let leftTime, let rightTime, let rows = waiting[key] else { return }
    let kept = rights[key] ?? []
    let newest = kept.last?[rightTime]
    var taken = 0
    for w in rows {
      if let due {
        guard due(w) else { break }
      } else {
        guard let newest, Comparison.order(w.row[leftTime], newest) < 0 else { break }
      }
      // The last right row at or before the left row's time.
      let match = kept.last { Comparison.order($0[rightTime], w.row[leftTime]) <= 0 }
      joined.add([w.row[leftTime]] + leftKeys.map { w.row[$0] }, w.row, match)
      taken += 1
    }
    guard taken > 0 else { return }
    waiting[key] = taken == rows.count ? nil : Array(rows.dropFirst(taken))
  }

  /// Left rows that have waited `wallClockWait` are joined by the session that fed the engine,
  /// at its next safe point (a statement's start or end, `sleep`).
  private func scheduleCheck(_ m: Machine) {
    guard !checkScheduled else { return }
    checkScheduled = true
    let inbox = m.inbox
    let wait = wallClockWait
    DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(Int(wait))) { [weak self] in
      inbox.post { m in self?.expire(m) }
    }
  }

  private func expire(_ m: Machine) {
    // A dropped engine sends nothing more.
    guard m.sharedObjects.engines.engine(name) === self else { return }
    try? emit(m) { () throws(ScriptError) -> [Vector]? in
      checkScheduled = false
      let cutoff = m.clock.nowNanoseconds() - wallClockWait
      var joined = JoinedRows()
      // Keys in the order their oldest waiting rows came, so output keeps arrival order.
      let keys = waiting.keys.sorted { (waiting[$0]?.first?.came ?? 0) < (waiting[$1]?.first?.came ?? 0) }
      for key in keys {
        flush(key, &joined) { $0.came <= cutoff }
      }
      if !waiting.isEmpty { scheduleCheck(m) }
      return try results(joined, m)
    }
  }
}

/// `createLookupJoinEngine`: each left row joined at once with the latest right row of its key
/// (nulls when there is none, or no output with `isInnerJoin`; every right row of the key with
/// `keepDuplicates`). A right table given with rows (or select metacode) is looked up from the
/// start; with `checkTimes` (times of day, or an interval such as `10s`) it is read again once
/// one of those times has passed, before the next left rows are joined. Output: the left's
/// matching columns, metrics.
final class LookupJoinEngine: JoinEngine, @unchecked Sendable {
  private let keepDuplicates: Bool
  private let innerJoin: Bool
  private var rights: [[ScalarKey]: [Row]] = [:]
  /// What the right side is read from again (a table, or select metacode), with `checkTimes`.
  private let rightSource: Value
  private let refresh: Refresh?
  /// When the right side was last read (local wall clock, nanoseconds).
  private var lastRead: Int64

  /// When `checkTimes` asks the right side to be read again.
  enum Refresh {
    /// Every interval (nanoseconds).
    case every(Int64)
    /// At these times of day (nanoseconds since midnight), sorted.
    case at([Int64])

    init(_ v: Value) throws(ScriptError) {
      if case .duration(let d) = v, let n = d.nanoseconds, n > 0 {
        self = .every(n)
        return
      }
      guard let times = Structural.asVector(v), [.time, .second, .minute, .nanotime].contains(times.type),
        times.count > 0
      else {
        throw ScriptError(RuntimeMessages.checkTimesForm(v.typeString))
      }
      let unit = Temporal.unitNanos(times.type)
      var out: [Int64] = []
      for i in 0..<times.count {
        guard let t = times[i].intValue, !times[i].isNull else { continue }
        let (ns, overflow) = t.multipliedReportingOverflow(by: unit)
        guard !overflow, ns >= 0, ns < 86_400_000_000_000 else {
          throw ScriptError(RuntimeMessages.checkTimeOutOfDay("\(times.type.name) \(t)"))
        }
        out.append(ns)
      }
      guard !out.isEmpty else { throw ScriptError(RuntimeMessages.checkTimesForm(v.typeString)) }
      self = .at(out.sorted())
    }

    /// Whether a time to read again lies after `last` and at or before `now`.
    func due(since last: Int64, now: Int64) -> Bool {
      switch self {
      case .every(let n): return now - last >= n
      case .at(let times):
        let day: Int64 = 86_400_000_000_000
        let lastDay = Temporal.floorDiv(last, day)
        let nowDay = Temporal.floorDiv(now, day)
        if nowDay - lastDay > 1 { return true }
        for d in lastDay...max(lastDay, nowDay) {
          for t in times where d * day + t > last && d * day + t <= now { return true }
        }
        return false
      }
    }
  }

  init(
    _ inputs: JoinInputs, rightSource: Value, checkTimes: Value?, keepDuplicates: Bool, innerJoin: Bool,
    _ m: Machine
  ) throws(ScriptError) {
    self.keepDuplicates = keepDuplicates
    self.innerJoin = innerJoin || keepDuplicates
    self.rightSource = rightSource
    refresh = try checkTimes.map { v throws(ScriptError) in try Refresh(v) }
    lastRead = m.clock.nowNanoseconds()
    try super.init(inputs, "createLookupJoinEngine", m)
    // A right side read again at checkTimes is a table of any kind (shared, a database's).
    if refresh != nil { try readRightAgain(m) } else { try initialRight(inputs.right, m) }
  }

  override var engineType: String { "LOOKUP JOIN ENGINE" }

  override func process(_ input: Table, _ m: Machine) throws(ScriptError) -> [Vector]? {
    if let refresh {
      let now = m.clock.nowNanoseconds()
      if refresh.due(since: lastRead, now: now) {
        try readRightAgain(m)
        lastRead = now
      }
    }
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
    keep(JoinEngine.rows(of: input))
    return nil
  }

  private func keep(_ rows: [Row]) {
    for row in rows {
      let key = rightKey(row)
      rights[key] = keepDuplicates ? (rights[key] ?? []) + [row] : [row]
    }
  }

  /// The right side's rows now, in place of those kept (runs under the engine's lock).
  private func readRightAgain(_ m: Machine) throws(ScriptError) {
    let value: Value
    if let code = MetacodeBuilder.code(rightSource) {
      value = try m.evaluate(code)
    } else {
      value = rightSource
    }
    let t: Table
    switch value {
    case .object(let table as Table): t = table
    case .object(let source as TableSource): t = try source.scan(columns: nil, predicates: [])
    default:
      throw ScriptError(
        RuntimeMessages.mustBeTable("the rightTable of 'createLookupJoinEngine'", got: value.typeString))
    }
    // Converted to the right side's types as an append is (a column count that changed is named).
    let table = try Table(names: rightNames, columns: rightTypes.map { Vector.empty($0) })
    try table.append(columns: t.columns, from: "the rightTable of 'createLookupJoinEngine'")
    rights = [:]
    keep(JoinEngine.rows(of: table))
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
