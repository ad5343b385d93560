import ScriptRuntime

/// `cutPoints` (the boundaries of a RANGE partition scheme with rows spread evenly) and
/// `concatDateTime` (a date and a time of day as one timestamp).
enum BinningBuiltins {
  static let all: [Builtin] = [
    // bar(X, interval): each value rounded down to a multiple of the interval (a number, or a
    // duration such as 5m for times).
    // closed: "left" (the default) puts a value on a boundary in the bin it starts, "right"
    // in the bin it ends (bins are then (start, end]).
    Builtin("bar", args: 2...3, parameterNames: ["X", "interval", "closed"]) { a throws(ScriptError) in
      try bar(a[0], a[1], closedRight: side(a, 2, "closed"))
    },
    // interval(X, duration, fill, [step], [explicitOffset], [closed], [label], [origin]): in
    // `group by`, the interval of each row (as bar) and, unless fill is "none", the empty
    // intervals added and filled (the query does that; see IntervalFill). closed says which end
    // of a bin holds a value on its boundary, label whether a bin is named by its start or its
    // end. step, explicitOffset and origin are accepted and not used.
    Builtin(
      "interval", args: 3...8,
      parameterNames: ["X", "duration", "fill", "step", "explicitOffset", "closed", "label", "origin"]
    ) { a throws(ScriptError) in
      if let s = a[2].stringValue, a[2].type == .string || a[2].type == .symbol,
        !["none", "null", "prev", "post", "linear"].contains(s)
      {
        throw ScriptError(RuntimeMessages.intervalFillInvalid("\"\(s)\""))
      }
      guard a[2].isScalar else { throw ScriptError(RuntimeMessages.intervalFillInvalid(a[2].typeString)) }
      // A duration of trading days (`2XNYS`): runs of that many trading days from the earliest.
      if case .duration(let d) = a[1], let market = a.machine.sharedObjects.calendars.calendar(d.unit) {
        guard d.count >= 1, d.count <= TradingCalendar.maxSpan, let times = Structural.asVector(a[0]),
          times.type.isTemporal
        else {
          throw ScriptError(RuntimeMessages.barIntervalInvalid(d.description, a[0].typeString))
        }
        let days = Resampling.tradingDays(times, market)
        return .vector(d.count == 1 ? days : try Resampling.everyNth(days, Int(d.count), market))
      }
      return try bar(a[0], a[1], closedRight: side(a, 5, "closed"), labelRight: side(a, 6, "label"))
    },
    // cutPoints(X, binNum, [freq]): binNum + 1 boundaries, each bin [lower, upper) holding about
    // as many elements (or as much frequency) as the others.
    Builtin("cutPoints", args: 2...3, parameterNames: ["X", "binNum", "freq"]) { a throws(ScriptError) in
      let x = try column(a[0], "cutPoints")
      let bins = try a.integer(1, "the number of bins")
      guard bins > 0, bins <= 1_000_000 else { throw ScriptError(RuntimeMessages.binCountInvalid(bins)) }
      var values: [Value] = []
      var weights: [Double] = []
      if a.count > 2 {
        let freq = try column(a[2], "cutPoints")
        guard freq.count == x.count else {
          throw ScriptError(RuntimeMessages.lengthMismatch("cutPoints", x.count, freq.count))
        }
        for i in 0..<x.count where !x.isNull(i) {
          values.append(x[i])
          weights.append(max(0, freq[i].doubleValue ?? 0))
        }
      } else {
        let order = (0..<x.count).filter { !x.isNull($0) }.sorted { Comparison.order(x[$0], x[$1]) < 0 }
        for i in order {
          if let last = values.last, Comparison.order(last, x[i]) == 0 {
            weights[weights.count - 1] += 1
          } else {
            values.append(x[i])
            weights.append(1)
          }
        }
      }
      guard let first = values.first, let last = values.last else {
        throw ScriptError(RuntimeMessages.cutPointsNeedsValues())
      }
      let total = weights.reduce(0, +)
      var cuts = [first]
      var before = 0.0
      var k = 1
      for (i, v) in values.enumerated() {
        while k < bins && before >= Double(k) * total / Double(bins) {
          if let previous = cuts.last, Comparison.order(previous, v) < 0 { cuts.append(v) }
          k += 1
        }
        before += weights[i]
      }
      cuts.append(try BinningBuiltins.above(last))
      var out = Vector.empty(x.type, capacity: cuts.count)
      for c in cuts { try out.append(c) }
      return .vector(out)
    },
    // concatDateTime(date, time): DATETIME from a SECOND, TIMESTAMP from a TIME, NANOTIMESTAMP
    // from a NANOTIME; scalars and vectors broadcast.
    Builtin("concatDateTime", args: 2...2, parameterNames: ["date", "time"]) { a throws(ScriptError) in
      let dates = a[0].isScalar ? nil : try column(a[0], "concatDateTime")
      let times = a[1].isScalar ? nil : try column(a[1], "concatDateTime")
      let dateType = dates?.type ?? a[0].type
      let timeType = times?.type ?? a[1].type
      let result: DataType
      let perDay: Int64
      switch timeType {
      case .second: (result, perDay) = (.datetime, 86_400)
      case .time: (result, perDay) = (.timestamp, 86_400_000)
      case .nanotime: (result, perDay) = (.nanotimestamp, 86_400_000_000_000)
      default: throw ScriptError(RuntimeMessages.needsTimeOfDay("concatDateTime", got: timeType.name))
      }
      guard dateType == .date else {
        throw ScriptError(RuntimeMessages.needsTemporal("concatDateTime", got: dateType.name))
      }
      func raw(_ v: Value) -> Int64 { if case .int(let r, _) = v { return r } else { return Value.nullInt } }
      func combine(_ d: Int64, _ t: Int64) -> Int64 {
        guard d != Value.nullInt, t != Value.nullInt else { return Value.nullInt }
        let (days, o1) = d.multipliedReportingOverflow(by: perDay)
        let (sum, o2) = days.addingReportingOverflow(t)
        return o1 || o2 ? Value.nullInt : sum
      }
      let count = dates?.count ?? times?.count
      guard let count else { return .int(combine(raw(a[0]), raw(a[1])), result) }
      if let dates, let times, dates.count != times.count {
        throw ScriptError(RuntimeMessages.lengthMismatch("concatDateTime", dates.count, times.count))
      }
      let out = (0..<count).map { i in combine(raw(dates?[i] ?? a[0]), raw(times?[i] ?? a[1])) }
      return .vector(Vector(type: result, ints: out))
    },
  ]
  /// bar(X, interval): each value rounded down to a multiple of the interval.
  /// Whether argument `i` (`closed` or `label`) is "right"; "left" or no argument is false.
  static func side(_ a: CallArguments, _ i: Int, _ what: String) throws(ScriptError) -> Bool {
    guard a.has(i) else { return false }
    guard let s = a[i].stringValue, a[i].isScalar, s == "left" || s == "right" else {
      throw ScriptError(RuntimeMessages.binSideInvalid(what, ValueFormatter.plain(a[i])))
    }
    return s == "right"
  }

