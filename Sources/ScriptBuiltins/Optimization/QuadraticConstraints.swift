import ScriptRuntime

/// `qclp(r, V, k, [A], [b], [Aeq], [beq], [x0], [c], [eps], [alpha])`: minimizes r'x subject
/// to x'Vx <= k, A x <= b, Aeq x = beq and sum(abs(x - x0)) <= c (V positive semidefinite),
/// the mean-variance portfolio problem. Solved by the log-barrier interior-point method (a
/// phase-one problem finds a strictly feasible start; Newton steps on the barrier keep
/// Aeq x = beq exactly; the absolute values become n extra variables s with
/// -s <= x - x0 <= s). `eps` bounds the duality gap (relative to 1e-3 of it); `alpha`, the
/// relaxation of DolphinDB's first-order solver, has no counterpart here and is only checked.
/// Gives (the minimum, x).
enum QuadraticConstraints {
  /// The most variables taken: each Newton step factors a dense system of about twice that.
  static let maxVariables = 500

  /// A constraint f(v) <= 0 whose gradient is sparse: f = g'v + h, or for the quadratic one
  /// f = x'Vx - k (its gradient and Hessian computed from x).
  struct Linear {
    var index: [Int]
    var weight: [Double]
    var offset: Double
    func value(_ v: [Double]) -> Double {
      var s = offset
      for (i, w) in zip(index, weight) { s += w * v[i] }
      return s
    }
  }

  /// Solves a x = b (a row by row, n x n) by elimination with partial pivoting; nil when a
  /// pivot is zero or a result is not finite.
  static func solve(_ a: [Double], _ b: [Double], _ n: Int) -> [Double]? {
    var m = a
    var r = b
    for k in 0..<n {
      var p = k
      for i in (k + 1)..<max(n, k + 1) where abs(m[i * n + k]) > abs(m[p * n + k]) { p = i }
      guard m[p * n + k] != 0 else { return nil }
      if p != k {
        for j in 0..<n { m.swapAt(k * n + j, p * n + j) }
        r.swapAt(k, p)
      }
      let pivot = m[k * n + k]
      for i in (k + 1)..<max(n, k + 1) {
        let f = m[i * n + k] / pivot
        if f == 0 { continue }
        for j in k..<n { m[i * n + j] -= f * m[k * n + j] }
        r[i] -= f * r[k]
      }
    }
    var x = [Double](repeating: 0, count: n)
    for k in stride(from: n - 1, through: 0, by: -1) {
      var s = r[k]
      for j in (k + 1)..<max(n, k + 1) { s -= m[k * n + j] * x[j] }
      x[k] = s / m[k * n + k]
    }
    return x.allSatisfy(\.isFinite) ? x : nil
  }

  /// The barrier problem over v = (x, s[, sigma]): minimize c'v with every constraint
  /// below zero and E x = e.
  struct Barrier {
    let n: Int
    let dimension: Int
    let v: [Double]
    let cost: [Double]
    let linear: [Linear]
    let quadratic: (matrix: LinearDecompositions.Dense, bound: Double, sigma: Int?)?
    let equality: [[Double]]
    let machine: Machine

    func quadraticValue(_ p: [Double]) -> Double {
      guard let q = quadratic else { return 0 }
      var s = 0.0
      for i in 0..<n {
        var row = 0.0
        for j in 0..<n { row += q.matrix[i, j] * p[j] }
        s += p[i] * row
      }
      return s - q.bound - (q.sigma.map { p[$0] } ?? 0)
    }

    func values(_ p: [Double]) -> [Double] {
      var out = linear.map { $0.value(p) }
      if quadratic != nil { out.append(quadraticValue(p)) }
      return out
    }

    /// t c'v - sum log(-f); infinity outside the domain.
    func merit(_ p: [Double], _ t: Double) -> Double {
      var s = 0.0
      for i in 0..<dimension { s += t * cost[i] * p[i] }
      for f in values(p) {
        guard f < 0 else { return .infinity }
        s -= Math.log(-f)
      }
      return s
    }

