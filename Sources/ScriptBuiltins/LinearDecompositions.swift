import ScriptRuntime

/// Matrix factorizations in doubles: `cholesky`, `lu`, `qr`, `svd` and `eig`. `lu` and `qr`
/// follow LAPACK's pivoting and Householder sign conventions, so their factors are scipy's;
/// `eig` is a cyclic Jacobi on the symmetric matrix of the lower triangle, whose eigenvalues
/// stay in diagonal order as DolphinDB's do. Sizes are bounded: the work grows with the cube.
enum LinearDecompositions {
  /// The most rows or columns taken, as `inv` takes (a billion multiply-adds is seconds).
  static let maxOrder = LinearAlgebra.maxOrder
  /// Jacobi sweeps before giving up on convergence (a few dozen are enough in practice).
  static let maxSweeps = 80

  /// A matrix of doubles, column after column.
  struct Dense {
    var rows: Int
    var columns: Int
    var cells: [Double]

    init(rows: Int, columns: Int) {
      self.rows = rows
      self.columns = columns
      cells = [Double](repeating: 0, count: rows * columns)
    }

    static func identity(_ n: Int, columns: Int? = nil) -> Dense {
      var d = Dense(rows: n, columns: columns ?? n)
      for i in 0..<min(n, d.columns) { d[i, i] = 1 }
      return d
    }

    subscript(i: Int, j: Int) -> Double {
      get { cells[j * rows + i] }
      set { cells[j * rows + i] = newValue }
    }

    var transposed: Dense {
      var t = Dense(rows: columns, columns: rows)
      for j in 0..<columns { for i in 0..<rows { t[j, i] = self[i, j] } }
      return t
    }

    func column(_ j: Int) -> [Double] { Array(cells[(j * rows)..<(j * rows + rows)]) }

    var value: Value {
      get throws(ScriptError) {
        .object(try Matrix(columns: (0..<columns).map { Vector(doubles: column($0)) }, rows: rows))
      }
    }
  }

  /// A numeric matrix argument without nulls, not empty and within the size bound.
  static func dense(_ v: Value, _ function: String, square: Bool = false) throws(ScriptError) -> Dense {
    guard case .object(let m as Matrix) = v, m.dataType.isNumeric || m.dataType == .bool else {
      throw ScriptError(RuntimeMessages.cannotTake(function, v.typeString))
    }
    guard m.rowCount > 0, m.columnCount > 0 else { throw ScriptError(RuntimeMessages.matrixEmpty(function)) }
    if square, m.rowCount != m.columnCount {
      throw ScriptError(RuntimeMessages.matrixNotSquare(function, m.rowCount, m.columnCount))
    }
    guard m.rowCount <= maxOrder, m.columnCount <= maxOrder else {
      throw ScriptError(RuntimeMessages.matrixShapeTooLarge(function, m.rowCount, m.columnCount, limit: maxOrder))
    }
    var d = Dense(rows: m.rowCount, columns: 0)
    d.cells.reserveCapacity(m.rowCount * m.columnCount)
    for c in m.columns {
      let xs = c.doubles
      guard !xs.contains(where: \.isNaN) else { throw ScriptError(RuntimeMessages.matrixHasNull(function)) }
      d.cells += xs
      d.columns += 1
    }
    return d
  }

  static func flag(_ a: CallArguments, _ i: Int, default value: Bool) -> Bool { a.has(i) ? a[i].isTruthy : value }

  // MARK: Cholesky

  /// L with L * L' = A read from A's lower triangle, or U with U' * U = A from its upper one.
  static func cholesky(_ a: Dense, lower: Bool) throws(ScriptError) -> Dense {
    let n = a.rows
    var l = Dense(rows: n, columns: n)
    for j in 0..<n {
      var d = a[j, j]
      for k in 0..<j { d -= l[j, k] * l[j, k] }
      guard d > 0, d.isFinite else { throw ScriptError(RuntimeMessages.matrixNotPositiveDefinite("cholesky")) }
      let root = d.squareRoot()
      l[j, j] = root
      for i in (j + 1)..<n {
        var s = lower ? a[i, j] : a[j, i]
        for k in 0..<j { s -= l[i, k] * l[j, k] }
        l[i, j] = s / root
      }
    }
    return lower ? l : l.transposed
  }

  // MARK: LU

