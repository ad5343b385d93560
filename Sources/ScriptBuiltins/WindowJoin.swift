import ScriptRuntime
import ScriptSyntax

/// `wj(left, right, window, aggs, matchingCols, [rightMatchingCols])` and `pwj`: DolphinDB's
/// window joins. The last matching column is a time; for each left row at time t, the right
/// rows with equal other keys and a time in [t + window[0], t + window[1]] are aggregated by
/// `aggs` (metacode: `<avg(bid)>`, `<[max(ask), min(bid) as lo]>`). `pwj` also takes the last
/// right row before the window when none sits at its start. The result is the left table with
/// one column per aggregate, null where a window is empty.
enum WindowJoin {
  /// How many (left row, right row) pairs the windows may hold in all.
  static let maxMemberships = 50_000_000

  static func join(_ a: CallArguments, prevailing: Bool) throws(ScriptError) -> Value {
    let name = prevailing ? "pwj" : "wj"
    let left = try TableBuiltins.table(a[0], "the left table of '\(name)'")
    let right = try TableBuiltins.table(a[1], "the right table of '\(name)'")
    let metrics = try EngineMetrics(a[3], a.machine)
    let (lk, rk, lt, rt, _) = try AsofJoin.timedKeys(a, left, right, at: 4)
    let (low, high) = try bounds(a[2], for: lt.type, name)
    // Times as integers (or doubles for a floating time column), compared in the left's unit.
    let floating = lt.type.isFloating
    let lTimes = floating ? lt.doubles : lt.int64s.map { $0 == Value.nullInt ? Double.nan : Double($0) }
    let rTimes = floating ? rt.doubles : rt.int64s.map { $0 == Value.nullInt ? Double.nan : Double($0) }

    var groups: [[ScalarKey]: [Int]] = [:]
    for j in 0..<right.rowCount where !rTimes[j].isNaN {
      groups[rk.map { ScalarKey($0[j]) ?? .null }, default: []].append(j)
    }
    for (k, rows) in groups { groups[k] = rows.sorted { (rTimes[$0], $0) < (rTimes[$1], $1) } }
    // First position in `rows` whose time is at least (or, `after`, above) `t`.
    func position(_ rows: [Int], _ t: Double, after: Bool) -> Int {
      var lo = 0
      var hi = rows.count
      while lo < hi {
        let mid = (lo + hi) / 2
        if after ? rTimes[rows[mid]] <= t : rTimes[rows[mid]] < t { lo = mid + 1 } else { hi = mid }
      }
      return lo
    }
    var owners: [Int64] = []
    var members: [Int] = []
    for i in 0..<left.rowCount where !lTimes[i].isNaN {
      guard let rows = groups[lk.map { ScalarKey($0[i]) ?? .null }] else { continue }
      var from = position(rows, lTimes[i] + low, after: false)
      let to = position(rows, lTimes[i] + high, after: true)
      // pwj: the prevailing row before the window counts when none sits at its start.
      if prevailing, from > 0, from >= rows.count || rTimes[rows[from]] != lTimes[i] + low { from -= 1 }
      guard from < to else { continue }
      guard members.count + (to - from) <= maxMemberships else {
        throw ScriptError(RuntimeMessages.windowJoinTooLarge(name, maxMemberships))
      }
      members.append(contentsOf: rows[from..<to])
      owners.append(contentsOf: repeatElement(Int64(i), count: to - from))
    }
    // Every window's rows with their left row's number, aggregated by one grouped query.
    let owner = "__" + name + "_row"
    let windows = right.gather(members)
    let rows = try Table(names: windows.names + [owner], columns: windows.columns + [Vector(type: .long, ints: owners)])
    let aggregated = try aggregate(metrics, rows, owner, a.machine)
    var picks = [Int](repeating: -1, count: left.rowCount)
    if let ownerColumn = aggregated.column(owner) {
      for (k, i) in ownerColumn.int64s.enumerated() where i >= 0 && Int(i) < picks.count { picks[Int(i)] = k }
    }
    var names = left.names
    var columns = left.columns
    for (n, c) in zip(aggregated.names, aggregated.columns) where n != owner {
      var unique = n
      while names.contains(where: { $0.lowercased() == unique.lowercased() }) { unique += "_" }
      names.append(unique)
      columns.append(c.gather(picks))
    }
    return .object(try Table(names: names, columns: columns))
  }

  /// `select aggs from rows group by owner`, each aggregate named by its alias or as a select
  /// names it (`max_ask`).
  static func aggregate(_ metrics: EngineMetrics, _ rows: Table, _ owner: String, _ m: Machine) throws(ScriptError)
    -> Table
  {
    let key = MetaCode.newKey()
    var bindings: [String: Value] = [key: .object(rows)]
    for c in metrics.codes { bindings.merge(c.bindings) { a, _ in a } }
    let r = ExprPrinter.builtRange
    let query = SelectQuery(
      isExec: false, distinct: false, top: nil,
      columns: metrics.codes.map { SelectColumn(expr: $0.expr, alias: $0.alias) }, from: Expr(.bound(key), r),
      whereClause: [], groupBy: [SelectColumn(expr: Expr(.name(owner), r), alias: nil)], isContextBy: false,
      having: [], orderBy: [], limit: nil)
    guard case .object(let t as Table) = try m.evaluate(MetaCode(Expr(.sql(.query(query)), r), bindings: bindings))
    else { throw ScriptError(RuntimeMessages.mustBeMetacode("the aggregates", got: "a query without rows")) }
    return t
  }

  /// The window's ends as offsets in the time column's unit: integers as they are, durations
  /// (`-5s:0s`, `0d:366d`) converted.
  static func bounds(_ window: Value, for type: DataType, _ name: String) throws(ScriptError) -> (Double, Double) {
    let ends: [Value]
    switch window {
    case .pair(let p): ends = [p[0], p[1]]
    case .tuple(let items) where items.count == 2: ends = items
    default: throw ScriptError(RuntimeMessages.windowJoinWindow(name, window.typeString))
    }
    var out: [Double] = []
    for e in ends {
      switch e {
      case .int(let v, let t) where t.isIntegral && v != Value.nullInt: out.append(Double(v))
      case .double(let d, _) where type.isFloating && !d.isNaN: out.append(d)
      case .duration(let d):
        guard let ns = d.nanoseconds, let unit = nanoseconds(per: type), ns % unit == 0 else {
          throw ScriptError(RuntimeMessages.windowJoinDuration(name, "\(d.count)\(d.unit)", type.name))
        }
        out.append(Double(ns / unit))
      default: throw ScriptError(RuntimeMessages.windowJoinWindow(name, window.typeString))
      }
    }
    guard out[0] <= out[1] else { throw ScriptError(RuntimeMessages.windowJoinWindow(name, window.typeString)) }
    return (out[0], out[1])
  }

  /// Nanoseconds in one step of a temporal type; nil for MONTH and non-temporal types.
  static func nanoseconds(per type: DataType) -> Int64? {
    switch type {
    case .date: return 86_400_000_000_000
    case .datehour: return 3_600_000_000_000
    case .minute: return 60_000_000_000
    case .second, .datetime: return 1_000_000_000
    case .time, .timestamp: return 1_000_000
    case .nanotime, .nanotimestamp: return 1
    default: return nil
    }
  }
}
