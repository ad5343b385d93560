import ScriptRuntime

/// Maximum drawdown, the largest fall from a running peak: `maxDrawdown(X, [ratio=true])` (alias
/// `mdd`), an aggregate, and `cummdd(X, [ratio=true])`, the drawdown so far at each element. With
/// `ratio` the fall is a fraction of the peak, else a plain difference. Nulls are skipped; a
/// fall from a peak of 0 has no ratio and is left out.
enum Drawdown {
  /// The running maximum drawdown after each element (NaN before the first value).
  static func running(_ xs: [Double], ratio: Bool) -> [Double] {
    var out = [Double](repeating: .nan, count: xs.count)
    var peak = -Double.infinity
    var worst = Double.nan
    for (i, x) in xs.enumerated() {
      if !x.isNaN {
        peak = max(peak, x)
        let fall = ratio ? (peak == 0 ? Double.nan : (peak - x) / peak) : peak - x
        if !fall.isNaN { worst = worst.isNaN ? fall : max(worst, fall) }
      }
      out[i] = worst
    }
    return out
  }

  static func arguments(_ a: CallArguments, _ name: String) throws(ScriptError) -> ([Double], Bool) {
    let v = try Series.vector(a, 0, name)
    guard v.type.isNumeric || v.type == .void, !v.isArrayVector else {
      throw ScriptError(RuntimeMessages.needsNumber(name, got: v.typeName))
    }
    return (v.doubles, a.has(1) ? a[1].isTruthy : true)
  }

  static func aggregate(_ name: String) -> Builtin {
    Builtin(name, args: 1...2, parameterNames: ["X", "ratio"], isAggregate: true) { a throws(ScriptError) in
      let (xs, ratio) = try arguments(a, name)
      return .double(running(xs, ratio: ratio).last ?? .nan)
    }
  }

  static let all: [Builtin] = [
    aggregate("maxDrawdown"), aggregate("mdd"),
    ColumnByColumn.wrap(
      Builtin("cummdd", args: 1...2, parameterNames: ["X", "ratio"]) { a throws(ScriptError) in
        let (xs, ratio) = try arguments(a, "cummdd")
        return Series.doubles(running(xs, ratio: ratio))
      }),
  ]
}
