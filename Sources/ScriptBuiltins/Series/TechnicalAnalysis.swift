import ScriptRuntime

/// DolphinDB's TA-Lib functions: `sma dema tema trima t3 kama wilder gema ma linearTimeTrend
/// trueRange`. As TA-Lib does, each keeps the nulls at the start of X and starts its windows at
/// the first value; a null after that keeps the running average where it was.
enum TechnicalAnalysis {
  /// An exponential average seeded with the mean of the first full window, then each value
  /// weighted `alpha` (`ema` is alpha = 2/(window+1)). Nulls before the first value stay null.
  static func smoothed(_ xs: [Double], window w: Int, alpha: Double) -> [Double] {
    var out = [Double](repeating: .nan, count: xs.count)
    guard let first = xs.firstIndex(where: { !$0.isNaN }), w <= xs.count - first else { return out }
    let seed = xs[first..<(first + w)].filter { !$0.isNaN }
    var e = seed.reduce(0, +) / Double(max(1, seed.count))
    out[first + w - 1] = e
    for i in (first + w)..<xs.count {
      if !xs[i].isNaN { e = alpha * xs[i] + (1 - alpha) * e }
      out[i] = e
    }
    return out
  }

  static func ema(_ xs: [Double], _ w: Int) -> [Double] { smoothed(xs, window: w, alpha: 2 / (Double(w) + 1)) }

  /// The mean of each full window from the first value on (nulls inside a window left out).
  static func sma(_ xs: [Double], _ w: Int) -> [Double] {
    var out = [Double](repeating: .nan, count: xs.count)
    guard let first = xs.firstIndex(where: { !$0.isNaN }) else { return out }
    var sum = 0.0
    var count = 0
    for i in first..<xs.count {
      if !xs[i].isNaN {
        sum += xs[i]
        count += 1
      }
      if i - w >= first, !xs[i - w].isNaN {
        sum -= xs[i - w]
        count -= 1
      }
      if i - first + 1 >= w, count > 0 { out[i] = sum / Double(count) }
    }
    return out
  }

  static func dema(_ xs: [Double], _ w: Int) -> [Double] {
    let e1 = ema(xs, w)
    let e2 = ema(e1, w)
    return zip(e1, e2).map { 2 * $0 - $1 }
  }

  static func tema(_ xs: [Double], _ w: Int) -> [Double] {
    let e1 = ema(xs, w)
    let e2 = ema(e1, w)
    let e3 = ema(e2, w)
    return (0..<xs.count).map { 3 * e1[$0] - 3 * e2[$0] + e3[$0] }
  }

  /// TA-Lib's triangular average: a mean of means over half windows.
  static func trima(_ xs: [Double], _ w: Int) -> [Double] {
    let half = w / 2 + w % 2  // (w + 1) / 2 for odd w, without overflowing at Int.max
    return sma(sma(xs, half), w % 2 == 1 ? half : half + 1)
  }

  /// Tillson's T3 as TA-Lib computes it: six exponential averages in a row (each seeded with the
  /// mean of the first window of the one before), combined with the weights of three
  /// generalized double averages; the first value after 6 * (window - 1) others.
  static func t3(_ xs: [Double], _ w: Int, _ v: Double) -> [Double] {
    var e = [ema(xs, w)]
    for _ in 1..<6 { e.append(ema(e[e.count - 1], w)) }
    let c1 = -v * v * v
    let c2 = 3 * v * v + 3 * v * v * v
    let c3 = -6 * v * v - 3 * v - 3 * v * v * v
    let c4 = 1 + 3 * v + v * v * v + 3 * v * v
    return xs.indices.map { i in c1 * e[5][i] + c2 * e[4][i] + c3 * e[3][i] + c4 * e[2][i] }
  }

