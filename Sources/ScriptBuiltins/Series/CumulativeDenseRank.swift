import ScriptRuntime

/// `cumdenseRank(X, [ascending=true], [ignoreNA=true], [percent=false], [norm='max'])`: each
/// element's dense rank (from 0, equal values one rank) among the distinct values up to it.
/// With ignoreNA=false a null takes part as the smallest value (else its rank is null);
/// `percent` gives (rank + 1) / the distinct values so far ('max'), or rank / (the distinct
/// values so far - 1) ('minmax', 1 while there is one). A matrix or a table goes column by
/// column, into its own shape.
enum CumulativeDenseRank {
  /// Each element's rank among all of X's distinct values, -1 for a null.
  static func globalRanks(_ v: Vector, _ name: String) throws(ScriptError) -> [Int] {
    guard v.type.isText, !v.isArrayVector else { return try TopNSelection.ranks(v, name) }
    let strings = v.strings
    let present = (0..<v.count).filter { !v.isNull($0) }
    let order = present.sorted { strings[$0] < strings[$1] }
    var out = [Int](repeating: -1, count: v.count)
    var rank = -1
    for (k, i) in order.enumerated() {
      if k == 0 || strings[i] != strings[order[k - 1]] { rank += 1 }
      out[i] = rank
    }
    return out
  }

  static func ranks(
    _ v: Vector, ascending: Bool, ignoreNA: Bool, percent: Bool, minmax: Bool
  ) throws(ScriptError) -> Vector {
    var keys = try globalRanks(v, "cumdenseRank")
    // Taking part, a null is the smallest value.
    if !ignoreNA { keys = keys.map { $0 + 1 } }
    let size = (keys.max() ?? -1) + 1
    if !ascending { keys = keys.map { $0 < 0 ? $0 : size - 1 - $0 } }
    // A Fenwick tree of the distinct values seen so far, by key: O(n log n).
    var tree = [Int](repeating: 0, count: size + 1)
    var seen = [Bool](repeating: false, count: size)
    var distinct = 0
    var ints = [Int64](repeating: Int64.min, count: v.count)
    var fractions = [Double](repeating: .nan, count: percent ? v.count : 0)
    for (i, k) in keys.enumerated() where k >= 0 {
      if !seen[k] {
        seen[k] = true
        distinct += 1
        var j = k + 1
        while j <= size {
          tree[j] += 1
          j += j & -j
        }
      }
      var below = 0
      var j = k
      while j > 0 {
        below += tree[j]
        j -= j & -j
      }
      if percent {
        fractions[i] =
          minmax ? (distinct == 1 ? 1 : Double(below) / Double(distinct - 1)) : Double(below + 1) / Double(distinct)
      } else {
        ints[i] = Int64(below)
      }
    }
    return percent ? Vector(doubles: fractions) : Vector(type: .int, ints: ints)
  }

  static let builtin = ColumnByColumn.wrap(
    Builtin("cumdenseRank", args: 1...5, parameterNames: ["X", "ascending", "ignoreNA", "percent", "norm"]) {
      a throws(ScriptError) in
      let ascending = a.has(1) ? a[1].isTruthy : true
      let ignoreNA = a.has(2) ? a[2].isTruthy : true
      let percent = a.has(3) && a[3].isTruthy
      let norm = a.has(4) ? try a.text(4, "the norm of 'cumdenseRank'") : "max"
      guard norm == "max" || norm == "minmax" else {
        throw ScriptError(RuntimeMessages.mustBeOneOf("the norm of 'cumdenseRank'", ["max", "minmax"], got: norm))
      }
      func rank(_ v: Vector) throws(ScriptError) -> Vector {
        try ranks(v, ascending: ascending, ignoreNA: ignoreNA, percent: percent, minmax: norm == "minmax")
      }
      if case .object(let t as Table) = a[0] {
        return .object(try Table(names: t.names, columns: try t.columns.map { c throws(ScriptError) in try rank(c) }))
      }
      return .vector(try rank(try Series.vector(a, 0, "cumdenseRank")))
    })
}