  /// Each value's bin of width `interval`: its start, or its end with `labelRight`; with
  /// `closedRight` a value on a boundary belongs to the bin that ends there.
  static func bar(_ x0: Value, _ interval: Value, closedRight: Bool = false, labelRight: Bool = false)
    throws(ScriptError) -> Value
  {
    let x = try column(x0, "bar")
    var step: Int64
    if case .duration(let d) = interval {
      guard x.type.isTemporal, x.type != .month, x.type != .date || d.unit == "d", let ns = d.nanoseconds else {
        throw ScriptError(RuntimeMessages.barIntervalInvalid(d.description, x.type.name))
      }
      step = ns / Temporal.unitNanos(x.type)
    } else {
      guard let n = interval.intValue else {
        throw ScriptError(RuntimeMessages.mustBeInteger("the interval of 'bar'", got: interval.typeString))
      }
      step = n
    }
    guard step > 0 else {
      throw ScriptError(RuntimeMessages.barIntervalInvalid(ValueFormatter.plain(interval), x.type.name))
    }
    var out = Vector.empty(x.type, capacity: x.count)
    for i in 0..<x.count {
      let v = x[i]
      switch v {
      case .int(let n, let t) where n != Value.nullInt:
        let offset = Temporal.floorMod(n, step)
        // Wrapping, as DolphinDB's integer arithmetic does: a time near the type's ends wraps
        // rather than stopping the process.
        var start = n &- offset
        if closedRight && offset == 0 { start = start &- step }
        try out.append(.int(labelRight ? start &+ step : start, t))
      case .double(let d, let t) where !d.isNaN:
        var start = (d / Double(step)).rounded(.down) * Double(step)
        if closedRight && start == d { start -= Double(step) }
        try out.append(.double(labelRight ? start + Double(step) : start, t))
      default: try out.append(v)
      }
    }
    return x0.isScalar ? out[0] : .vector(out)
  }

  /// A value just above `v`: the exclusive upper bound of the last bin.
  static func above(_ v: Value) throws(ScriptError) -> Value {
    switch v {
    case .int(let x, let t): return .int(x &+ 1, t)
    case .double(let x, let t): return .double(x.nextUp, t)
    case .string(let s, let t): return .string(s + "0", t)
    default: throw ScriptError(RuntimeMessages.cutPointsNeedsValues())
    }
  }
}
