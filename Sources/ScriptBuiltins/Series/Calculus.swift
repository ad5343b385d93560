import ScriptRuntime

/// Numerical calculus over script functions: `integral` (adaptive Gauss-Kronrod quadrature,
/// single or double, infinite bounds by substitution) and `derivative` (central differences,
/// as scipy's `misc.derivative`).
enum Calculus {
  /// At most how many times one `integral` call runs its function.
  static let maxEvaluations = 2_000_000
  /// At most how many pieces one adaptive quadrature splits its range into.
  static let maxIntervals = 200

  /// Kronrod nodes of the 15-point rule (symmetric; the last is the centre).
  private static let nodes: [Double] = [
    0.991455371120812639206854697526329, 0.949107912342758524526189684047851,
    0.864864423359769072789712788640926, 0.741531185599394439863864773280788,
    0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
    0.207784955007898467600689403773245, 0,
  ]
  private static let kronrodWeights: [Double] = [
    0.022935322010529224963732008058970, 0.063092092629978553290700663189204,
    0.104790010322250183839876322541518, 0.140653259715525918745189590510238,
    0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
    0.204432940075298892414161999234649, 0.209482141084727828012999174891714,
  ]
  /// Weights of the embedded 7-point Gauss rule, on the odd nodes above.
  private static let gaussWeights: [Double] = [
    0.129484966168869693270611432679082, 0.279705391489276667901467771423780,
    0.381830050505118944950369775488975, 0.417959183673469387755102040816327,
  ]

  /// One integration's evaluation budget, shared by nested (double) integrals.
  private final class Budget {
    var left = Calculus.maxEvaluations
  }

  /// The integral of `f` over [a, b] (either may be infinite), or NaN when it does not
  /// converge, is infinite, or meets a non-finite value.
  private static func quad(
    _ a: Double, _ b: Double, _ budget: Budget, _ machine: Machine,
    _ f: (Double) throws(ScriptError) -> Double
  ) throws(ScriptError) -> Double {
    if a.isNaN || b.isNaN { return .nan }
    if a == b { return 0 }
    if a > b { return -(try quad(b, a, budget, machine, f)) }
    switch (a.isInfinite, b.isInfinite) {
    case (false, false):
      return try adaptive(a, b, budget, machine, f)
    case (false, true):
      // x = a + (1 - t) / t maps (0, 1] onto [a, inf).
      return try adaptive(0, 1, budget, machine) { t throws(ScriptError) in
        try f(a + (1 - t) / t) / (t * t)
      }
    case (true, false):
      return try adaptive(0, 1, budget, machine) { t throws(ScriptError) in
        try f(b - (1 - t) / t) / (t * t)
      }
    case (true, true):
      return try quad(-.infinity, 0, budget, machine, f) + quad(0, .infinity, budget, machine, f)
    }
  }

  /// Adaptive 15-point Gauss-Kronrod on a finite range: the piece with the largest error
  /// estimate is halved until the estimates meet the tolerance (scipy's defaults).
  private static func adaptive(
    _ a: Double, _ b: Double, _ budget: Budget, _ machine: Machine,
    _ f: (Double) throws(ScriptError) -> Double
  ) throws(ScriptError) -> Double {
    var pieces: [(a: Double, b: Double, value: Double, error: Double)] = []
    let first = try kronrod(a, b, budget, machine, f)
    guard first.value.isFinite else { return .nan }
    pieces.append((a, b, first.value, first.error))
    let tolerance = 1.49e-8
    while true {
      let total = pieces.reduce(0) { $0 + $1.value }
      let error = pieces.reduce(0) { $0 + $1.error }
      if error <= max(tolerance, tolerance * abs(total)) { return total.isFinite ? total : .nan }
      // Out of pieces: a result within a thousandth stands (scipy warns and returns it); a
      // worse one is taken as divergent.
      guard pieces.count < maxIntervals else { return error <= 1e-3 * abs(total) ? total : .nan }
      guard let worst = pieces.indices.max(by: { pieces[$0].error < pieces[$1].error }) else { return .nan }
      let p = pieces.remove(at: worst)
      let mid = (p.a + p.b) / 2
      let left = try kronrod(p.a, mid, budget, machine, f)
      let right = try kronrod(mid, p.b, budget, machine, f)
      guard left.value.isFinite, right.value.isFinite else { return .nan }
      pieces.append((p.a, mid, left.value, left.error))
      pieces.append((mid, p.b, right.value, right.error))
    }
  }

