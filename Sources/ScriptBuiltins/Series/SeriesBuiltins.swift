import ScriptRuntime

/// Order-dependent vector functions: shifts (`prev`, `next`, `move`), differences (`deltas`,
/// `ratios`, `percentChange`), fills (`ffill`, `bfill`), running products, extremes and counts,
/// and ranks.
enum SeriesBuiltins {
  /// The elements `steps` positions earlier (later when negative); null where there is none.
  static func shifted(_ v: Vector, _ steps: Int) -> Vector {
    v.gather(
      (0..<v.count).map { i in
        let (j, overflow) = i.subtractingReportingOverflow(steps)
        return overflow ? -1 : j
      })
  }

  /// The position each element takes its value from when nulls are filled from the last
  /// (or next) non-null element, at most `limit` elements away.
  static func fillPositions(_ v: Vector, forward: Bool, limit: Int?) -> [Int] {
    var out = Array(0..<v.count)
    var source = -1
    let order = forward ? Array(0..<v.count) : Array((0..<v.count).reversed())
    for i in order {
      if !v.isNull(i) {
        source = i
      } else if source >= 0, limit.map({ abs(i - source) <= $0 }) ?? true {
        out[i] = source
      }
    }
    return out
  }

  /// Running extreme: the position of the largest (or smallest) non-null element so far.
  static func runningExtreme(_ v: Vector, larger: Bool) -> Vector {
    let xs = v.doubles
    var best = -1
    var positions: [Int] = []
    positions.reserveCapacity(xs.count)
    for (i, x) in xs.enumerated() {
      if !x.isNaN, best < 0 || (larger ? x > xs[best] : x < xs[best]) { best = i }
      positions.append(best)
    }
    return v.gather(positions)
  }

  /// 0-based ranks: ties take the lowest rank (`min`), the highest (`max`), their order (`first`)
  /// or the average (`average`); nulls have none.
  static func ranks(_ v: Vector, ascending: Bool, ties: String, dense: Bool) throws(ScriptError) -> Value {
    let xs = v.type.isText ? [] : v.doubles
    let strings = v.type.isText ? v.strings : []
    func equal(_ i: Int, _ j: Int) -> Bool { v.type.isText ? strings[i] == strings[j] : xs[i] == xs[j] }
    // A stable sort of the positions in order: equal values keep their order of position.
    var order = (0..<v.count).filter { !v.isNull($0) }
    if v.type.isText {
      order.sort { ascending ? strings[$0] < strings[$1] : strings[$0] > strings[$1] }
    } else {
      xs.withUnsafeBufferPointer { x in
        if ascending { order.sort { x[$0] < x[$1] } } else { order.sort { x[$0] > x[$1] } }
      }
    }
    var rank = [Double](repeating: .nan, count: v.count)
    var start = 0
    var distinct = 0
    while start < order.count {
      var end = start
      while end + 1 < order.count, equal(order[end + 1], order[start]) { end += 1 }
      for k in start...end {
        let r: Double
        if dense {
          r = Double(distinct)
        } else {
          switch ties {
          case "max": r = Double(end)
          case "first": r = Double(k)
          case "average": r = Double(start + end) / 2
          default: r = Double(start)
          }
        }
        rank[order[k]] = r
      }
      distinct += 1
      start = end + 1
    }
    if ties == "average" && !dense { return Series.doubles(rank) }
    return .vector(Vector(type: .int, ints: rank.map { $0.isNaN ? Int64.min : Int64($0) }))
  }

  /// `rank(X, ...)` of the arguments (also `rowRank`'s, one row at a time).
  static func rank(_ a: CallArguments) throws(ScriptError) -> Value {
    let v = try Series.vector(a, 0, "rank")
    let ascending = a.has(1) ? a[1].isTruthy : true
    let ties = a.has(4) ? (a[4].stringValue ?? "min") : "min"
    var r = try ranks(v, ascending: ascending, ties: ties, dense: false)
    if a.has(2) {
      let groups = try a.integer(2, "the groupNum of 'rank'")
      guard groups > 0 else { throw ScriptError(RuntimeMessages.windowMustBePositive("rank", groups)) }
      let n = Double((0..<v.count).filter { !v.isNull($0) }.count)
      guard case .vector(let rv) = r else { return r }
      r = .vector(
        Vector(
          type: .int, ints: rv.doubles.map { $0.isNaN ? Int64.min : Int64(($0 * Double(groups) / n).rounded(.down)) })
      )
    }
    if a.has(5), a[5].isTruthy, case .vector(let rv) = r {
      let n = Double((0..<v.count).filter { !v.isNull($0) }.count)
      return Series.doubles(rv.doubles.map { ($0 + 1) / n })
    }
    return r
  }