  /// Kaufman's adaptive average: the smoothing follows the efficiency ratio of the last window
  /// (net change over the sum of the moves), between 2/31 and 2/3; seeded with the value before
  /// the first full window, as TA-Lib does.
  static func kama(_ xs: [Double], _ w: Int) -> [Double] {
    var out = [Double](repeating: .nan, count: xs.count)
    guard let first = xs.firstIndex(where: { !$0.isNaN }), w < xs.count - first else { return out }
    let fast = 2.0 / 3.0
    let slow = 2.0 / 31.0
    var previous = xs[first + w - 1]
    for i in (first + w)..<xs.count {
      guard !xs[i].isNaN, !xs[i - w].isNaN else {
        out[i] = previous
        continue
      }
      var moves = 0.0
      for k in (i - w + 1)...i where !xs[k].isNaN && !xs[k - 1].isNaN { moves += abs(xs[k] - xs[k - 1]) }
      let ratio = moves == 0 ? 0 : abs(xs[i] - xs[i - w]) / moves
      let sc = (ratio * (fast - slow) + slow) * (ratio * (fast - slow) + slow)
      previous += sc * (xs[i] - previous)
      out[i] = previous
    }
    return out
  }

  /// The intercept and slope of a least-squares line through each full window, x being 0, 1,
  /// ..., window - 1; a null after the first value counts as 0, as DolphinDB's does.
  static func linearTrend(_ xs: [Double], _ w: Int) -> ([Double], [Double]) {
    var alpha = [Double](repeating: .nan, count: xs.count)
    var beta = [Double](repeating: .nan, count: xs.count)
    guard let first = xs.firstIndex(where: { !$0.isNaN }), w > 1 else { return (alpha, beta) }
    let n = Double(w)
    let sumT = n * (n - 1) / 2
    let sumT2 = (n - 1) * n * (2 * n - 1) / 6
    let denominator = n * sumT2 - sumT * sumT
    for i in first..<xs.count where i - first + 1 >= w {
      var sumY = 0.0
      var sumTY = 0.0
      for k in 0..<w {
        let y = xs[i - w + 1 + k]
        let value = y.isNaN ? 0 : y
        sumY += value
        sumTY += Double(k) * value
      }
      let slope = (n * sumTY - sumT * sumY) / denominator
      beta[i] = slope
      alpha[i] = sumY / n - slope * sumT / n
    }
    return (alpha, beta)
  }

  static func numbers(_ a: CallArguments, _ i: Int, _ name: String) throws(ScriptError) -> [Double] {
    let v = try Series.vector(a, i, name)
    guard v.type.isNumeric || v.type == .bool, !v.isArrayVector else {
      throw ScriptError(RuntimeMessages.cannotTake(name, a[i].typeString))
    }
    return v.doubles
  }

  /// A TA function of (X, window): X a vector, or a matrix column by column.
  static func averaging(_ name: String, _ f: @escaping @Sendable ([Double], Int) -> [Double]) -> Builtin {
    Builtin(name, args: 2...2, parameterNames: ["X", "window"]) { a throws(ScriptError) in
      Series.doubles(f(try numbers(a, 0, name), try Series.window(a, 1, name)))
    }
  }

