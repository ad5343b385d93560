import ScriptRuntime

/// `linprog(f, [A], [b], [Aeq], [beq], [lb], [ub], [method])`: minimizes f·x subject to
/// A·x <= b, Aeq·x = beq and lb <= x <= ub (a null bound: none), by the two-phase simplex
/// method with Bland's rule (no cycling). Gives (the minimum, x).
enum LinearProgram {
  /// The most variables and constraints taken: the tableau grows with their product.
  static let maxSize = 1_000

  enum Outcome {
    case optimal(value: Double, x: [Double])
    case infeasible
    case unbounded
  }

  static let builtin = Builtin(
    "linprog", args: 1...8, parameterNames: ["f", "A", "b", "Aeq", "beq", "lb", "ub", "method"]
  ) { a throws(ScriptError) in
    let f = try a.vector(0, "f").doubles
    let n = f.count
    guard n > 0, n <= maxSize else { throw ScriptError(OptimizationMessages.size("linprog", n, maxSize)) }
    let (a1, b1) = try constraints(a, 1, 2, n, "A", "b")
    let (a2, b2) = try constraints(a, 3, 4, n, "Aeq", "beq")
    guard a1.count + a2.count <= maxSize else {
      throw ScriptError(OptimizationMessages.size("linprog", a1.count + a2.count, maxSize))
    }
    let lower = try bounds(a, 5, n, "lb")
    let upper = try bounds(a, 6, n, "ub")
    switch solve(f, a1, b1, a2, b2, lower, upper) {
    case .optimal(let value, let x): return .tuple([.double(value, .double), .vector(Vector(doubles: x))])
    case .infeasible: throw ScriptError(OptimizationMessages.infeasible("linprog"))
    case .unbounded: throw ScriptError(OptimizationMessages.unbounded("linprog"))
    }
  }

  /// Rows of a constraint matrix (one per constraint, one column per variable) and their
  /// right-hand sides.
  static func constraints(_ a: CallArguments, _ mi: Int, _ vi: Int, _ n: Int, _ mName: String, _ vName: String)
    throws(ScriptError) -> ([[Double]], [Double])
  {
    guard a.has(mi) else { return ([], []) }
    let rows: [[Double]]
    switch a[mi] {
    case .object(let o as Matrix):
      guard o.columns.count == n else { throw ScriptError(OptimizationMessages.columns(mName, o.columns.count, n)) }
      let cols = o.columns.map(\.doubles)
      rows = (0..<o.rowCount).map { r in cols.map { $0[r] } }
    case .vector(let v) where v.count == n:
      rows = [v.doubles]
    default:
      throw ScriptError(OptimizationMessages.needsMatrix(mName, a[mi].typeString))
    }
    let rhs = a.has(vi) ? try a.vector(vi, vName).doubles : []
    guard rhs.count == rows.count else {
      throw ScriptError(OptimizationMessages.rightHandSide(vName, rhs.count, rows.count))
    }
    guard rows.allSatisfy({ $0.allSatisfy(\.isFinite) }), rhs.allSatisfy(\.isFinite) else {
      throw ScriptError(OptimizationMessages.nullInConstraints(mName))
    }
    return (rows, rhs)
  }

  /// A bound per variable (nil: none), from a scalar or a vector.
  static func bounds(_ a: CallArguments, _ i: Int, _ n: Int, _ name: String) throws(ScriptError) -> [Double?] {
    guard a.has(i) else { return [Double?](repeating: nil, count: n) }
    if a[i].isScalar {
      let v = a[i].doubleValue.flatMap { $0.isFinite ? $0 : nil }
      return [Double?](repeating: v, count: n)
    }
    let v = try a.vector(i, name).doubles
    guard v.count == n else { throw ScriptError(OptimizationMessages.rightHandSide(name, v.count, n)) }
    return v.map { $0.isFinite ? $0 : nil }
  }

  /// The problem in standard form (every variable at least 0): a finite lower bound shifts a
  /// variable, an upper bound alone mirrors it, none splits it in two; a finite upper bound
  /// above a lower one becomes a row.
  static func solve(
    _ f: [Double], _ ineq: [[Double]], _ ineqRHS: [Double], _ eq: [[Double]], _ eqRHS: [Double], _ lower: [Double?],
    _ upper: [Double?]
  ) -> Outcome {
    let n = f.count
    // Each original variable as offset + sum of sign * standard variable.
    var columns: [(variable: Int, sign: Double)] = []
    var offset = [Double](repeating: 0, count: n)
    var extraRows: [([Double], Double)] = []
    for j in 0..<n {
      switch (lower[j], upper[j]) {
      case (let l?, let u):
        offset[j] = l
        columns.append((j, 1))
        if let u {
          if u < l { return .infeasible }
          var row = [Double](repeating: 0, count: n)
          row[j] = 1
          extraRows.append((row, u))
        }
      case (nil, let u?):
        offset[j] = u
        columns.append((j, -1))
      case (nil, nil):
        columns.append((j, 1))
        columns.append((j, -1))
      }
    }
    // A row over the original variables as a row over the standard ones, with its right side
    // moved by the offsets.
    func standard(_ row: [Double], _ rhs: Double) -> ([Double], Double) {
      var moved = rhs
      for j in 0..<n { moved -= row[j] * offset[j] }
      return (columns.map { row[$0.variable] * $0.sign }, moved)
    }
    var rowsLE = zip(ineq, ineqRHS).map { standard($0, $1) }
    rowsLE += extraRows.map { standard($0.0, $0.1) }
    let rowsEQ = zip(eq, eqRHS).map { standard($0, $1) }
    let cost = columns.map { f[$0.variable] * $0.sign }
    guard let y = Simplex.minimize(cost, lessOrEqual: rowsLE, equal: rowsEQ) else { return .infeasible }
    guard let solution = y else { return .unbounded }
    var x = offset
    for (k, c) in columns.enumerated() { x[c.variable] += c.sign * solution[k] }
    let value = zip(f, x).reduce(0) { $0 + $1.0 * $1.1 }
    return .optimal(value: value, x: x)
  }
}

