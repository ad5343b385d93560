import ScriptRuntime

/// Finding positions in a series: `lowerBound(X, Y)` (the first element of a rising X at or
/// above each y; X's size when none), `isortTop(X, top, [ascending])` (the positions of the
/// first `top` in sorted order), `firstHit(func, X, target)` and `ifirstHit` (the first element,
/// or its position, where `func(X, target)` holds), and `cumrank(X, [ascending], [ignoreNA],
/// [tiesMethod], [percent])` (each element's rank among those up to it, from 0).
enum SeriesLookups {
  /// The first position whose element is not below `y`, by binary search.
  static func lowerBound(_ x: Vector, _ y: Value) -> Int {
    var (lo, hi) = (0, x.count)
    while lo < hi {
      let mid = (lo + hi) / 2
      if Comparison.order(x[mid], y) < 0 { lo = mid + 1 } else { hi = mid }
    }
    return lo
  }

  /// The position of the first true in `func(X, target)`, or nil.
  static func hit(_ a: CallArguments, _ name: String) throws(ScriptError) -> (Vector, Int?) {
    let f = try a.function(0, "the first argument of '\(name)'")
    let x = try Series.vector(a, 1, name)
    let mask = try a.machine.call(f, [.vector(x), a[2]])
    guard case .vector(let m) = mask, m.count == x.count else {
      throw ScriptError(RuntimeMessages.hitNeedsTests(name))
    }
    return (x, (0..<m.count).first { !x.isNull($0) && m[$0].isTruthy })
  }

  /// `cumrank`: each element's rank among the elements up to it (itself the last of its equals),
  /// as `mrank` ranks in a window. Nulls are left out, or with ignoreNA false ranked as the
  /// smallest value. Each value's place among the distinct values, then a Fenwick tree of how
  /// many of each came before: O(n log n).
  static func cumulativeRanks(_ a: CallArguments) throws(ScriptError) -> Value {
    let v = try Series.vector(a, 0, "cumrank")
    let ascending = a.has(1) ? a[1].isTruthy : true
    let ignoreNA = a.has(2) ? a[2].isTruthy : true
    let ties = try Series.tiesMethod(a, 3, "cumrank")
    let percent = a.has(4) && a[4].isTruthy
    let present = (0..<v.count).filter { !v.isNull($0) }
    let sorted = present.sorted { Comparison.order(v[$0], v[$1]) < 0 }
    // Place 0 is null's (the smallest when nulls are ranked); values from 1.
    var place = [Int](repeating: ignoreNA ? -1 : 0, count: v.count)
    var distinct = 1
    for (k, i) in sorted.enumerated() {
      if k > 0 && Comparison.order(v[sorted[k - 1]], v[i]) != 0 { distinct += 1 }
      place[i] = distinct
    }
    let size = distinct + 1
    var tree = [Int](repeating: 0, count: size + 1)
    func add(_ p: Int) {
      var i = p + 1
      while i <= size {
        tree[i] += 1
        i += i & -i
      }
    }
    /// How many seen so far have a place below `p`.
    func countBelow(_ p: Int) -> Int {
      var (i, s) = (p, 0)
      while i > 0 {
        s += tree[i]
        i -= i & -i
      }
      return s
    }
    var seen = 0
    var out = [Double](repeating: .nan, count: v.count)
    for i in 0..<v.count where place[i] >= 0 {
      add(place[i])
      seen += 1
      let smaller = countBelow(place[i])
      let equal = countBelow(place[i] + 1) - smaller
      let below = ascending ? smaller : seen - smaller - equal
      out[i] = MovingRank.rank(below: below, equal: equal, count: seen, ties: ties, percent: percent)
    }
    return MovingRank.ranks(out, ties: ties, percent: percent)
  }

  static let all: [Builtin] = [
    Builtin("lowerBound", args: 2...2) { a throws(ScriptError) in
      let x = try Series.vector(a, 0, "lowerBound")
      if a[1].isScalar { return .int(Int64(lowerBound(x, a[1])), .int) }
      let ys = try Series.vector(a, 1, "lowerBound")
      return .vector(Vector(type: .int, ints: (0..<ys.count).map { Int64(lowerBound(x, ys[$0])) }))
    },
    Builtin("isortTop", args: 2...3, parameterNames: ["X", "top", "ascending"]) { a throws(ScriptError) in
      let top = try a.integer(1, "the top of 'isortTop'")
      guard top >= 0 else { throw ScriptError(RuntimeMessages.needsNonNegativeInteger("isortTop")) }
      var args: [Value] = [a[0]]
      if a.has(2) { args.append(a[2]) }
      let order = try a.machine.call(function: "isort", args)
      guard case .vector(let v) = order else { return order }
      return .vector(v.slice(0..<min(top, v.count)))
    },
    Builtin("firstHit", args: 3...3, parameterNames: ["func", "X", "target"]) { a throws(ScriptError) in
      let (x, k) = try hit(a, "firstHit")
      return k.map { x[$0] } ?? .null(x.type)
    },
    Builtin("ifirstHit", args: 3...3, parameterNames: ["func", "X", "target"]) { a throws(ScriptError) in
      let (_, k) = try hit(a, "ifirstHit")
      return .int(Int64(k ?? -1), .int)
    },
    // cumrank(X, [ascending=true], [ignoreNA=true], [tiesMethod='min'], [percent=false]); a
    // matrix column by column.
    ColumnByColumn.wrap(
      Builtin("cumrank", args: 1...5, parameterNames: ["X", "ascending", "ignoreNA", "tiesMethod", "percent"]) {
        a throws(ScriptError) in try cumulativeRanks(a)
      }),
  ]
}
