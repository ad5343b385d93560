import Foundation
import PorpoiseSupport
import ScriptRuntime

/// Reading fields of delimited text as numbers and times straight from their bytes. Each fast
/// form answers only for text it knows exactly (digits, a decimal number, a time in the shape
/// Porpoise prints it); anything else goes the general way (`Cast.convert`,
/// `Temporal.parse`), so a file reads the same either way, only faster.
enum TextFieldParsing {
  /// An integer of at most 19 digits with an optional sign, as `Int64(text)` reads it.
  @inline(__always)
  static func integer(_ b: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int64? {
    var at = start
    var negative = false
    if at < end, b[at] == 43 || b[at] == 45 {
      negative = b[at] == 45
      at += 1
    }
    guard at < end, end - at <= 19 else { return nil }
    var value: UInt64 = 0
    while at < end {
      let digit = b[at] &- 48
      guard digit < 10 else { return nil }
      value = value &* 10 &+ UInt64(digit)
      at += 1
    }
    if negative { return value <= UInt64(Int64.max) + 1 ? Int64(bitPattern: 0 &- value) : nil }
    return value <= UInt64(Int64.max) ? Int64(value) : nil
  }

  /// A decimal number (`-1.5`, `.5`, `2e-3`): digits, one point, an exponent; the forms
  /// `strtod` and `Double(text)` read alike.
  @inline(__always)
  static func isDecimal(_ b: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
    var at = start
    if at < end, b[at] == 43 || b[at] == 45 { at += 1 }
    var digits = 0
    while at < end, b[at] &- 48 < 10 {
      digits += 1
      at += 1
    }
    if at < end, b[at] == 46 {
      at += 1
      while at < end, b[at] &- 48 < 10 {
        digits += 1
        at += 1
      }
    }
    guard digits > 0 else { return false }
    if at < end, b[at] | 32 == 101 {
      at += 1
      if at < end, b[at] == 43 || b[at] == 45 { at += 1 }
      var exponent = 0
      while at < end, b[at] &- 48 < 10 {
        exponent += 1
        at += 1
      }
      guard exponent > 0 else { return false }
    }
    return at == end
  }

  /// The decimal number at `start` (checked by `isDecimal`; the text goes on with a byte that
  /// ends a number, a delimiter, line end or the 0 after the text).
  @inline(__always)
  static func decimal(_ b: UnsafePointer<UInt8>, _ start: Int) -> Double {
    b.advanced(by: start).withMemoryRebound(to: CChar.self, capacity: 1) { strtod($0, nil) }
  }

  /// Two digits at `at` as a number, or -1.
  @inline(__always)
  private static func two(_ b: UnsafePointer<UInt8>, _ at: Int) -> Int {
    let x = Int(b[at] &- 48)
    let y = Int(b[at + 1] &- 48)
    return x < 10 && y < 10 ? x * 10 + y : -1
  }

  /// `count` digits at `at` as a number, or -1.
  @inline(__always)
  private static func digits(_ b: UnsafePointer<UInt8>, _ at: Int, _ count: Int) -> Int64 {
    var value: Int64 = 0
    for i in at..<(at + count) {
      let d = b[i] &- 48
      guard d < 10 else { return -1 }
      value = value * 10 + Int64(d)
    }
    return value
  }

  /// `yyyy.MM.dd` (or with `-`) at `at` as days since 1970, when a real date of years 1000-9999.
  @inline(__always)
  private static func date(_ b: UnsafePointer<UInt8>, _ at: Int) -> Int64? {
    let sep = b[at + 4]
    guard sep == 46 || sep == 45, b[at + 7] == sep else { return nil }
    let year = Int(digits(b, at, 4))
    let month = two(b, at + 5)
    let day = two(b, at + 8)
    guard year >= 1000, (1...12).contains(month), day >= 1,
      day <= CivilCalendar.daysInMonth(year: year, month: month)
    else { return nil }
    return Int64(CivilCalendar.days(year: year, month: month, day: day))
  }

  /// `HH:mm:ss` at `at` as seconds of the day.
  @inline(__always)
  private static func clock(_ b: UnsafePointer<UInt8>, _ at: Int) -> Int64? {
    guard b[at + 2] == 58, b[at + 5] == 58 else { return nil }
    let h = two(b, at)
    let m = two(b, at + 3)
    let s = two(b, at + 6)
    guard (0..<24).contains(h), (0..<60).contains(m), (0..<60).contains(s) else { return nil }
    return Int64(h * 3600 + m * 60 + s)
  }

  /// The fraction `.fff` or `.fffffffff` at `at` (`count` digits) in its unit.
  @inline(__always)
  private static func fraction(_ b: UnsafePointer<UInt8>, _ at: Int, _ count: Int) -> Int64? {
    guard b[at] == 46 else { return nil }
    let f = digits(b, at + 1, count)
    return f < 0 ? nil : f
  }

  /// The temporal type whose printed form the text has, with its raw value: `2024.01.02`
  /// (or `2024-01-02`) is a DATE, `2024.01.02T09:30:00` (or with a space) a DATETIME, with
  /// `.123` a TIMESTAMP, with 9 digits a NANOTIMESTAMP; `09:30:00` a SECOND, `.123` makes it a
  /// TIME, 9 digits a NANOTIME; `2024.01M` a MONTH, `09:30m` a MINUTE. Nil for anything else.
  static func temporal(_ b: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> (DataType, Int64)? {
    let n = end - start
    let result: (DataType, Int64)?
    switch n {
    case 10: result = date(b, start).map { (.date, $0) }
    case 19, 23, 29:
      guard b[start + 10] == 84 || b[start + 10] == 32, let days = date(b, start), let s = clock(b, start + 11) else {
        return nil
      }
      let seconds = days * 86_400 + s
      if n == 19 {
        result = (.datetime, seconds)
      } else if n == 23 {
        guard let ms = fraction(b, start + 19, 3) else { return nil }
        result = (.timestamp, seconds * 1000 + ms)
      } else {
        // Nanoseconds since 1970 reach only 1677-2262.
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow, let ns = fraction(b, start + 19, 9) else { return nil }
        let (sum, over) = scaled.addingReportingOverflow(ns)
        guard !over else { return nil }
        result = (.nanotimestamp, sum)
      }
    case 8:
      if b[start + 7] == 77 {
        let sep = b[start + 4]
        guard sep == 46 || sep == 45 else { return nil }
        let year = digits(b, start, 4)
        let month = two(b, start + 5)
        guard year >= 1000, (1...12).contains(month) else { return nil }
        result = (.month, year * 12 + Int64(month - 1))
      } else {
        result = clock(b, start).map { (.second, $0) }
      }
    case 12:
      guard let s = clock(b, start), let ms = fraction(b, start + 8, 3) else { return nil }
      result = (.time, s * 1000 + ms)
    case 18:
      guard let s = clock(b, start), let ns = fraction(b, start + 8, 9) else { return nil }
      result = (.nanotime, s * 1_000_000_000 + ns)
    case 6:
      guard b[start + 2] == 58, b[start + 5] == 109 else { return nil }
      let h = two(b, start)
      let m = two(b, start + 3)
      guard (0..<24).contains(h), (0..<60).contains(m) else { return nil }
      result = (.minute, Int64(h * 60 + m))
    default: return nil
    }
    guard let result, Temporal.fits(result.1, result.0) else { return nil }
    return result
  }
}