  private static func kronrod(
    _ a: Double, _ b: Double, _ budget: Budget, _ machine: Machine,
    _ f: (Double) throws(ScriptError) -> Double
  ) throws(ScriptError) -> (value: Double, error: Double) {
    guard budget.left >= 15 else { throw ScriptError(RuntimeMessages.integralTooManyEvaluations(maxEvaluations)) }
    budget.left -= 15
    if machine.isInterrupted { throw Machine.interrupted() }
    let centre = (a + b) / 2
    let half = (b - a) / 2
    var values: [(Double, Double)] = []
    var k = 0.0
    var g = 0.0
    for i in 0..<8 {
      let dx = half * nodes[i]
      let pair = i == 7 ? (try f(centre), 0.0) : (try f(centre - dx), try f(centre + dx))
      values.append(pair)
      let sum = pair.0 + pair.1
      k += kronrodWeights[i] * sum
      if i % 2 == 1 { g += gaussWeights[i / 2] * sum }
    }
    // QUADPACK's error estimate: the Kronrod-Gauss difference, scaled by how much the
    // function varies about its mean on the piece.
    let mean = k / 2
    var spread = kronrodWeights[7] * abs(values[7].0 - mean)
    for i in 0..<7 { spread += kronrodWeights[i] * (abs(values[i].0 - mean) + abs(values[i].1 - mean)) }
    spread *= abs(half)
    var error = abs((k - g) * half)
    if spread != 0, error != 0 { error = spread * min(1, Math.pow(200 * error / spread, 1.5)) }
    return (k * half, error)
  }

  /// A bound of `integral`: a number, or null for an infinity on the given side.
  private static func bounds(_ v: Value, _ what: String, infinity: Double) throws(ScriptError) -> [Double]? {
    switch v {
    case .vector(let vec):
      guard vec.type.isNumeric || vec.type == .void else {
        throw ScriptError(RuntimeMessages.cannotTake("integral", vec.type.name))
      }
      return vec.doubles.map { $0.isNaN ? infinity : $0 }
    default:
      guard v.isScalar else { throw ScriptError(RuntimeMessages.cannotTake("integral", v.typeString)) }
      if v.isNull { return [infinity] }
      guard let d = v.doubleValue else { throw ScriptError(RuntimeMessages.cannotTake("integral", v.typeString)) }
      return [d]
    }
  }

  /// The function's value at the arguments as a double (NaN when it gives no number).
  private static func evaluate(_ a: CallArguments, _ f: FunctionValue, _ args: [Double]) throws(ScriptError) -> Double {
    let r = try a.machine.call(f, args.map { .double($0, .double) })
    return r.isNull ? .nan : (r.doubleValue ?? .nan)
  }

