/// L-BFGS-B's second step: with the variables the Cauchy point leaves free (freev), the reduced
/// gradient there (cmprlb), the factored K matrix of the subspace problem (formk), and the
/// subspace minimizer projected back into the box (subsm).
extension LBFGSB {
  /// The free and active variables at the Cauchy point, and those entering or leaving the free
  /// set; whether K must be formed anew.
  static func freev(
    _ n: Int, _ nfree: inout Int, _ idx: inout [Int], _ nenter: inout Int, _ ileave: inout Int,
    _ idx2: inout [Int], _ iwhere: [Int], _ updatd: Bool, _ cnstnd: Bool, _ iter: Int
  ) -> Bool {
    nenter = 0
    ileave = n
    if iter > 0 && cnstnd {
      for i in 0..<nfree {
        let k = idx[i]
        if iwhere[k] > 0 {
          ileave -= 1
          idx2[ileave] = k
        }
      }
      for i in nfree..<max(n, nfree) {
        let k = idx[i]
        if iwhere[k] <= 0 {
          idx2[nenter] = k
          nenter += 1
        }
      }
    }
    let wrk = ileave < n || nenter > 0 || updatd
    nfree = 0
    var iact = n
    for i in 0..<n {
      if iwhere[i] <= 0 {
        idx[nfree] = i
        nfree += 1
      } else {
        iact -= 1
        idx[iact] = i
      }
    }
    return wrk
  }

  /// The reduced gradient of the quadratic model at the Cauchy point, over the free variables.
  static func cmprlb(
    _ n: Int, _ m: Int, _ x: [Double], _ g: [Double], _ ws: [Double], _ wy: [Double], _ sy: [Double],
    _ wt: [Double], _ z: [Double], _ r: inout [Double], _ wa: inout [Double], _ index: [Int], _ theta: Double,
    _ col: Int, _ head: Int, _ nfree: Int, _ cnstnd: Bool, _ info: inout Int
  ) {
    if !cnstnd && col > 0 {
      for i in 0..<n { r[i] = -g[i] }
      return
    }
    for i in 0..<nfree {
      let k = index[i]
      r[i] = -theta * (z[k] - x[k]) - g[k]
    }
    bmv(m, sy, wt, col, &wa, 2 * m, 0, &info)
    if info != 0 {
      info = -8
      return
    }
    var pointr = head
    for j in 0..<col {
      let a1 = wa[j]
      let a2 = theta * wa[col + j]
      for i in 0..<nfree {
        let k = index[i]
        r[i] = r[i] + wy[k + n * pointr] * a1 + ws[k + n * pointr] * a2
      }
      pointr = (pointr + 1) % m
    }
  }

  /// Column `ip` of `a` times column `jp` of `b` (n rows each) over the rows `ind[range]`.
  static func indexedDot(
    _ a: [Double], _ ip: Int, _ b: [Double], _ jp: Int, _ n: Int, _ ind: [Int], _ range: Range<Int>
  ) -> Double {
    var s = 0.0
    for k in range {
      let row = ind[k]
      s += a[row + n * ip] * b[row + n * jp]
    }
    return s
  }

