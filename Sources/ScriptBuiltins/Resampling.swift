import ScriptRuntime

/// `resample(X, rule, func, [closed], [label], [origin])`: the rows of a matrix labelled by
/// increasing times, grouped by period (`rule`) and each column reduced by `func` per period;
/// the result is labelled by period. Calendar rules (B, W, WOM, LWOM, M, MS, BM, BMS, SM, SMS, Q,
/// QS, BQ, BQS, REQ, A, AS, BA, BAS, RE, D; with a count, "2M", that many periods grouped from
/// the earliest time's) group by the calendar function DolphinDB names for them (monthEnd for M,
/// ...), closed and labelled on their default side; clock rules (H, min, S, L, U, N, with a count: "15min") group by bar, closed and
/// labelled on the left unless told otherwise. Periods without rows are left out.
enum Resampling {
  /// Each time's period under the rule given at `ruleAt` (`"M"`, `"15min"`), with the sides of
  /// `closed` and `label` given at `closedAt` and `labelAt`: what `resample` groups by and
  /// `transFreq` gives.
  static func periods(
    _ times: Vector, _ a: CallArguments, _ function: String, ruleAt: Int, closedAt: Int, labelAt: Int
  ) throws(ScriptError) -> (keys: Vector, calendar: (market: TradingCalendar, step: Int)?) {
    let text = try a.text(ruleAt, "the rule")
    let digits = text.prefix { $0.isNumber }
    let rule = String(text.dropFirst(digits.count))
    let count = digits.isEmpty ? 1 : Int64(digits) ?? 0
    let closedRight = try BinningBuiltins.side(a, closedAt, "closed")
    let labelRight = try BinningBuiltins.side(a, labelAt, "label")
    if let (market, step) = calendarRule(text, a) {
      // A trading calendar: each time's trading day, a day that does not trade taking the one
      // before it; with a count, runs of that many trading days from the earliest.
      guard !a.has(closedAt), !a.has(labelAt) else {
        throw ScriptError(RuntimeMessages.tradingCalendarRuleOptions(text))
      }
      let days = tradingDays(times, market)
      return (step == 1 ? days : try everyNth(days, step, market), (market, step))
    }
    let periods: Value
    if let name = calendar[rule] {
      // The calendar rules keep their own sides (month ends close and label on the right).
      guard !a.has(closedAt), !a.has(labelAt) else { throw ScriptError(RuntimeMessages.resampleRuleOptions(text)) }
      var arguments: [Value] = [.vector(times)]
      if count != 1 {
        // "2M": the function's n, its periods grouped from the earliest time's.
        guard count > 1, count <= 1 << 20, let at = countArgument[rule] else {
          throw ScriptError(RuntimeMessages.resampleRuleCount(text, name, taken: countArgument[rule] != nil))
        }
        arguments += Array(repeating: Value.void, count: at - 1) + [.int(count, .long)]
      }
      periods = try a.machine.call(function: name, arguments)
    } else if let ns = clock[rule], count > 0, count <= 1 << 20 {
      let unit = Temporal.unitNanos(times.type)
      let (length, overflow) = ns.multipliedReportingOverflow(by: count)
      // Clock rules need times of day (not DATE or MONTH labels).
      guard !overflow, length % unit == 0, unit < 86_400_000_000_000, times.type != .month else {
        throw ScriptError(RuntimeMessages.resampleRuleInvalid(function, text, times.type.name))
      }
      periods = try BinningBuiltins.bar(
        .vector(times), .int(length / unit, .long), closedRight: closedRight, labelRight: labelRight)
    } else {
      throw ScriptError(RuntimeMessages.resampleRuleInvalid(function, text, times.type.name))
    }
    guard case .vector(let keys) = periods, keys.count == times.count else {
      throw ScriptError(RuntimeMessages.resampleRuleInvalid(function, text, times.type.name))
    }
    return (keys, nil)
  }

  /// `transFreq(X, rule, [closed], [label], [origin])`: each time of `X` as its period under
  /// the rule (the label `resample` gives its group), as long as `X`; origin only the default
  /// (`start_day`) or `epoch`, which place clock periods alike.
  static func transFreq(_ a: CallArguments) throws(ScriptError) -> Value {
    let scalar = a[0].isScalar
    guard let times = Structural.asVector(a[0]), times.type.isTemporal else {
      throw ScriptError(RuntimeMessages.transFreqNeedsTimes(a[0].typeString))
    }
    if a.has(4) {
      guard let origin = a[4].stringValue, origin == "start_day" || origin == "epoch" else {
        throw ScriptError(RuntimeMessages.transFreqOrigin(ValueFormatter.plain(a[4])))
      }
    }
    let keys = try periods(times, a, "transFreq", ruleAt: 1, closedAt: 2, labelAt: 3).keys
    return scalar ? keys[0] : .vector(keys)
  }