  /// P, L, U with A = P * L * U, by LAPACK's partial pivoting (the first largest pivot); a zero
  /// pivot column is passed over as LAPACK does, so a singular matrix still factors.
  static func lu(_ a: Dense) -> (p: Dense, l: Dense, u: Dense, permutation: [Int]) {
    let (m, n) = (a.rows, a.columns)
    let k = min(m, n)
    var w = a
    var perm = Array(0..<m)
    for j in 0..<k {
      var best = j
      for i in (j + 1)..<m where abs(w[i, j]) > abs(w[best, j]) { best = i }
      if best != j {
        for c in 0..<n { w.cells.swapAt(c * m + j, c * m + best) }
        perm.swapAt(j, best)
      }
      let pivot = w[j, j]
      guard pivot != 0 else { continue }
      for i in (j + 1)..<m { w[i, j] /= pivot }
      for c in (j + 1)..<n {
        let u = w[j, c]
        if u == 0 { continue }
        for i in (j + 1)..<m { w[i, c] -= w[i, j] * u }
      }
    }
    var l = Dense(rows: m, columns: k)
    var u = Dense(rows: k, columns: n)
    for j in 0..<k {
      l[j, j] = 1
      for i in (j + 1)..<m { l[i, j] = w[i, j] }
    }
    for c in 0..<n { for i in 0...min(c, k - 1) { u[i, c] = w[i, c] } }
    var p = Dense(rows: m, columns: m)
    for i in 0..<m { p[perm[i], i] = 1 }
    return (p, l, u, perm)
  }

  // MARK: QR

  /// Householder QR as LAPACK's dgeqrf (dgeqp3 with pivoting): the reflectors below the
  /// diagonal of `h` with their `tau`, R on and above it.
  struct Householder {
    var h: Dense
    var tau: [Double]
    var permutation: [Int]

    init(_ a: Dense, pivoting: Bool) {
      let (m, n) = (a.rows, a.columns)
      let k = min(m, n)
      h = a
      tau = [Double](repeating: 0, count: k)
      permutation = Array(0..<n)
      for j in 0..<k {
        if pivoting {
          // The column with the largest norm below row j, the first on ties.
          var best = j
          var bestNorm = -1.0
          for c in j..<n {
            var s = 0.0
            for i in j..<m { s += h[i, c] * h[i, c] }
            if s > bestNorm {
              bestNorm = s
              best = c
            }
          }
          if best != j {
            for i in 0..<m { h.cells.swapAt(j * m + i, best * m + i) }
            permutation.swapAt(j, best)
          }
        }
        let alpha = h[j, j]
        var xnorm = 0.0
        for i in (j + 1)..<m { xnorm = Math.hypot(xnorm, h[i, j]) }
        guard xnorm != 0 else { continue }
        let norm = Math.hypot(alpha, xnorm)
        // LAPACK's dlarfg: beta takes the sign opposite alpha's, so nothing cancels.
        let beta = alpha >= 0 ? -norm : norm
        tau[j] = (beta - alpha) / beta
        let scale = 1 / (alpha - beta)
        for i in (j + 1)..<m { h[i, j] *= scale }
        h[j, j] = beta
        let v = reflector(j)
        for c in (j + 1)..<n { Self.reflect(v, j, tau[j], &h, column: c) }
      }
    }

    /// Reflector j's vector below the diagonal (indices j+1..<rows of column j of `h`).
    func reflector(_ j: Int) -> [Double] { ((j + 1)..<h.rows).map { h[$0, j] } }

    /// Applies reflector j (`v` below the diagonal, 1 at j) to column c of `target`:
    /// x -= tau (v . x) v.
    static func reflect(_ v: [Double], _ j: Int, _ tau: Double, _ target: inout Dense, column c: Int) {
      var w = target[j, c]
      for (k, x) in v.enumerated() { w += x * target[j + 1 + k, c] }
      w *= tau
      if w == 0 { return }
      target[j, c] -= w
      for (k, x) in v.enumerated() { target[j + 1 + k, c] -= w * x }
    }

    /// The upper triangle of `h`'s first `rows` rows.
    func r(rows: Int) -> Dense {
      var r = Dense(rows: rows, columns: h.columns)
      for c in 0..<h.columns { for i in 0..<min(rows, c + 1) where i < h.rows { r[i, c] = h[i, c] } }
      return r
    }

    /// The first `columns` columns of Q = H(0) H(1) ... H(k-1).
    func q(columns: Int) -> Dense {
      let m = h.rows
      var q = Dense.identity(m, columns: columns)
      for j in stride(from: tau.count - 1, through: 0, by: -1) where tau[j] != 0 {
        let v = reflector(j)
        for c in 0..<columns { Self.reflect(v, j, tau[j], &q, column: c) }
      }
      return q
    }
  }

  // MARK: Symmetric eigenproblem

