extension AggregatePlan.Function {
  /// How many columns the aggregate's partial result has.
  var partCount: Int {
    switch self {
    case .avg, .wavg: return 2
    case .std, .var: return 3
    default: return 1
    }
  }
}

extension AggregatePlan {
  /// The column names of a partial table, in order: `k0`… for the keys, then `a<i>_<j>` for
  /// part `j` of aggregate `i`.
  public var partialNames: [String] {
    keys.indices.map { "k\($0)" }
      + aggregates.enumerated().flatMap { i, a in (0..<a.function.partCount).map { "a\(i)_\($0)" } }
  }

  /// The groups of some rows by the plan's keys, or one group when it has none.
  static func grouping(_ keys: [Vector], rows: Int) -> Grouping {
    Grouping(keys: keys.isEmpty ? [Vector(type: .int, ints: [Int64](repeating: 0, count: rows))] : keys)
  }

  /// One chunk's partial table: a row per group of its rows, with the keys and each
  /// aggregate's parts (no rows when the chunk has none).
  public func partials(of table: Table) throws(ScriptError) -> Table {
    let n = table.rowCount
    guard n > 0 else { return try Table(names: [], columns: []) }
    var keyColumns: [Vector] = []
    for k in keys {
      var v = try AggregatePlan.column(table, k.column)
      if let f = k.function {
        guard let type = AggregatePlan.conversions[f] else {
          throw ScriptError(RuntimeMessages.cannotPushDown("'\(f)' is no group key conversion"))
        }
        guard case .vector(let converted) = try Cast.value(.vector(v), to: type) else {
          throw ScriptError(RuntimeMessages.cannotPushDown("'\(f)' is no group key conversion"))
        }
        v = converted
      }
      keyColumns.append(v)
    }
    let grouping = AggregatePlan.grouping(keyColumns, rows: n)
    var columns = keyColumns.map { $0.gather(grouping.firstRow) }
    let fused = try AggregatePlan.fusedParts(aggregates, table, grouping)
    for (i, a) in aggregates.enumerated() {
      if let parts = fused[i] {
        columns += parts
      } else {
        columns += try AggregatePlan.parts(a, table, grouping)
      }
    }
    return try Table(names: partialNames, columns: columns)
  }

  /// The parts of aggregates that read one DOUBLE column, computed in one pass over it
  /// (`first`, `max`, `min` and `last` of a price), by aggregate index; the others are left out.
  static func fusedParts(_ aggregates: [Aggregate], _ table: Table, _ grouping: Grouping) throws(ScriptError)
    -> [Int: [Vector]]
  {
    var byColumn: [String: [Int]] = [:]
    for (i, a) in aggregates.enumerated()
    where a.function.partCount == 1 && a.columns.count == 1 && Grouping.fusable.contains(a.function.rawValue) {
      byColumn[a.columns[0].lowercased(), default: []].append(i)
    }
    var out: [Int: [Vector]] = [:]
    for indices in byColumn.values where indices.count > 1 {
      let x = try column(table, aggregates[indices[0]].columns[0])
      guard let parts = grouping.aggregateMany(indices.map { aggregates[$0].function.rawValue }, x) else { continue }
      for (i, part) in zip(indices, parts) { out[i] = [part] }
    }
    return out
  }

  static func column(_ table: Table, _ name: String) throws(ScriptError) -> Vector {
    guard let v = table.column(name) else {
      throw ScriptError(RuntimeMessages.unknownColumn(name, known: Array(table.names.prefix(12))))
    }
    return v
  }

  /// An aggregate's parts for every group of one chunk.
  static func parts(_ a: Aggregate, _ table: Table, _ grouping: Grouping) throws(ScriptError) -> [Vector] {
    // A plan may come from another node: its shape is checked, not trusted.
    guard a.columns.count == a.function.arity else {
      throw ScriptError(
        RuntimeMessages.cannotPushDown(
          "'\(a.function.rawValue)' takes \(a.function.arity) column(s), not \(a.columns.count)"))
    }
    if a.function == .countStar { return [grouping.sizes] }
    let x = try column(table, a.columns[0])
    switch a.function {
    case .countStar: return [grouping.sizes]
    case .count, .sum, .min, .max, .first, .last: return [try grouping.aggregated(a.function.rawValue, x)]
    case .avg: return [try grouping.aggregated("sum", x), try grouping.aggregated("count", x)]
    case .std, .var:
      // Welford's running mean and sum of squared deviations per group.
      var count = [Int64](repeating: 0, count: grouping.count)
      var mean = [Double](repeating: 0, count: grouping.count)
      var m2 = [Double](repeating: 0, count: grouping.count)
      for (i, v) in x.doubles.enumerated() where !v.isNaN {
        let g = grouping.group(of: i)
        count[g] += 1
        let delta = v - mean[g]
        mean[g] += delta / Double(count[g])
        m2[g] += delta * (v - mean[g])
      }
      return [Vector(type: .long, ints: count), Vector(doubles: mean), Vector(doubles: m2)]
    case .wavg:
      let w = try column(table, a.columns[1]).doubles
      var sxw = [Double](repeating: 0, count: grouping.count)
      var sw = [Double](repeating: 0, count: grouping.count)
      for (i, v) in x.doubles.enumerated() where !v.isNaN && !w[i].isNaN {
        let g = grouping.group(of: i)
        sxw[g] += v * w[i]
        sw[g] += w[i]
      }
      return [Vector(doubles: sxw), Vector(doubles: sw)]
    }
  }

