import ScriptRuntime

/// The sessions of a trading day for `createDailyTimeSeriesEngine`: windows are computed only
/// inside [sessionBegin[i], sessionEnd[i]) of each calendar day. A row before a session (before
/// the first one, or in the gap after the previous one) counts in that session's first window;
/// a row after the day's last session is dropped (it still closes the windows before it). A row
/// exactly at a session's end joins its last window with `mergeSessionEnd`, else the next
/// session's first (or is dropped after the last session).
struct DailySessions {
  /// Session bounds as offsets into the day, in units of the time column.
  let begins: [Int64]
  let ends: [Int64]
  let dayLength: Int64
  let mergeSessionEnd: Bool
  static let nsPerDay: Int64 = 86_400_000_000_000

  /// Sessions from the engine's arguments (SECOND, TIME or NANOTIME scalars or vectors); none
  /// given is one session holding the whole day.
  init(begin: Value, end: Value, mergeSessionEnd: Bool, timeType: DataType) throws(ScriptError) {
    let unit = Temporal.unitNanos(timeType)
    let day = DailySessions.nsPerDay / unit
    dayLength = day
    func offsets(_ v: Value, _ what: String) throws(ScriptError) -> [Int64]? {
      if case .void = v { return nil }
      let items = HigherOrder.elements(v) ?? [v]
      var out: [Int64] = []
      for item in items {
        guard [.second, .time, .nanotime].contains(item.type), let x = item.intValue, x != Value.nullInt,
          x >= 0, x <= DailySessions.nsPerDay / Temporal.unitNanos(item.type)
        else {
          throw ScriptError(RuntimeMessages.sessionBoundsInvalid(what, ValueFormatter.plain(v)))
        }
        out.append(x * Temporal.unitNanos(item.type) / unit)
      }
      return out
    }
    let begins = try offsets(begin, "sessionBegin") ?? [0]
    // 00:00:00 as an end is midnight at the end of the day.
    var ends = try offsets(end, "sessionEnd") ?? [day]
    ends = ends.map { $0 == 0 ? day : $0 }
    guard begins.count == ends.count, !begins.isEmpty else {
      throw ScriptError(RuntimeMessages.sessionBoundsMismatch(begins.count, ends.count))
    }
    for i in begins.indices {
      guard begins[i] < ends[i], i == 0 || ends[i - 1] <= begins[i] else {
        throw ScriptError(RuntimeMessages.sessionsOutOfOrder(i + 1))
      }
    }
    self.begins = begins
    self.ends = ends
    self.mergeSessionEnd = mergeSessionEnd
  }

  /// The time a row at `t` is counted at, and whether it is kept (a dropped row's time only
  /// closes the windows before it).
  func place(_ t: Int64) -> (time: Int64, kept: Bool) {
    let day = Temporal.floorDiv(t, dayLength) &* dayLength
    let offset = t &- day
    for i in begins.indices {
      if offset < begins[i] { return (day &+ begins[i], true) }
      if offset < ends[i] { return (t, true) }
      if offset == ends[i] && mergeSessionEnd { return (t &- 1, true) }
    }
    return (t, false)
  }
}