  /// A rule naming a trading calendar (`"XNYS"`, `"2XNYS"`): the calendar and the count of
  /// trading days; nil for any other rule.
  static func calendarRule(_ text: String, _ a: CallArguments) -> (TradingCalendar, Int)? {
    let digits = text.prefix { $0.isASCII && $0.isNumber }
    guard let market = a.machine.sharedObjects.calendars.calendar(String(text.dropFirst(digits.count))) else {
      return nil
    }
    guard !digits.isEmpty else { return (market, 1) }
    guard let n = Int(digits), n >= 1, n <= 1_000_000 else { return nil }
    return (market, n)
  }

  /// Trading days in runs of `step` from the earliest: each day as its run's first.
  static func everyNth(_ days: Vector, _ step: Int, _ market: TradingCalendar) throws(ScriptError) -> Vector {
    let known = (0..<days.count).compactMap { days[$0].isNull ? nil : days[$0].intValue }
    guard let first = known.min(), let last = known.max() else { return days }
    let all = try market.span(from: first, to: last)
    var index: [Int64: Int] = [:]
    for (k, d) in all.enumerated() { index[d] = k }
    var out: [Int64] = []
    out.reserveCapacity(days.count)
    for i in 0..<days.count {
      guard !days[i].isNull, let d = days[i].intValue, let k = index[d] else {
        out.append(Int64.min)
        continue
      }
      out.append(all[k / step * step])
    }
    return Vector(type: .date, ints: out)
  }

  /// Each time's trading day under `market` (DATE; null before a calendar of trading days starts).
  static func tradingDays(_ times: Vector, _ market: TradingCalendar) -> Vector {
    var days: [Int64] = []
    days.reserveCapacity(times.count)
    for i in 0..<times.count {
      guard case .int(let raw, let t) = times[i], raw != Int64.min,
        let day = Temporal.convert(raw, from: t, to: .date), let traded = market.onOrBefore(day)
      else {
        days.append(Int64.min)
        continue
      }
      days.append(traded)
    }
    return Vector(type: .date, ints: days)
  }

  /// The market's trading days from the first label to the last, and where each stands among
  /// them: a trading calendar's rows for every trading day, null where no row fell.
  static func tradingDayGrid(_ labels: Vector, _ market: TradingCalendar, step: Int = 1) throws(ScriptError) -> (
    Vector, [Int]
  )? {
    guard labels.count > 0, let first = labels[0].intValue, let last = labels[labels.count - 1].intValue,
      first != Int64.min, last != Int64.min
    else { return nil }
    let every = try market.span(from: first, to: last)
    let days = stride(from: 0, to: every.count, by: step).map { every[$0] }
    var at: [Int64: Int] = [:]
    for i in 0..<labels.count { if let d = labels[i].intValue { at[d] = i } }
    return (Vector(type: .date, ints: days), days.map { at[$0] ?? -1 })
  }

  /// `asFreq(X, rule)` with a trading calendar rule: the first row of each trading day of the
  /// indexed matrix or series, every trading day from the first to the last (null rows for days
  /// without one). Other rules are not taken here.
  static func asFreq(_ a: CallArguments) throws(ScriptError) -> Value {
    let (m, times) = try labelledByTimes(a[0], "asFreq")
    let text = try a.text(1, "the rule")
    guard calendarRule(text, a) != nil else { throw ScriptError(RuntimeMessages.asFreqNeedsCalendar(text)) }
    let (keys, calendar) = try periods(times, a, "asFreq", ruleAt: 1, closedAt: 2, labelAt: 3)
    var firsts: [Int] = []
    for i in 0..<keys.count
    where !keys[i].isNull && (firsts.isEmpty || Comparison.order(keys[firsts.last!], keys[i]) != 0) {
      firsts.append(i)
    }
    let labels = keys.gather(firsts)
    guard let (market, step) = calendar, let (grid, positions) = try tradingDayGrid(labels, market, step: step) else {
      let out = try Matrix(
        columns: m.columns.map { $0.gather([]) }, rows: 0, rowLabels: labels, columnLabels: m.columnLabels)
      out.isIndexed = m.isIndexed
      return .object(out)
    }
    let rows = positions.map { $0 < 0 ? -1 : firsts[$0] }
    let out = try Matrix(
      columns: m.columns.map { $0.gather(rows) }, rows: grid.count, rowLabels: grid, columnLabels: m.columnLabels)
    out.isIndexed = m.isIndexed
    return .object(out)
  }

