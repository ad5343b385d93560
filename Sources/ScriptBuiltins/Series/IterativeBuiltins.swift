import ScriptRuntime

/// Series whose values depend on earlier results or on their neighbours: `conditionalIterate`
/// and `interpolate`.
enum IterativeBuiltins {
  /// At most how many results `conditionalIterate` gives when its function reads every earlier
  /// one (each result then runs it over all before: quadratic work).
  static let maxWholePrefixRows = 4_000

  /// `conditionalIterate(cond, trueValue, falseIterFunc)`: result `i` is `trueValue[i]` where
  /// `cond[i]` holds, else `falseIterFunc` over the results before it, its last value
  /// (`cumlastNot` repeats the last non-null result, `msum{, 3}` sums the three before).
  static func conditionalIterate(_ a: CallArguments) throws(ScriptError) -> Value {
    let cond = try Series.vector(a, 0, "conditionalIterate")
    let n = cond.count
    let whenTrue: Vector
    if case .vector(let v) = a[1] {
      guard v.count == n else { throw ScriptError(RuntimeMessages.incompatibleSizes("conditionalIterate", n, v.count)) }
      whenTrue = v
    } else {
      whenTrue = try column(collectTyped(Array(repeating: a[1], count: n), empty: .double), "conditionalIterate")
    }
    guard case .function(let f) = a[2] else {
      throw ScriptError(
        RuntimeMessages.mustBeFunction("the falseIterFunc of 'conditionalIterate'", got: a[2].typeString))
    }
    let outputs = whenTrue.type == .void || whenTrue.type.isIntegral ? DataType.double : whenTrue.type
    var results: [Value] = []
    results.reserveCapacity(n)
    // The window a moving function bound as `msum{, 3}` reads: only that many results matter.
    var window: Int?
    if case .partial(_, let bound) = f.kind, bound.count >= 2, let w = bound[1]?.intValue, w > 0, w != Value.nullInt {
      window = Int(clamping: w)
    }
    let name = f.name
    if !["cumlastNot", "cumfirstNot"].contains(name), window == nil, n > maxWholePrefixRows {
      throw ScriptError(RuntimeMessages.conditionalIterateTooLong(name, maxWholePrefixRows))
    }
    var lastNotNull: Value = .null(outputs)
    var firstNotNull: Value?
    for i in 0..<n {
      let value: Value
      if cond[i].isTruthy && !cond.isNull(i) {
        value = whenTrue[i]
      } else if i == 0 {
        value = .null(outputs)
      } else if name == "cumlastNot" {
        value = lastNotNull
      } else if name == "cumfirstNot" {
        value = firstNotNull ?? .null(outputs)
      } else {
        let from = window.map { max(0, i - $0) } ?? 0
        let prior = try column(collectOf(results[from..<i], outputs), "conditionalIterate")
        let r = try a.machine.call(f, [.vector(prior)])
        value = HigherOrder.elements(r)?.last ?? r
      }
      results.append(value)
      if !value.isNull {
        lastNotNull = value
        if firstNotNull == nil { firstNotNull = value }
      }
    }
    return collectOf(results[...], outputs)
  }

  private static func collectOf(_ values: ArraySlice<Value>, _ type: DataType) -> Value {
    var v = Vector.empty(type, capacity: values.count)
    for x in values { try? v.append(x.isNull ? .null(type) : x) }
    return .vector(v)
  }

  /// `interpolate(X, [method='linear'], [limit], [inplace], [limitDirection='forward'],
  /// [limitArea])`: nulls between two values filled on the straight line between them
  /// (`linear`), with the previous (`pad`) or next (`bfill`) value, or the nearest (`nearest`);
  /// nulls before the first value or after the last stay (as pandas does by default).
  static func interpolate(_ a: CallArguments) throws(ScriptError) -> Value {
    let v = try Series.vector(a, 0, "interpolate")
    guard v.type.isNumeric || v.type == .void else {
      throw ScriptError(RuntimeMessages.cannotTakeVector("interpolate", of: v.type.name))
    }
    let method = a.has(1) ? try a.text(1, "the method of 'interpolate'") : "linear"
    guard ["linear", "pad", "ffill", "bfill", "backfill", "nearest"].contains(method) else {
      throw ScriptError(RuntimeMessages.unknownInterpolation(method))
    }
    let limit = a.has(2) ? try a.integer(2, "the limit of 'interpolate'") : Int.max
    guard limit > 0 else { throw ScriptError(RuntimeMessages.interpolateLimit(limit)) }
    var x = v.doubles
    let known = x.indices.filter { !x[$0].isNaN }
    for (l, r) in zip(known, known.dropFirst()) where r - l > 1 {
      for i in (l + 1)..<r where i - l <= limit {
        let t = Double(i - l) / Double(r - l)
        switch method {
        case "linear": x[i] = x[l] + (x[r] - x[l]) * t
        case "pad", "ffill": x[i] = x[l]
        case "bfill", "backfill": x[i] = x[r]
        default: x[i] = t <= 0.5 ? x[l] : x[r]
        }
      }
    }
    return .vector(Vector(doubles: x))
  }

  /// `iterate(init, coeffs, input)`: x[n] = (the last len(coeffs) results, init before any) **
  /// coeffs, plus input[n] when input is a vector; an integer input is the number of steps.
  static func iterate(_ a: CallArguments) throws(ScriptError) -> Value {
    let initial = try column(a[0], "iterate").doubles
    let coeffs = try column(a[1], "iterate").doubles
    guard initial.count == coeffs.count, !coeffs.isEmpty else {
      throw ScriptError(RuntimeMessages.lengthMismatch("iterate", initial.count, coeffs.count))
    }
    var input: [Double]?
    let steps: Int
    if case .vector(let v) = a[2] {
      input = v.doubles
      steps = v.count
    } else {
      steps = try a.count(2, "the number of steps of 'iterate'")
      guard steps >= 0 else {
        throw ScriptError(RuntimeMessages.negativeCount("the number of steps of 'iterate'", steps))
      }
    }
    var window = initial
    var out: [Double] = []
    out.reserveCapacity(steps)
    for n in 0..<steps {
      if n % 1_024 == 0, a.machine.isInterrupted { throw Machine.interrupted() }
      var x = 0.0
      for k in 0..<coeffs.count { x += window[k] * coeffs[k] }
      if let input { x += input[n] }
      out.append(x)
      window.removeFirst()
      window.append(x)
    }
    return .vector(Vector(doubles: out))
  }

  static let all: [Builtin] = [
    Builtin("iterate", args: 3...3, parameterNames: ["init", "coeffs", "input"]) { a throws(ScriptError) in
      try iterate(a)
    },
    Builtin(
      "conditionalIterate", args: 3...3, parameterNames: ["cond", "trueValue", "falseIterFunc"]
    ) { a throws(ScriptError) in try conditionalIterate(a) },
    Builtin(
      "interpolate", args: 1...6,
      parameterNames: ["X", "method", "limit", "inplace", "limitDirection", "limitArea"]
    ) { a throws(ScriptError) in try interpolate(a) },
  ]
}
