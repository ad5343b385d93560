import PorpoiseSupport
import ScriptRuntime

/// Trading calendars in scripts: `getMarketCalendar`, `listAllMarkets`, and `temporalAdd(x, n, "XNYS")` moving by
/// trading days. The calendars are the node's (`addMarketHoliday`, the files of
/// `marketHolidayDir`); `transFreq`, `resample` and `asFreq` take their names as rules.
enum TradingCalendarBuiltins {
  static func calendar(_ a: CallArguments, _ i: Int) throws(ScriptError) -> (String, TradingCalendar) {
    let name = try a.text(i, "the marketName")
    guard let market = a.machine.sharedObjects.calendars.calendar(name) else {
      throw ScriptError(RuntimeMessages.noTradingCalendar(name))
    }
    return (name, market)
  }

  /// `x` moved `n` trading days (a day that does not trade counting as the one before it); a
  /// time keeps its time of day.
  static func add(_ x: Value, _ n: Int64, _ market: TradingCalendar, _ name: String) throws(ScriptError) -> Value {
    guard n.magnitude <= TradingCalendar.maxStep else {
      throw ScriptError(RuntimeMessages.tradingDayStepTooLarge(n, TradingCalendar.maxStep))
    }
    return try mapElements(x) { v throws(ScriptError) in
      guard case .int(let raw, let t) = v, raw != Int64.min else { return v }
      guard Temporal.hasDate(t), let day = Temporal.convert(raw, from: t, to: .date) else {
        throw ScriptError(RuntimeMessages.temporalAddUnsupported(name, to: t.name))
      }
      guard let moved = market.adding(n, to: day) else { return .null(t) }
      if t == .date { return .int(moved, .date) }
      // The time of day stays: shift by whole days in the type's own unit.
      let unit = Temporal.unitNanos(t)
      let perDay = 86_400_000_000_000 / unit
      let (shift, o1) = (moved - day).multipliedReportingOverflow(by: perDay)
      let (r, o2) = raw.addingReportingOverflow(shift)
      return o1 || o2 ? .null(t) : .int(r, t)
    }
  }

  static let all: [Builtin] = [
    // getMarketCalendar(marketName, [startDate], [endDate]): the trading days between the dates
    // (by default from January 1 of the calendar's first year to December 31 of its last).
    Builtin("getMarketCalendar", args: 1...3, parameterNames: ["marketName", "startDate", "endDate"]) {
      a throws(ScriptError) in
      let (name, market) = try calendar(a, 0)
      func date(_ i: Int, _ what: String) throws(ScriptError) -> Int64? {
        guard a.has(i) else { return nil }
        guard case .int(let raw, let t) = a[i], a[i].isScalar, raw != Int64.min,
          let d = Temporal.convert(raw, from: t, to: .date)
        else { throw ScriptError(RuntimeMessages.mustBeDate(what, got: a[i].typeString)) }
        return d
      }
      // January 1 of the first date's year, December 31 of the last's.
      func yearEdge(_ day: Int64, last: Bool) -> Int64 {
        let year = CivilCalendar.civil(days: Int(day)).year
        return Int64(
          last ? CivilCalendar.days(year: year, month: 12, day: 31) : CivilCalendar.days(year: year, month: 1, day: 1))
      }
      let given = (
        try date(1, "the startDate of 'getMarketCalendar'"), try date(2, "the endDate of 'getMarketCalendar'")
      )
      guard let start = given.0 ?? market.dates.first.map({ yearEdge($0, last: false) }),
        let end = given.1 ?? market.dates.last.map({ yearEdge($0, last: true) })
      else { throw ScriptError(RuntimeMessages.tradingCalendarEmpty(name)) }
      return .vector(Vector(type: .date, ints: try market.span(from: start, to: end)))
    },
    // listAllMarkets(): the names of the node's trading calendars, in order.
    Builtin("listAllMarkets", args: 0...0) { a in
      .vector(Vector(strings: a.machine.sharedObjects.calendars.names))
    },
  ]
}
