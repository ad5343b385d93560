import PorpoiseSupport
import ScriptRuntime
import ScriptSyntax

/// Type conversions and temporal parts.
enum ConversionBuiltins {
  /// `int(x)`, `date(x)`, ...; with no argument, a null of the type (`string()` is "").
  static func converter(_ name: String, _ type: DataType) -> Builtin {
    Builtin(name, args: 0...1) { a throws(ScriptError) in
      if a.count == 0 { return type == .string ? .string("", .string) : .null(type) }
      return try Cast.value(a[0], to: type)
    }
  }

  /// Extracts an integer part (hour, year, ...) of temporal values.
  static func part(_ name: String, _ f: @escaping @Sendable (Int64, DataType) -> Int64?) -> Builtin {
    Builtin(name, args: 1...1) { a throws(ScriptError) in
      try mapElements(a[0]) { v throws(ScriptError) in
        guard case .int(let raw, let t) = v, t.isTemporal else {
          if v.isNull { return .null(.int) }
          throw ScriptError(RuntimeMessages.needsTemporal(name, got: v.typeString))
        }
        if raw == Int64.min { return .null(.int) }
        guard let r = f(raw, t) else { throw ScriptError(RuntimeMessages.cannotTake(name, t.name)) }
        return .int(r, .int)
      }
    }
  }

  static func dayNanos(_ raw: Int64, _ t: DataType) -> Int64? {
    guard t != .date, t != .month else { return nil }
    return Temporal.dayTime(raw, t).nanos
  }