    /// Newton's method on the barrier at t from `start`; `stop` ends it early (phase one).
    func center(_ start: [Double], _ t: Double, stop: ([Double]) -> Bool) throws(ScriptError) -> [Double] {
      var p = start
      let d = dimension
      let r = equality.count
      let size = d + r
      for _ in 0..<200 {
        if machine.isInterrupted { throw Machine.interrupted() }
        let fs = values(p)
        var g = cost.map { t * $0 }
        var h = [Double](repeating: 0, count: size * size)
        for (c, f) in zip(linear, fs) {
          let w = 1 / -f
          for (i, gi) in zip(c.index, c.weight) { g[i] += w * gi }
          for (i, gi) in zip(c.index, c.weight) {
            for (j, gj) in zip(c.index, c.weight) { h[i * size + j] += w * w * gi * gj }
          }
        }
        if let q = quadratic, let f = fs.last {
          let w = 1 / -f
          var grad = [Double](repeating: 0, count: n)
          for i in 0..<n {
            var s = 0.0
            for j in 0..<n { s += q.matrix[i, j] * p[j] }
            grad[i] = 2 * s
          }
          var entries = Array(zip(0..<n, grad))
          if let sigma = q.sigma { entries.append((sigma, -1)) }
          for (i, gi) in entries { g[i] += w * gi }
          for (i, gi) in entries {
            for (j, gj) in entries { h[i * size + j] += w * w * gi * gj }
          }
          for i in 0..<n { for j in 0..<n { h[i * size + j] += w * 2 * q.matrix[i, j] } }
        }
        // A whisper of regularization keeps directions no constraint bends solvable.
        var largest = 0.0
        for i in 0..<d { largest = max(largest, abs(h[i * size + i])) }
        for i in 0..<d { h[i * size + i] += 1e-13 * max(largest, 1e-300) }
        for (k, row) in equality.enumerated() {
          for j in 0..<n {
            h[(d + k) * size + j] = row[j]
            h[j * size + d + k] = row[j]
          }
        }
        guard let step = QuadraticConstraints.solve(h, g.map { -$0 } + [Double](repeating: 0, count: r), size) else {
          return p
        }
        let dx = Array(step[0..<d])
        var slope = 0.0
        for i in 0..<d { slope += g[i] * dx[i] }
        if -slope / 2 <= 1e-12 { return p }
        // Backtracking: stay inside the domain, then ask for sufficient decrease.
        var s = 1.0
        let base = merit(p, t)
        var next = p
        var accepted = false
        for _ in 0..<200 {
          for i in 0..<d { next[i] = p[i] + s * dx[i] }
          let m = merit(next, t)
          if m.isFinite && m <= base + 0.01 * s * slope {
            accepted = true
            break
          }
          s *= 0.5
        }
        guard accepted else { return p }
        p = next
        if p.contains(where: { abs($0) > 1e12 }) {
          throw ScriptError(OptimizationMessages.unbounded("qclp"))
        }
        if stop(p) { return p }
      }
      return p
    }

    /// The barrier path from t = 1 until the gap bound count / t is below `gap`.
    func run(gap: Double, stop: ([Double]) -> Bool = { _ in false }) throws(ScriptError) -> [Double] {
      var p = v
      var t = 1.0
      let count = Double(linear.count + (quadratic == nil ? 0 : 1))
      while true {
        p = try center(p, t, stop: stop)
        if stop(p) || count / t < gap { return p }
        t *= 20
      }
    }
  }