  /// `integral(func, start, end, [start2], [end2])`: the integral of `func` over
  /// [start, end], or of the binary `func(x, y)` over start <= x <= end,
  /// start2 <= y <= end2 (start2 and end2 may be functions of x). Null bounds are infinite;
  /// a divergent or non-finite integral is null.
  static func integral(_ a: CallArguments) throws(ScriptError) -> Value {
    let f = try a.function(0, "the func of 'integral'")
    let starts = try bounds(a[1], "start", infinity: -.infinity) ?? []
    let ends = try bounds(a[2], "end", infinity: .infinity) ?? []
    let double = a.has(3) || a.has(4)
    guard !double || (a.has(3) && a.has(4)) else {
      throw ScriptError(RuntimeMessages.integralSecondBounds())
    }
    var inner: [Value] = []
    if double {
      inner = [a[3], a[4]]
    }
    var n = 1
    var isVector = false
    for v in [a[1], a[2]] + inner {
      guard case .vector(let vec) = v else { continue }
      if isVector, vec.count != n { throw ScriptError(RuntimeMessages.incompatibleSizes("integral", n, vec.count)) }
      n = vec.count
      isVector = true
    }
    func at(_ xs: [Double], _ i: Int) -> Double { xs.count == 1 ? xs[0] : xs[i] }
    var out: [Double] = []
    for i in 0..<n {
      let budget = Budget()
      let lo = at(starts, i)
      let hi = at(ends, i)
      if double {
        // The bound of y at x: a constant or a function of x.
        func bound(_ v: Value, _ x: Double, infinity: Double) throws(ScriptError) -> Double {
          if case .function(let g) = v {
            let r = try evaluate(a, g, [x])
            return r
          }
          guard let b = try bounds(v, "bound", infinity: infinity) else { return .nan }
          return b.count == 1 ? b[0] : b[i]
        }
        out.append(
          try quad(lo, hi, budget, a.machine) { x throws(ScriptError) in
            let ylo = try bound(inner[0], x, infinity: -.infinity)
            let yhi = try bound(inner[1], x, infinity: .infinity)
            return try quad(ylo, yhi, budget, a.machine) { y throws(ScriptError) in try evaluate(a, f, [x, y]) }
          })
      } else {
        out.append(try quad(lo, hi, budget, a.machine) { x throws(ScriptError) in try evaluate(a, f, [x]) })
      }
    }
    return isVector ? Series.doubles(out) : .double(out[0], .double)
  }

  /// `derivative(func, X, [dx=1.0], [n=1], [order=3])`: the first derivative of `func` at X
  /// by the `order`-point central difference with spacing dx.
  static func derivative(_ a: CallArguments) throws(ScriptError) -> Value {
    let f = try a.function(0, "the func of 'derivative'")
    let x = try Series.vector(a, 1, "derivative")
    guard x.type.isNumeric || x.type == .void else {
      throw ScriptError(RuntimeMessages.cannotTakeVector("derivative", of: x.type.name))
    }
    let dx = a.has(2) ? (a[2].doubleValue ?? .nan) : 1.0
    guard dx.isFinite, dx > 0 else { throw ScriptError(RuntimeMessages.derivativeSpacing(ValueFormatter.plain(a[2]))) }
    let order = a.has(4) ? try a.integer(4, "the order of 'derivative'") : 3
    if a.has(3) {
      let n = try a.integer(3, "the n of 'derivative'")
      guard n == 1 else { throw ScriptError(RuntimeMessages.derivativeN(n)) }
    }
    guard order >= 3, order <= 1023, order % 2 == 1 else {
      throw ScriptError(RuntimeMessages.derivativeOrder(order))
    }
    let m = (order - 1) / 2
    // w_k = (-1)^(k+1) (m!)^2 / (k (m-k)! (m+k)!), w_-k = -w_k: the central weights of the
    // first derivative (in logs, as the factorials overflow).
    let lm = Math.logGamma(Double(m + 1))
    let weights = (1...m).map { k in
      (k % 2 == 1 ? 1.0 : -1.0) / Double(k)
        * Math.exp(2 * lm - Math.logGamma(Double(m - k + 1)) - Math.logGamma(Double(m + k + 1)))
    }
    let xs = x.doubles
    var out: [Double] = []
    out.reserveCapacity(xs.count)
    for (i, x0) in xs.enumerated() {
      if i % 64 == 0, a.machine.isInterrupted { throw Machine.interrupted() }
      guard !x0.isNaN else {
        out.append(.nan)
        continue
      }
      var s = 0.0
      for k in 1...m {
        let step = Double(k) * dx
        s += weights[k - 1] * (try evaluate(a, f, [x0 + step]) - (try evaluate(a, f, [x0 - step])))
      }
      out.append(s / dx)
    }
    if case .vector = a[1] { return Series.doubles(out) }
    return .double(out.first ?? .nan, .double)
  }

  static let all: [Builtin] = [
    Builtin(
      "integral", args: 3...5, parameterNames: ["func", "start", "end", "start2", "end2"]
    ) { a throws(ScriptError) in try integral(a) },
    Builtin(
      "derivative", args: 2...5, parameterNames: ["func", "X", "dx", "n", "order"]
    ) { a throws(ScriptError) in try derivative(a) },
  ]
}
