import PorpoiseSupport
import ScriptRuntime

/// A date pattern of `format`/`temporalFormat` (`yyyy.MM.dd HH:mm:ss.SSS`) read once into
/// its pieces, so a column of millions of values is formatted without reading the pattern
/// again for each (a `where temporalFormat(DateTime, "yyyy.MM.dd") >= ...` over a table).
///
/// As DolphinDB reads it: a run of one of `y M d H h m s S n a` is a field, anything else is
/// text. `yy` is the year's last two digits and any other run of `y` the whole year; `MMM` is
/// the month's name (`FEB`); `hh` the hour on a 12-hour clock (12, 1, ... 11, as `temporalParse`
/// reads it back) and `a`/`aa` AM or PM;
/// `SSS` milliseconds; `nnnnnn` microseconds and `nnnnnnnnn` nanoseconds. A single letter
/// (`y-M-d H:m:s`) shows the number without leading zeros; a longer run pads it to its length.
struct DateFormatPattern {
  typealias Field = TemporalPattern.Field

  enum Piece: Equatable {
    case literal([UInt8])
    case field(Field, width: Int)
  }

  let pieces: [Piece]
  /// Room for the longest text: the literals, and for each field 20 characters (a sign and 19
  /// digits) or its width if longer.
  let capacity: Int

  static let monthNames = TemporalPattern.monthNames.map { Array($0.uppercased().utf8) }

  /// The pattern's fields and text as `temporalParse` reads them, the text as bytes.
  init(_ pattern: String) {
    var pieces: [Piece] = []
    var literal: [UInt8] = []
    for part in TemporalPattern(pattern).parts {
      switch part {
      case .literal(let c): literal.append(contentsOf: String(c).utf8)
      case .field(let field, let width):
        if !literal.isEmpty { pieces.append(.literal(literal)) }
        literal = []
        // Past any real field's width, a longer run would only pad with zeros.
        pieces.append(.field(field, width: min(width, 32)))
      }
    }
    if !literal.isEmpty { pieces.append(.literal(literal)) }
    self.pieces = pieces
    capacity = pieces.reduce(0) { n, piece in
      switch piece {
      case .literal(let bytes): return n + bytes.count
      case .field(_, let width): return n + max(20, width)
      }
    }
  }

  /// One value of temporal type `type` (its raw count since the epoch) as the pattern shows it.
  func format(_ raw: Int64, _ type: DataType) -> String {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
      var w = TextWriter(buffer)
      write(raw, type, to: &w)
      return w.string
    }
  }

  private func write(_ raw: Int64, _ type: DataType, to w: inout TextWriter) {
    let at = Temporal.dayTime(raw, type)
    let dayNs = at.nanos
    let (y, mo, d) = CivilCalendar.civil(days: Int(clamping: at.days))
    let hour = dayNs / 3_600_000_000_000
    for piece in pieces {
      switch piece {
      case .literal(let bytes): w.bytes(bytes)
      case .field(.year, let width): width == 2 ? w.padded(Int64(y % 100), 2) : w.padded(Int64(y), width)
      case .field(.month, let width):
        if width >= 3 {
          w.bytes(DateFormatPattern.monthNames[min(max(mo - 1, 0), 11)])
        } else {
          w.padded(Int64(mo), width)
        }
      case .field(.day, let width): w.padded(Int64(d), width)
      case .field(.hour, let width): w.padded(hour, width)
      case .field(.hour12, let width): w.padded(hour % 12 == 0 ? 12 : hour % 12, width)
      case .field(.minute, let width): w.padded(dayNs / 60_000_000_000 % 60, width)
      case .field(.second, let width): w.padded(dayNs / 1_000_000_000 % 60, width)
      case .field(.milli, let width): w.padded(dayNs / 1_000_000 % 1000, max(width, 3))
      case .field(.nano, let width):
        width <= 6 ? w.padded(dayNs / 1000 % 1_000_000, 6) : w.padded(dayNs % 1_000_000_000, 9)
      case .field(.meridiem, _): w.bytes(hour < 12 ? DateFormatPattern.am : DateFormatPattern.pm)
      }
    }
  }

  private static let am = Array("AM".utf8)
  private static let pm = Array("PM".utf8)

  /// The values of a temporal vector as the pattern shows them; a null is "".
  func format(_ v: Vector) -> Vector {
    var out: [String] = []
    out.reserveCapacity(v.count)
    for raw in v.int64s { out.append(raw == Value.nullInt ? "" : format(raw, v.type)) }
    return Vector(strings: out)
  }
}
