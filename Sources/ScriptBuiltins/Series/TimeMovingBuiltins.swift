import ScriptRuntime

/// Time-based moving windows, DolphinDB's tm-functions: `tmsum(T, X, window)` and its kin
/// compute at each row over the rows up to it whose time lies in (T[i] - window, T[i]],
/// ignoring null values. T rises (ties allowed) and has no nulls; the window is a count of T's
/// unit or a duration (`3d`, `5m`, `1M`: the window's edge is `temporalAdd(T[i], -window)`).
enum TimeMovingBuiltins {
  /// The first row of each row's window: the times are argument `timesAt` (the first unless
  /// said), the window the last argument unless `windowAt` says.
  static func windowStarts(
    _ a: CallArguments, _ name: String, count: Int, timesAt: Int = 0, windowAt: Int? = nil
  ) throws(ScriptError) -> [Int] {
    let times = try Series.vector(a, timesAt, name)
    let type = times.type
    guard (type.isTemporal || type.isIntegral) && type != .bool, !times.isArrayVector else {
      throw ScriptError(RuntimeMessages.timeWindowNeedsTimes(name, got: times.typeName))
    }
    guard times.count == count else { throw ScriptError(RuntimeMessages.incompatibleSizes(name, times.count, count)) }
    let edgeOf = try edge(a[windowAt ?? a.count - 1], type, name)
    let ts = times.int64s
    var starts = [Int](repeating: 0, count: count)
    var lo = 0
    for i in 0..<count {
      guard ts[i] != Int64.min else { throw ScriptError(RuntimeMessages.timeWindowNullTime(name, row: i)) }
      if i > 0 && ts[i] < ts[i - 1] { throw ScriptError(RuntimeMessages.timeWindowNotRising(name, row: i)) }
      // Rows at or before the edge have left the window; an edge below the type's range keeps all.
      if let e = edgeOf(ts[i]), e != Int64.min {
        while lo < i && ts[lo] <= e { lo += 1 }
      }
      starts[i] = lo
    }
    return starts
  }

  /// The window's left edge (excluded) for a time: T - window for a count of T's unit, or
  /// `temporalAdd(T, -window)` for a duration.
  static func edge(_ window: Value, _ type: DataType, _ name: String) throws(ScriptError) -> @Sendable (Int64) -> Int64?
  {
    if case .duration(let d) = window {
      guard d.count > 0 else { throw ScriptError(RuntimeMessages.windowMustBePositive(name, Int(clamping: d.count))) }
      guard type.isTemporal, Temporal.add(0, type, -d.count, unit: d.unit) != nil else {
        throw ScriptError(RuntimeMessages.timeWindowUnit(name, d.description, type.name))
      }
      let (count, unit) = (d.count, d.unit)
      return { t in Temporal.add(t, type, -count, unit: unit) }
    }
    guard let w = window.intValue, w > 0, w != Int64.min else {
      throw ScriptError(RuntimeMessages.windowMustBePositive(name, Int(clamping: window.intValue ?? 0)))
    }
    return { t in
      let (e, overflow) = t.subtractingReportingOverflow(w)
      return overflow ? nil : e
    }
  }

  /// `tmsum`: integers summed exactly into LONG, other numbers into DOUBLE; from running sums,
  /// so one pass however wide the windows.
  static let sum = Builtin("tmsum", args: 3...3, parameterNames: ["T", "X", "window"]) { a throws(ScriptError) in
    let v = try Series.vector(a, 1, "tmsum")
    let starts = try windowStarts(a, "tmsum", count: v.count)
    let counts = presentCounts(v)
    guard v.type.isIntegral else {
      var sums = [Double](repeating: 0, count: v.count + 1)
      for (i, x) in v.doubles.enumerated() { sums[i + 1] = sums[i] + (x.isNaN ? 0 : x) }
      return Series.doubles(
        (0..<v.count).map { i in counts[i + 1] == counts[starts[i]] ? .nan : sums[i + 1] - sums[starts[i]] })
    }
    var sums = [Int128](repeating: 0, count: v.count + 1)
    for (i, x) in v.int64s.enumerated() { sums[i + 1] = sums[i] + (x == Int64.min ? 0 : Int128(x)) }
    return .vector(
      Vector(
        type: .long,
        ints: (0..<v.count).map { i in
          let s = sums[i + 1] - sums[starts[i]]
          guard counts[i + 1] > counts[starts[i]], s <= Int128(Int64.max), s > Int128(Int64.min) else {
            return Int64.min
          }
          return Int64(s)
        }))
  }

  /// How many non-null elements come before each position (one more entry than elements).
  static func presentCounts(_ v: Vector) -> [Int] {
    var counts = [Int](repeating: 0, count: v.count + 1)
    for i in 0..<v.count { counts[i + 1] = counts[i] + (v.isNull(i) ? 0 : 1) }
    return counts
  }

  /// `tmfirst`, `tmlast`: the window's first or last element, null or not.
  static func end(_ name: String, first: Bool) -> Builtin {
    Builtin(name, args: 3...3, parameterNames: ["T", "X", "window"]) { a throws(ScriptError) in
      let v = try Series.vector(a, 1, name)
      let starts = try windowStarts(a, name, count: v.count)
      return .vector(v.gather((0..<v.count).map { first ? starts[$0] : $0 }))
    }
  }

  static let all: [Builtin] = [
    sum,
    Builtin("tmcount", args: 3...3, parameterNames: ["T", "X", "window"]) { a throws(ScriptError) in
      let v = try Series.vector(a, 1, "tmcount")
      let starts = try windowStarts(a, "tmcount", count: v.count)
      let counts = presentCounts(v)
      return .vector(Vector(type: .int, ints: (0..<v.count).map { i in Int64(counts[i + 1] - counts[starts[i]]) }))
    },
    end("tmfirst", first: true),
    end("tmlast", first: false),
    // tmoving(func, T, funcArgs, window): func over each window's rows (several arguments: a tuple).
    Builtin("tmoving", args: 4...4, parameterNames: ["func", "T", "funcArgs", "window"]) { a throws(ScriptError) in
      guard case .function(let f) = a[0] else {
        throw ScriptError(RuntimeMessages.mustBeFunction("the first argument of 'tmoving'", got: a[0].typeString))
      }
      let inputs = try Series.arguments(a, 2, "tmoving")
      let n = inputs.first?.count ?? 0
      let starts = try windowStarts(a, "tmoving", count: n, timesAt: 1)
      var results: [Value] = []
      for i in 0..<n {
        results.append(try a.machine.call(f, inputs.map { .vector($0.slice(starts[i]..<(i + 1))) }))
      }
      return collectTyped(results, empty: .double)
    },
    // tmovingWindowData(T, X, window): each row's window as a row of an array vector.
    Builtin("tmovingWindowData", args: 3...3, parameterNames: ["T", "X", "window"]) { a throws(ScriptError) in
      let v = try Series.vector(a, 1, "tmovingWindowData")
      let starts = try windowStarts(a, "tmovingWindowData", count: v.count)
      var rows = NestedColumn(ends: [], values: .empty(v.type))
      for i in 0..<v.count { try rows.appendRow(.vector(v.slice(starts[i]..<(i + 1)))) }
      return .vector(Vector(type: v.type, storage: .nested(rows)))
    },
  ]
}
