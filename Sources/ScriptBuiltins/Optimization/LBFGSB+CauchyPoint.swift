/// L-BFGS-B's first step in each iteration: the generalized Cauchy point, which decides the
/// variables held at a bound for the subspace step, and the heap (hpsolb) that hands it the
/// breakpoints in order.
extension LBFGSB {
  /// The generalized Cauchy point: the first local minimizer of the quadratic model along the
  /// projected steepest descent path, found by walking the breakpoints in order (a heap).
  static func cauchy(
    _ n: Int, _ x: [Double], _ l: [Double], _ u: [Double], _ nbd: [Int], _ g: [Double], _ iorder: inout [Int],
    _ iwhere: inout [Int], _ t: inout [Double], _ d: inout [Double], _ xcp: inout [Double], _ m: Int,
    _ wy: [Double], _ ws: [Double], _ sy: [Double], _ wt: [Double], _ theta: Double, _ col: Int, _ head: Int,
    _ wa: inout [Double], _ nseg: inout Int, _ sbgnrm: Double, _ info: inout Int
  ) {
    // p, c, wbp and v live in wa at 0, 2m, 4m and 6m.
    let p = 0
    let c = 2 * m
    let wbp = 4 * m
    let v = 6 * m
    if sbgnrm <= 0 {
      xcp = x
      return
    }
    var bnded = true
    var nfree = n
    var nbreak = -1
    var ibkmin = 0
    var bkmin = 0.0
    let col2 = 2 * col
    var f1 = 0.0
    var tl = 0.0
    var tu = 0.0
    for i in 0..<col2 { wa[p + i] = 0 }
    for i in 0..<n {
      let neggi = -g[i]
      if iwhere[i] != 3 && iwhere[i] != -1 {
        if nbd[i] <= 2 { tl = x[i] - l[i] }
        if nbd[i] >= 2 { tu = u[i] - x[i] }
        let xlower = nbd[i] <= 2 && tl <= 0
        let xupper = nbd[i] >= 2 && tu <= 0
        iwhere[i] = 0
        if xlower {
          if neggi <= 0 { iwhere[i] = 1 }
        } else if xupper {
          if neggi >= 0 { iwhere[i] = 2 }
        } else if abs(neggi) <= 0 {
          iwhere[i] = -3
        }
      }
      var pointr = head
      if iwhere[i] != 0 && iwhere[i] != -1 {
        d[i] = 0
      } else {
        d[i] = neggi
        f1 -= neggi * neggi
        for j in 0..<col {
          wa[p + j] += wy[i + n * pointr] * neggi
          wa[p + col + j] += ws[i + n * pointr] * neggi
          pointr = (pointr + 1) % m
        }
        // Where along -g the variable meets the bound it heads for, if it heads for one.
        var breakpoint: Double?
        if nbd[i] <= 2 && nbd[i] != 0 && neggi < 0 {
          breakpoint = tl / -neggi
        } else if nbd[i] >= 2 && neggi > 0 {
          breakpoint = tu / neggi
        }
        if let breakpoint {
          nbreak += 1
          iorder[nbreak] = i
          t[nbreak] = breakpoint
          if nbreak == 0 || breakpoint < bkmin {
            bkmin = breakpoint
            ibkmin = nbreak
          }
        } else {
          nfree -= 1
          iorder[nfree] = i
          if abs(neggi) > 0 { bnded = false }
        }
      }
    }
    if theta != 1.0 { for j in 0..<col { wa[p + col + j] *= theta } }
    xcp = x
    if nbreak == -1 && nfree == n { return }
    for j in 0..<col2 { wa[c + j] = 0 }
    var f2 = -theta * f1
    let f2Original = f2
    if col > 0 {
      bmv(m, sy, wt, col, &wa, p, v, &info)
      if info != 0 { return }
      f2 -= dot(wa, v, wa, p, col2)
    }
    var dtm = -f1 / f2
    var tsum = 0.0
    nseg = 1
    var reachedEnd = false
    if nbreak != -1 {
      var nleft = nbreak
      var iter = 0
      var tj = 0.0
      while true {
        let tj0 = tj
        let ibp: Int
        if iter == 0 {
          tj = bkmin
          ibp = iorder[ibkmin]
        } else {
          if iter == 1 && ibkmin != nbreak {
            t[ibkmin] = t[nbreak]
            iorder[ibkmin] = iorder[nbreak]
          }
          heapSort(nleft, &t, &iorder, iter - 1)
          tj = t[nleft]
          ibp = iorder[nleft]
        }
        let dt = tj - tj0
        if dtm < dt { break }
        tsum += dt
        nleft -= 1
        iter += 1
        var dibp = d[ibp]
        d[ibp] = 0
        let zibp: Double
        if dibp > 0 {
          zibp = u[ibp] - x[ibp]
          xcp[ibp] = u[ibp]
          iwhere[ibp] = 2
        } else {
          zibp = l[ibp] - x[ibp]
          xcp[ibp] = l[ibp]
          iwhere[ibp] = 1
        }
        if nleft == -1 && nbreak == n {
          dtm = dt
          reachedEnd = true
          break
        }
        nseg += 1
        let dibp2 = dibp * dibp
        f1 = f1 + dt * f2 + dibp2 - theta * dibp * zibp
        f2 -= theta * dibp2
        if col > 0 {
          for j in 0..<col2 { wa[c + j] += dt * wa[p + j] }
          var pointr = head
          for j in 0..<col {
            wa[wbp + j] = wy[ibp + n * pointr]
            wa[wbp + col + j] = theta * ws[ibp + n * pointr]
            pointr = (pointr + 1) % m
          }
          bmv(m, sy, wt, col, &wa, wbp, v, &info)
          if info != 0 { return }
          let wmc = dot(wa, c, wa, v, col2)
          let wmp = dot(wa, p, wa, v, col2)
          let wmw = dot(wa, wbp, wa, v, col2)
          dibp = -dibp
          for j in 0..<col2 { wa[p + j] += dibp * wa[wbp + j] }
          dibp = -dibp
          f1 += dibp * wmc
          f2 = f2 + dibp * 2.0 * wmp - dibp2 * wmw
        }
        f2 = Double.maximum(epsmach * f2Original, f2)
        if nleft >= 0 {
          dtm = -f1 / f2
        } else if bnded {
          dtm = 0
          break
        } else {
          dtm = -f1 / f2
          break
        }
      }
    }
    if !reachedEnd {
      if dtm <= 0 { dtm = 0 }
      tsum += dtm
      for i in 0..<n { xcp[i] += tsum * d[i] }
    }
    if col > 0 { for j in 0..<col2 { wa[c + j] += dtm * wa[p + j] } }
  }

  /// A heap of the first n + 1 breakpoints (built when `iheap` is 0): the least moves to t[n].
  static func heapSort(_ n: Int, _ t: inout [Double], _ iorder: inout [Int], _ iheap: Int) {
    if iheap == 0 {
      var k = 2
      while k <= n + 1 {
        let ddum = t[k - 1]
        let indxin = iorder[k - 1]
        var i = k
        while i > 1 {
          let j = i / 2
          guard ddum < t[j - 1] else { break }
          t[i - 1] = t[j - 1]
          iorder[i - 1] = iorder[j - 1]
          i = j
        }
        t[i - 1] = ddum
        iorder[i - 1] = indxin
        k += 1
      }
    }
    if n > 0 {
      var i = 1
      let out = t[0]
      let indxout = iorder[0]
      let ddum = t[n]
      let indxin = iorder[n]
      while true {
        var j = i + i
        guard j <= n else { break }
        if t[j] < t[j - 1] { j += 1 }
        guard t[j - 1] < ddum else { break }
        t[i - 1] = t[j - 1]
        iorder[i - 1] = iorder[j - 1]
        i = j
      }
      t[i - 1] = ddum
      iorder[i - 1] = indxin
      t[n] = out
      iorder[n] = indxout
    }
  }
}
