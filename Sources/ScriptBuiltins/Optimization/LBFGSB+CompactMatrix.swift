/// The compact limited-memory BFGS matrix of L-BFGS-B, B = theta I - W M W': the stored
/// correction pairs S and Y with S'S and S'Y (matupd), the Cholesky factor of the middle
/// matrix's T block (formt) and M times a vector (bmv), with the column-major BLAS and LAPACK
/// pieces the solver needs.
extension LBFGSB {
  /// The product of the 2m x 2m middle matrix of the compact L-BFGS formula with v (at
  /// `vo` in wa), into p (at `po`).
  static func bmv(
    _ m: Int, _ sy: [Double], _ wt: [Double], _ col: Int, _ wa: inout [Double], _ vo: Int, _ po: Int, _ info: inout Int
  ) {
    if col == 0 { return }
    wa[po + col] = wa[vo + col]
    for i in 1..<max(col, 1) {
      let i2 = col + i
      var ssum = 0.0
      for k in 0..<i { ssum += sy[i + m * k] * wa[vo + k] / sy[k + m * k] }
      wa[po + i2] = wa[vo + i2] + ssum
    }
    info = trtrs(wt, 0, m, col, transpose: true, &wa, po + col, col, 1)
    if info != 0 { return }
    for i in 0..<col { wa[po + i] = wa[vo + i] / sy[i + m * i].squareRoot() }
    info = trtrs(wt, 0, m, col, transpose: false, &wa, po + col, col, 1)
    if info != 0 { return }
    for i in 0..<col { wa[po + i] = -wa[po + i] / sy[i + m * i].squareRoot() }
    for i in 0..<col {
      var ssum = 0.0
      for k in (i + 1)..<max(col, i + 1) { ssum += sy[k + m * i] * wa[po + col + k] / sy[i + m * i] }
      wa[po + i] += ssum
    }
  }

  /// The upper Cholesky factor of T = theta * SS + L D^(-1) L'.
  static func formt(
    _ m: Int, _ wt: inout [Double], _ sy: [Double], _ ss: [Double], _ col: Int, _ theta: Double,
    _ info: inout Int
  ) {
    for j in 0..<col { wt[m * j] = theta * ss[m * j] }
    for i in 1..<max(col, 1) {
      for j in i..<col {
        let k1 = min(i, j)
        var ddum = 0.0
        for k in 0..<k1 { ddum += (sy[i + m * k] * sy[j + m * k]) / sy[k + m * k] }
        wt[i + m * j] = ddum + theta * ss[i + m * j]
      }
    }
    info = potrf(&wt, 0, m, col)
    if info != 0 { info = -3 }
  }

  /// Stores the new correction pair and updates the matrices S'S and S'Y.
  static func matupd(
    _ n: Int, _ m: Int, _ ws: inout [Double], _ wy: inout [Double], _ sy: inout [Double], _ ss: inout [Double],
    _ d: [Double], _ r: [Double], _ itail: inout Int, _ iupdat: Int, _ col: inout Int, _ head: inout Int,
    _ theta: inout Double, _ rr: Double, _ dr: Double, _ stp: Double, _ dtd: Double
  ) {
    if iupdat <= m {
      col = iupdat
      itail = (head + iupdat - 1) % m
    } else {
      itail = (itail + 1) % m
      head = (head + 1) % m
    }
    for i in 0..<n {
      ws[itail * n + i] = d[i]
      wy[itail * n + i] = r[i]
    }
    theta = rr / dr
    if iupdat > m {
      // Move the old information up and left.
      for j in 1..<max(col, 1) {
        for i in 0..<j { ss[m * (j - 1) + i] = ss[1 + m * j + i] }
        for i in 0..<(col - j) { sy[(j - 1) + m * (j - 1) + i] = sy[j + m * j + i] }
      }
    }
    var pointr = head
    for j in 0..<(col - 1) {
      sy[col - 1 + m * j] = dot(d, 0, wy, pointr * n, n)
      ss[j + m * (col - 1)] = dot(ws, pointr * n, d, 0, n)
      pointr = (pointr + 1) % m
    }
    ss[(col - 1) + m * (col - 1)] = stp == 1.0 ? dtd : stp * stp * dtd
    sy[(col - 1) + m * (col - 1)] = dr
  }

  // MARK: BLAS and LAPACK pieces

  static func nrm2(_ v: [Double], _ offset: Int, _ count: Int) -> Double {
    var s = 0.0
    for i in offset..<(offset + count) { s += v[i] * v[i] }
    return s.squareRoot()
  }

  static func dot(_ a: [Double], _ ao: Int, _ b: [Double], _ bo: Int, _ count: Int) -> Double {
    var s = 0.0
    for i in 0..<count { s += a[ao + i] * b[bo + i] }
    return s
  }

  /// dpotrf: the upper Cholesky factor of the order-`n` block at `offset` (leading dimension
  /// `lda`), in place; a non-zero result at a pivot that is not positive.
  static func potrf(_ a: inout [Double], _ offset: Int, _ lda: Int, _ n: Int) -> Int {
    for j in 0..<n {
      var ajj = a[offset + j + lda * j]
      for k in 0..<j { ajj -= a[offset + k + lda * j] * a[offset + k + lda * j] }
      guard ajj > 0, !ajj.isNaN else {
        a[offset + j + lda * j] = ajj
        return j + 1
      }
      ajj = ajj.squareRoot()
      a[offset + j + lda * j] = ajj
      let reciprocal = 1.0 / ajj
      for c in (j + 1)..<max(n, j + 1) {
        var s = a[offset + j + lda * c]
        for k in 0..<j { s -= a[offset + k + lda * j] * a[offset + k + lda * c] }
        a[offset + j + lda * c] = s * reciprocal
      }
    }
    return 0
  }

  /// dtrtrs with an upper triangle: solves U X = B or U' X = B for `nrhs` columns of B in place.
  static func trtrs(
    _ a: [Double], _ ao: Int, _ lda: Int, _ n: Int, transpose: Bool, _ b: inout [Double], _ bo: Int, _ ldb: Int,
    _ nrhs: Int
  ) -> Int {
    for i in 0..<n where a[ao + i + lda * i] == 0 { return i + 1 }
    for c in 0..<nrhs {
      let base = bo + ldb * c
      if transpose {
        for i in 0..<n {
          var s = b[base + i]
          for k in 0..<i { s -= a[ao + k + lda * i] * b[base + k] }
          b[base + i] = s / a[ao + i + lda * i]
        }
      } else {
        for i in stride(from: n - 1, through: 0, by: -1) {
          var s = b[base + i]
          for k in (i + 1)..<max(n, i + 1) { s -= a[ao + i + lda * k] * b[base + k] }
          b[base + i] = s / a[ao + i + lda * i]
        }
      }
    }
    return 0
  }
}
