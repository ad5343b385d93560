import ScriptRuntime

/// `quadprog(H, f, [A], [b], [Aeq], [beq])`: minimizes 1/2 x'Hx + f'x subject to A x <= b and
/// Aeq x = beq, H symmetric positive definite, by Goldfarb and Idnani's dual active-set method
/// (the unconstrained minimum first, then the most violated constraint added at a time, with
/// the factors of the active set updated by Givens rotations). Gives (the minimum, x).
enum QuadraticProgram {
  static let maxSize = LinearProgram.maxSize

  enum Outcome {
    case optimal([Double])
    case infeasible
    case dependent
  }

  /// sqrt(a² + b²) as Goldfarb and Idnani's code takes it.
  static func distance(_ a: Double, _ b: Double) -> Double { Math.hypot(a, b) }

  /// Minimizes 1/2 x'Gx + g0'x with n_i'x + e_i = 0 for each equality row and
  /// n_i'x + c_i >= 0 for each inequality row; G positive definite (its lower Cholesky factor
  /// `l` given).
  static func solve(
    _ l: LinearDecompositions.Dense, _ g0: [Double], _ eq: [[Double]], _ eq0: [Double], _ ineq: [[Double]],
    _ ineq0: [Double], machine: Machine
  ) throws(ScriptError) -> Outcome {
    let n = g0.count
    let p = eq.count
    let m = ineq.count
    let eps = Double.ulpOfOne
    // J = L^-T, so J' G J = I; R is the triangle of the active normals in J's basis.
    var j = LinearDecompositions.Dense(rows: n, columns: n)
    for i in 0..<n {
      // Column i of L^-1 is the solution of L z = e_i; it is row i of J.
      var z = [Double](repeating: 0, count: n)
      for r in i..<n {
        var s = r == i ? 1.0 : 0.0
        for k in i..<r { s -= l[r, k] * z[k] }
        z[r] = s / l[r, r]
      }
      for c in 0..<n { j[i, c] = z[c] }
    }
    var c1 = 0.0
    var c2 = 0.0
    for i in 0..<n {
      for k in 0...i { c1 += l[i, k] * l[i, k] }
      c2 += j[i, i]
    }
    // The unconstrained minimum x = -G^-1 g0.
    var y = [Double](repeating: 0, count: n)
    for r in 0..<n {
      var s = g0[r]
      for k in 0..<r { s -= l[r, k] * y[k] }
      y[r] = s / l[r, r]
    }
    var x = [Double](repeating: 0, count: n)
    for r in stride(from: n - 1, through: 0, by: -1) {
      var s = y[r]
      for k in (r + 1)..<max(n, r + 1) { s -= l[k, r] * x[k] }
      x[r] = s / l[r, r]
    }
    for i in 0..<n { x[i] = -x[i] }
    var rMatrix = LinearDecompositions.Dense(rows: n, columns: n)
    var rNorm = 1.0
    let total = m + p
    var u = [Double](repeating: 0, count: total + 1)
    var active = [Int](repeating: 0, count: total + 1)
    var iq = 0
    var d = [Double](repeating: 0, count: n)
    var z = [Double](repeating: 0, count: n)
    var r = [Double](repeating: 0, count: total + 1)
    // The equalities held: they lead the active set and are never dropped.
    var held = 0

    func dot(_ a: [Double], _ b: [Double]) -> Double { WolfeLineSearch.dot(a, b) }
    // d = J' np; z = J2 d2 (the primal step); r = R^-1 d1 (the dual step).
    func directions(_ normal: [Double]) {
      for i in 0..<n {
        var s = 0.0
        for k in 0..<n { s += j[k, i] * normal[k] }
        d[i] = s
      }
      for i in 0..<n {
        var s = 0.0
        for k in iq..<max(n, iq) { s += j[i, k] * d[k] }
        z[i] = s
      }
      for i in stride(from: iq - 1, through: 0, by: -1) {
        var s = 0.0
        for k in (i + 1)..<max(iq, i + 1) { s += rMatrix[i, k] * r[k] }
        r[i] = (d[i] - s) / rMatrix[i, i]
      }
    }
    // Rotates d so that only its first iq + 1 entries remain, turning J alike; false when the
    // new normal depends on the active ones.
    func addConstraint() -> Bool {
      // n independent normals already span the space: another one depends on them.
      guard iq < n else { return false }
      var k = n - 1
      while k >= iq + 1 {
        var cc = d[k - 1]
        var ss = d[k]
        let h = distance(cc, ss)
        if abs(h) >= eps {
          d[k] = 0
          ss /= h
          cc /= h
          if cc < 0 {
            cc = -cc
            ss = -ss
            d[k - 1] = -h
          } else {
            d[k - 1] = h
          }
          let xny = ss / (1 + cc)
          for row in 0..<n {
            let t1 = j[row, k - 1]
            let t2 = j[row, k]
            j[row, k - 1] = t1 * cc + t2 * ss
            j[row, k] = xny * (t1 + j[row, k - 1]) - t2
          }
        }
        k -= 1
      }
      iq += 1
      for i in 0..<iq { rMatrix[i, iq - 1] = d[i] }
      if abs(d[iq - 1]) <= eps * rNorm { return false }
      rNorm = max(rNorm, abs(d[iq - 1]))
      return true
    }
    func deleteConstraint(_ constraint: Int) {
      guard let qq = (held..<iq).first(where: { active[$0] == constraint }) else { return }
      for i in qq..<(iq - 1) {
        active[i] = active[i + 1]
        u[i] = u[i + 1]
        for row in 0..<n { rMatrix[row, i] = rMatrix[row, i + 1] }
      }
      active[iq - 1] = active[iq]
      u[iq - 1] = u[iq]
      active[iq] = 0
      u[iq] = 0
      for row in 0..<iq { rMatrix[row, iq - 1] = 0 }
      iq -= 1
      if iq == 0 { return }
      for col in qq..<iq {
        var cc = rMatrix[col, col]
        var ss = rMatrix[col + 1, col]
        let h = distance(cc, ss)
        if abs(h) < eps { continue }
        cc /= h
        ss /= h
        rMatrix[col + 1, col] = 0
        if cc < 0 {
          rMatrix[col, col] = -h
          cc = -cc
          ss = -ss
        } else {
          rMatrix[col, col] = h
        }
        let xny = ss / (1 + cc)
        for k in (col + 1)..<max(iq, col + 1) {
          let t1 = rMatrix[col, k]
          let t2 = rMatrix[col + 1, k]
          rMatrix[col, k] = t1 * cc + t2 * ss
          rMatrix[col + 1, k] = xny * (t1 + rMatrix[col, k]) - t2
        }
        for row in 0..<n {
          let t1 = j[row, col]
          let t2 = j[row, col + 1]
          j[row, col] = t1 * cc + t2 * ss
          j[row, col + 1] = xny * (j[row, col] + t1) - t2
        }
      }
    }

    // The equalities, each made to hold by a full step.
    for i in 0..<p {
      let normal = eq[i]
      directions(normal)
      let residual = dot(normal, x) + eq0[i]
      if abs(dot(z, z)) <= eps {
        // The normal depends on those already held: consistent, it adds nothing; else no x
        // meets them all.
        let scale = 1 + abs(eq0[i]) + normal.reduce(0) { max($0, abs($1)) } * x.reduce(0) { max($0, abs($1)) }
        if abs(residual) <= 1e-9 * scale { continue }
        return .infeasible
      }
      let zn = dot(z, normal)
      let t2 = -residual / zn
      for k in 0..<n { x[k] += t2 * z[k] }
      u[iq] = t2
      for k in 0..<iq { u[k] -= t2 * r[k] }
      active[iq] = -i - 1
      if !addConstraint() { return .dependent }
    }
    held = iq

    var excluded = [Bool](repeating: false, count: m)
    var inactive = Array(0..<m)
    var s = [Double](repeating: 0, count: m)
    var steps = 0
    let maxSteps = 100 * (total + n) + 1000
    while true {
      // Step 1: the constraints not met.
      for i in held..<iq { inactive[active[i]] = -1 }
      var psi = 0.0
      for i in 0..<m {
        excluded[i] = false
        s[i] = dot(ineq[i], x) + ineq0[i]
        psi += min(0, s[i])
      }
      if abs(psi) <= Double(m) * eps * c1 * c2 * 100 { return .optimal(x) }
      // The state this round starts from, restored whole if a constraint proves dependent.
      let saved = (u: u, active: active, x: x, j: j, r: rMatrix, iq: iq, rNorm: rNorm, inactive: inactive)
      var chooseNext = true
      var ip = 0
      var normal: [Double] = []
      outer: while true {
        if chooseNext {
          // Step 2: the most violated constraint still free to enter.
          var worst = 0.0
          for i in 0..<m where s[i] < worst && inactive[i] != -1 && !excluded[i] {
            worst = s[i]
            ip = i
          }
          if worst >= 0 { return .optimal(x) }
          normal = ineq[ip]
          u[iq] = 0
          active[iq] = ip
          chooseNext = false
        }
        steps += 1
        if steps > maxSteps { throw ScriptError(RuntimeMessages.noConvergence("quadprog")) }
        if machine.isInterrupted { throw Machine.interrupted() }
        directions(normal)
        // The partial (dual) step that drops a constraint, and the full (primal) step that
        // satisfies ip.
        var t1 = Double.infinity
        var leaving = 0
        for k in held..<iq where r[k] > 0 && u[k] / r[k] < t1 {
          t1 = u[k] / r[k]
          leaving = active[k]
        }
        var t2 = Double.infinity
        if abs(dot(z, z)) > eps {
          t2 = -s[ip] / dot(z, normal)
          if t2 < 0 { t2 = .infinity }
        }
        let t = min(t1, t2)
        if t >= .infinity { return .infeasible }
        if t2 >= .infinity {
          for k in 0..<iq { u[k] -= t * r[k] }
          u[iq] += t
          inactive[leaving] = leaving
          deleteConstraint(leaving)
          continue outer
        }
        for k in 0..<n { x[k] += t * z[k] }
        for k in 0..<iq { u[k] -= t * r[k] }
        u[iq] += t
        if abs(t - t2) < eps {
          if !addConstraint() {
            // ip depends on the active set: undo this round and try the others.
            excluded[ip] = true
            (u, active, x, j, rMatrix, iq, rNorm, inactive) = saved
            chooseNext = true
            continue outer
          }
          inactive[ip] = -1
          break outer
        }
        inactive[leaving] = leaving
        deleteConstraint(leaving)
        s[ip] = dot(ineq[ip], x) + ineq0[ip]
      }
    }
  }