  /// Eigenvalues and eigenvectors (columns) of a symmetric matrix by cyclic Jacobi rotations
  /// (the thresholded scheme of Numerical Recipes): each eigenvalue stays at the diagonal
  /// position it grew from, and each vector keeps the sign of the unit vector it began as.
  static func jacobiEigen(_ s: Dense, _ machine: Machine) throws(ScriptError) -> (values: [Double], vectors: Dense) {
    let n = s.rows
    var a = s
    var v = Dense.identity(n)
    var d = (0..<n).map { a[$0, $0] }
    var b = d
    var z = [Double](repeating: 0, count: n)
    func rotate(_ m: inout Dense, _ i: Int, _ j: Int, _ k: Int, _ l: Int, _ s: Double, _ tau: Double) {
      let g = m[i, j]
      let h = m[k, l]
      m[i, j] = g - s * (h + g * tau)
      m[k, l] = h + s * (g - h * tau)
    }
    for sweep in 1...maxSweeps {
      if machine.isInterrupted { throw Machine.interrupted() }
      var sm = 0.0
      for q in 0..<n { for p in 0..<q { sm += abs(a[p, q]) } }
      if sm == 0 || !sm.isFinite { break }
      let threshold = sweep < 4 ? 0.2 * sm / Double(n * n) : 0
      for p in 0..<(n - 1) {
        // A sweep of a large matrix takes long: stop between rows when interrupted.
        if machine.isInterrupted { throw Machine.interrupted() }
        for q in (p + 1)..<n {
          let g = 100 * abs(a[p, q])
          if sweep > 4 && abs(d[p]) + g == abs(d[p]) && abs(d[q]) + g == abs(d[q]) {
            a[p, q] = 0
          } else if abs(a[p, q]) > threshold {
            var h = d[q] - d[p]
            let t: Double
            if abs(h) + g == abs(h) {
              t = a[p, q] / h
            } else {
              let theta = 0.5 * h / a[p, q]
              let r = 1 / (abs(theta) + (1 + theta * theta).squareRoot())
              t = theta < 0 ? -r : r
            }
            let c = 1 / (1 + t * t).squareRoot()
            let s = t * c
            let tau = s / (1 + c)
            h = t * a[p, q]
            z[p] -= h
            z[q] += h
            d[p] -= h
            d[q] += h
            a[p, q] = 0
            for j in 0..<p { rotate(&a, j, p, j, q, s, tau) }
            for j in (p + 1)..<q { rotate(&a, p, j, j, q, s, tau) }
            for j in (q + 1)..<n { rotate(&a, p, j, q, j, s, tau) }
            for j in 0..<n { rotate(&v, j, p, j, q, s, tau) }
          }
        }
      }
      for p in 0..<n {
        b[p] += z[p]
        d[p] = b[p]
        z[p] = 0
      }
    }
    return (d, v)
  }

  // MARK: SVD

  /// U (m x k), s (k, descending) and V (n x k, right singular vectors as columns) of a tall
  /// matrix (m >= n, k = n) by one-sided Jacobi; a zero singular value leaves a zero U column.
  static func thinSVD(_ a: Dense, _ machine: Machine) throws(ScriptError) -> (u: Dense, s: [Double], v: Dense) {
    let (m, n) = (a.rows, a.columns)
    var u = a
    var v = Dense.identity(n)
    // The rotations run over raw buffers: they are the whole cost, n^2 / 2 pairs a sweep.
    func sweep(_ uc: UnsafeMutableBufferPointer<Double>, _ vc: UnsafeMutableBufferPointer<Double>) -> Bool {
      var rotated = false
      for p in 0..<max(0, n - 1) {
        if machine.isInterrupted { return false }
        for q in (p + 1)..<n {
          let (up, uq) = (p * m, q * m)
          var alpha = 0.0
          var beta = 0.0
          var gamma = 0.0
          for i in 0..<m {
            let x = uc[up + i]
            let y = uc[uq + i]
            alpha += x * x
            beta += y * y
            gamma += x * y
          }
          guard alpha > 0, beta > 0, abs(gamma) > 1e-15 * (alpha * beta).squareRoot() else { continue }
          rotated = true
          let zeta = (beta - alpha) / (2 * gamma)
          let t = (zeta >= 0 ? 1.0 : -1.0) / (abs(zeta) + (1 + zeta * zeta).squareRoot())
          let c = 1 / (1 + t * t).squareRoot()
          let s = c * t
          for i in 0..<m {
            let x = uc[up + i]
            let y = uc[uq + i]
            uc[up + i] = c * x - s * y
            uc[uq + i] = s * x + c * y
          }
          let (vp, vq) = (p * n, q * n)
          for i in 0..<n {
            let x = vc[vp + i]
            let y = vc[vq + i]
            vc[vp + i] = c * x - s * y
            vc[vq + i] = s * x + c * y
          }
        }
      }
      return rotated
    }
    for _ in 0..<maxSweeps {
      if machine.isInterrupted { throw Machine.interrupted() }
      let rotated = u.cells.withUnsafeMutableBufferPointer { uc in
        v.cells.withUnsafeMutableBufferPointer { vc in sweep(uc, vc) }
      }
      // A sweep cut short by an interrupt also reports no rotation.
      if machine.isInterrupted { throw Machine.interrupted() }
      if !rotated { break }
    }
    var s = [Double](repeating: 0, count: n)
    for j in 0..<n {
      var norm = 0.0
      for i in 0..<m { norm = Math.hypot(norm, u[i, j]) }
      s[j] = norm
    }
    let largest = s.max() ?? 0
    for j in 0..<n {
      // A column that is rounding noise stands for a zero singular value.
      if s[j] <= largest * 1e-15 * Double(max(m, n)) { s[j] = 0 }
      for i in 0..<m { u[i, j] = s[j] > 0 ? u[i, j] / s[j] : 0 }
    }
    let order = (0..<n).sorted { s[$0] > s[$1] || (s[$0] == s[$1] && $0 < $1) }
    var su = Dense(rows: m, columns: n)
    var sv = Dense(rows: n, columns: n)
    for (k, j) in order.enumerated() {
      for i in 0..<m { su[i, k] = u[i, j] }
      for i in 0..<n { sv[i, k] = v[i, j] }
    }
    return (su, order.map { s[$0] }, sv)
  }

