import Dispatch

/// Rows split into groups by key columns, with groups numbered in ascending key order.
///
/// Each key column is first turned into dense rank codes (distinct values sorted), so the
/// combined code of a row orders groups exactly as their keys do and is cheap to hash.
struct Grouping {
  /// The group of each row (rows are positions in the key columns); empty when every row is
  /// in one group (a constant key), which spares a row-sized array.
  let groupOf: [Int32]
  let count: Int
  /// How many rows were grouped.
  let rowCount: Int
  /// Every row is in group 0.
  var isSingle: Bool { groupOf.isEmpty && count == 1 }
  /// The first row of each group.
  let firstRow: [Int]

  init(keys: [Vector]) {
    let n = keys.first?.count ?? 0
    rowCount = n
    // Rank every key column at once: they are independent.
    let ranked = Grouping.rankAll(keys)
    // A key with one value (the date of a one-day partition) orders nothing: leave it out.
    let varying = ranked.count > 1 ? ranked.filter { $0.1 > 1 } : ranked
    if varying.count <= 1 {
      // One key: its rank codes already number the groups in key order (a constant key
      // comes back without codes: every row is group 0).
      let (codes, distinct) = varying.first ?? ranked[0]
      if codes.count != n {
        self.groupOf = []
        self.count = n > 0 ? 1 : 0
        self.firstRow = n > 0 ? [0] : []
        return
      }
      var firstRow = [Int](repeating: -1, count: distinct)
      firstRow.withUnsafeMutableBufferPointer { first in
        codes.withUnsafeBufferPointer { c in
          for i in stride(from: c.count - 1, through: 0, by: -1) { first[Int(c[i])] = i }
        }
      }
      self.groupOf = codes
      self.count = distinct
      self.firstRow = firstRow
      return
    }
    var combined = [Int64](repeating: 0, count: n)
    var cardinality: Int64 = 1
    var overflow = false
    for (codes, distinct) in varying {
      let d = Int64(max(distinct, 1))
      if cardinality > Int64.max / d { overflow = true }
      cardinality = overflow ? cardinality : cardinality * d
      combined.withUnsafeMutableBufferPointer { c in
        codes.withUnsafeBufferPointer { k in
          for i in 0..<n { c[i] = c[i] &* d &+ Int64(k[i]) }
        }
      }
    }
    var groupOf = [Int32](repeating: 0, count: n)
    var firstRow: [Int] = []
    if !overflow && cardinality <= 4_000_000 {
      // Dense: a slot per possible combination, numbered in key order afterwards.
      var seen = [Int32](repeating: -1, count: Int(cardinality))
      for i in 0..<n where seen[Int(combined[i])] < 0 { seen[Int(combined[i])] = 0 }
      var next: Int32 = 0
      for c in 0..<seen.count where seen[c] == 0 {
        seen[c] = next
        next += 1
      }
      firstRow = [Int](repeating: -1, count: Int(next))
      seen.withUnsafeBufferPointer { seen in
        combined.withUnsafeBufferPointer { c in
          groupOf.withUnsafeMutableBufferPointer { out in
            firstRow.withUnsafeMutableBufferPointer { first in
              for i in 0..<n {
                let g = seen[Int(c[i])]
                out[i] = g
                if first[Int(g)] < 0 { first[Int(g)] = i }
              }
            }
          }
        }
      }
    } else {
      let distinct = Set(combined).sorted()
      var index: [Int64: Int32] = [:]
      for (g, c) in distinct.enumerated() { index[c] = Int32(g) }
      firstRow = [Int](repeating: -1, count: distinct.count)
      for i in 0..<n {
        let g = index[combined[i]] ?? 0
        groupOf[i] = g
        if firstRow[Int(g)] < 0 { firstRow[Int(g)] = i }
      }
    }
    self.groupOf = groupOf
    self.count = firstRow.count
    self.firstRow = firstRow
  }

  static func rankAll(_ keys: [Vector]) -> [([Int32], Int)] {
    if keys.count == 1 { return [rankCodes(keys[0])] }
    let out = ResultSlots<([Int32], Int)>(keys.count)
    DispatchQueue.concurrentPerform(iterations: keys.count) { k in out[k] = rankCodes(keys[k]) }
    return out.values
  }

