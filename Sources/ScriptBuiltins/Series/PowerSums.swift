import ScriptRuntime

/// Products and sums of powers: `prod(X)` (integers multiplied exactly into a LONG, null when it
/// overflows), `sum3`, `sum4` (sums of cubes and fourth powers), and the running `cumsum2`,
/// `cumsum3`, `cumsum4`. Nulls are skipped.
enum PowerSums {
  static func running(_ name: String, power: Int) -> Builtin {
    Builtin(name, args: 1...1) { a throws(ScriptError) in
      var s = 0.0
      var seen = false
      return Series.doubles(
        try Series.vector(a, 0, name).doubles.map { x in
          if !x.isNaN {
            var p = 1.0
            for _ in 0..<power { p *= x }
            s += p
            seen = true
          }
          return seen ? s : .nan
        })
    }
  }

  static let all: [Builtin] = [
    Builtin("prod", args: 1...1, parameterNames: ["X"], isAggregate: true) { a throws(ScriptError) in
      let v = try Series.vector(a, 0, "prod")
      guard v.type.isNumeric else { throw ScriptError(RuntimeMessages.cannotTakeVector("prod", of: v.type.name)) }
      if v.type.isIntegral && !v.type.isDecimal {
        var p: Int64 = 1
        var seen = false
        for x in v.int64s where x != Int64.min {
          let (r, overflow) = p.multipliedReportingOverflow(by: x)
          if overflow || r == Int64.min { return .null(.long) }
          p = r
          seen = true
        }
        return seen ? .int(p, .long) : .null(.long)
      }
      let xs = v.doubles.filter { !$0.isNaN }
      return .double(xs.isEmpty ? .nan : xs.reduce(1, *))
    },
    StatisticsBuiltins.oneColumn("sum3") { $0.reduce(0) { $0 + $1 * $1 * $1 } },
    StatisticsBuiltins.oneColumn("sum4") { $0.reduce(0) { $0 + $1 * $1 * $1 * $1 } },
    running("cumsum2", power: 2), running("cumsum3", power: 3), running("cumsum4", power: 4),
  ]
}