/// A dense two-phase simplex over variables that are at least 0.
enum Simplex {
  /// The minimizer: nil when infeasible, .some(nil) when unbounded.
  static func minimize(_ cost: [Double], lessOrEqual: [([Double], Double)], equal: [([Double], Double)]) -> [Double]?? {
    let n = cost.count
    let rows = lessOrEqual.map { ($0.0, $0.1, true) } + equal.map { ($0.0, $0.1, false) }
    let m = rows.count
    // Columns: the variables, a slack per <= row, an artificial per row that needs one.
    let slacks = lessOrEqual.count
    var tableau: [[Double]] = []
    var basis: [Int] = []
    var artificial: [Int] = []
    let width = n + slacks + m + 1  // the last column is the right side
    var slack = 0
    for (k, (coefficients, rhs, isLE)) in rows.enumerated() {
      var row = [Double](repeating: 0, count: width)
      let flip = rhs < 0 ? -1.0 : 1.0
      for j in 0..<n { row[j] = coefficients[j] * flip }
      row[width - 1] = rhs * flip
      if isLE {
        row[n + slack] = flip
        if flip > 0 {
          basis.append(n + slack)
        } else {
          row[n + slacks + k] = 1
          basis.append(n + slacks + k)
          artificial.append(n + slacks + k)
        }
        slack += 1
      } else {
        row[n + slacks + k] = 1
        basis.append(n + slacks + k)
        artificial.append(n + slacks + k)
      }
      tableau.append(row)
    }
    let eps = 1e-9
    // Phase 1: minimize the artificials' sum.
    if !artificial.isEmpty {
      var phase1 = [Double](repeating: 0, count: width - 1)
      for j in artificial { phase1[j] = 1 }
      guard run(&tableau, &basis, phase1, allowed: width - 1) else { return nil }
      let infeasibility = objective(tableau, basis, phase1)
      if infeasibility > 1e-7 * max(1, tableau.reduce(0) { max($0, abs($1[width - 1])) }) { return nil }
      // Artificials still in the basis at zero are pivoted out where a real column can enter.
      let isArtificial = Set(artificial)
      for r in 0..<m where isArtificial.contains(basis[r]) {
        if let c = (0..<(n + slacks)).first(where: { abs(tableau[r][$0]) > eps }) { pivot(&tableau, &basis, r, c) }
      }
    }
    // Phase 2: the cost, over the real columns only.
    var full = [Double](repeating: 0, count: width - 1)
    for j in 0..<n { full[j] = cost[j] }
    guard run(&tableau, &basis, full, allowed: n + slacks) else { return .some(nil) }
    var x = [Double](repeating: 0, count: n)
    for (r, b) in basis.enumerated() where b < n { x[b] = tableau[r][width - 1] }
    return .some(x)
  }

  static func objective(_ t: [[Double]], _ basis: [Int], _ cost: [Double]) -> Double {
    zip(basis, t).reduce(0) { $0 + cost[$1.0] * $1.1[$1.1.count - 1] }
  }

  /// Pivots until no column of the first `allowed` lowers the cost; false when one lowers it
  /// without bound.
  static func run(_ t: inout [[Double]], _ basis: inout [Int], _ cost: [Double], allowed: Int) -> Bool {
    let eps = 1e-9
    let width = t.first?.count ?? 1
    // The reduced costs, kept up to date by each pivot as one more row of the tableau.
    var reduced = cost + [0]
    for (r, b) in basis.enumerated() where cost[b] != 0 {
      for j in 0..<width { reduced[j] -= cost[b] * t[r][j] }
    }
    for _ in 0..<100_000 {
      // Bland's rule: the lowest-numbered column with a negative reduced cost enters.
      guard let e = (0..<allowed).first(where: { reduced[$0] < -eps }) else { return true }
      var leaving: Int?
      var best = Double.infinity
      for r in t.indices where t[r][e] > eps {
        let ratio = t[r][width - 1] / t[r][e]
        if ratio < best - eps || (abs(ratio - best) <= eps && basis[r] < basis[leaving ?? r]) {
          best = ratio
          leaving = r
        }
      }
      guard let l = leaving else { return false }
      pivot(&t, &basis, l, e)
      let factor = reduced[e]
      for j in 0..<width { reduced[j] -= factor * t[l][j] }
    }
    return true
  }

  static func pivot(_ t: inout [[Double]], _ basis: inout [Int], _ r: Int, _ c: Int) {
    let p = t[r][c]
    for j in t[r].indices { t[r][j] /= p }
    for i in t.indices where i != r {
      let factor = t[i][c]
      if factor == 0 { continue }
      for j in t[i].indices { t[i][j] -= factor * t[r][j] }
    }
    basis[r] = c
  }
}