  /// The columns of `basis` that are unit vectors kept, the zero ones replaced, and more added
  /// up to `count`, all orthonormal: Gram-Schmidt over the unit vectors e0, e1, ..., taking
  /// each time the one with the most left after projection.
  static func completed(_ basis: Dense, count: Int) -> Dense {
    let m = basis.rows
    var kept: [[Double]] = []
    var slots: [Int?] = []
    for j in 0..<basis.columns {
      let c = basis.column(j)
      if c.contains(where: { $0 != 0 }) {
        slots.append(kept.count)
        kept.append(c)
      } else {
        slots.append(nil)
      }
    }
    func residual(_ x: [Double]) -> [Double] {
      var r = x
      for _ in 0..<2 {
        for b in kept {
          var dot = 0.0
          for i in 0..<m { dot += b[i] * r[i] }
          for i in 0..<m { r[i] -= dot * b[i] }
        }
      }
      return r
    }
    var extra: [[Double]] = []
    let needed = count - kept.count
    for _ in 0..<max(0, needed) {
      var best: [Double] = []
      var bestNorm = -1.0
      for e in 0..<m {
        var unit = [Double](repeating: 0, count: m)
        unit[e] = 1
        let r = residual(unit)
        let norm = r.reduce(0) { $0 + $1 * $1 }
        if norm > bestNorm + 1e-12 {
          bestNorm = norm
          best = r
        }
      }
      let scale = 1 / bestNorm.squareRoot()
      let unit = best.map { $0 * scale }
      kept.append(unit)
      extra.append(unit)
    }
    var out = Dense(rows: m, columns: count)
    var next = 0
    for j in 0..<count {
      let c: [Double]
      if j < slots.count, let k = slots[j] {
        c = kept[k]
      } else {
        c = extra[next]
        next += 1
      }
      for i in 0..<m { out[i, j] = c[i] }
    }
    return out
  }

  /// U, s and V' (right singular vectors as rows) of any matrix; `full` makes U m x m and V'
  /// n x n. Each pair of singular vectors is signed so the left one sums to a positive number
  /// (its first nonzero entry positive when the sum is zero): LAPACK leaves the sign arbitrary.
  static func svd(_ a: Dense, full: Bool, _ machine: Machine) throws(ScriptError) -> (u: Dense, s: [Double], vt: Dense)
  {
    let (m, n) = (a.rows, a.columns)
    let k = min(m, n)
    var u: Dense
    var v: Dense
    let s: [Double]
    if m >= n {
      (u, s, v) = try thinSVD(a, machine)
    } else {
      // A' = U1 S V1' makes A = V1 S U1'.
      let t = try thinSVD(a.transposed, machine)
      (u, s, v) = (t.v, t.s, t.u)
    }
    u = completed(u, count: full ? m : k)
    v = completed(v, count: full ? n : k)
    for j in 0..<k {
      let c = u.column(j)
      let total = c.reduce(0, +)
      let scale = c.map(abs).max() ?? 0
      let flip = abs(total) > 1e-12 * scale ? total < 0 : (c.first { abs($0) > 1e-12 * scale } ?? 0) < 0
      guard flip else { continue }
      for i in 0..<m { u[i, j] = -u[i, j] }
      for i in 0..<n { v[i, j] = -v[i, j] }
    }
    return (u, s, v.transposed)
  }