  static let all: [Builtin] = [
    converter("string", .string), converter("symbol", .symbol), converter("int", .int),
    converter("long", .long), converter("short", .short), converter("double", .double),
    converter("float", .float), converter("bool", .bool), converter("char", .char),
    converter("date", .date), converter("month", .month), converter("datetime", .datetime),
    converter("timestamp", .timestamp), converter("second", .second), converter("minute", .minute),
    converter("time", .time), converter("nanotime", .nanotime), converter("nanotimestamp", .nanotimestamp),
    converter("datehour", .datehour), converter("uuid", .uuid), converter("ipaddr", .ipaddr),
    converter("int128", .int128),
    part("hour") { raw, t in dayNanos(raw, t).map { $0 / 3_600_000_000_000 } },
    part("hourOfDay") { raw, t in dayNanos(raw, t).map { $0 / 3_600_000_000_000 } },
    part("minuteOfHour") { raw, t in dayNanos(raw, t).map { $0 / 60_000_000_000 % 60 } },
    part("secondOfMinute") { raw, t in dayNanos(raw, t).map { $0 / 1_000_000_000 % 60 } },
    part("millisecond") { raw, t in dayNanos(raw, t).map { $0 / 1_000_000 % 1_000 } },
    part("microsecond") { raw, t in dayNanos(raw, t).map { $0 / 1_000 % 1_000_000 } },
    part("nanosecond") { raw, t in dayNanos(raw, t).map { $0 % 1_000_000_000 } },
    part("year") { raw, t in
      let days = Temporal.convert(raw, from: t, to: .date)
      return days.map { Int64(CivilCalendar.civil(days: Int($0)).year) }
    },
    part("monthOfYear") { raw, t in
      Temporal.convert(raw, from: t, to: .date).map { Int64(CivilCalendar.civil(days: Int($0)).month) }
    },
    part("dayOfMonth") { raw, t in
      Temporal.convert(raw, from: t, to: .date).map { Int64(CivilCalendar.civil(days: Int($0)).day) }
    },
    Builtin("temporalAdd", args: 2...3) { a throws(ScriptError) in
      var n: Int64
      var unit: String
      if case .vector(let counts) = a[1], counts.type.isIntegral, !counts.isArrayVector {
        // `temporalAdd(2000.01M, 0..11, "M")`: one result per count.
        guard a.count > 2 else { throw ScriptError(RuntimeMessages.temporalAddNeedsUnit()) }
        return try temporalAddEach(a[0], counts.int64s, unit: try temporalUnit(a[2]))
      }
      if case .duration(let d) = a[1] {
        n = d.count
        unit = d.unit
      } else {
        guard let count = a[1].intValue else { throw ScriptError(RuntimeMessages.temporalAddNeedsCount()) }
        n = count
        guard a.count > 2 else { throw ScriptError(RuntimeMessages.temporalAddNeedsUnit()) }
        unit = try temporalUnit(a[2])
      }
      if a.count > 2, case .duration = a[1] { unit = try temporalUnit(a[2]) }
      guard a[0].type.isTemporal else {
        throw ScriptError(RuntimeMessages.needsTemporal("temporalAdd", got: a[0].typeString))
      }
      if let market = a.machine.sharedObjects.calendars.calendar(unit) {
        return try TradingCalendarBuiltins.add(a[0], n, market, unit)
      }
      if Lexer.isCalendarUnit(unit) { throw ScriptError(RuntimeMessages.noTradingCalendar(unit)) }
      return try mapElements(a[0]) { v throws(ScriptError) in
        guard case .int(let raw, let t) = v else { return v }
        guard let r = Temporal.add(raw, t, n, unit: unit) else {
          throw ScriptError(RuntimeMessages.temporalAddUnsupported(unit, to: t.name))
        }
        return .int(r, t)
      }
    },
    Builtin("duration", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      if case .duration = a[0] { return a[0] }
      let text = try a.text(0, "the argument of 'duration'")
      guard let d = Duration.parse(text) else { throw ScriptError(RuntimeMessages.notADuration(text)) }
      return .duration(d)
    },
    Builtin("now", args: 0...1, parameterNames: ["nanoSecond"]) { a throws(ScriptError) in
      let ns = a.machine.clock.nowNanoseconds()
      if a.count > 0 && a[0].isTruthy { return .int(ns, .nanotimestamp) }
      return .int(ns / 1_000_000, .timestamp)
    },
    // localtime(X): UTC times (DATETIME, TIMESTAMP, NANOTIMESTAMP) in the node's zone; gmtime back.
    Builtin("localtime", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      try shiftZone(a[0], nanoseconds: a.machine.clock.utcOffsetNanoseconds, "localtime")
    },
    Builtin("gmtime", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      try shiftZone(a[0], nanoseconds: -a.machine.clock.utcOffsetNanoseconds, "gmtime")
    },
    // convertTZ(obj, srcTZ, destTZ): wall-clock times of zone srcTZ as the wall clock of destTZ
    // shows the same instants (zones by IANA name: "Asia/Shanghai", "US/Eastern", "UTC").
    Builtin("convertTZ", args: 3...3, parameterNames: ["obj", "srcTZ", "destTZ"]) { a throws(ScriptError) in
      try convertZone(a[0], from: try a.text(1, "srcTZ"), to: try a.text(2, "destTZ"), a.machine.clock)
    },
    Builtin("today", args: 0...0) { a throws(ScriptError) in
      .int(a.machine.clock.nowNanoseconds() / 86_400_000_000_000, .date)
    },
  ]
}

/// Moves times by a zone offset, nulls staying null.
func shiftZone(_ v: Value, nanoseconds: Int64, _ function: String) throws(ScriptError) -> Value {
  let unit: Int64
  switch v.type {
  case .datetime: unit = 1_000_000_000
  case .timestamp: unit = 1_000_000
  case .nanotimestamp: unit = 1
  default: throw ScriptError(RuntimeMessages.needsDateTime(function, got: v.typeString))
  }
  let delta = nanoseconds / unit
  func shifted(_ x: Int64) -> Int64 { x == Value.nullInt ? x : x &+ delta }
  switch v {
  case .int(let x, let t): return .int(shifted(x), t)
  case .vector(let vec):
    return .vector(Vector(type: vec.type, ints: (0..<vec.count).map { i in shifted(vec[i].intValue ?? Value.nullInt) }))
  default: throw ScriptError(RuntimeMessages.needsDateTime(function, got: v.typeString))
  }
}

