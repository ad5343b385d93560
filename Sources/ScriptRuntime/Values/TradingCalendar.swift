import Synchronization

/// A trading calendar (`addMarketHoliday("XNYS", holidays)`): which days a market trades. Made
/// of weekday holidays (weekends never trade) or of the trading days themselves, as DolphinDB's
/// calendar files are (`holidayDate` or `tradingDate` over a column of dates).
public struct TradingCalendar: Sendable {
  /// What the dates are.
  public enum Kind: String, Sendable {
    case holidayDate, tradingDate
  }

  public let kind: Kind
  /// Days since 1970.01.01, sorted, without repeats.
  public let dates: [Int64]

  public init(kind: Kind, dates: [Int64]) {
    self.kind = kind
    self.dates = Array(Set(dates)).sorted()
  }

  /// The most trading days one call moves (`temporalAdd(d, n, market)`): a bound on the work.
  public static let maxStep: Int64 = 1_000_000

  private static func isWeekend(_ day: Int64) -> Bool {
    // 1970.01.01 was a Thursday: Monday is 0.
    let weekday = ((day + 3) % 7 + 7) % 7
    return weekday >= 5
  }

  /// The index of the first date not before `day`.
  private func lowerBound(_ day: Int64) -> Int {
    var (lo, hi) = (0, dates.count)
    while lo < hi {
      let mid = (lo + hi) / 2
      if dates[mid] < day { lo = mid + 1 } else { hi = mid }
    }
    return lo
  }

  private func listed(_ day: Int64) -> Bool {
    let k = lowerBound(day)
    return k < dates.count && dates[k] == day
  }

  public func isTradingDay(_ day: Int64) -> Bool {
    switch kind {
    case .holidayDate: return !TradingCalendar.isWeekend(day) && !listed(day)
    case .tradingDate: return listed(day)
    }
  }

  /// The day itself when it trades, else the last trading day before it; nil when there is none
  /// (a calendar of trading days that starts later).
  public func onOrBefore(_ day: Int64) -> Int64? {
    switch kind {
    case .tradingDate:
      let k = lowerBound(day + 1)
      return k > 0 ? dates[k - 1] : nil
    case .holidayDate:
      // Holidays and weekends: at most all the holidays plus two days a week between them.
      var d = day
      for _ in 0...(dates.count * 2 + 7) {
        if isTradingDay(d) { return d }
        d -= 1
      }
      return nil
    }
  }

  /// `n` trading days after (before, when negative) `day`, a day that does not trade counting as
  /// the trading day before it (DolphinDB's rule); nil beyond a calendar of trading days.
  public func adding(_ n: Int64, to day: Int64) -> Int64? {
    switch kind {
    case .tradingDate:
      let k = lowerBound(day + 1) - 1  // the trading day on or before `day`, or -1
      let (target, overflow) = Int64(k).addingReportingOverflow(n)
      if overflow || target < 0 || target >= Int64(dates.count) { return nil }
      return dates[Int(target)]
    case .holidayDate:
      guard var d = onOrBefore(day) else { return nil }
      var left = n.magnitude
      let step: Int64 = n < 0 ? -1 : 1
      while left > 0 {
        d += step
        if isTradingDay(d) { left -= 1 }
      }
      return d
    }
  }

  /// The most trading days one span lists (`getMarketCalendar`, a calendar rule's rows).
  public static let maxSpan = 1_000_000

  /// The trading days from `start` to `end`, both included; refused past `maxSpan` of them.
  public func span(from start: Int64, to end: Int64) throws(ScriptError) -> [Int64] {
    guard let days = tradingDays(from: start, to: end, limit: TradingCalendar.maxSpan) else {
      throw ScriptError(RuntimeMessages.tradingCalendarSpanTooLong(TradingCalendar.maxSpan))
    }
    return days
  }

  /// The trading days from `start` to `end`, both included; at most `limit` of them.
  func tradingDays(from start: Int64, to end: Int64, limit: Int) -> [Int64]? {
    var out: [Int64] = []
    switch kind {
    case .tradingDate:
      var k = lowerBound(start)
      while k < dates.count, dates[k] <= end {
        guard out.count < limit else { return nil }
        out.append(dates[k])
        k += 1
      }
    case .holidayDate:
      var d = start
      while d <= end {
        if isTradingDay(d) {
          guard out.count < limit else { return nil }
          out.append(d)
        }
        d += 1
      }
    }
    return out
  }
}

/// The trading calendars of a node, by name (`XNYS`): one registry serves every session.
public final class TradingCalendars: Sendable {
  private let calendars = Mutex<[String: TradingCalendar]>([:])

  public init() {}

  public func calendar(_ name: String) -> TradingCalendar? { calendars.withLock { $0[name] } }
  public func set(_ name: String, _ calendar: TradingCalendar) { calendars.withLock { $0[name] = calendar } }
  /// Removes a calendar; whether there was one.
  @discardableResult
  public func remove(_ name: String) -> Bool { calendars.withLock { $0.removeValue(forKey: name) != nil } }
  public var names: [String] { calendars.withLock { $0.keys.sorted() } }
}