  static let builtin = Builtin(
    "qclp", args: 3...11, parameterNames: ["r", "V", "k", "A", "b", "Aeq", "beq", "x0", "c", "eps", "alpha"]
  ) { a throws(ScriptError) in
    let name = "qclp"
    let r = try a.vector(0, "r").doubles
    let n = r.count
    guard n > 0, n <= maxVariables else { throw ScriptError(OptimizationMessages.size(name, n, maxVariables)) }
    guard r.allSatisfy(\.isFinite) else { throw ScriptError(RuntimeMessages.needsNoNulls(name)) }
    var v = try LinearDecompositions.dense(a[1], name, square: true)
    guard v.columns == n else { throw ScriptError(OptimizationMessages.columns("V", v.columns, n)) }
    guard a[2].isScalar, let k = a[2].doubleValue, k > 0, k.isFinite else {
      throw ScriptError(RuntimeMessages.mustBePositiveNumber("k of 'qclp'", ValueFormatter.plain(a[2])))
    }
    let (rowsA, rhsA) = try LinearProgram.constraints(a, 3, 4, n, "A", "b")
    let (rowsE, rhsE) = try LinearProgram.constraints(a, 5, 6, n, "Aeq", "beq")
    guard rowsA.count + rowsE.count <= LinearProgram.maxSize else {
      throw ScriptError(OptimizationMessages.size(name, rowsA.count + rowsE.count, LinearProgram.maxSize))
    }
    guard a.has(7) == a.has(8) else { throw ScriptError(RuntimeMessages.needsBoth(name, "x0", "c")) }
    var center: [Double]?
    var radius = 0.0
    if a.has(7) {
      let x0 = try a.vector(7, "x0").doubles
      guard x0.count == n else { throw ScriptError(OptimizationMessages.rightHandSide("x0", x0.count, n)) }
      guard x0.allSatisfy(\.isFinite) else { throw ScriptError(RuntimeMessages.needsNoNulls(name)) }
      guard a[8].isScalar, let c = a[8].doubleValue, c >= 0, c.isFinite else {
        throw ScriptError(RuntimeMessages.mustBeNonNegative("c of 'qclp'", ValueFormatter.plain(a[8])))
      }
      center = x0
      radius = c
    }
    // Out of range, eps and alpha fall back to their defaults, as DolphinDB's do.
    var eps = 1e-6
    if a.has(9), let e = a[9].doubleValue, e >= 1e-9, e <= 1e-4 { eps = e }
    // The objective and constraint see only V's symmetric part, which must be semidefinite.
    for i in 0..<n {
      for j in 0..<i {
        let s = 0.5 * (v[i, j] + v[j, i])
        v[i, j] = s
        v[j, i] = s
      }
    }
    var shifted = v
    let largest = v.cells.reduce(0) { max($0, abs($1)) }
    for i in 0..<n { shifted[i, i] += 1e-10 * max(largest, 1e-300) }
    do {
      _ = try LinearDecompositions.cholesky(shifted, lower: true)
    } catch {
      throw ScriptError(RuntimeMessages.notPositiveSemidefinite(name, "V"))
    }
    let x = try minimize(
      r, v, k, rowsA, rhsA, rowsE, rhsE, center, radius, gap: eps * 1e-3, machine: a.machine)
    return .tuple([.double(WolfeLineSearch.dot(r, x)), .vector(Vector(doubles: x))])
  }

