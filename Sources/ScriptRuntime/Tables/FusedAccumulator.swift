/// `count(*)` and `first last min max sum count` of one DOUBLE column per group, fed rows a
/// window at a time in row order: a chunk's partial aggregates when its columns are scanned
/// block by block (never decoded whole into fresh memory, which costs more in page faults than
/// the aggregation). Groups are numbered by the caller (a symbol column's codes); `append`
/// adds what another accumulator saw of later rows, so windows can be split among threads.
public struct FusedAccumulator: Sendable {
  /// Rows per group, and how many of them are not null.
  var rows: [Int64]
  var seen: [Int64]
  var lo: [Double]
  var hi: [Double]
  var sum: [Double]
  /// The value of each group's first and last row (null or not, as `first`/`last` take them).
  var first: [Double]
  var last: [Double]

  public init(groups: Int) {
    rows = [Int64](repeating: 0, count: groups)
    seen = rows
    lo = [Double](repeating: .infinity, count: groups)
    hi = [Double](repeating: -.infinity, count: groups)
    sum = [Double](repeating: 0, count: groups)
    first = sum
    last = sum
  }

  public var groups: Int { rows.count }

  /// Adds rows in order, row `i` in group `codes[i]`; false (and nothing of the window kept
  /// consistent) when a code is not a group, which only damaged data makes.
  public mutating func add(codes: UnsafeBufferPointer<Int32>, values: UnsafeBufferPointer<Double>) -> Bool {
    let n = min(codes.count, values.count)
    guard n > 0 else { return true }
    let groups = rows.count
    var ok = true
    rows.withUnsafeMutableBufferPointer { rows in
      seen.withUnsafeMutableBufferPointer { seen in
        lo.withUnsafeMutableBufferPointer { lo in
          hi.withUnsafeMutableBufferPointer { hi in
            sum.withUnsafeMutableBufferPointer { sum in
              first.withUnsafeMutableBufferPointer { first in
                last.withUnsafeMutableBufferPointer { last in
                  // A group's rows usually come in runs (data stored in key order): a run
                  // is accumulated in registers and written back when the group changes.
                  var g = -1
                  var (l, h, s, c, r) = (0.0, 0.0, 0.0, Int64(0), Int64(0))
                  for i in 0..<n {
                    let k = Int(codes[i])
                    let v = values[i]
                    if k != g {
                      if g >= 0 { (lo[g], hi[g], sum[g], seen[g], rows[g], last[g]) = (l, h, s, c, r, values[i - 1]) }
                      guard k >= 0 && k < groups else {
                        ok = false
                        return
                      }
                      g = k
                      (l, h, s, c, r) = (lo[k], hi[k], sum[k], seen[k], rows[k])
                      if r == 0 { first[k] = v }
                    }
                    // A NaN (null) is neither less nor greater: min and max skip it untested.
                    if v < l { l = v }
                    if v > h { h = v }
                    if !v.isNaN {
                      s += v
                      c += 1
                    }
                    r += 1
                  }
                  (lo[g], hi[g], sum[g], seen[g], rows[g], last[g]) = (l, h, s, c, r, values[n - 1])
                }
              }
            }
          }
        }
      }
    }
    return ok
  }

  /// Adds rows in order, all in group 0.
  public mutating func add(values: UnsafeBufferPointer<Double>) {
    guard let v0 = values.first, let vn = values.last, !rows.isEmpty else { return }
    var (l, h, s, c) = (lo[0], hi[0], sum[0], seen[0])
    for v in values {
      if v < l { l = v }
      if v > h { h = v }
      if !v.isNaN {
        s += v
        c += 1
      }
    }
    if rows[0] == 0 { first[0] = v0 }
    (lo[0], hi[0], sum[0], seen[0], last[0]) = (l, h, s, c, vn)
    rows[0] += Int64(values.count)
  }

  /// Adds what `later` saw of rows that come after every row this one saw.
  public mutating func append(_ later: FusedAccumulator) {
    for g in 0..<min(groups, later.groups) where later.rows[g] > 0 {
      if rows[g] == 0 { first[g] = later.first[g] }
      last[g] = later.last[g]
      rows[g] += later.rows[g]
      seen[g] += later.seen[g]
      sum[g] += later.sum[g]
      if later.lo[g] < lo[g] { lo[g] = later.lo[g] }
      if later.hi[g] > hi[g] { hi[g] = later.hi[g] }
    }
  }

  /// The groups that had rows.
  public var used: [Int] { rows.indices.filter { rows[$0] > 0 } }

  /// An aggregate's partial values for `groups`, in that order, as `AggregatePlan.partials`
  /// gives them; nil for an aggregate this does not compute.
  func part(_ f: AggregatePlan.Function, _ groups: [Int]) -> Vector? {
    func doubles(_ a: [Double]) -> Vector { Vector(doubles: groups.map { seen[$0] == 0 ? .nan : a[$0] }) }
    switch f {
    case .countStar: return Vector(type: .int, ints: groups.map { rows[$0] })
    case .count: return Vector(type: .int, ints: groups.map { seen[$0] })
    case .first: return Vector(doubles: groups.map { first[$0] })
    case .last: return Vector(doubles: groups.map { last[$0] })
    case .min: return doubles(lo)
    case .max: return doubles(hi)
    case .sum: return doubles(sum)
    case .avg, .std, .var, .wavg: return nil
    }
  }
}

extension AggregatePlan {
  /// What a scan that reads columns window by window computes for this plan: the one DOUBLE
  /// column every aggregate reads (each `count(*)` or one of `first last min max sum count`),
  /// and the key column when there is one, which must be a SYMBOL column as it is; nil when
  /// the plan needs more (the chunk's rows are then decoded and aggregated whole).
  public var scannedColumns: (key: String?, value: String)? {
    guard keys.count <= 1, keys.first?.function == nil else { return nil }
    var value: String?
    for a in aggregates {
      switch a.function {
      case .countStar: continue
      case .count, .first, .last, .min, .max, .sum:
        guard a.columns.count == 1 else { return nil }
        if let v = value, v.lowercased() != a.columns[0].lowercased() { return nil }
        value = a.columns[0]
      default: return nil
      }
    }
    guard let value else { return nil }
    return (keys.first?.column, value)
  }

  /// A chunk's partial table from a scan's accumulator (`scannedColumns`): the groups that
  /// had rows, in ascending key order (`symbols` names each group when the plan has a key),
  /// as `partials(of:)` gives them for the same rows.
  public func partials(of scan: FusedAccumulator, symbols: [String]?) throws(ScriptError) -> Table {
    var groups = scan.used
    guard !groups.isEmpty else { return try Table(names: [], columns: []) }
    var columns: [Vector] = []
    if let symbols {
      guard symbols.count == scan.groups else {
        throw ScriptError(RuntimeMessages.cannotPushDown("a scan saw \(scan.groups) groups of \(symbols.count) keys"))
      }
      groups.sort { symbols[$0] < symbols[$1] }
      // The segment's dictionary holds distinct symbols: the used ones, sorted, are the keys.
      let keys = SymbolDictionary(symbols: groups.map { symbols[$0] })
      columns.append(
        Vector(type: .symbol, storage: .sym(SymbolColumn(codes: groups.indices.map { Int32($0) }, dictionary: keys))))
    }
    for a in aggregates {
      guard let part = scan.part(a.function, groups) else {
        throw ScriptError(RuntimeMessages.cannotPushDown("'\(a.function.rawValue)' is not computed by a scan"))
      }
      columns.append(part)
    }
    return try Table(names: partialNames, columns: columns)
  }
}
