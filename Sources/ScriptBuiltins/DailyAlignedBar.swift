import ScriptRuntime

/// `dailyAlignedBar(X, timeOffset, n, [timeEnd], [mergeSessionEnd=false])`: the start of the
/// `n`-long window of each time in X, windows aligned on the start of its trading session
/// (`timeOffset`: one start, or the increasing starts of a day's sessions), as
/// `X - ((X - sessionStart) % n)`. A time before the day's first session belongs to the last
/// session of the day before (a night session). With `timeEnd` and `mergeSessionEnd`, a time
/// exactly at a session's end that would open a window of its own joins the window before.
enum DailyAlignedBar {
  static let builtin = Builtin(
    "dailyAlignedBar", args: 3...5, parameterNames: ["X", "timeOffset", "n", "timeEnd", "mergeSessionEnd"]
  ) { a throws(ScriptError) in try bar(a) }

  static let nanosPerDay: Int64 = 86_400_000_000_000

  /// The time-of-day type of each timestamp type's precision.
  static let clock: [DataType: DataType] = [
    .second: .second, .datetime: .second, .time: .time, .timestamp: .time, .nanotime: .nanotime,
    .nanotimestamp: .nanotime,
  ]

  static func bar(_ a: CallArguments) throws(ScriptError) -> Value {
    let x = try column(a[0], "dailyAlignedBar")
    let offsets = try column(a[1], "dailyAlignedBar")
    guard let clockType = clock[x.type], offsets.type == clockType else {
      throw ScriptError(RuntimeMessages.dailyAlignedBarTypes(x.type.name, offsets.type.name))
    }
    let unit = Temporal.unitNanos(clockType)
    let day = nanosPerDay / unit
    let starts = offsets.int64s
    guard !starts.isEmpty, !starts.contains(Value.nullInt), zip(starts, starts.dropFirst()).allSatisfy({ $0 < $1 })
    else { throw ScriptError(RuntimeMessages.sessionsNotIncreasing("timeOffset")) }
    let n = try length(a[2], unit: unit)
    // Each session's end, after its start (a night session ends the next day).
    var ends: [Int64]?
    if a.has(3) {
      let e = try column(a[3], "dailyAlignedBar")
      guard e.type == clockType, e.count == starts.count, !e.int64s.contains(Value.nullInt) else {
        throw ScriptError(RuntimeMessages.sessionEndsMismatch(starts.count, clockType.name))
      }
      ends = zip(starts, e.int64s).map { s, e in e > s ? e : e + day }
    }
    let merge = a.has(4) && a[4].isTruthy
    var out = [Int64](repeating: Value.nullInt, count: x.count)
    let values = x.int64s
    for i in 0..<values.count where values[i] != Value.nullInt {
      var t = Temporal.floorMod(values[i], day)
      // The session: the last one starting at or before the time of day; before the first,
      // the day before's last.
      var k = starts.count - 1
      if t < starts[0] {
        t += day
      } else {
        while starts[k] > t { k -= 1 }
      }
      let since = t - starts[k]
      var start = values[i] - since % n
      if merge, let ends, t == ends[k], since % n == 0, since > 0 { start -= n }
      out[i] = x.type == clockType ? Temporal.floorMod(start, day) : start
    }
    let result = Vector(type: x.type, ints: out)
    return a[0].isScalar ? result[0] : .vector(result)
  }

  /// The window length: an integer in the session times' unit, or a duration of seconds,
  /// minutes or hours (not days or longer: windows lie inside a day).
  static func length(_ v: Value, unit: Int64) throws(ScriptError) -> Int64 {
    let n: Int64?
    if case .duration(let d) = v {
      n = ["d", "w", "M", "y", "B"].contains(d.unit) ? nil : d.nanoseconds.map { $0 / unit }
    } else {
      n = v.intValue
    }
    guard let n, n > 0, n <= nanosPerDay / unit else {
      throw ScriptError(RuntimeMessages.dailyAlignedBarLength(ValueFormatter.plain(v)))
    }
    return n
  }
}
