import PorpoiseSupport
import ScriptRuntime

/// `temporalParse(X, format)` (also `datetimeParse`): text read by a pattern such as
/// `yyyy-MM-dd HH:mm:ss.SSS`. The pattern's fields choose the result type: a date and
/// nanoseconds make a NANOTIMESTAMP, with milliseconds a TIMESTAMP, with seconds or minutes a
/// DATETIME; a year and month alone a MONTH, a date alone a DATE; a time alone NANOTIME, TIME,
/// SECOND or MINUTE. Text that does not match the pattern gives null, as DolphinDB's does.
struct TemporalPattern {
  enum Field: Character {
    case year = "y", month = "M", day = "d", hour = "H", hour12 = "h", minute = "m", second = "s"
    case milli = "S", nano = "n", meridiem = "a"
  }
  enum Part {
    case field(Field, width: Int)
    case literal(Character)
  }
  let parts: [Part]
  let type: DataType

  /// Why the pattern cannot be used, as DolphinDB says it: a fraction field of the wrong width.
  var problem: String? {
    for case .field(let f, let width) in parts {
      if f == .milli && width != 3 { return RuntimeMessages.temporalFractionWidth(pattern, "Millisecond (S)", "three") }
      if f == .nano && width != 6 && width != 9 {
        return RuntimeMessages.temporalFractionWidth(pattern, "Nanosecond (n)", "six or nine")
      }
    }
    return nil
  }
  let pattern: String

  init(_ pattern: String) {
    self.pattern = pattern
    var parts: [Part] = []
    var chars = Array(pattern)[...]
    while let c = chars.first {
      guard let f = Field(rawValue: c) else {
        parts.append(.literal(c))
        chars = chars.dropFirst()
        continue
      }
      let width = chars.prefix { $0 == c }.count
      parts.append(.field(f, width: width))
      chars = chars.dropFirst(width)
    }
    self.parts = parts
    var fields = Set<Character>()
    for case .field(let f, _) in parts { fields.insert(f.rawValue) }
    let hasDate = fields.contains("y") || fields.contains("M") || fields.contains("d")
    let hasTime = !fields.isDisjoint(with: ["H", "h", "m", "s", "S", "n"])
    switch (hasDate, hasTime) {
    case (true, false): type = fields.contains("d") ? .date : .month
    case (true, true):
      type = fields.contains("n") ? .nanotimestamp : fields.contains("S") ? .timestamp : .datetime
    default:
      type =
        fields.contains("n") ? .nanotime : fields.contains("S") ? .time : fields.contains("s") ? .second : .minute
    }
  }

  static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

  /// The raw value of `type` that `text` spells, or nil when it does not follow the pattern.
  func parse(_ text: String) -> Int64? {
    var rest = Array(text.utf8)[...]
    var year = 1970
    var month = 1
    var day = 1
    var hour: Int64 = 0
    var minute: Int64 = 0
    var second: Int64 = 0
    var nanos: Int64 = 0
    var pm: Bool?
    for (k, part) in parts.enumerated() {
      switch part {
      case .literal(let c):
        // Compared as UTF-8, so a pattern may hold any text (`yyyy年MM月dd日`).
        let bytes = Array(String(c).utf8)
        guard rest.starts(with: bytes) else { return nil }
        rest = rest.dropFirst(bytes.count)
      case .field(.meridiem, _):
        let word = String(decoding: rest.prefix(2), as: UTF8.self).uppercased()
        guard word == "AM" || word == "PM" else { return nil }
        pm = word == "PM"
        rest = rest.dropFirst(2)
      case .field(.month, let width) where width >= 3:
        let word = String(decoding: rest.prefix(3), as: UTF8.self).lowercased()
        guard let m = TemporalPattern.monthNames.firstIndex(of: word) else { return nil }
        month = m + 1
        rest = rest.dropFirst(3)
      case .field(let f, let width):
        // Next to another field the width is exact (`yyyyMMdd`); between separators a field
        // takes every digit up to its widest (`yyyy.M.d`, `ss.SSS`).
        var adjacent = false
        if k + 1 < parts.count, case .field = parts[k + 1] { adjacent = true }
        if k > 0, case .field = parts[k - 1] { adjacent = true }
        // A fraction has exactly its pattern's digits: SSS three, nnnnnn six, nnnnnnnnn nine.
        let fraction = f == .milli || f == .nano
        let widest = f == .year ? 4 : fraction ? width : max(width, 2)
        let run = rest.prefix { $0 >= 48 && $0 <= 57 }
        var digits = run.prefix(adjacent ? width : widest)
        var taken = digits.count
        // Between separators, zeros before a field's widest digits are leading zeros
        // (`temporalParse("002-019-006", "H-m-s")` is 02:19:06, as DolphinDB reads it).
        if !adjacent, !fraction, run.count > widest, run.dropLast(widest).allSatisfy({ $0 == 48 }) {
          digits = run.suffix(widest)
          taken = run.count
        }
        guard !digits.isEmpty, !(adjacent || fraction) || digits.count == width else { return nil }
        rest = rest.dropFirst(taken)
        var value: Int64 = 0
        for d in digits { value = value * 10 + Int64(d - 48) }
        switch f {
        // Two digits: 00-39 are 2000-2039, 40-99 are 1940-1999.
        case .year: year = digits.count <= 2 ? (value < 40 ? 2000 : 1900) + Int(value) : Int(value)
        case .month: month = Int(value)
        case .day: day = Int(value)
        case .hour, .hour12: hour = value
        case .minute: minute = value
        case .second: second = value
        case .milli, .nano:
          // A fraction: its digits are the leading digits of the nanoseconds.
          var n = value
          for _ in digits.count..<9 { n *= 10 }
          nanos = n
        case .meridiem: break
        }
      }
    }
    guard rest.isEmpty else { return nil }
    if let pm {
      // 12 AM is midnight and 12 PM noon; 0 reads as 12 (DolphinDB's table gives hh as 0-11).
      guard (0...12).contains(hour) else { return nil }
      hour = hour % 12 + (pm ? 12 : 0)
    }
    guard CivilCalendar.isValid(year: year, month: month, day: day), hour < 24, minute < 60, second < 60 else {
      return nil
    }
    let days = Int64(CivilCalendar.days(year: year, month: month, day: day))
    let dayNanos = ((hour * 60 + minute) * 60 + second) * 1_000_000_000 + nanos
    return Temporal.raw(Temporal.DayTime(days: days, nanos: dayNanos), type)
  }

  static let builtins: [Builtin] = [
    Builtin("temporalParse", args: 2...2, parameterNames: ["X", "format"]) { a throws(ScriptError) in
      let pattern = TemporalPattern(try a.text(1, "the format of 'temporalParse'"))
      if let problem = pattern.problem { throw ScriptError(problem) }
      func one(_ v: Value) -> Int64 {
        guard case .string(let s, _) = v, !s.isEmpty else { return Int64.min }
        return pattern.parse(s) ?? Int64.min
      }
      switch a[0] {
      case .vector(let v) where v.type.isText:
        return .vector(
          Vector(type: pattern.type, ints: v.strings.map { s in s.isEmpty ? Int64.min : pattern.parse(s) ?? Int64.min })
        )
      case .string:
        return .int(one(a[0]), pattern.type)
      default:
        if a[0].isNull { return .null(pattern.type) }
        throw ScriptError(RuntimeMessages.mustBeString("the first argument of 'temporalParse'", got: a[0].typeString))
      }
    }
  ]
}