  /// Each value's rank among the column's distinct values (nulls first), and how many there are.
  static func rankCodes(_ v: Vector) -> ([Int32], Int) {
    switch v.storage {
    case .str(let a):
      // Equal neighbours (clustered data, sorted keys) skip the hash lookup.
      var index: [String: Int32] = [:]
      var first = [Int32](repeating: 0, count: a.count)
      var distinct: [String] = []
      for i in 0..<a.count {
        if i > 0 && a[i] == a[i - 1] {
          first[i] = first[i - 1]
          continue
        }
        if let k = index[a[i]] {
          first[i] = k
        } else {
          let k = Int32(distinct.count)
          index[a[i]] = k
          distinct.append(a[i])
          first[i] = k
        }
      }
      // Renumber by sorted order.
      let order = distinct.indices.sorted { distinct[$0] < distinct[$1] }
      var rank = [Int32](repeating: 0, count: distinct.count)
      for (r, k) in order.enumerated() { rank[k] = Int32(r) }
      return (first.map { rank[Int($0)] }, distinct.count)
    case .sym(let a):
      // Rank the symbols in use, not the rows: the codes already group equal strings.
      let symbols = a.dictionary.symbols
      var used = [Bool](repeating: false, count: symbols.count)
      a.codes.withUnsafeBufferPointer { c in
        for k in c { used[Int(k)] = true }
      }
      let order = symbols.indices.filter { used[$0] }.sorted { symbols[$0] < symbols[$1] }
      // A segment written in key order has its dictionary in key order: the codes are the ranks.
      if order.count == symbols.count && order.elementsEqual(symbols.indices) { return (a.codes, order.count) }
      var rank = [Int32](repeating: 0, count: symbols.count)
      for (r, k) in order.enumerated() { rank[k] = Int32(r) }
      return (a.codes.map { rank[Int($0)] }, order.count)
    case .f32, .f64:
      let d = v.doubles.map { $0.isNaN ? -Double.infinity : $0 }
      var index: [Double: Int32] = [:]
      for x in d where index[x] == nil { index[x] = 0 }
      let sorted = index.keys.sorted()
      for (r, x) in sorted.enumerated() { index[x] = Int32(r) }
      return (d.map { index[$0] ?? 0 }, sorted.count)
    case .i32(let a):
      // The common INT/DATE/DATETIME key: rank through a presence table over its range.
      guard !a.isEmpty else { return ([], 0) }
      var lo = a[0]
      var hi = a[0]
      a.withUnsafeBufferPointer { p in
        for x in p {
          lo = min(lo, x)
          hi = max(hi, x)
        }
      }
      let span = Int64(hi) - Int64(lo)
      if span < 1 << 22 {
        var rank = [Int32](repeating: -1, count: Int(span) + 1)
        let base = Int64(lo)
        rank.withUnsafeMutableBufferPointer { rank in
          a.withUnsafeBufferPointer { p in
            for x in p { rank[Int(Int64(x) - base)] = 0 }
          }
        }
        var next: Int32 = 0
        for k in 0..<rank.count where rank[k] == 0 {
          rank[k] = next
          next += 1
        }
        // One value: no codes (see `init`), which spares a row-sized array of zeros.
        if next == 1 { return ([], 1) }
        let codes = rank.withUnsafeBufferPointer { rank in
          a.withUnsafeBufferPointer { p in
            let (rank, p) = (SendableBox(rank), SendableBox(p))
            return ParallelChunks.makeArray(count: p.value.count) { r, out in
              for i in r { out[i] = rank.value[Int(Int64(p.value[i]) - base)] }
            }
          }
        }
        return (codes, Int(next))
      }
      return rankInts(a.map { $0 == Int32.min ? Int64.min : Int64($0) })
    case .u128(let a):
      var index: [UInt128: Int32] = [:]
      for x in a where index[x] == nil { index[x] = 0 }
      let sorted = index.keys.sorted { Binary128.less($0, $1, v.type) }
      for (r, x) in sorted.enumerated() { index[x] = Int32(r) }
      return (a.map { index[$0] ?? 0 }, sorted.count)
    default:
      return rankInts(v.int64s)
    }
  }

