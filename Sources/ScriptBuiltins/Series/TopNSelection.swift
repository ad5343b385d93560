import ScriptRuntime

/// The core the TopN window families share (moving `msumTopN`, cumulative `cumsumTopN`,
/// time-based `tmsumTopN` and their kin): each row's window is sorted (stably) by S, ascending
/// unless told, rows whose S is null left out, and the first `top` rows taken. When the top-th S
/// value is shared by more rows than places are left, the ties method picks among them: the
/// 'oldest', the 'latest', or 'all' of them. A statistic is then computed over the taken rows' X
/// (or X and Y) values, nulls ignored.
enum TopNSelection {
  enum Ties: String, CaseIterable {
    case oldest, latest, all
  }

  /// Each row's taken rows, in sorted order, handed to `visit(row, rows)` row by row; a row
  /// left out takes the same rows as the row before it.
  typealias Windows = (_ visit: (Int, [Int]) -> Void) throws(ScriptError) -> Void

  /// S's values as dense ranks (equal values one rank), -1 for nulls, so windows sort integers
  /// whatever S's type.
  static func ranks(_ s: Vector, _ name: String) throws(ScriptError) -> [Int] {
    guard (s.type.isNumeric || s.type.isTemporal || s.type == .void), !s.isArrayVector else {
      throw ScriptError(RuntimeMessages.cannotTakeVector(name, of: s.typeName))
    }
    // Windows sort rows as rank * (count + 1) + position, which must fit an Int.
    guard s.count < 1 << 31 else {
      throw ScriptError(RuntimeMessages.outOfMemory("the windows of '\(name)'", s.count, limit: "2^31 rows"))
    }
    var out = [Int](repeating: -1, count: s.count)
    let present = (0..<s.count).filter { !s.isNull($0) }
    func assign<T: Comparable>(_ keys: [T]) {
      let order = present.sorted { keys[$0] < keys[$1] }
      var rank = -1
      for (k, i) in order.enumerated() {
        if k == 0 || keys[i] != keys[order[k - 1]] { rank += 1 }
        out[i] = rank
      }
    }
    switch s.storage {
    case .f32, .f64: assign(s.doubles)
    default: assign(s.int64s)
    }
    return out
  }

  /// The tiesMethod argument at `i`, `fallback` when it is not given.
  static func ties(_ a: CallArguments, _ i: Int, _ name: String, fallback: Ties) throws(ScriptError) -> Ties {
    guard a.has(i) else { return fallback }
    let text = try a.text(i, "the tiesMethod of '\(name)'")
    guard let m = Ties(rawValue: text) else {
      throw ScriptError(
        RuntimeMessages.mustBeOneOf("the tiesMethod of '\(name)'", Ties.allCases.map(\.rawValue), got: text))
    }
    return m
  }

  static func numbers(_ a: CallArguments, _ i: Int, _ name: String) throws(ScriptError) -> Vector {
    let v = try Series.vector(a, i, name)
    guard v.type.isNumeric || v.type == .void, !v.isArrayVector else {
      throw ScriptError(RuntimeMessages.needsNumber(name, got: v.typeName))
    }
    return v
  }

  static func sameLength(_ name: String, _ vs: [Vector]) throws(ScriptError) {
    for v in vs where v.count != vs[0].count {
      throw ScriptError(RuntimeMessages.incompatibleSizes(name, vs[0].count, v.count))
    }
  }

  /// A row as the one integer it sorts by: its signed rank, then its position (stable). `base`
  /// (the row count + 1) exceeds every position and every shifted rank.
  static func key(_ rank: Int, _ position: Int, ascending: Bool, count n: Int) -> Int {
    ((ascending ? rank : -rank) + n) * (n + 1) + position
  }

  /// Of a window's sorted keys, the ones taken: every key ranked before the top-th key's value,
  /// then of those sharing it (contiguous, oldest first) the ones the ties method picks.
  static func taken(_ sorted: [Int], base: Int, top: Int, ties: Ties) -> (lead: Range<Int>, tied: Range<Int>) {
    let k = min(top, sorted.count)
    guard k > 0 else { return (0..<0, 0..<0) }
    // The keys sharing the top-th key's value lie in [value * base, (value + 1) * base): found by
    // binary search, for a run of ties may be long.
    let boundary = sorted[k - 1] / base
    func firstAtLeast(_ key: Int) -> Int {
      var (lo, hi) = (0, sorted.count)
      while lo < hi {
        let mid = (lo + hi) / 2
        if sorted[mid] < key { lo = mid + 1 } else { hi = mid }
      }
      return lo
    }
    let firstTied = firstAtLeast(boundary * base)
    let endTied = firstAtLeast((boundary + 1) * base)
    let left = k - firstTied
    switch ties {
    case .oldest: return (0..<firstTied, firstTied..<(firstTied + left))
    case .latest: return (0..<firstTied, (endTied - left)..<endTied)
    case .all: return (0..<firstTied, firstTied..<endTied)
    }
  }

