import ScriptRuntime

/// Shared pieces of the series functions: numbers out of a vector and back into one.
enum Series {
  /// The vector argument `i` of a series function (a scalar counts as one element).
  static func vector(_ a: CallArguments, _ i: Int, _ name: String) throws(ScriptError) -> Vector {
    try column(a[i], name)
  }

  /// The arguments a window function passes to its func: argument `i` as one vector, or a
  /// tuple of equal-length vectors.
  static func arguments(_ a: CallArguments, _ i: Int, _ name: String) throws(ScriptError) -> [Vector] {
    var inputs: [Vector] = []
    if case .tuple(let items) = a[i] {
      for item in items { inputs.append(try column(item, name)) }
    } else {
      inputs = [try vector(a, i, name)]
    }
    let n = inputs.first?.count ?? 0
    guard inputs.allSatisfy({ $0.count == n }) else {
      throw ScriptError(RuntimeMessages.incompatibleSizes(name, n, inputs.map(\.count).max() ?? n))
    }
    return inputs
  }

  /// A DOUBLE vector; NaN is null.
  static func doubles(_ xs: [Double]) -> Value { .vector(Vector(doubles: xs)) }

  /// The rows of each distinct combination of `keys`' values (nulls one value), groups in the
  /// order their first row comes.
  static func groupsInOrderOfAppearance(_ keys: [Vector], count n: Int) -> [[Int]] {
    var groupOf: [[ScalarKey]: Int] = [:]
    var members: [[Int]] = []
    for i in 0..<n {
      let key = keys.map { ScalarKey($0[i]) ?? .null }
      if let g = groupOf[key] {
        members[g].append(i)
      } else {
        groupOf[key] = members.count
        members.append([i])
      }
    }
    return members
  }

  /// Results computed in doubles, as the input's integral type when it has one (`msum` of INT is
  /// INT), else DOUBLE. A result outside the integral type's range is null.
  static func like(_ v: Vector, _ xs: [Double]) -> Value {
    guard v.type.isIntegral, v.type != .bool, v.type != .char else { return doubles(xs) }
    let type: DataType = v.type == .long ? .long : .int
    // 2^63 and 2^31 are the first values the types cannot hold (Int64.max is not a Double).
    let limit = type == .long ? 9_223_372_036_854_775_808.0 : 2_147_483_648.0
    return .vector(
      Vector(
        type: type,
        ints: xs.map { x in
          let r = x.rounded()
          return r.isNaN || r >= limit || r <= -limit ? Int64.min : Int64(r)
        }))
  }

  /// A window length argument: a positive integer no larger than a bound.
  static func window(_ a: CallArguments, _ i: Int, _ name: String) throws(ScriptError) -> Int {
    let w = try a.integer(i, "the window of '\(name)'")
    guard w > 0 else { throw ScriptError(RuntimeMessages.windowMustBePositive(name, w)) }
    return w
  }

  /// `minPeriods` when given, else the window.
  /// The tiesMethod argument of a rank function at `i` ('min' when not given).
  static func tiesMethod(_ a: CallArguments, _ i: Int, _ name: String) throws(ScriptError) -> String {
    let ties = a.has(i) ? try a.text(i, "the tiesMethod of '\(name)'") : "min"
    guard ["min", "max", "first", "average"].contains(ties) else {
      throw ScriptError(RuntimeMessages.unknownTiesMethod(name, ties))
    }
    return ties
  }

  static func minPeriods(_ a: CallArguments, _ i: Int, window: Int, _ name: String) throws(ScriptError) -> Int? {
    guard a.has(i) else { return nil }
    let p = try a.integer(i, "the minPeriods of '\(name)'")
    guard p > 0, p <= window else { throw ScriptError(RuntimeMessages.minPeriodsOutOfRange(name, p, window: window)) }
    return p
  }

  /// Whether window position `i` (with `count` non-null values in it) has a result: a full
  /// window with a value in it, or `minPeriods` values when given.
  static func hasResult(_ i: Int, count: Int, window: Int, minPeriods: Int?) -> Bool {
    if let minPeriods { return count >= minPeriods }
    return i + 1 >= window && count > 0
  }
}
