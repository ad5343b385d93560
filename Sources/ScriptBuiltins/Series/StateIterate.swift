import ScriptRuntime

/// The reactive state engine's iterating functions used on whole vectors: `stateIterate` (a
/// linear recursion through a moving or cumulative function) and `genericStateIterate` (a user
/// function over a sliding window of earlier results).
enum StateIterate {
  /// `stateIterate(X, initial, initialWindow, iterateFunc, combineCoeff)`: result `k` is
  /// `initial[k]` for `k < initialWindow`, else
  /// `combineCoeff[0] * X[k] + combineCoeff[1] * iterateFunc(results)[k-1]`.
  static func stateIterate(_ a: CallArguments) throws(ScriptError) -> Value {
    let name = "stateIterate"
    let x = try Series.vector(a, 0, name)
    guard x.type.isNumeric || x.type == .void else {
      throw ScriptError(RuntimeMessages.cannotTakeVector(name, of: x.type.name))
    }
    let n = x.count
    let initial = try sameLength(a[1], n, name)
    let initialWindow = try a.integer(2, "the initialWindow of 'stateIterate'")
    guard initialWindow > 0 else {
      throw ScriptError(RuntimeMessages.mustBePositive("the initialWindow of 'stateIterate'", initialWindow))
    }
    let f = try a.function(3, "the iterateFunc of 'stateIterate'")
    let coeff = try a.vector(4, "the combineCoeff of 'stateIterate'")
    guard coeff.count == 2, coeff.type.isNumeric else {
      throw ScriptError(RuntimeMessages.stateIterateCoefficients(coeff.count))
    }
    let (c0, c1) = (coeff.doubles[0], coeff.doubles[1])
    let xs = x.doubles
    // Only the last `window` results matter to a moving function bound as `msum{, 3}`;
    // `move{, k}` reads k + 1 of them.
    var window: Int?
    if case .partial(_, let bound) = f.kind, bound.count >= 2, let w = bound[1]?.intValue, w > 0,
      w != Value.nullInt
    {
      window = min(Int(clamping: w), n) + (f.name == "move" ? 1 : 0)
    }
    let carriesLast = ["cumlastNot", "ffill"].contains(f.name)
    let carriesFirst = f.name == "cumfirstNot"
    if !carriesLast, !carriesFirst, window == nil, n > IterativeBuiltins.maxWholePrefixRows {
      throw ScriptError(RuntimeMessages.stateIterateTooLong(f.name, IterativeBuiltins.maxWholePrefixRows))
    }
    var out: [Double] = []
    out.reserveCapacity(n)
    var lastNotNull = Double.nan
    var firstNotNull = Double.nan
    for k in 0..<n {
      if k % 256 == 0, a.machine.isInterrupted { throw Machine.interrupted() }
      let value: Double
      if k < initialWindow {
        value = initial[k]
      } else {
        let iterated: Double
        if carriesLast {
          iterated = lastNotNull
        } else if carriesFirst {
          iterated = firstNotNull
        } else {
          let from = window.map { max(0, k - $0) } ?? 0
          let r = try a.machine.call(f, [.vector(Vector(doubles: Array(out[from..<k])))])
          iterated = (HigherOrder.elements(r)?.last ?? r).doubleValue ?? .nan
        }
        value = c0 * xs[k] + c1 * iterated
      }
      out.append(value)
      if !value.isNaN {
        lastNotNull = value
        if firstNotNull.isNaN { firstNotNull = value }
      }
    }
    return Series.doubles(out)
  }

  /// `genericStateIterate(X, initial, window, func)`: with `window = w > 0`, result `k` is
  /// `initial[k]` for `k < w`, else `func(results[k-w:k], X1[k], ..., Xn[k])`; with `w = 0`,
  /// `func(previous, X1[k], ...)` where the previous of the first row is `initial[0]`.
  static func genericStateIterate(_ a: CallArguments) throws(ScriptError) -> Value {
    let name = "genericStateIterate"
    let initialValues: Vector
    switch a[1] {
    case .vector(let v): initialValues = v
    default: initialValues = try column(a[1], name)
    }
    let n = initialValues.count
    let xs = try iterationColumns(a, 0, count: n, name)
    let window = try a.integer(2, "the window of 'genericStateIterate'")
    guard window >= 0 else {
      throw ScriptError(RuntimeMessages.negativeCount("the window of 'genericStateIterate'", window))
    }
    let f = try a.function(3, "the func of 'genericStateIterate'")
    var results: [Value] = []
    results.reserveCapacity(n)
    for k in 0..<n {
      if k % 256 == 0, a.machine.isInterrupted { throw Machine.interrupted() }
      if window > 0 && k < window {
        results.append(initialValues[k])
        continue
      }
      let state: Value
      if window == 0 {
        state = k == 0 ? initialValues[0] : results[k - 1]
      } else {
        state = collectTyped(Array(results[(k - window)..<k]), empty: initialValues.type)
      }
      results.append(try iterationStep(f, state, xs, k, name, a.machine))
    }
    return collectTyped(results, empty: initialValues.type == .void ? .double : initialValues.type)
  }

  /// The X argument `i` of the generic iterations: one column, a tuple of columns, or `[]` for
  /// none; each of `n` rows.
  static func iterationColumns(_ a: CallArguments, _ i: Int, count n: Int, _ name: String) throws(ScriptError)
    -> [Vector]
  {
    var xs: [Vector] = []
    switch a[i] {
    case .tuple(let items):
      for item in items { xs.append(try column(item, name)) }
    case .vector(let v) where v.count == 0 && n > 0:
      break
    default:
      xs = [try Series.vector(a, i, name)]
    }
    for x in xs where x.count != n {
      throw ScriptError(RuntimeMessages.incompatibleSizes(name, n, x.count))
    }
    return xs
  }

  /// One result of the generic iterations: `func(state, X1[k], ..., Xn[k])`, which must be a scalar.
  static func iterationStep(
    _ f: FunctionValue, _ state: Value, _ xs: [Vector], _ k: Int, _ name: String, _ machine: Machine
  ) throws(ScriptError) -> Value {
    let r = try machine.call(f, [state] + xs.map { $0[k] })
    guard r.isScalar else {
      throw ScriptError(RuntimeMessages.mustReturnScalar("the func of '\(name)'", got: r.typeString))
    }
    return r
  }

  /// `v` as `n` doubles: a vector of that length, or a scalar repeated.
  private static func sameLength(_ v: Value, _ n: Int, _ name: String) throws(ScriptError) -> [Double] {
    if case .vector(let vec) = v {
      guard vec.count == n else { throw ScriptError(RuntimeMessages.incompatibleSizes(name, n, vec.count)) }
      return vec.doubles
    }
    guard v.isScalar else { throw ScriptError(RuntimeMessages.cannotTake(name, v.typeString)) }
    return Array(repeating: v.isNull ? .nan : (v.doubleValue ?? .nan), count: n)
  }

  static let all: [Builtin] = [
    Builtin(
      "stateIterate", args: 5...5,
      parameterNames: ["X", "initial", "initialWindow", "iterateFunc", "combineCoeff"]
    ) { a throws(ScriptError) in try stateIterate(a) },
    Builtin(
      "genericStateIterate", args: 4...4, parameterNames: ["X", "initial", "window", "func"]
    ) { a throws(ScriptError) in try genericStateIterate(a) },
  ]
}