  static func minimize(
    _ r: [Double], _ v: LinearDecompositions.Dense, _ k: Double, _ rowsA: [[Double]], _ rhsA: [Double],
    _ rowsE: [[Double]], _ rhsE: [Double], _ center: [Double]?, _ radiusIn: Double, gap: Double, machine: Machine
  ) throws(ScriptError) -> [Double] {
    let n = r.count
    // The equalities reduced to independent rows (E = S V' of Aeq's SVD), and a point on them.
    var equality: [[Double]] = []
    var start = [Double](repeating: 0, count: n)
    if !rowsE.isEmpty {
      var e = LinearDecompositions.Dense(rows: rowsE.count, columns: n)
      for (i, row) in rowsE.enumerated() { for j in 0..<n { e[i, j] = row[j] } }
      let f = try LinearDecompositions.svd(e, full: false, machine)
      let cutoff = Double(max(rowsE.count, n)) * Double.ulpOfOne * (f.s.first ?? 0)
      var projected = [Double](repeating: 0, count: rowsE.count)
      for q in f.s.indices where f.s[q] > cutoff {
        var ub = 0.0
        for i in 0..<rowsE.count { ub += f.u[i, q] * rhsE[i] }
        for i in 0..<rowsE.count { projected[i] += f.u[i, q] * ub }
        equality.append((0..<n).map { f.s[q] * f.vt[q, $0] })
        for j in 0..<n { start[j] += f.vt[q, j] * ub / f.s[q] }
        // The reduced right side is U'beq; kept beside each row.
        equality[equality.count - 1].append(ub)
      }
      var residual = 0.0
      var scale = 1.0
      for i in 0..<rowsE.count {
        residual = max(residual, abs(rhsE[i] - projected[i]))
        scale = max(scale, abs(rhsE[i]))
      }
      guard residual <= 1e-9 * scale else { throw ScriptError(OptimizationMessages.infeasible("qclp")) }
    }
    let equalityRows = equality.map { Array($0.prefix(n)) }
    let radius = radiusIn
    var bigness = max(1, k)
    for b in rhsA { bigness = max(bigness, abs(b)) }
    if center != nil { bigness = max(bigness, radius) }
    let ns = center == nil ? 0 : n

    // The constraints over (x, s, sigma); sigma (phase one only) is subtracted from each.
    func constraints(sigma: Int?, relax: Double) -> [Linear] {
      var out: [Linear] = []
      func add(_ index: [Int], _ weight: [Double], _ offset: Double) {
        var i = index
        var w = weight
        if let sigma {
          i.append(sigma)
          w.append(-1)
        }
        out.append(Linear(index: i, weight: w, offset: offset - relax))
      }
      for (row, b) in zip(rowsA, rhsA) { add(Array(0..<n), row, -b) }
      if let x0 = center {
        for i in 0..<n {
          add([i, n + i], [1, -1], -x0[i])
          add([i, n + i], [-1, -1], x0[i])
        }
        add(Array(n..<(2 * n)), [Double](repeating: 1, count: n), -radius)
      }
      return out
    }
    if let x0 = center, radius == 0 {
      // sum |x - x0| <= 0 pins x to x0: check it against the rest.
      var worst = 0.0
      for (row, b) in zip(rowsA, rhsA) { worst = max(worst, WolfeLineSearch.dot(row, x0) - b) }
      for row in equality { worst = max(worst, abs(WolfeLineSearch.dot(Array(row.prefix(n)), x0) - row[n])) }
      var q = 0.0
      for i in 0..<n { for j in 0..<n { q += x0[i] * v[i, j] * x0[j] } }
      worst = max(worst, q - k)
      guard worst <= 1e-9 * bigness else { throw ScriptError(OptimizationMessages.infeasible("qclp")) }
      return x0
    }
    // Phase one: minimize sigma with every constraint below sigma (and sigma above -bigness),
    // stopping once sigma is negative.
    var p1 = start
    if let x0 = center {
      for i in 0..<n { p1.append(abs(start[i] - x0[i]) + 1) }
    }
    let sigmaIndex = n + ns
    let probe = Barrier(
      n: n, dimension: n + ns, v: p1, cost: [Double](repeating: 0, count: n + ns),
      linear: constraints(sigma: nil, relax: 0), quadratic: (v, k, nil), equality: [], machine: machine)
    let initial = probe.values(p1).max() ?? 0
    var feasible = p1
    var relax = 0.0
    if initial >= 0 {
      var cost = [Double](repeating: 0, count: n + ns + 1)
      cost[sigmaIndex] = 1
      var linear = constraints(sigma: sigmaIndex, relax: 0)
      linear.append(Linear(index: [sigmaIndex], weight: [-1], offset: -bigness))
      let phase1 = Barrier(
        n: n, dimension: n + ns + 1, v: p1 + [initial + 1], cost: cost, linear: linear,
        quadratic: (v, k, sigmaIndex), equality: equalityRows, machine: machine)
      let found = try phase1.run(gap: 1e-10 * bigness) { $0[sigmaIndex] < 0 }
      let sigma = found[sigmaIndex]
      if sigma >= 0 {
        // No strictly feasible point: feasible only if sigma is within rounding of zero, and
        // then the constraints are eased by that much to give the barrier an inside.
        guard sigma <= 1e-7 * bigness else { throw ScriptError(OptimizationMessages.infeasible("qclp")) }
        relax = sigma + 1e-9 * bigness
      }
      feasible = Array(found.prefix(n + ns))
    }
    var cost = r
    cost += [Double](repeating: 0, count: ns)
    let phase2 = Barrier(
      n: n, dimension: n + ns, v: feasible, cost: cost, linear: constraints(sigma: nil, relax: relax),
      quadratic: (v, k + relax, nil), equality: equalityRows, machine: machine)
    let solution = try phase2.run(gap: gap)
    return Array(solution.prefix(n))
  }

  static let all: [Builtin] = [builtin]
}
