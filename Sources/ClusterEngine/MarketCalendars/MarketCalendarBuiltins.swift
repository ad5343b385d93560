import ScriptRuntime

/// `addMarketHoliday`, `updateMarketHoliday` and `deleteMarketHoliday`: an administrator's trading calendars, kept as
/// files of the node's `marketHolidayDir` (and so there again after a restart) and used by every
/// session of the node at once. As in DolphinDB, each node keeps its own: `pnodeRun` adds one
/// to every node of a cluster.
public enum MarketCalendarBuiltins {
  /// A calendar's name: a file name and a rule (`XNYS`, `CFFEX`): capitals and digits.
  static func validName(_ name: String) -> Bool {
    guard let first = name.unicodeScalars.first, ("A"..."Z").contains(first), name.count <= 16 else { return false }
    return name.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
  }

  /// The dates of `holiday` (DATE, no nulls) as days since 1970.01.01.
  static func days(_ v: Value) throws(ScriptError) -> [Int64] {
    let dates: Vector
    switch v {
    case .vector(let vec) where vec.type == .date && !vec.isArrayVector: dates = vec
    case .int(let d, .date):
      dates = Vector(type: .date, ints: [d])
    default: throw ScriptError(ClusterMessages.calendarNeedsDates(v.typeString))
    }
    guard dates.count <= MarketHolidayFolder.maxDates else {
      throw ScriptError(ClusterMessages.calendarTooLong("the holiday argument", MarketHolidayFolder.maxDates))
    }
    var out: [Int64] = []
    for i in 0..<dates.count {
      guard let d = dates[i].intValue, !dates[i].isNull else { throw ScriptError(ClusterMessages.calendarNullDate()) }
      out.append(d)
    }
    return out
  }

  public static func library(_ folder: MarketHolidayFolder) -> BuiltinLibrary {
    BuiltinLibrary(
      "marketCalendars",
      functions: [
        // addMarketHoliday(marketName, holiday, [dateType='holidayDate']): a new calendar of
        // weekday holidays (weekends never trade) or of trading days (`'tradingDate'`).
        Builtin("addMarketHoliday", args: 2...3, parameterNames: ["marketName", "holiday", "dateType"]) {
          a throws(ScriptError) in
          try a.machine.require(.admin("add trading calendars"))
          let name = try a.text(0, "the marketName")
          guard validName(name) else { throw ScriptError(ClusterMessages.calendarNameInvalid(name)) }
          var kind = TradingCalendar.Kind.holidayDate
          if a.has(2) {
            guard let text = a[2].stringValue, let k = TradingCalendar.Kind(rawValue: text) else {
              throw ScriptError(ClusterMessages.calendarDateTypeInvalid(ValueFormatter.plain(a[2])))
            }
            kind = k
          }
          let calendars = a.machine.sharedObjects.calendars
          guard calendars.calendar(name) == nil else { throw ScriptError(ClusterMessages.calendarExists(name)) }
          let calendar = TradingCalendar(kind: kind, dates: try days(a[1]))
          try folder.write(name, calendar)
          calendars.set(name, calendar)
          return .void
        },
        // updateMarketHoliday(marketName, holiday): the calendar's dates replaced (its kind kept).
        Builtin("updateMarketHoliday", args: 2...2, parameterNames: ["marketName", "holiday"]) {
          a throws(ScriptError) in
          try a.machine.require(.admin("update trading calendars"))
          let name = try a.text(0, "the marketName")
          let calendars = a.machine.sharedObjects.calendars
          guard let old = calendars.calendar(name) else { throw ScriptError(RuntimeMessages.noTradingCalendar(name)) }
          let calendar = TradingCalendar(kind: old.kind, dates: try days(a[1]))
          try folder.write(name, calendar)
          calendars.set(name, calendar)
          return .void
        },
        // deleteMarketHoliday(marketName): the calendar and its file gone (a rule naming it fails).
        Builtin("deleteMarketHoliday", args: 1...1, parameterNames: ["marketName"]) { a throws(ScriptError) in
          try a.machine.require(.admin("delete trading calendars"))
          let name = try a.text(0, "the marketName")
          let calendars = a.machine.sharedObjects.calendars
          guard calendars.calendar(name) != nil else { throw ScriptError(RuntimeMessages.noTradingCalendar(name)) }
          try folder.remove(name)
          calendars.remove(name)
          return .void
        },
      ])
  }
}