  static let all: [Builtin] = [
    Builtin("prev", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      .vector(shifted(try Series.vector(a, 0, "prev"), 1))
    },
    Builtin("next", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      .vector(shifted(try Series.vector(a, 0, "next"), -1))
    },
    Builtin("move", args: 2...2, parameterNames: ["X", "steps"]) { a throws(ScriptError) in
      .vector(shifted(try Series.vector(a, 0, "move"), try a.integer(1, "the steps of 'move'")))
    },
    // segment(X, [segmentOffset=true]): runs of equal consecutive values; each element gets its
    // run's first index (or, with false, the run's number), for `context by segment(x)`.
    Builtin("segment", args: 1...2, parameterNames: ["X", "segmentOffset"]) { a throws(ScriptError) in
      let v = try Series.vector(a, 0, "segment")
      let offsets = !a.has(1) || a[1].isTruthy
      var out = [Int64](repeating: 0, count: v.count)
      var start = 0
      var run: Int64 = 0
      var previous: ScalarKey?
      for i in 0..<v.count {
        let key = ScalarKey(v[i]) ?? .null
        if i > 0 && key != previous {
          start = i
          run += 1
        }
        previous = key
        out[i] = offsets ? Int64(start) : run
      }
      return .vector(Vector(type: .int, ints: out))
    },
    Builtin("deltas", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      let v = try Series.vector(a, 0, "deltas")
      return try Arithmetic.apply(.sub, .vector(v), .vector(shifted(v, 1)))
    },
    Builtin("ratios", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      let xs = try Series.vector(a, 0, "ratios").doubles
      // A division by zero is null, as `/` gives it.
      return Series.doubles(xs.indices.map { $0 == 0 || xs[$0 - 1] == 0 ? .nan : xs[$0] / xs[$0 - 1] })
    },
    Builtin("percentChange", args: 1...2, parameterNames: ["X", "n"]) { a throws(ScriptError) in
      let xs = try Series.vector(a, 0, "percentChange").doubles
      let n = a.has(1) ? try a.integer(1, "the lag of 'percentChange'") : 1
      return Series.doubles(
        xs.indices.map { i in
          let (j, overflow) = i.subtractingReportingOverflow(n)
          return overflow || j < 0 || j >= xs.count ? .nan : xs[i] / xs[j] - 1
        })
    },
    Builtin("ffill", args: 1...2, parameterNames: ["obj", "limit"]) { a throws(ScriptError) in
      // A table: each column filled (a new table).
      if case .object(let t as Table) = a[0] {
        let limit = a.has(1) ? try a.integer(1, "the limit of 'ffill'") : nil
        return .object(
          try Table(
            names: t.names, columns: t.columns.map { $0.gather(fillPositions($0, forward: true, limit: limit)) }))
      }
      let v = try Series.vector(a, 0, "ffill")
      let limit = a.has(1) ? try a.integer(1, "the limit of 'ffill'") : nil
      return .vector(v.gather(fillPositions(v, forward: true, limit: limit)))
    },
    Builtin("bfill", args: 1...2, parameterNames: ["obj", "limit"]) { a throws(ScriptError) in
      if case .object(let t as Table) = a[0] {
        let limit = a.has(1) ? try a.integer(1, "the limit of 'bfill'") : nil
        return .object(
          try Table(
            names: t.names, columns: t.columns.map { $0.gather(fillPositions($0, forward: false, limit: limit)) }))
      }
      let v = try Series.vector(a, 0, "bfill")
      let limit = a.has(1) ? try a.integer(1, "the limit of 'bfill'") : nil
      return .vector(v.gather(fillPositions(v, forward: false, limit: limit)))
    },
    // ffill!(X) and bfill!(X): the same, in place.
    Builtin("ffill!", args: 1...2, parameterNames: ["obj", "limit"], mutatesFirst: true) { a throws(ScriptError) in
      let v = try Series.vector(a, 0, "ffill!")
      a[0] = .vector(v.gather(fillPositions(v, forward: true, limit: a.has(1) ? try a.integer(1, "the limit") : nil)))
      return a[0]
    },
    Builtin("bfill!", args: 1...2, parameterNames: ["obj", "limit"], mutatesFirst: true) { a throws(ScriptError) in
      let v = try Series.vector(a, 0, "bfill!")
      a[0] = .vector(v.gather(fillPositions(v, forward: false, limit: a.has(1) ? try a.integer(1, "the limit") : nil)))
      return a[0]
    },
    // cumfirstNot(X, [k]) / cumlastNot(X, [k]): the first (last) element up to each position
    // that is neither null nor k; a matrix column by column.
    ColumnByColumn.wrap(
      Builtin("cumfirstNot", args: 1...2, parameterNames: ["X", "k"]) { a throws(ScriptError) in
        let v = try Series.vector(a, 0, "cumfirstNot")
        let skipped = SkippedValues.mask(v, skipping: try SkippedValues.k(a, 1, "cumfirstNot"))
        let first = skipped.firstIndex(of: false)
        return .vector(v.gather((0..<v.count).map { i in first.map { $0 <= i ? $0 : -1 } ?? -1 }))
      }),
    ColumnByColumn.wrap(
      Builtin("cumlastNot", args: 1...2, parameterNames: ["X", "k"]) { a throws(ScriptError) in
        let v = try Series.vector(a, 0, "cumlastNot")
        let skipped = SkippedValues.mask(v, skipping: try SkippedValues.k(a, 1, "cumlastNot"))
        var latest = -1
        return .vector(
          v.gather(
            skipped.enumerated().map { i, skip in
              if !skip { latest = i }
              return latest
            }))
      }),
    Builtin("cumprod", args: 1...1) { a throws(ScriptError) in
      let v = try Series.vector(a, 0, "cumprod")
      var p = 1.0
      var seen = false
      return Series.like(
        v,
        v.doubles.map { x in
          if !x.isNaN {
            p *= x
            seen = true
          }
          return seen ? p : .nan
        })
    },
    Builtin("cummax", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      .vector(runningExtreme(try Series.vector(a, 0, "cummax"), larger: true))
    },
    Builtin("cummin", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      .vector(runningExtreme(try Series.vector(a, 0, "cummin"), larger: false))
    },
    Builtin("cumcount", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      let v = try Series.vector(a, 0, "cumcount")
      var n: Int64 = 0
      return .vector(
        Vector(
          type: .int,
          ints: (0..<v.count).map { i in
            if !v.isNull(i) { n += 1 }
            return n
          }))
    },
    Builtin("cumavg", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      var s = 0.0
      var n = 0.0
      return Series.doubles(
        try Series.vector(a, 0, "cumavg").doubles.map { x in
          if !x.isNaN {
            s += x
            n += 1
          }
          return n == 0 ? .nan : s / n
        })
    },
    // rank(X, [ascending], [groupNum], [ignoreNA], [tiesMethod]): 0-based ranks; groupNum puts
    // them into that many buckets.
    Builtin(
      "rank", args: 1...6, parameterNames: ["X", "ascending", "groupNum", "ignoreNA", "tiesMethod", "percent"]
    ) { a throws(ScriptError) in
      try rank(a)
    },
    Builtin("denseRank", args: 1...3, parameterNames: ["X", "ascending", "ignoreNA"]) { a throws(ScriptError) in
      try ranks(
        try Series.vector(a, 0, "denseRank"), ascending: a.has(1) ? a[1].isTruthy : true, ties: "min", dense: true)
    },
    Builtin("isort", args: 1...2, parameterNames: ["X", "ascending"]) { a throws(ScriptError) in
      let v = try Series.vector(a, 0, "isort")
      let ascending = a.has(1) ? a[1].isTruthy : true
      let order: [Int]
      if v.type.isText {
        let s = v.strings
        order = s.indices.sorted {
          ascending ? (s[$0], $0) < (s[$1], $1) : s[$0] > s[$1] || (s[$0] == s[$1] && $0 < $1)
        }
      } else {
        // Nulls first, as DolphinDB sorts them.
        let d = v.doubles.map { $0.isNaN ? -Double.infinity : $0 }
        order = d.indices.sorted {
          ascending ? (d[$0], $0) < (d[$1], $1) : d[$0] > d[$1] || (d[$0] == d[$1] && $0 < $1)
        }
      }
      return .vector(Vector(type: .int, ints: order.map { Int64($0) }))
    },
    elementwise("signum") { v throws(ScriptError) in
      if v.isNull { return .null(.int) }
      guard let d = v.doubleValue else { throw ScriptError(RuntimeMessages.cannotTake("signum", v.typeString)) }
      return .int(d > 0 ? 1 : d < 0 ? -1 : 0)
    },
  ]
}