  static let all: [Builtin] = [
    averaging("sma", sma),
    averaging("dema", dema),
    averaging("tema", tema),
    averaging("trima", trima),
    averaging("kama", kama),
    // wilder(X, window): Welles Wilder's smoothing, each value weighted 1/window.
    averaging("wilder") { xs, w in smoothed(xs, window: w, alpha: 1 / Double(w)) },
    // gema(X, window, alpha): an exponential average with the weight given.
    Builtin("gema", args: 3...3, parameterNames: ["X", "window", "alpha"]) { a throws(ScriptError) in
      let xs = try numbers(a, 0, "gema")
      let w = try Series.window(a, 1, "gema")
      guard let alpha = a[2].doubleValue, alpha > 0, alpha <= 1 else {
        throw ScriptError(RuntimeMessages.smoothingFactorRange("gema", ValueFormatter.plain(a[2])))
      }
      return Series.doubles(smoothed(xs, window: w, alpha: alpha))
    },
    // t3(X, window, [vfactor=1.0]).
    Builtin("t3", args: 2...3, parameterNames: ["X", "window", "vfactor"]) { a throws(ScriptError) in
      let xs = try numbers(a, 0, "t3")
      let w = try Series.window(a, 1, "t3")
      let v = a.has(2) ? a[2].doubleValue ?? .nan : 1.0
      guard v >= 0, v <= 1 else {
        throw ScriptError(RuntimeMessages.smoothingFactorRange("t3", ValueFormatter.plain(a[2])))
      }
      return Series.doubles(t3(xs, w, v))
    },
    // ma(X, window, maType): 0 sma, 1 ema, 2 wma, 3 dema, 4 tema, 5 trima, 6 kama, 8 t3.
    Builtin("ma", args: 3...3, parameterNames: ["X", "window", "maType"]) { a throws(ScriptError) in
      let xs = try numbers(a, 0, "ma")
      let w = try Series.window(a, 1, "ma")
      switch a[2].intValue {
      case 0: return Series.doubles(sma(xs, w))
      case 1: return Series.doubles(ema(xs, w))
      case 2:
        // wma from the first value, as the others.
        guard let first = xs.firstIndex(where: { !$0.isNaN }) else { return Series.doubles(xs) }
        let tail = try a.machine.call(function: "wma", [Series.doubles(Array(xs[first...])), .int(Int64(w), .int)])
        guard case .vector(let v) = tail else { return tail }
        return Series.doubles(Array(repeating: .nan, count: first) + v.doubles)
      case 3: return Series.doubles(dema(xs, w))
      case 4: return Series.doubles(tema(xs, w))
      case 5: return Series.doubles(trima(xs, w))
      case 6: return Series.doubles(kama(xs, w))
      case 8: return Series.doubles(t3(xs, w, 1.0))
      default: throw ScriptError(RuntimeMessages.maTypeInvalid(ValueFormatter.plain(a[2])))
      }
    },
    // linearTimeTrend(X, window): (intercept, slope) of each window's least-squares line.
    // On a matrix: a matrix of intercepts and one of slopes, column by column.
    Builtin("linearTimeTrend", args: 2...2, parameterNames: ["X", "window"]) { a throws(ScriptError) in
      let w = try Series.window(a, 1, "linearTimeTrend")
      guard w > 1 else { throw ScriptError(RuntimeMessages.windowMustBePositive("linearTimeTrend", w)) }
      if case .object(let m as Matrix) = a[0] {
        guard m.dataType.isNumeric || m.dataType == .bool else {
          throw ScriptError(RuntimeMessages.cannotTake("linearTimeTrend", m.typeString))
        }
        var alphas: [Vector] = []
        var betas: [Vector] = []
        for c in m.columns {
          let (alpha, beta) = linearTrend(c.doubles, w)
          alphas.append(Vector(doubles: alpha))
          betas.append(Vector(doubles: beta))
        }
        return .tuple([.object(try m.withColumns(alphas)), .object(try m.withColumns(betas))])
      }
      let (alpha, beta) = linearTrend(try numbers(a, 0, "linearTimeTrend"), w)
      return .tuple([Series.doubles(alpha), Series.doubles(beta)])
    },
    // trueRange(high, low, close): the larger of high and the close before, less the smaller of
    // low and the close before; the first has no close before it and is null.
    Builtin("trueRange", args: 3...3, parameterNames: ["high", "low", "close"]) { a throws(ScriptError) in
      let high = try numbers(a, 0, "trueRange")
      let low = try numbers(a, 1, "trueRange")
      let close = try numbers(a, 2, "trueRange")
      guard high.count == low.count, low.count == close.count else {
        throw ScriptError(
          RuntimeMessages.incompatibleSizes("trueRange", high.count, high.count == low.count ? close.count : low.count))
      }
      var out = [Double](repeating: .nan, count: high.count)
      for i in high.indices.dropFirst() {
        let before = close[i - 1]
        guard !before.isNaN, !high[i].isNaN, !low[i].isNaN else { continue }
        out[i] = max(high[i], before) - min(low[i], before)
      }
      return Series.doubles(out)
    },
  ]
}
