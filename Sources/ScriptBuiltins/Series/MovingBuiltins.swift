import ScriptRuntime

/// Moving-window functions: `msum(X, window, [minPeriods])` and its kin compute over the last
/// `window` elements at each position, ignoring nulls; `ema`, `wma` and `moving(func, X, window)`.
enum MovingBuiltins {
  /// `(X, window, [minPeriods])`.
  static func arguments(_ a: CallArguments, _ name: String) throws(ScriptError) -> (Vector, Int, Int?) {
    let v = try Series.vector(a, 0, name)
    let w = try Series.window(a, 1, name)
    return (v, w, try Series.minPeriods(a, 2, window: w, name))
  }

  /// msum, mavg and mcount over running sums: one pass however wide the window.
  static func running(_ name: String, _ result: @escaping @Sendable (Double, Int, Vector) -> Double) -> Builtin {
    Builtin(name, args: 2...3, parameterNames: ["X", "window", "minPeriods"]) { a throws(ScriptError) in
      let (v, w, minPeriods) = try arguments(a, name)
      let xs = v.doubles
      var out = [Double](repeating: .nan, count: xs.count)
      var sum = 0.0
      var count = 0
      for i in xs.indices {
        if !xs[i].isNaN {
          sum += xs[i]
          count += 1
        }
        if i >= w, !xs[i - w].isNaN {
          sum -= xs[i - w]
          count -= 1
        }
        if Series.hasResult(i, count: count, window: w, minPeriods: minPeriods) || (name == "mcount" && i + 1 >= w) {
          out[i] = result(sum, count, v)
        }
      }
      switch name {
      case "mcount": return .vector(Vector(type: .int, ints: out.map { $0.isNaN ? Int64.min : Int64($0) }))
      case "msum" where v.type.isIntegral && v.type != .bool && v.type != .char:
        return exactSums(v, w, has: out.map { !$0.isNaN })
      case "msum": return Series.like(v, out)
      default: return Series.doubles(out)
      }
    }
  }

  /// `msum` of integers, summed exactly (a double loses digits past 2^53): each window's sum in
  /// 128 bits, null where it does not fit the input's type or `has` says there is none.
  static func exactSums(_ v: Vector, _ w: Int, has: [Bool]) -> Value {
    let xs = v.int64s
    let type: DataType = v.type == .long ? .long : .int
    let limit: Int128 = type == .long ? Int128(Int64.max) : Int128(Int32.max)
    var sum: Int128 = 0
    var out = [Int64](repeating: Int64.min, count: xs.count)
    for i in xs.indices {
      if xs[i] != Int64.min { sum += Int128(xs[i]) }
      if i >= w, xs[i - w] != Int64.min { sum -= Int128(xs[i - w]) }
      if has[i], sum <= limit, sum >= -limit { out[i] = Int64(sum) }
    }
    return .vector(Vector(type: type, ints: out))
  }

  /// `mavg(X, weights)`: with a vector of weights for the window (the last for the latest
  /// value), each full window's weighted mean, nulls and their weights left out; a number as the
  /// window goes to `plain`.
  static func weightedAverage(_ plain: Builtin) -> Builtin {
    Builtin(plain.name, args: 2...3, parameterNames: ["X", "window", "minPeriods"]) { a throws(ScriptError) in
      guard case .vector(let weightVector) = a[1], weightVector.type.isNumeric else { return try plain.body(&a) }
      let xs = try Series.vector(a, 0, plain.name).doubles
      let weights = weightVector.doubles
      let w = weights.count
      guard w > 0, weights.allSatisfy(\.isFinite) else {
        throw ScriptError(RuntimeMessages.windowMustBePositive(plain.name, w))
      }
      var out = [Double](repeating: .nan, count: xs.count)
      for i in xs.indices where i + 1 >= w {
        if i % 4_096 == 0, a.machine.isInterrupted { throw Machine.interrupted() }
        var sum = 0.0
        var total = 0.0
        for k in 0..<w where !xs[i - w + 1 + k].isNaN {
          sum += weights[k] * xs[i - w + 1 + k]
          total += weights[k]
        }
        if total != 0 { out[i] = sum / total }
      }
      return Series.doubles(out)
    }
  }

  static let all: [Builtin] = [
    running("msum") { sum, _, _ in sum },
    weightedAverage(running("mavg") { sum, count, _ in sum / Double(count) }),
    running("mcount") { _, count, _ in Double(count) },
    MovingRank.builtin,
    // ema(X, window): the first full window's mean, then each value weighted 2/(window+1).
    Builtin("ema", args: 2...3, parameterNames: ["X", "window", "warmup"]) { a throws(ScriptError) in
      Series.doubles(TechnicalAnalysis.ema(try Series.vector(a, 0, "ema").doubles, try Series.window(a, 1, "ema")))
    },
    // wma(X, window): weights 1, 2, ..., window, the latest heaviest.
    Builtin("wma", args: 2...2, parameterNames: ["X", "window"]) { a throws(ScriptError) in
      let xs = try Series.vector(a, 0, "wma").doubles
      let w = try Series.window(a, 1, "wma")
      var out = [Double](repeating: .nan, count: xs.count)
      for i in xs.indices where i + 1 >= w {
        var s = 0.0
        var ws = 0.0
        for k in 0..<w where !xs[i - w + 1 + k].isNaN {
          s += Double(k + 1) * xs[i - w + 1 + k]
          ws += Double(k + 1)
        }
        if ws > 0 { out[i] = s / ws }
      }
      return Series.doubles(out)
    },
    // moving(func, X, window, [minPeriods]): func over each window (several vectors: a tuple of them).
    Builtin("moving", args: 3...4, parameterNames: ["func", "funcArgs", "window", "minPeriods"]) {
      a throws(ScriptError) in
      guard case .function(let f) = a[0] else {
        throw ScriptError(RuntimeMessages.mustBeFunction("the first argument of 'moving'", got: a[0].typeString))
      }
      let inputs = try Series.arguments(a, 1, "moving")
      let n = inputs.first?.count ?? 0
      let w = try Series.window(a, 2, "moving")
      let minPeriods = try Series.minPeriods(a, 3, window: w, "moving") ?? w
      var results: [Value] = []
      for i in 0..<n {
        let start = max(0, i - w + 1)
        guard i - start + 1 >= minPeriods else {
          results.append(.void)
          continue
        }
        let args: [Value?] = inputs.map { .vector($0.slice(start..<(i + 1))) }
        results.append(try a.machine.call(f, args))
      }
      return collectTyped(results, empty: .double)
    },
  ]
}
