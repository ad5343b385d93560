import PorpoiseSupport

/// Writes a temporal value's literal form (`2023.01.08T09:30:00.000`) into a scratch buffer on
/// the stack: one string made per value, where building it from pieces made six (a column of
/// millions of timestamps turned into strings, a table printed).
struct TemporalLiteral {
  /// Room for the longest form: a MONTH's year has at most 9 digits and a sign, a NANOTIMESTAMP
  /// is a date, `T` and 18 characters of clock.
  static let capacity = 64

  private var w: TextWriter

  /// `raw` of temporal type `t` as its literal.
  static func format(_ raw: Int64, _ t: DataType) -> String {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
      var literal = TemporalLiteral(w: TextWriter(buffer))
      literal.write(raw, t)
      return literal.w.string
    }
  }

  private mutating func write(_ raw: Int64, _ t: DataType) {
    let at = Temporal.dayTime(raw, t)
    switch t {
    case .date: date(at.days)
    case .month:
      w.padded(Temporal.floorDiv(raw, 12), 4)
      w.byte(UInt8(ascii: "."))
      w.padded(Temporal.floorMod(raw, 12) + 1, 2)
      w.byte(UInt8(ascii: "M"))
    case .time: clock(at.nanos, fraction: 3)
    case .minute:
      w.padded(Temporal.floorMod(raw, 1440) / 60, 2)
      w.byte(UInt8(ascii: ":"))
      w.padded(Temporal.floorMod(raw, 60), 2)
      w.byte(UInt8(ascii: "m"))
    case .second: clock(at.nanos, fraction: 0)
    case .nanotime: clock(at.nanos, fraction: 9)
    case .datetime, .timestamp, .nanotimestamp, .datehour:
      date(at.days)
      w.byte(UInt8(ascii: "T"))
      switch t {
      case .datetime: clock(at.nanos, fraction: 0)
      case .timestamp: clock(at.nanos, fraction: 3)
      case .datehour: w.padded(at.nanos / 3_600_000_000_000, 2)
      default: clock(at.nanos, fraction: 9)
      }
    default: w.text(String(raw))
    }
  }

  private mutating func date(_ days: Int64) {
    let (y, m, d) = CivilCalendar.civil(days: Int(clamping: days))
    w.padded(Int64(y), 4)
    w.byte(UInt8(ascii: "."))
    w.padded(Int64(m), 2)
    w.byte(UInt8(ascii: "."))
    w.padded(Int64(d), 2)
  }

  private mutating func clock(_ nanosOfDay: Int64, fraction: Int) {
    let seconds = nanosOfDay / 1_000_000_000
    w.padded(seconds / 3600, 2)
    w.byte(UInt8(ascii: ":"))
    w.padded(seconds / 60 % 60, 2)
    w.byte(UInt8(ascii: ":"))
    w.padded(seconds % 60, 2)
    if fraction == 3 {
      w.byte(UInt8(ascii: "."))
      w.padded(nanosOfDay / 1_000_000 % 1000, 3)
    } else if fraction == 9 {
      w.byte(UInt8(ascii: "."))
      w.padded(nanosOfDay % 1_000_000_000, 9)
    }
  }
}
