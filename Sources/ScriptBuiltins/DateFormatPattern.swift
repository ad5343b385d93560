import PorpoiseSupport
import ScriptRuntime

/// A date pattern of `format`/`temporalFormat` (`yyyy.MM.dd HH:mm:ss.SSS`) read once into
/// its pieces, so a column of millions of values is formatted without reading the pattern
/// again for each (a `where temporalFormat(DateTime, "yyyy.MM.dd") >= ...` over a table).
struct DateFormatPattern {
  enum Piece: Equatable {
    case literal([UInt8])
    case year4, year2, month, day, hour, minute, second, millisecond, nanosecond
  }

  let pieces: [Piece]
  /// Room for the longest text: the literals, and 20 characters for each field (a sign and 19
  /// digits).
  let capacity: Int

  /// The fields a pattern names, longest first where one starts another (`yyyy` before `yy`).
  private static let fields: [(String, Piece)] = [
    ("yyyy", .year4), ("yy", .year2), ("MM", .month), ("dd", .day), ("HH", .hour), ("mm", .minute),
    ("ss", .second), ("SSS", .millisecond), ("nnnnnnnnn", .nanosecond),
  ]

  init(_ pattern: String) {
    var pieces: [Piece] = []
    var literal: [UInt8] = []
    var rest = Substring(pattern)
    outer: while !rest.isEmpty {
      for (token, piece) in DateFormatPattern.fields where rest.hasPrefix(token) {
        if !literal.isEmpty { pieces.append(.literal(literal)) }
        literal = []
        pieces.append(piece)
        rest = rest.dropFirst(token.count)
        continue outer
      }
      literal.append(contentsOf: String(rest.removeFirst()).utf8)
    }
    if !literal.isEmpty { pieces.append(.literal(literal)) }
    self.pieces = pieces
    capacity = pieces.reduce(0) { n, piece in
      if case .literal(let bytes) = piece { return n + bytes.count }
      return n + 20
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
    for piece in pieces {
      switch piece {
      case .literal(let bytes): w.bytes(bytes)
      case .year4: w.padded(Int64(y), 4)
      case .year2: w.padded(Int64(y % 100), 2)
      case .month: w.padded(Int64(mo), 2)
      case .day: w.padded(Int64(d), 2)
      case .hour: w.padded(dayNs / 3_600_000_000_000, 2)
      case .minute: w.padded(dayNs / 60_000_000_000 % 60, 2)
      case .second: w.padded(dayNs / 1_000_000_000 % 60, 2)
      case .millisecond: w.padded(dayNs / 1_000_000 % 1000, 3)
      case .nanosecond: w.padded(dayNs % 1_000_000_000, 9)
      }
    }
  }

  /// The values of a temporal vector as the pattern shows them; a null is "".
  func format(_ v: Vector) -> Vector {
    var out: [String] = []
    out.reserveCapacity(v.count)
    for raw in v.int64s { out.append(raw == Value.nullInt ? "" : format(raw, v.type)) }
    return Vector(strings: out)
  }
}
