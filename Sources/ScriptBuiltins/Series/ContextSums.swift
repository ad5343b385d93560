import ScriptRuntime

/// Statistics over the positions where two vectors both have values: `contextCount(X, Y)` (how
/// many), `contextSum(X, Y)` (the sum of X there: LONG for integers, else DOUBLE) and
/// `contextSum2(X, Y)` (the sum of X's squares, DOUBLE); and `sumbars(X, Y)`, for each element
/// how many elements, counting back from it, it takes for their sum to reach Y (0 if it never does).
enum ContextSums {
  /// X's elements and whether each position has both values.
  static func paired(_ a: CallArguments, _ name: String) throws(ScriptError) -> (Vector, [Bool]) {
    let x = try Series.vector(a, 0, name)
    let y = try Series.vector(a, 1, name)
    guard x.count == y.count || a[0].isScalar || a[1].isScalar else {
      throw ScriptError(RuntimeMessages.incompatibleSizes(name, x.count, y.count))
    }
    guard !x.isArrayVector, !y.isArrayVector else { throw ScriptError(RuntimeMessages.arrayVectorNotTaken(name)) }
    // An empty side leaves no position with both values.
    let n = x.count == 0 || y.count == 0 ? 0 : max(x.count, y.count)
    let both = (0..<n).map { i in !x.isNull(x.count == 1 ? 0 : i) && !y.isNull(y.count == 1 ? 0 : i) }
    if x.count == n || n == 0 { return (x.slice(0..<min(x.count, n)), both) }
    return (x.gather([Int](repeating: 0, count: n)), both)
  }

  static func numeric(_ x: Vector, _ name: String) throws(ScriptError) {
    guard x.type.isNumeric || x.type == .void else {
      throw ScriptError(RuntimeMessages.needsNumber(name, got: x.typeName))
    }
  }

  static let contextCount = Builtin("contextCount", args: 2...2, parameterNames: ["X", "Y"], isAggregate: true) {
    a throws(ScriptError) in
    let (_, both) = try paired(a, "contextCount")
    return .int(both.filter { $0 }.count)
  }

  static let contextSum = Builtin("contextSum", args: 2...2, parameterNames: ["X", "Y"], isAggregate: true) {
    a throws(ScriptError) in
    let (x, both) = try paired(a, "contextSum")
    try numeric(x, "contextSum")
    guard both.contains(true) else { return .null(x.type.isIntegral ? .long : .double) }
    if x.type.isIntegral {
      // Summed exactly; a total past LONG's range is null.
      var total: Int128 = 0
      for (i, v) in x.int64s.enumerated() where both[i] { total += Int128(v) }
      guard total <= Int128(Int64.max), total > Int128(Int64.min) else { return .null(.long) }
      return .long(Int64(total))
    }
    var total = 0.0
    for (i, v) in x.doubles.enumerated() where both[i] { total += v }
    return .double(total)
  }

  static let contextSum2 = Builtin("contextSum2", args: 2...2, parameterNames: ["X", "Y"], isAggregate: true) {
    a throws(ScriptError) in
    let (x, both) = try paired(a, "contextSum2")
    try numeric(x, "contextSum2")
    guard both.contains(true) else { return .null(.double) }
    var total = 0.0
    for (i, v) in x.doubles.enumerated() where both[i] { total += v * v }
    return .double(total)
  }

  /// sumbars of one vector: running sums and a left edge that only moves right (the elements are
  /// not negative), so one pass. Nulls add nothing but count as elements.
  static func bars(_ v: Vector, _ threshold: Double) throws(ScriptError) -> Vector {
    guard v.type.isNumeric || v.type == .void, !v.isArrayVector else {
      throw ScriptError(RuntimeMessages.needsNumber("sumbars", got: v.typeName))
    }
    let xs = v.doubles.map { $0.isNaN ? 0 : $0 }
    if let bad = xs.first(where: { $0 < 0 }) {
      throw ScriptError(
        RuntimeMessages.mustBeNonNegative("the elements of 'sumbars'", ValueFormatter().format(.double(bad))))
    }
    var sums = [Double](repeating: 0, count: xs.count + 1)
    for i in xs.indices { sums[i + 1] = sums[i] + xs[i] }
    var out = [Int64](repeating: 0, count: xs.count)
    var lo = -1  // the latest start whose sum up to i reaches the threshold
    for i in xs.indices {
      while lo + 1 <= i && sums[i + 1] - sums[lo + 1] >= threshold { lo += 1 }
      out[i] = lo >= 0 && sums[i + 1] - sums[lo] >= threshold ? Int64(i - lo + 1) : 0
    }
    return Vector(type: .int, ints: out)
  }

  static func threshold(_ v: Value) throws(ScriptError) -> Double {
    guard let y = v.doubleValue else { throw ScriptError(RuntimeMessages.needsNumber("sumbars", got: v.typeString)) }
    return y
  }

  static let sumbars = Builtin("sumbars", args: 2...2, parameterNames: ["X", "Y"]) { a throws(ScriptError) in
    switch a[0] {
    case .object(let m as Matrix):
      // One threshold for all columns, or one per column.
      let limits = try column(a[1], "sumbars").doubles
      guard a[1].isScalar || limits.count == m.columnCount else {
        throw ScriptError(RuntimeMessages.incompatibleSizes("sumbars", m.columnCount, limits.count))
      }
      var columns: [Vector] = []
      for (j, c) in m.columns.enumerated() {
        let y = limits[a[1].isScalar ? 0 : j]
        guard !y.isNaN else { throw ScriptError(RuntimeMessages.needsNumber("sumbars", got: "a null")) }
        columns.append(try bars(c, y))
      }
      return .object(try m.withColumns(columns))
    case .tuple(let items):
      let limits = try column(a[1], "sumbars").doubles
      guard limits.count == items.count else {
        throw ScriptError(RuntimeMessages.incompatibleSizes("sumbars", items.count, limits.count))
      }
      var out: [Value] = []
      for (k, item) in items.enumerated() { out.append(.vector(try bars(try column(item, "sumbars"), limits[k]))) }
      return .tuple(out)
    default:
      return .vector(try bars(try Series.vector(a, 0, "sumbars"), try threshold(a[1])))
    }
  }

  static let all: [Builtin] = [contextCount, contextSum, contextSum2, sumbars]
}
