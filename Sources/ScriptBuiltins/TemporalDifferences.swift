import ScriptRuntime

/// Differences of times: `temporalDeltas(X, [unit])` (also `datetimeDeltas`), each element less
/// the one before it (the first null), and `temporalDiff(X, Y, [unit])` (also `datetimeDiff`),
/// X less Y, of one temporal type; both in X's own unit (days for DATE, seconds for SECOND),
/// as `deltas` and `-` give them. With a unit the values are DATEs and the difference counts
/// days ('d'), weekdays ('B') or a trading calendar's trading days (its name, `"XNYS"`): the
/// days after the earlier date up to the later one, negative when X is the earlier, as INT. A
/// matrix goes column by column, a table by its temporal columns (its other columns kept).
enum TemporalDifferences {
  /// Days numbered so that the difference of two numbers is the days the unit counts between
  /// them: every day ('d'), weekdays ('B', a weekend day numbered as the Friday before it), or a
  /// calendar's trading days (a day that does not trade numbered as the trading day before it).
  static func dayNumbers(_ a: CallArguments, _ i: Int) throws(ScriptError) -> (Int64) -> Int64 {
    let unit = try a.text(i, "the unit")
    switch unit {
    case "d": return { $0 }
    case "B": return { Int64(BusinessCalendar.businessIndex(Int($0))) }
    default:
      let (_, market) = try TradingCalendarBuiltins.calendar(a, i)
      let dates = market.dates
      switch market.kind {
      case .tradingDate: return { upTo(dates, $0) }
      case .holidayDate:
        // Weekdays less the holidays that fall on one (weekends never trade anyway).
        let holidays = dates.filter { d in CalendarBuiltins.mondayWeekday(Int(d)) < 5 }
        return { Int64(BusinessCalendar.businessIndex(Int($0))) - upTo(holidays, $0) }
      }
    }
  }

  /// How many of the sorted `listed` days are on or before `day` (a calendar may be long).
  static func upTo(_ listed: [Int64], _ day: Int64) -> Int64 {
    var (lo, hi) = (0, listed.count)
    while lo < hi {
      let mid = (lo + hi) / 2
      if listed[mid] <= day { lo = mid + 1 } else { hi = mid }
    }
    return Int64(lo)
  }

  /// The days between each pair, INT (null where either is null or the count leaves INT).
  static func dayCounts(_ later: [Int64], _ earlier: [Int64], _ number: (Int64) -> Int64) -> Vector {
    Vector(
      type: .int,
      ints: zip(later, earlier).map { x, y in
        guard x != Int64.min, y != Int64.min else { return Int64.min }
        let d = number(x) - number(y)
        return d > Int64(Int32.max) || d < -Int64(Int32.max) ? Int64.min : d
      })
  }

  static func requireDates(_ v: Vector, _ a: CallArguments, _ i: Int, _ name: String) throws(ScriptError) {
    guard v.type == .date, !v.isArrayVector else {
      let unit = (try? a.text(i, "the unit")) ?? ""
      throw ScriptError(RuntimeMessages.temporalUnitNeedsDates(name, unit, got: v.typeName))
    }
  }

  /// A vector's deltas: in its unit, or counted in days by `number`.
  static func deltas(
    _ v: Vector, _ a: CallArguments, _ number: ((Int64) -> Int64)?, _ name: String
  ) throws(ScriptError) -> Value {
    guard v.type.isTemporal, !v.isArrayVector else {
      throw ScriptError(RuntimeMessages.needsTemporal(name, got: v.typeName))
    }
    let before = v.gather((0..<v.count).map { $0 - 1 })
    guard let number else { return try Arithmetic.apply(.sub, .vector(v), .vector(before)) }
    try requireDates(v, a, 1, name)
    return .vector(dayCounts(v.int64s, before.int64s, number))
  }

  static let deltasBuiltin = ColumnByColumn.wrap(
    Builtin("temporalDeltas", args: 1...2, parameterNames: ["X", "unit"]) { a throws(ScriptError) in
      let name = "temporalDeltas"
      let number = a.has(1) ? try dayNumbers(a, 1) : nil
      if case .object(let t as Table) = a[0] {
        let columns = try t.columns.map { c throws(ScriptError) -> Vector in
          guard c.type.isTemporal, !c.isArrayVector else { return c }
          return try column(try deltas(c, a, number, name), name)
        }
        return .object(try Table(names: t.names, columns: columns))
      }
      return try deltas(try Series.vector(a, 0, name), a, number, name)
    })

  /// X less Y, two values of one temporal type (scalars, vectors or matrices).
  static func difference(
    _ x: Value, _ y: Value, _ a: CallArguments, _ number: ((Int64) -> Int64)?, _ name: String
  ) throws(ScriptError) -> Value {
    guard x.type.isTemporal else { throw ScriptError(RuntimeMessages.needsTemporal(name, got: x.typeString)) }
    guard y.type == x.type else { throw ScriptError(RuntimeMessages.temporalDiffTypes(name, x.type.name, y.type.name)) }
    guard let number else { return try Arithmetic.apply(.sub, x, y) }
    let xs = try ColumnByColumn.cells(x, name)
    let ys = try ColumnByColumn.cells(y, name)
    try requireDates(xs, a, 2, name)
    // A scalar on either side goes with every element of the other.
    let n = xs.count == 1 ? ys.count : xs.count
    guard ys.count == n || ys.count == 1 else {
      throw ScriptError(RuntimeMessages.incompatibleSizes(name, xs.count, ys.count))
    }
    func spread(_ v: Vector) -> [Int64] { v.count == n ? v.int64s : Array(repeating: v.int64s[0], count: n) }
    return try ColumnByColumn.shaped(dayCounts(spread(xs), spread(ys), number), like: xs.count == n ? x : y)
  }

  static let diffBuiltin = Builtin("temporalDiff", args: 2...3, parameterNames: ["X", "Y", "unit"]) {
    a throws(ScriptError) in
    let name = "temporalDiff"
    let number = a.has(2) ? try dayNumbers(a, 2) : nil
    guard case .object(let t as Table) = a[0] else { return try difference(a[0], a[1], a, number, name) }
    // A table less a scalar, or less a table of as many columns, column by column.
    var others: [Vector]?
    if case .object(let u as Table) = a[1] {
      guard u.columns.count == t.columns.count else {
        throw ScriptError(RuntimeMessages.incompatibleSizes(name, t.columns.count, u.columns.count))
      }
      others = u.columns
    }
    var columns: [Vector] = []
    for (j, c) in t.columns.enumerated() {
      guard c.type.isTemporal, !c.isArrayVector else {
        columns.append(c)
        continue
      }
      let y = others.map { Value.vector($0[j]) } ?? a[1]
      columns.append(try column(try difference(.vector(c), y, a, number, name), name))
    }
    return .object(try Table(names: t.names, columns: columns))
  }

  static let all: [Builtin] = [
    deltasBuiltin, Builtin("datetimeDeltas", args: 1...2, parameterNames: ["X", "unit"], deltasBuiltin.body),
    diffBuiltin, Builtin("datetimeDiff", args: 2...3, parameterNames: ["X", "Y", "unit"], diffBuiltin.body),
  ]
}
