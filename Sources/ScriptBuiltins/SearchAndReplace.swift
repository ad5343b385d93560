import ScriptRuntime

/// `replace(X, oldValue, newValue)` (and `replace!` in place), `binsrch(X, Y)` (where each Y is
/// in a sorted X) and `digitize(x, bins, [right])` (the bin each value falls in).
enum SearchAndReplace {
  /// X with every element equal to `old` set to `new` (converted to X's type).
  static func replaced(_ x: Value, _ old: Value, _ new: Value, _ name: String) throws(ScriptError) -> Value {
    switch x {
    case .vector(var v) where !v.isArrayVector:
      let hits = try Comparison.apply(.eq, .vector(v), old)
      guard case .vector(let mask) = hits else { return x }
      for i in 0..<v.count where mask[i].isTruthy { try v.set(i, new) }
      return .vector(v)
    case .object(let m as Matrix):
      var columns: [Vector] = []
      for c in m.columns {
        guard case .vector(let r) = try replaced(.vector(c), old, new, name) else { continue }
        columns.append(r)
      }
      return .object(try m.withColumns(columns))
    default:
      throw ScriptError(RuntimeMessages.needsVectorOrMatrix(name, got: x.typeString))
    }
  }

  static let all: [Builtin] = [
    Builtin("replace", args: 3...3, parameterNames: ["X|obj", "oldValue", "newValue"]) { a throws(ScriptError) in
      try replaced(a[0], a[1], a[2], "replace")
    },
    Builtin("replace!", args: 3...3, parameterNames: ["obj", "oldValue", "newValue"], mutatesFirst: true) {
      a throws(ScriptError) in
      let r = try replaced(a[0], a[1], a[2], "replace!")
      a[0] = r
      return r
    },
    // binsrch(X, Y): the position of each Y in the sorted X, -1 when it is not there.
    Builtin("binsrch", args: 2...2, parameterNames: ["X", "Y"]) { a throws(ScriptError) in
      let x = try a.vector(0, "the sorted vector of 'binsrch'")
      func find(_ y: Value) -> Int64 {
        var (lo, hi) = (0, x.count)
        while lo < hi {
          let mid = (lo + hi) / 2
          if Comparison.order(x[mid], y) < 0 { lo = mid + 1 } else { hi = mid }
        }
        return lo < x.count && Comparison.order(x[lo], y) == 0 ? Int64(lo) : -1
      }
      if a[1].isScalar { return .int(find(a[1]), .int) }
      let ys = try a.vector(1, "the values of 'binsrch'")
      return .vector(Vector(type: .int, ints: (0..<ys.count).map { find(ys[$0]) }))
    },
    // digitize(x, bins, [right=false]): i such that bins[i-1] <= x < bins[i] (rising bins;
    // `right`: bins[i-1] < x <= bins[i]), 0 below the first, bins' size above the last.
    Builtin("digitize", args: 2...3, parameterNames: ["x", "bins", "right"]) { a throws(ScriptError) in
      let bins = try a.vector(1, "the bins of 'digitize'").doubles
      guard zip(bins, bins.dropFirst()).allSatisfy({ $0 < $1 }) else {
        throw ScriptError(RuntimeMessages.binsNotRising("digitize"))
      }
      let right = a.has(2) && a[2].isTruthy
      func bin(_ x: Double) -> Int64 {
        if x.isNaN { return Int64.min }
        var (lo, hi) = (0, bins.count)
        while lo < hi {
          let mid = (lo + hi) / 2
          if right ? bins[mid] < x : bins[mid] <= x { lo = mid + 1 } else { hi = mid }
        }
        return Int64(lo)
      }
      let xs = try a.vector(0, "the values of 'digitize'").doubles
      if a[0].isScalar { return .int(bin(xs.first ?? .nan), .int) }
      return .vector(Vector(type: .int, ints: xs.map(bin)))
    },
  ]
}