  static func rankInts(_ ints: [Int64]) -> ([Int32], Int) {
    do {
      guard let lo = ints.min(), let hi = ints.max() else { return ([], 0) }
      if hi &- lo >= 0 && hi &- lo < 1 << 22 {
        // A small range: rank through a presence table instead of hashing.
        var rank = [Int32](repeating: -1, count: Int(hi - lo) + 1)
        for x in ints { rank[Int(x - lo)] = 0 }
        var next: Int32 = 0
        for k in 0..<rank.count where rank[k] == 0 {
          rank[k] = next
          next += 1
        }
        return (ints.map { rank[Int($0 - lo)] }, Int(next))
      }
      var index: [Int64: Int32] = [:]
      for x in ints where index[x] == nil { index[x] = 0 }
      let sorted = index.keys.sorted()
      for (r, x) in sorted.enumerated() { index[x] = Int32(r) }
      return (ints.map { index[$0] ?? 0 }, sorted.count)
    }
  }

  /// Rows per group.
  var sizes: Vector {
    if isSingle { return Vector(type: .int, storage: .i32([Int32(rowCount)])) }
    var c = [Int32](repeating: 0, count: count)
    c.withUnsafeMutableBufferPointer { c in
      groupOf.withUnsafeBufferPointer { g in
        for k in g { c[Int(k)] &+= 1 }
      }
    }
    return Vector(type: .int, storage: .i32(c))
  }

  /// The rows of every group, in row order.
  func members() -> [[Int]] {
    if isSingle { return [Array(0..<rowCount)] }
    var sizes = [Int](repeating: 0, count: count)
    for g in groupOf { sizes[Int(g)] += 1 }
    var out = sizes.map { s -> [Int] in
      var a: [Int] = []
      a.reserveCapacity(s)
      return a
    }
    for (i, g) in groupOf.enumerated() { out[Int(g)].append(i) }
    return out
  }

