import PorpoiseSupport
import ScriptRuntime

/// When a scheduled job fires (`scheduleJob`): at its times of day, on the days its frequency
/// picks, from `startDay` to `endDay` inclusive. Times are minutes of the local day, days are
/// days since 1970-01-01; a slot is the minute since the epoch (local) it fires at.
public struct JobSchedule: Sendable, Equatable {
  public enum Frequency: String, Sendable {
    /// Every day.
    case daily = "D"
    /// On weekdays 0 (Sunday) to 6.
    case weekly = "W"
    /// On days of the month 1 to 31 (a month without that day is skipped).
    case monthly = "M"
  }

  /// A time of day and, for weekly and monthly schedules, the day it belongs to (nil: every
  /// day the frequency picks).
  public struct Slot: Sendable, Equatable {
    public var minute: Int
    public var day: Int?
  }

  public var slots: [Slot]
  public var startDay: Int
  public var endDay: Int
  public var frequency: Frequency

  /// The schedule `scheduleJob` describes. With several times and several days of equal
  /// count, they pair up (the i-th time on the i-th day); otherwise every time goes with every
  /// day. Errors name the argument that is wrong.
  public init(times: [Int], startDay: Int, endDay: Int, frequency: Frequency, days: [Int]) throws(ScriptError) {
    guard !times.isEmpty else { throw ScriptError(JobMessages.scheduleNeedsTime()) }
    for t in times where !(0..<1440).contains(t) { throw ScriptError(JobMessages.badScheduleTime(t)) }
    guard startDay <= endDay else { throw ScriptError(JobMessages.endBeforeStart()) }
    self.startDay = startDay
    self.endDay = endDay
    self.frequency = frequency
    switch frequency {
    case .daily:
      slots = times.map { Slot(minute: $0, day: nil) }
    case .weekly, .monthly:
      let range = frequency == .weekly ? 0...6 : 1...31
      guard !days.isEmpty else { throw ScriptError(JobMessages.scheduleNeedsDays(frequency.rawValue)) }
      for d in days where !range.contains(d) {
        throw ScriptError(JobMessages.badScheduleDay(d, frequency.rawValue, range))
      }
      if times.count > 1 && days.count > 1 {
        guard times.count == days.count else {
          throw ScriptError(JobMessages.timesAndDaysDiffer(times.count, days.count))
        }
        slots = zip(times, days).map { Slot(minute: $0, day: $1) }
      } else {
        slots = days.flatMap { d in times.map { Slot(minute: $0, day: d) } }
      }
    }
    slots.sort { ($0.minute, $0.day ?? -1) < ($1.minute, $1.day ?? -1) }
  }

  /// Sunday is 0: 1970-01-01 was a Thursday.
  static func weekday(_ day: Int) -> Int { ((day + 4) % 7 + 7) % 7 }

  /// Whether a slot fires on `day`.
  func fires(_ slot: Slot, on day: Int) -> Bool {
    guard let wanted = slot.day else { return true }
    switch frequency {
    case .daily: return true
    case .weekly: return JobSchedule.weekday(day) == wanted
    case .monthly: return CivilCalendar.civil(days: day).day == wanted
    }
  }

  /// The first slot strictly after `minute` (minutes since the epoch), or nil when the
  /// schedule has ended by then.
  public func next(after minute: Int64) -> Int64? {
    let today = Int(minute.dividedReportingOverflow(by: 1440).partialValue) - (minute < 0 && minute % 1440 != 0 ? 1 : 0)
    var day = max(startDay, today)
    while day <= endDay {
      for slot in slots where fires(slot, on: day) {
        let at = Int64(day) * 1440 + Int64(slot.minute)
        if at > minute { return at }
      }
      day += 1
    }
    return nil
  }

  /// The slots in (`after`, `through`], oldest first, at most `limit` of them.
  public func slots(after: Int64, through: Int64, limit: Int = 100_000) -> [Int64] {
    var out: [Int64] = []
    var at = after
    while out.count < limit, let n = next(after: at), n <= through {
      out.append(n)
      at = n
    }
    return out
  }
}

extension JobSchedule {
  /// A slot as scripts write a DATETIME to the minute: `2026.12.03T10:22`.
  public static func text(_ minute: Int64) -> String {
    let day = Int((minute - ((minute % 1440) + 1440) % 1440) / 1440)
    let m = Int(((minute % 1440) + 1440) % 1440)
    let (y, mo, d) = CivilCalendar.civil(days: day)
    func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
    return "\(y).\(two(mo)).\(two(d))T\(two(m / 60)):\(two(m % 60))"
  }
}

extension JobSchedule {
  /// Times of day as `getScheduledJobs` shows them: `09:30m 17:00m`.
  public static func timesText(_ times: [Int]) -> String {
    times.map { m in (m / 60 < 10 ? "0" : "") + "\(m / 60):" + (m % 60 < 10 ? "0" : "") + "\(m % 60)m" }.joined(
      separator: " ")
  }
}