  /// Forms the LEL^T factorization of the indefinite K matrix of the subspace problem.
  static func formk(
    _ n: Int, _ nsub: Int, _ ind: [Int], _ nenter: Int, _ ileave: Int, _ indx2: [Int], _ iupdat: Int,
    _ updatd: Bool, _ wn: inout [Double], _ wn1: inout [Double], _ m: Int, _ ws: [Double], _ wy: [Double],
    _ sy: [Double], _ theta: Double, _ col: Int, _ head: Int, _ info: inout Int
  ) {
    let m2 = 2 * m
    var upcl: Int
    if updatd {
      if iupdat > m {
        // Shift the old part of WN1 up and left by one.
        for jy in 0..<(m - 1) {
          let js = m + jy
          let count = m - (jy + 1)
          for i in 0..<count {
            wn1[jy + i + m2 * jy] = wn1[(jy + 1) + i + m2 * (jy + 1)]
            wn1[js + i + m2 * js] = wn1[(js + 1) + i + m2 * (js + 1)]
          }
          for i in 0..<(m - 1) { wn1[m + i + m2 * jy] = wn1[(m + 1) + i + m2 * (jy + 1)] }
        }
      }
      // The new column and row of each block.
      let iy = col - 1
      var isIndex = m + col - 1
      var ipntr = head + col - 1
      if ipntr >= m { ipntr -= m }
      var jpntr = head
      let free = 0..<nsub
      let held = nsub..<max(n, nsub)
      for jy in 0..<col {
        let js = m + jy
        wn1[iy + m2 * jy] = indexedDot(wy, ipntr, wy, jpntr, n, ind, free)
        wn1[isIndex + m2 * js] = indexedDot(ws, ipntr, ws, jpntr, n, ind, held)
        wn1[isIndex + m2 * jy] = indexedDot(ws, ipntr, wy, jpntr, n, ind, held)
        jpntr = (jpntr + 1) % m
      }
      let jy = col - 1
      jpntr = head + col - 1
      if jpntr >= m { jpntr -= m }
      ipntr = head
      for i in 0..<col {
        isIndex = m + i
        wn1[isIndex + m2 * jy] = indexedDot(ws, ipntr, wy, jpntr, n, ind, free)
        ipntr = (ipntr + 1) % m
      }
      upcl = col - 1
    } else {
      upcl = col
    }
    // Modify the old parts for the variables that changed sets.
    let entering = 0..<nenter
    let leaving = ileave..<max(n, ileave)
    var ipntr = head
    for iy in 0..<upcl {
      let isIndex = m + iy
      var jpntr = head
      for jy in 0...iy {
        let js = m + jy
        let temp1 = indexedDot(wy, ipntr, wy, jpntr, n, indx2, entering)
        let temp2 = indexedDot(ws, ipntr, ws, jpntr, n, indx2, entering)
        let temp3 = indexedDot(wy, ipntr, wy, jpntr, n, indx2, leaving)
        let temp4 = indexedDot(ws, ipntr, ws, jpntr, n, indx2, leaving)
        wn1[iy + m2 * jy] = wn1[iy + m2 * jy] + temp1 - temp3
        wn1[isIndex + m2 * js] = wn1[isIndex + m2 * js] - temp2 + temp4
        jpntr = (jpntr + 1) % m
      }
      ipntr = (ipntr + 1) % m
    }
    ipntr = head
    for isIndex in m..<(m + upcl) {
      var jpntr = head
      for jy in 0..<upcl {
        let temp1 = indexedDot(ws, ipntr, wy, jpntr, n, indx2, entering)
        let temp3 = indexedDot(ws, ipntr, wy, jpntr, n, indx2, leaving)
        if isIndex <= jy + m {
          wn1[isIndex + m2 * jy] = wn1[isIndex + m2 * jy] + temp1 - temp3
        } else {
          wn1[isIndex + m2 * jy] = wn1[isIndex + m2 * jy] - temp1 + temp3
        }
        jpntr = (jpntr + 1) % m
      }
      ipntr = (ipntr + 1) % m
    }
    // The upper triangle of WN from WN1.
    for iy in 0..<col {
      let isIndex = col + iy
      let is1 = m + iy
      for jy in 0...iy {
        let js = col + jy
        let js1 = m + jy
        wn[jy + m2 * iy] = wn1[iy + m2 * jy] / theta
        wn[js + m2 * isIndex] = wn1[is1 + m2 * js1] * theta
      }
      for jy in 0..<iy { wn[jy + m2 * isIndex] = -wn1[is1 + m2 * jy] }
      for jy in iy..<col { wn[jy + m2 * isIndex] = wn1[is1 + m2 * jy] }
      wn[iy + m2 * iy] += sy[iy + m * iy]
    }
    info = potrf(&wn, 0, m2, col)
    if info != 0 {
      info = -1
      return
    }
    let col2 = 2 * col
    info = trtrs(wn, 0, m2, col, transpose: true, &wn, m2 * col, m2, col)
    for isIndex in col..<col2 {
      for js in isIndex..<col2 {
        wn[isIndex + m2 * js] += dot(wn, m2 * isIndex, wn, m2 * js, col)
      }
    }
    info = potrf(&wn, col + m2 * col, m2, col)
    if info != 0 { info = -2 }
  }