  /// `sum`, `avg`, `count`, `min`, `max`, `first`, `last` of a column for every group in one
  /// pass; nil for other functions or column types (the caller evaluates per group instead).
  func aggregate(_ name: String, _ column: Vector) -> Vector? {
    if isSingle { return Grouping.aggregateAll(name, column) }
    let n = count
    switch name {
    case "count":
      var c = [Int64](repeating: 0, count: n)
      for i in 0..<column.count where !column.isNull(i) { c[Int(groupOf[i])] += 1 }
      return Vector(type: .int, ints: c)
    case "first", "last":
      var pick = [Int](repeating: -1, count: n)
      let isFirst = name == "first"
      pick.withUnsafeMutableBufferPointer { p in
        groupOf.withUnsafeBufferPointer { g in
          if isFirst {
            for i in stride(from: g.count - 1, through: 0, by: -1) { p[Int(g[i])] = i }
          } else {
            for i in 0..<g.count { p[Int(g[i])] = i }
          }
        }
      }
      return column.gather(pick)
    default: break
    }
    if case .f64(let a) = column.storage {
      switch name {
      case "sum", "avg":
        var s = [Double](repeating: 0, count: n)
        var c = [Int](repeating: 0, count: n)
        s.withUnsafeMutableBufferPointer { sp in
          c.withUnsafeMutableBufferPointer { cp in
            a.withUnsafeBufferPointer { x in
              groupOf.withUnsafeBufferPointer { gs in
                for i in 0..<x.count where !x[i].isNaN {
                  sp[Int(gs[i])] += x[i]
                  cp[Int(gs[i])] += 1
                }
              }
            }
          }
        }
        return Vector(doubles: (0..<n).map { c[$0] == 0 ? .nan : (name == "avg" ? s[$0] / Double(c[$0]) : s[$0]) })
      case "min", "max":
        // Start from the far infinity: a NaN (null) never compares greater or less, so nulls
        // are skipped without a test. A group left at the infinity saw no value, unless that
        // infinity really occurs, which one more pass decides.
        let wantMax = name == "max"
        let start = wantMax ? -Double.infinity : Double.infinity
        var best = [Double](repeating: start, count: n)
        best.withUnsafeMutableBufferPointer { b in
          a.withUnsafeBufferPointer { x in
            groupOf.withUnsafeBufferPointer { gs in
              if wantMax {
                for i in 0..<x.count where x[i] > b[Int(gs[i])] { b[Int(gs[i])] = x[i] }
              } else {
                for i in 0..<x.count where x[i] < b[Int(gs[i])] { b[Int(gs[i])] = x[i] }
              }
            }
          }
        }
        if best.contains(start) {
          var seen = [Bool](repeating: false, count: n)
          for i in 0..<a.count where a[i] == start { seen[Int(groupOf[i])] = true }
          for g in 0..<n where best[g] == start && !seen[g] { best[g] = .nan }
        }
        return Vector(doubles: best)
      default: return nil
      }
    }
    guard column.type.isIntegerBacked, !column.type.isFloating else { return nil }
    let ints = column.int64s
    switch name {
    case "sum" where column.type.isIntegral:
      var s = [Int64](repeating: 0, count: n)
      var c = [Int](repeating: 0, count: n)
      for i in 0..<ints.count where ints[i] != Int64.min {
        s[Int(groupOf[i])] &+= ints[i]
        c[Int(groupOf[i])] += 1
      }
      return Vector(type: .long, ints: (0..<n).map { c[$0] == 0 ? Int64.min : s[$0] })
    case "avg" where column.type.isIntegral:
      var s = [Double](repeating: 0, count: n)
      var c = [Int](repeating: 0, count: n)
      for i in 0..<ints.count where ints[i] != Int64.min {
        s[Int(groupOf[i])] += Double(ints[i])
        c[Int(groupOf[i])] += 1
      }
      return Vector(doubles: (0..<n).map { c[$0] == 0 ? .nan : s[$0] / Double(c[$0]) })
    case "min", "max":
      let wantMax = name == "max"
      var best = [Int64](repeating: Int64.min, count: n)
      for i in 0..<ints.count where ints[i] != Int64.min {
        let g = Int(groupOf[i])
        if best[g] == Int64.min || (wantMax ? ints[i] > best[g] : ints[i] < best[g]) { best[g] = ints[i] }
      }
      return Vector(type: column.type, ints: best)
    default: return nil
    }
  }

  /// The one-group case of `aggregate`: the whole column.
  static func aggregateAll(_ name: String, _ column: Vector) -> Vector? {
    let n = column.count
    guard n > 0 else { return nil }
    switch name {
    case "count":
      var c: Int64 = 0
      for i in 0..<n where !column.isNull(i) { c += 1 }
      return Vector(type: .int, ints: [c])
    case "first": return column.gather([0])
    case "last": return column.gather([n - 1])
    default: break
    }
    if case .f64(let a) = column.storage {
      var sum = 0.0, seen = 0
      var lo = Double.infinity, hi = -Double.infinity
      a.withUnsafeBufferPointer { x in
        for v in x where !v.isNaN {
          sum += v
          seen += 1
          lo = min(lo, v)
          hi = max(hi, v)
        }
      }
      guard seen > 0 else { return Vector(doubles: [.nan]) }
      switch name {
      case "sum": return Vector(doubles: [sum])
      case "avg": return Vector(doubles: [sum / Double(seen)])
      case "min": return Vector(doubles: [lo])
      case "max": return Vector(doubles: [hi])
      default: return nil
      }
    }
    guard column.type.isIntegerBacked, !column.type.isFloating else { return nil }
    let values = column.int64s.filter { $0 != Int64.min }
    switch name {
    case "sum" where column.type.isIntegral:
      return Vector(type: .long, ints: [values.isEmpty ? Int64.min : values.reduce(0, &+)])
    case "avg" where column.type.isIntegral:
      return Vector(doubles: [values.isEmpty ? .nan : values.reduce(0.0) { $0 + Double($1) } / Double(values.count)])
    case "min": return Vector(type: column.type, ints: [values.min() ?? Int64.min])
    case "max": return Vector(type: column.type, ints: [values.max() ?? Int64.min])
    default: return nil
    }
  }
}
