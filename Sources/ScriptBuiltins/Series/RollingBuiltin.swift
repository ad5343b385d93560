import ScriptRuntime

/// `rolling(func, funcArgs, window, [step=1])`: func over windows of `window` rows, the first
/// ending at the first full window and each next one `step` rows later (no nulls for the rows
/// before it, unlike `moving`). An aggregate func gives a value per window; a vectorized one
/// (its result as long as the window) takes tumbling windows (step must equal window) and its
/// results are put together, the rows of a last partial window left out. A matrix is taken
/// column by column; several arguments are a tuple of vectors.
enum RollingBuiltin {
  static let builtin = Builtin("rolling", args: 3...4, parameterNames: ["func", "funcArgs", "window", "step"]) {
    a throws(ScriptError) in try rolling(a)
  }

  static func rolling(_ a: CallArguments) throws(ScriptError) -> Value {
    let f = try a.function(0, "the func of 'rolling'")
    let w = try Series.window(a, 2, "rolling")
    let step = a.has(3) ? try a.integer(3, "the step of 'rolling'") : 1
    guard step > 0 else { throw ScriptError(RuntimeMessages.windowMustBePositive("rolling", step)) }
    if let m = MatrixBuiltins.matrix(a[1]) {
      var columns: [Vector] = []
      var rows: [Int] = []
      for c in m.columns {
        let (v, used) = try apply(f, [c], window: w, step: step, a.machine)
        columns.append(v)
        rows = used
      }
      let labels = m.rowLabels.map { $0.gather(rows) }
      return .object(
        try Matrix(columns: columns, rows: rows.count, rowLabels: labels, columnLabels: m.columnLabels))
    }
    return .vector(try apply(f, try Series.arguments(a, 1, "rolling"), window: w, step: step, a.machine).0)
  }

  /// func over the windows of equal-length vectors, and the row each result stands for (the
  /// window's last row for an aggregate, every row of a full window for a vectorized func).
  static func apply(_ f: FunctionValue, _ inputs: [Vector], window w: Int, step: Int, _ m: Machine)
    throws(ScriptError) -> (Vector, [Int])
  {
    let n = inputs.first?.count ?? 0
    var results: [Value] = []
    var rows: [Int] = []
    var vectorized: Bool?
    var start = 0
    while start <= n - w {
      let r = try m.call(f, inputs.map { .vector($0.slice(start..<(start + w))) })
      if vectorized == nil {
        vectorized = !r.isScalar
        if vectorized == true && step != w {
          throw ScriptError(RuntimeMessages.rollingStepMustEqualWindow(step, w))
        }
      }
      if vectorized == true {
        guard case .vector(let v) = r, v.count == w else {
          throw ScriptError(RuntimeMessages.aggregateMustGiveScalar("rolling"))
        }
        for i in 0..<w { results.append(v[i]) }
        rows += Array(start..<(start + w))
      } else {
        guard r.isScalar else { throw ScriptError(RuntimeMessages.aggregateMustGiveScalar("rolling")) }
        results.append(r)
        rows.append(start + w - 1)
      }
      start += step
    }
    guard case .vector(let v) = collectTyped(results, empty: inputs.first?.type ?? .double) else {
      throw ScriptError(RuntimeMessages.aggregateMustGiveScalar("rolling"))
    }
    return (v, rows)
  }
}
