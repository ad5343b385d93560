/// Rows split into groups by key columns, with groups numbered in ascending key order.
///
/// Each key column is first turned into dense rank codes (distinct values sorted), so the
/// combined code of a row orders groups exactly as their keys do and is cheap to hash.
struct Grouping {
  /// The group of each row (rows are positions in the key columns).
  let groupOf: [Int32]
  let count: Int
  /// The first row of each group.
  let firstRow: [Int]

  init(keys: [Vector]) {
    let n = keys.first?.count ?? 0
    if keys.count == 1 {
      // One key: its rank codes already number the groups in key order.
      let (codes, distinct) = Grouping.rankCodes(keys[0])
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
    for k in keys {
      let (codes, distinct) = Grouping.rankCodes(k)
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
    case .f32, .f64:
      let d = v.doubles.map { $0.isNaN ? -Double.infinity : $0 }
      var index: [Double: Int32] = [:]
      for x in d where index[x] == nil { index[x] = 0 }
      let sorted = index.keys.sorted()
      for (r, x) in sorted.enumerated() { index[x] = Int32(r) }
      return (d.map { index[$0] ?? 0 }, sorted.count)
    case .i32(let a):
      // The common INT/DATE/DATETIME key: rank through a presence table over its range.
      guard let lo = a.min(), let hi = a.max() else { return ([], 0) }
      let span = Int64(hi) - Int64(lo)
      if span < 1 << 22 {
        var rank = [Int32](repeating: -1, count: Int(span) + 1)
        for x in a { rank[Int(Int64(x) - Int64(lo))] = 0 }
        var next: Int32 = 0
        for k in 0..<rank.count where rank[k] == 0 {
          rank[k] = next
          next += 1
        }
        return (a.map { rank[Int(Int64($0) - Int64(lo))] }, Int(next))
      }
      return rankInts(a.map { $0 == Int32.min ? Int64.min : Int64($0) })
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
    var c = [Int64](repeating: 0, count: count)
    for g in groupOf { c[Int(g)] += 1 }
    return Vector(type: .int, ints: c)
  }

  /// The rows of every group, in row order.
  func members() -> [[Int]] {
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
        let wantMax = name == "max"
        var best = [Double](repeating: .nan, count: n)
        best.withUnsafeMutableBufferPointer { b in
          a.withUnsafeBufferPointer { x in
            groupOf.withUnsafeBufferPointer { gs in
              for i in 0..<x.count where !x[i].isNaN {
                let g = Int(gs[i])
                let current = b[g]
                if current.isNaN || (wantMax ? x[i] > current : x[i] < current) { b[g] = x[i] }
              }
            }
          }
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
}
