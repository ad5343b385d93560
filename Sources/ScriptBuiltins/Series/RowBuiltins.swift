import ScriptRuntime

/// Row-wise aggregates over several equal-length vectors, a tuple of them or a matrix:
/// `rowSum(a, b, c)` is one sum per position, ignoring nulls.
enum RowBuiltins {
  /// The columns the arguments hold.
  static func columns(_ a: CallArguments, _ name: String) throws(ScriptError) -> [Vector] {
    var out: [Vector] = []
    for v in a.values {
      switch v {
      case .object(let o as Matrix): out += o.columns
      case .tuple(let items): for item in items { out.append(try column(item, name)) }
      default: out.append(try column(v, name))
      }
    }
    let n = out.map(\.count).max() ?? 0
    // A scalar stands for a column of itself.
    return try out.map { c throws(ScriptError) in
      if c.count == n { return c }
      guard c.count == 1 else { throw ScriptError(RuntimeMessages.incompatibleSizes(name, n, c.count)) }
      return c.gather(Array(repeating: 0, count: n))
    }
  }

  static func row(_ name: String, _ f: @escaping @Sendable ([Double]) -> Double) -> Builtin {
    Builtin(name, args: 1...Int.max) { a throws(ScriptError) in
      let cs = try columns(a, name).map(\.doubles)
      let n = cs.first?.count ?? 0
      var out = [Double](repeating: .nan, count: n)
      var values: [Double] = []
      for i in 0..<n {
        values.removeAll(keepingCapacity: true)
        for c in cs where !c[i].isNaN { values.append(c[i]) }
        out[i] = f(values)
      }
      return Series.doubles(out)
    }
  }

  static let all: [Builtin] = [
    row("rowSum") { $0.isEmpty ? .nan : $0.reduce(0, +) },
    row("rowAvg") { Statistics.mean($0) },
    row("rowMax") { $0.max() ?? .nan },
    row("rowMin") { $0.min() ?? .nan },
    row("rowStd") { Statistics.variance($0).squareRoot() },
    row("rowVar") { Statistics.variance($0) },
    row("rowProd") { $0.isEmpty ? .nan : $0.reduce(1, *) },
    Builtin("rowCount", args: 1...Int.max) { a throws(ScriptError) in
      let cs = try columns(a, "rowCount")
      let n = cs.first?.count ?? 0
      return .vector(Vector(type: .int, ints: (0..<n).map { i in Int64(cs.filter { !$0.isNull(i) }.count) }))
    },
  ]
}