/// `convertTZ`: each time read as `source`'s wall clock, written as `destination`'s.
func convertZone(_ v: Value, from source: String, to destination: String, _ clock: ScriptClock) throws(ScriptError)
  -> Value
{
  let unit: Int64
  switch v.type {
  case .datetime: unit = 1
  case .timestamp: unit = 1000
  case .nanotimestamp: unit = 1_000_000_000
  default: throw ScriptError(RuntimeMessages.needsDateTime("convertTZ", got: v.typeString))
  }
  for zone in [source, destination] where clock.utcOffsetSeconds(zone: zone, atUTCSeconds: 0) == nil {
    throw ScriptError(RuntimeMessages.unknownTimeZone(zone))
  }
  func converted(_ x: Int64) -> Int64 {
    guard x != Value.nullInt else { return x }
    let local = Temporal.floorDiv(x, unit)
    // The instant whose wall clock in `source` reads `local`: the offset at the guess, then again
    // at the instant it gives (the two differ only next to a change of offset).
    var offset = Int64(clock.utcOffsetSeconds(zone: source, atUTCSeconds: local) ?? 0)
    offset = Int64(clock.utcOffsetSeconds(zone: source, atUTCSeconds: local &- offset) ?? 0)
    let utc = local &- offset
    let target = Int64(clock.utcOffsetSeconds(zone: destination, atUTCSeconds: utc) ?? 0)
    return x &+ (target &- offset) &* unit
  }
  switch v {
  case .int(let x, let t): return .int(converted(x), t)
  case .vector(let vec) where !vec.isArrayVector:
    return .vector(
      Vector(type: vec.type, ints: (0..<vec.count).map { i in converted(vec[i].intValue ?? Value.nullInt) }))
  default: throw ScriptError(RuntimeMessages.needsDateTime("convertTZ", got: v.typeString))
  }
}

extension ConversionBuiltins {
  /// A unit of `temporalAdd`: a string ("M", "ms") or a CHAR ('M', as tutorials write it).
  static func temporalUnit(_ v: Value) throws(ScriptError) -> String {
    var unit: String
    if case .int(let c, .char) = v, c > 0, c < 128 {
      unit = String(UnicodeScalar(UInt8(c)))
    } else {
      guard case .string(let s, _) = v else {
        throw ScriptError(RuntimeMessages.mustBeString("the unit of 'temporalAdd'", got: v.typeString))
      }
      unit = s
    }
    // Older DolphinDB scripts write the hour `h` (`datetimeAdd(now(), -1, `h)`); a duration's is H.
    return unit == "h" ? "H" : unit
  }

  /// `temporalAdd` with a vector of counts: a scalar start gives one result per count; a vector
  /// of starts pairs each with its count.
  static func temporalAddEach(_ start: Value, _ counts: [Int64], unit: String) throws(ScriptError) -> Value {
    let starts: [Value]
    switch start {
    case .vector(let v):
      guard v.count == counts.count else {
        throw ScriptError(RuntimeMessages.incompatibleSizes("temporalAdd", v.count, counts.count))
      }
      starts = (0..<v.count).map { v[$0] }
    default: starts = Array(repeating: start, count: counts.count)
    }
    guard start.type.isTemporal else {
      throw ScriptError(RuntimeMessages.needsTemporal("temporalAdd", got: start.typeString))
    }
    var out = Vector.empty(start.type, capacity: counts.count)
    for (v, n) in zip(starts, counts) {
      guard case .int(let raw, let t) = v, raw != Int64.min, n != Int64.min else {
        try out.append(.null(start.type))
        continue
      }
      guard let r = Temporal.add(raw, t, n, unit: unit) else {
        throw ScriptError(RuntimeMessages.temporalAddUnsupported(unit, to: t.name))
      }
      try out.append(.int(r, t))
    }
    return .vector(out)
  }
}