  /// The calendar function of each calendar rule.
  static let calendar: [String: String] = [
    "B": "businessDay", "W": "weekEnd", "WOM": "weekOfMonth", "LWOM": "lastWeekOfMonth", "M": "monthEnd",
    "MS": "monthBegin", "BM": "businessMonthEnd", "BMS": "businessMonthBegin", "SM": "semiMonthEnd",
    "SMS": "semiMonthBegin", "Q": "quarterEnd", "QS": "quarterBegin", "BQ": "businessQuarterEnd",
    "BQS": "businessQuarterBegin", "REQ": "fy5253Quarter", "A": "yearEnd", "AS": "yearBegin",
    "BA": "businessYearEnd", "BAS": "businessYearBegin", "RE": "fy5253", "D": "date",
  ]
  /// Where each calendar function takes its `n` (a rule's count: "2M").
  static let countArgument: [String: Int] = [
    "B": 2, "W": 3, "WOM": 4, "LWOM": 3, "M": 2, "MS": 2, "BM": 2, "BMS": 2, "SM": 3, "SMS": 3, "Q": 3, "QS": 3,
    "BQ": 3, "BQS": 3, "REQ": 6, "A": 3, "AS": 3, "BA": 3, "BAS": 3, "RE": 5,
  ]
  /// The length of each clock rule, in nanoseconds.
  static let clock: [String: Int64] = [
    "H": 3_600_000_000_000, "min": 60_000_000_000, "S": 1_000_000_000, "L": 1_000_000, "U": 1000, "N": 1,
  ]

  /// A matrix or series labelled by increasing times, and its labels.
  static func labelledByTimes(_ x: Value, _ function: String) throws(ScriptError) -> (Matrix, Vector) {
    guard let m = MatrixBuiltins.matrix(x), let times = m.rowLabels, times.type.isTemporal else {
      throw ScriptError(RuntimeMessages.resampleNeedsLabelledTimes(x.typeString))
    }
    guard IndexedMatrixBuiltins.increasing(times) else {
      throw ScriptError(RuntimeMessages.indexedLabelsInvalid(function, "row"))
    }
    return (m, times)
  }

  static func resample(_ a: CallArguments) throws(ScriptError) -> Value {
    let (m, times) = try labelledByTimes(a[0], "resample")
    let f = try a.function(2, "the function of 'resample'")
    let (keys, calendar) = try periods(times, a, "resample", ruleAt: 1, closedAt: 3, labelAt: 4)
    // Runs of rows with the same period (the times increase, so each period's rows are together).
    var starts: [Int] = []
    for i in 0..<keys.count where i == 0 || Comparison.order(keys[i - 1], keys[i]) != 0 { starts.append(i) }
    var columns: [Vector] = []
    for column in m.columns {
      var cells: [Value] = []
      for (k, start) in starts.enumerated() {
        let end = k + 1 < starts.count ? starts[k + 1] : keys.count
        cells.append(try a.machine.call(f, [.vector(column.slice(start..<end))]))
      }
      guard case .vector(let v) = collectTyped(cells, empty: column.type), !v.isArrayVector, v.count == starts.count
      else {
        throw ScriptError(RuntimeMessages.resampleNeedsAggregate(f.name))
      }
      columns.append(v)
    }
    if let first = columns.first?.type, columns.contains(where: { $0.type != first }) {
      columns = try columns.map { c throws(ScriptError) in c.type == .double ? c : try Cast.vector(c, to: .double) }
    }
    var labels = keys.gather(starts)
    if let (market, step) = calendar, let (grid, positions) = try tradingDayGrid(labels, market, step: step) {
      // Every trading day from the first to the last gets a row, as DolphinDB's calendars do.
      columns = columns.map { $0.gather(positions) }
      labels = grid
    }
    let out = try Matrix(columns: columns, rows: labels.count, rowLabels: labels, columnLabels: m.columnLabels)
    out.isIndexed = m.isIndexed
    return .object(out)
  }
}
