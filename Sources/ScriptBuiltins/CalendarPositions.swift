import PorpoiseSupport
import ScriptRuntime

/// Where a date falls in its month, quarter or year: `isMonthStart isMonthEnd isQuarterStart
/// isQuarterEnd isYearStart isYearEnd` (BOOL; null times give false).
enum CalendarPositions {
  static func test(_ name: String, _ f: @escaping @Sendable (_ year: Int, _ month: Int, _ day: Int) -> Bool) -> Builtin
  {
    Builtin(name, args: 1...1) { a throws(ScriptError) in
      try mapElements(a[0], emptyType: .bool) { v throws(ScriptError) in
        guard case .int(let raw, let t) = v, t.isTemporal else {
          if v.isNull { return .bool(false) }
          throw ScriptError(RuntimeMessages.needsTemporal(name, got: v.typeString))
        }
        if raw == Int64.min { return .bool(false) }
        guard let days = Temporal.convert(raw, from: t, to: .date) else {
          throw ScriptError(RuntimeMessages.cannotTake(name, t.name))
        }
        let (y, m, d) = CivilCalendar.civil(days: Int(days))
        return .bool(f(y, m, d))
      }
    }
  }

  static func lastDay(_ y: Int, _ m: Int, _ d: Int) -> Bool { d == CivilCalendar.daysInMonth(year: y, month: m) }

  static let all: [Builtin] = [
    test("isMonthStart") { _, _, d in d == 1 },
    test("isMonthEnd") { y, m, d in lastDay(y, m, d) },
    test("isQuarterStart") { _, m, d in d == 1 && m % 3 == 1 },
    test("isQuarterEnd") { y, m, d in m % 3 == 0 && lastDay(y, m, d) },
    test("isYearStart") { _, m, d in m == 1 && d == 1 },
    test("isYearEnd") { _, m, d in m == 12 && d == 31 },
  ]
}