  /// Calls `visit` with each row and the rows taken from its window, rows `start(i)` to `i`, the
  /// first `top(i)` of them; windows are sorted afresh, so bounded windows (moving, time-based).
  static func eachWindow(
    _ ranks: [Int], start: (Int) -> Int, top: (Int) -> Int, ascending: Bool, ties: Ties, _ machine: Machine,
    _ visit: (Int, [Int]) -> Void
  ) throws(ScriptError) {
    let n = ranks.count
    let base = n + 1
    var sorted: [Int] = []
    var chosen: [Int] = []
    for i in ranks.indices {
      if i % 1_024 == 0, machine.isInterrupted { throw Machine.interrupted() }
      sorted.removeAll(keepingCapacity: true)
      for j in start(i)...i where ranks[j] >= 0 { sorted.append(key(ranks[j], j, ascending: ascending, count: n)) }
      sorted.sort()
      chosen.removeAll(keepingCapacity: true)
      let (lead, tied) = taken(sorted, base: base, top: top(i), ties: ties)
      for r in lead { chosen.append(sorted[r] % base) }
      for r in tied { chosen.append(sorted[r] % base) }
      visit(i, chosen)
    }
  }

  /// Calls `visit` with each row and the rows taken from all rows up to it, leaving out a row
  /// that changes nothing (its own S not taken). A row not taken at some row never is later
  /// (later rows only join, ahead of it or, sharing its value, after it), so only the taken rows
  /// are kept between rows: the work per row follows `top` (and with 'all' the rows tied at the
  /// cut), not the row.
  /// The most rows the cumulative windows may visit in all (with the inserts into the kept
  /// rows, about a minute of work).
  static let maximumVisits = 200_000_000

  static func eachCumulativeWindow(
    _ ranks: [Int], top: Int, ascending: Bool, ties: Ties, _ machine: Machine, _ visit: (Int, [Int]) -> Void
  ) throws(ScriptError) {
    let n = ranks.count
    let base = n + 1
    var kept: [Int] = []
    var chosen: [Int] = []
    // Ties kept whole ('all') can keep every row so far: bound the rows visited so one call
    // cannot occupy the node for hours.
    var visits = 0
    for i in ranks.indices {
      if i % 1_024 == 0, machine.isInterrupted { throw Machine.interrupted() }
      if visits > maximumVisits { throw ScriptError(RuntimeMessages.topNTooManyTies(maximumVisits)) }
      guard ranks[i] >= 0 else { continue }
      let k = key(ranks[i], i, ascending: ascending, count: n)
      var (lo, hi) = (0, kept.count)
      while lo < hi {
        let mid = (lo + hi) / 2
        if kept[mid] < k { lo = mid + 1 } else { hi = mid }
      }
      kept.insert(k, at: lo)
      let (lead, tied) = taken(kept, base: base, top: top, ties: ties)
      // Not taken, the row leaves the taken rows as they were.
      let changed = lead.contains(lo) || tied.contains(lo)
      if lead.count + tied.count < kept.count { kept = Array(kept[lead]) + Array(kept[tied]) }
      guard changed else { continue }
      chosen.removeAll(keepingCapacity: true)
      for k in kept { chosen.append(k % base) }
      visits += kept.count
      visit(i, chosen)
    }
  }

  /// `f` over each row's taken non-null X values; null where there are none.
  static func statistic(
    _ xs: [Double], _ windows: Windows, _ f: @escaping ([Double]) -> Double
  ) throws(ScriptError) -> [Double] {
    var out = [Double](repeating: .nan, count: xs.count)
    var visited = [Bool](repeating: false, count: xs.count)
    var values: [Double] = []
    try windows { i, rows in
      visited[i] = true
      values.removeAll(keepingCapacity: true)
      for r in rows where !xs[r].isNaN { values.append(xs[r]) }
      if !values.isEmpty { out[i] = f(values) }
    }
    return carried(out, visited)
  }

  /// `f` over each row's taken pairs where both X and Y have values; null with fewer than
  /// `minimum` pairs, and where `f` is not finite (a zero variance).
  static func pairedStatistic(
    _ xs: [Double], _ ys: [Double], minimum: Int, _ windows: Windows, _ f: @escaping ([Double], [Double]) -> Double
  ) throws(ScriptError) -> [Double] {
    var out = [Double](repeating: .nan, count: xs.count)
    var visited = [Bool](repeating: false, count: xs.count)
    var (px, py): ([Double], [Double]) = ([], [])
    try windows { i, rows in
      visited[i] = true
      px.removeAll(keepingCapacity: true)
      py.removeAll(keepingCapacity: true)
      for r in rows where !xs[r].isNaN && !ys[r].isNaN {
        px.append(xs[r])
        py.append(ys[r])
      }
      if px.count >= minimum {
        let v = f(px, py)
        out[i] = v.isFinite ? v : .nan
      }
    }
    return carried(out, visited)
  }

  /// Results with each row not visited given the row before's.
  static func carried(_ out: [Double], _ visited: [Bool]) -> [Double] {
    var out = out
    for i in out.indices.dropFirst() where !visited[i] { out[i] = out[i - 1] }
    return out
  }
}