  /// Every chunk's partial tables, in row order, combined: the group keys in ascending order
  /// and each aggregate's value per group; nil when no chunk had a row.
  public func merge(_ partials: [Table]) throws(ScriptError) -> (keys: [Vector], values: [Vector])? {
    let expected = partialNames.map { $0.lowercased() }
    var merged: [Vector]?
    for p in partials where p.rowCount > 0 {
      guard p.names.map({ $0.lowercased() }) == expected else {
        throw ScriptError(
          RuntimeMessages.cannotPushDown("a partial result has columns \(p.names), not \(partialNames)"))
      }
      if merged == nil {
        merged = p.columns
      } else {
        for k in p.columns.indices { try merged![k].append(contentsOf: p.columns[k]) }
      }
    }
    guard let all = merged else { return nil }
    let keyColumns = Array(all.prefix(keys.count))
    let grouping = AggregatePlan.grouping(keyColumns, rows: all[0].count)
    var values: [Vector] = []
    var next = keys.count
    for a in aggregates {
      let parts = Array(all[next..<next + a.function.partCount])
      next += a.function.partCount
      values.append(try AggregatePlan.combine(a.function, parts, grouping))
    }
    return (keyColumns.map { $0.gather(grouping.firstRow) }, values)
  }

  /// One aggregate's value per group from its parts.
  static func combine(_ f: Function, _ parts: [Vector], _ grouping: Grouping) throws(ScriptError) -> Vector {
    let groups = grouping.count
    switch f {
    case .countStar, .count:
      // Counts are INT, as the query counts.
      return Vector(type: .int, ints: try grouping.aggregated("sum", parts[0]).int64s)
    case .sum: return try grouping.aggregated("sum", parts[0])
    case .min, .max, .first, .last: return try grouping.aggregated(f.rawValue, parts[0])
    case .avg:
      let (s, c) = (try grouping.aggregated("sum", parts[0]).doubles, try grouping.aggregated("sum", parts[1]).int64s)
      return Vector(doubles: (0..<groups).map { c[$0] <= 0 || c[$0] == Int64.min ? .nan : s[$0] / Double(c[$0]) })
    case .std, .var:
      // Chan's combination of per-chunk counts, means and squared deviations.
      let (pc, pm, pq) = (parts[0].int64s, parts[1].doubles, parts[2].doubles)
      var count = [Double](repeating: 0, count: groups)
      var mean = [Double](repeating: 0, count: groups)
      var m2 = [Double](repeating: 0, count: groups)
      for i in pc.indices where pc[i] > 0 {
        let g = grouping.group(of: i)
        let nb = Double(pc[i])
        let total = count[g] + nb
        let delta = pm[i] - mean[g]
        m2[g] += pq[i] + delta * delta * count[g] * nb / total
        mean[g] += delta * nb / total
        count[g] = total
      }
      return Vector(
        doubles: (0..<groups).map { g in
          guard count[g] > 1 else { return .nan }
          let v = m2[g] / (count[g] - 1)
          return f == .std ? v.squareRoot() : v
        })
    case .wavg:
      let (sxw, sw) = (
        try grouping.aggregated("sum", parts[0]).doubles, try grouping.aggregated("sum", parts[1]).doubles
      )
      return Vector(doubles: (0..<groups).map { sw[$0] == 0 || sw[$0].isNaN ? .nan : sxw[$0] / sw[$0] })
    }
  }
}

extension Grouping {
  /// `aggregate`, or the error of a function that cannot take the column.
  func aggregated(_ name: String, _ v: Vector) throws(ScriptError) -> Vector {
    guard let r = aggregate(name, v) else { throw ScriptError(RuntimeMessages.cannotTakeVector(name, of: v.type.name)) }
    return r
  }

  /// The group of row `i`.
  @inline(__always)
  func group(of i: Int) -> Int { groupOf.isEmpty ? 0 : Int(groupOf[i]) }
}