  static let builtin = Builtin(
    "quadprog", args: 2...6, parameterNames: ["H", "f", "A", "b", "Aeq", "beq"]
  ) { a throws(ScriptError) in
    let name = "quadprog"
    var h = try LinearDecompositions.dense(a[0], name, square: true)
    let f = try a.vector(1, "f").doubles
    let n = f.count
    guard n > 0, n <= maxSize else { throw ScriptError(OptimizationMessages.size(name, n, maxSize)) }
    guard h.columns == n else { throw ScriptError(OptimizationMessages.columns("H", h.columns, n)) }
    guard f.allSatisfy(\.isFinite) else { throw ScriptError(RuntimeMessages.needsNoNulls(name)) }
    let (a1, b1) = try LinearProgram.constraints(a, 2, 3, n, "A", "b")
    let (a2, b2) = try LinearProgram.constraints(a, 4, 5, n, "Aeq", "beq")
    guard a1.count + a2.count <= maxSize else {
      throw ScriptError(OptimizationMessages.size(name, a1.count + a2.count, maxSize))
    }
    // The objective sees only H's symmetric part.
    for i in 0..<n {
      for k in 0..<i {
        let v = 0.5 * (h[i, k] + h[k, i])
        h[i, k] = v
        h[k, i] = v
      }
    }
    let l: LinearDecompositions.Dense
    do {
      l = try LinearDecompositions.cholesky(h, lower: true)
    } catch {
      throw ScriptError(RuntimeMessages.matrixNotPositiveDefinite(name))
    }
    // A x <= b is -A x + b >= 0; Aeq x = beq is Aeq x - beq = 0.
    let outcome = try solve(
      l, f, a2, b2.map { -$0 }, a1.map { $0.map { -$0 } }, b1, machine: a.machine)
    switch outcome {
    case .optimal(let x):
      var value = 0.0
      for i in 0..<n {
        var hx = 0.0
        for k in 0..<n { hx += h[i, k] * x[k] }
        value += x[i] * (0.5 * hx + f[i])
      }
      return .tuple([.double(value), .vector(Vector(doubles: x))])
    case .infeasible: throw ScriptError(OptimizationMessages.infeasible(name))
    case .dependent: throw ScriptError(RuntimeMessages.constraintsDependent(name))
    }
  }

  static let all: [Builtin] = [builtin]
}