  static let all: [Builtin] = [
    // cholesky(obj, [lower=true]): L with L ** transpose(L) == obj from its lower triangle, or
    // with lower=false U with transpose(U) ** U == obj from its upper triangle.
    Builtin("cholesky", args: 1...2, parameterNames: ["obj", "lower"]) { a throws(ScriptError) in
      let m = try dense(a[0], "cholesky", square: true)
      return try cholesky(m, lower: flag(a, 1, default: true)).value
    },
    // lu(obj, [permute=false]): (P, L, U) with obj == P ** L ** U, or (P ** L, U) with permute.
    Builtin("lu", args: 1...2, parameterNames: ["obj", "permute"]) { a throws(ScriptError) in
      let f = lu(try dense(a[0], "lu"))
      guard flag(a, 1, default: false) else { return .tuple([try f.p.value, try f.l.value, try f.u.value]) }
      var pl = Dense(rows: f.l.rows, columns: f.l.columns)
      for j in 0..<f.l.columns { for i in 0..<f.l.rows { pl[f.permutation[i], j] = f.l[i, j] } }
      return .tuple([try pl.value, try f.u.value])
    },
    // qr(obj, [mode='full'], [pivoting=false]): (Q, R) for 'full' and 'economic', R for 'r',
    // (H, tau, R) for 'raw' (LAPACK's reflectors), each followed by the column permutation P
    // when pivoting (obj[:, P] == Q ** R).
    Builtin("qr", args: 1...3, parameterNames: ["obj", "mode", "pivoting"]) { a throws(ScriptError) in
      let m = try dense(a[0], "qr")
      // mode='r' is a CHAR literal in a script, so one is taken as its one-letter string.
      var mode = "full"
      if case .int(let c, .char) = a[1], c > 0, let u = Unicode.Scalar(UInt32(c)) {
        mode = String(Character(u)).lowercased()
      } else if a.has(1) {
        mode = try a.text(1, "the mode of 'qr'").lowercased()
      }
      let modes = ["full", "economic", "r", "raw"]
      guard modes.contains(mode) else {
        throw ScriptError(RuntimeMessages.mustBeOneOf("the mode of 'qr'", modes, got: mode))
      }
      let pivoting = flag(a, 2, default: false)
      let f = Householder(m, pivoting: pivoting)
      let k = min(m.rows, m.columns)
      var out: [Value]
      switch mode {
      case "full": out = [try f.q(columns: m.rows).value, try f.r(rows: m.rows).value]
      case "economic": out = [try f.q(columns: k).value, try f.r(rows: k).value]
      case "r": out = [try f.r(rows: m.rows).value]
      default: out = [try f.h.value, .vector(Vector(doubles: f.tau)), try f.r(rows: k).value]
      }
      if pivoting { out.append(.vector(Vector(type: .int, ints: f.permutation.map { Int64($0) }))) }
      return out.count == 1 ? out[0] : .tuple(out)
    },
    // svd(obj, [fullMatrices=true], [computeUV=true]): (U, s, V) with obj == U ** S ** V for S
    // the diagonal of s (V's rows are the right singular vectors), or s alone.
    Builtin("svd", args: 1...3, parameterNames: ["obj", "fullMatrices", "computeUV"]) { a throws(ScriptError) in
      let m = try dense(a[0], "svd")
      let f = try svd(m, full: flag(a, 1, default: true), a.machine)
      let s = Value.vector(Vector(doubles: f.s))
      guard flag(a, 2, default: true) else { return s }
      return .tuple([try f.u.value, s, try f.vt.value])
    },
    // eig(A): a dictionary of `vectors` (a matrix, an eigenvector per column) and `values`, of
    // the symmetric matrix of A's lower triangle.
    Builtin("eig", args: 1...1, parameterNames: ["A"]) { a throws(ScriptError) in
      var m = try dense(a[0], "eig", square: true)
      for j in 0..<m.columns { for i in 0..<j { m[i, j] = m[j, i] } }
      let e = try jacobiEigen(m, a.machine)
      var d = DictionaryValue(keyType: .string, valueType: .any)
      try d.set(.string("vectors"), try e.vectors.value)
      try d.set(.string("values"), .vector(Vector(doubles: e.values)))
      return .dictionary(d)
    },
  ]
}