  /// Subspace minimization over the free variables, then the projection back into the box
  /// (Morales and Nocedal's correction: the projected point is kept only if it descends).
  static func subsm(
    _ n: Int, _ m: Int, _ nsub: Int, _ ind: [Int], _ l: [Double], _ u: [Double], _ nbd: [Int], _ x: inout [Double],
    _ d: inout [Double], _ xp: inout [Double], _ ws: [Double], _ wy: [Double], _ theta: Double, _ xx: [Double],
    _ gg: [Double], _ col: Int, _ head: Int, _ iword: inout Int, _ wv: inout [Double], _ wn: [Double],
    _ info: inout Int
  ) {
    if nsub <= 0 { return }
    var pointr = head
    for i in 0..<col {
      var temp1 = 0.0
      var temp2 = 0.0
      for j in 0..<nsub {
        let k = ind[j]
        temp1 += wy[k + n * pointr] * d[j]
        temp2 += ws[k + n * pointr] * d[j]
      }
      wv[i] = temp1
      wv[col + i] = theta * temp2
      pointr = (pointr + 1) % m
    }
    let m2 = 2 * m
    let col2 = 2 * col
    info = trtrs(wn, 0, m2, col2, transpose: true, &wv, 0, m2, 1)
    if info != 0 { return }
    for i in 0..<col { wv[i] = -wv[i] }
    info = trtrs(wn, 0, m2, col2, transpose: false, &wv, 0, m2, 1)
    if info != 0 { return }
    pointr = head
    for jy in 0..<col {
      let js = col + jy
      for i in 0..<nsub {
        let k = ind[i]
        d[i] = d[i] + (wy[k + n * pointr] * wv[jy] / theta) + (ws[k + n * pointr] * wv[js])
      }
      pointr = (pointr + 1) % m
    }
    let scale = 1.0 / theta
    for i in 0..<nsub { d[i] *= scale }
    iword = 0
    xp = x
    for i in 0..<nsub {
      let k = ind[i]
      let dk = d[i]
      let xk = x[k]
      switch nbd[k] {
      case 1:
        x[k] = Double.maximum(l[k], xk + dk)
        if x[k] == l[k] { iword = 1 }
      case 2:
        x[k] = Double.minimum(u[k], Double.maximum(l[k], xk + dk))
        if x[k] == l[k] || x[k] == u[k] { iword = 1 }
      case 3:
        x[k] = Double.minimum(u[k], xk + dk)
        if x[k] == u[k] { iword = 1 }
      default:
        x[k] = xk + dk
      }
    }
    if iword == 0 { return }
    var ddP = 0.0
    for i in 0..<n { ddP += (x[i] - xx[i]) * gg[i] }
    guard ddP > 0 else { return }
    // The projection does not descend: step back along d to the first bound instead.
    x = xp
    var alpha = 1.0
    var ibd = 0
    for i in 0..<nsub {
      let k = ind[i]
      if let limit = boundStep(d[i], from: x[k], l[k], u[k], nbd[k], within: alpha), limit < alpha {
        alpha = limit
        ibd = i
      }
    }
    if alpha < 1.0 {
      let dk = d[ibd]
      let k = ind[ibd]
      if dk > 0 {
        x[k] = u[k]
        d[ibd] = 0
      } else if dk < 0 {
        x[k] = l[k]
        d[ibd] = 0
      }
    }
    for i in 0..<nsub {
      let k = ind[i]
      x[k] += alpha * d[i]
    }
  }
}
