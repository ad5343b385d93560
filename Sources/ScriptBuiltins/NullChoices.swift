import ScriptRuntime

/// Choosing among values by nullness: `coalesce(X1, X2, ...)` (the first non-null, element by
/// element) and `nullIf(X, Y)` (null where X equals Y).
enum NullChoices {
  /// Element `i` of an argument (a scalar is every element).
  static func element(_ v: Value, _ i: Int) -> Value {
    if case .vector(let vec) = v { return vec[i] }
    return v
  }

  /// The common length of the vector arguments (scalars stretch).
  static func length(_ values: [Value], _ name: String) throws(ScriptError) -> Int? {
    var n: Int?
    for v in values {
      guard case .vector(let vec) = v else { continue }
      if let m = n, m != vec.count { throw ScriptError(RuntimeMessages.incompatibleSizes(name, m, vec.count)) }
      n = vec.count
    }
    return n
  }

  static let all: [Builtin] = [
    Builtin("coalesce", args: 2...Int.max) { a throws(ScriptError) in
      let values = a.values
      guard let n = try length(values, "coalesce") else {
        return values.first { !$0.isNull } ?? values[values.count - 1]
      }
      var out: [Value] = []
      out.reserveCapacity(n)
      for i in 0..<n {
        var picked = element(values[values.count - 1], i)
        for v in values {
          let x = element(v, i)
          if !x.isNull {
            picked = x
            break
          }
        }
        out.append(picked)
      }
      let type = values.first { $0.type != .void }?.type ?? .double
      var result = Vector.empty(type, capacity: n)
      for x in out { try result.append(x) }
      return .vector(result)
    },
    Builtin("nullIf", args: 2...2, parameterNames: ["X", "Y"]) { a throws(ScriptError) in
      let same = try Comparison.apply(.eq, a[0], a[1])
      switch a[0] {
      case .vector(var v):
        guard case .vector(let mask) = same else { return a[0] }
        for i in 0..<v.count where mask[i].isTruthy { try v.set(i, .null(v.type)) }
        return .vector(v)
      default:
        return same.isTruthy ? .null(a[0].type) : a[0]
      }
    },
  ]
}
