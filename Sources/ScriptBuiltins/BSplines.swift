import ScriptRuntime

/// Cubic B-splines as scipy's splrep and splev make them with FITPACK: `splrep(x, y, [t])`
/// gives (knots, coefficients, 3), the interpolating spline (interior knots at x[2..m-3]) or,
/// with interior knots t, the least-squares spline, each solved by Givens rotations of the
/// banded observation matrix as curfit solves it; `splev(x, tck)` evaluates such a spline (of
/// degree 1 to 5) by de Boor's recurrence, the end pieces reaching beyond. Nulls count as 0,
/// as DolphinDB's do.
enum BSplines {
  /// The most data points taken.
  static let maxPoints = 10_000_000

  /// A numeric or temporal vector as doubles, nulls as 0.
  static func values(_ v: Value, _ what: String, _ function: String) throws(ScriptError) -> [Double] {
    guard let vec = Structural.asVector(v), !vec.isArrayVector,
      vec.type.isNumeric || vec.type.isTemporal || vec.type == .bool
    else {
      throw ScriptError(RuntimeMessages.cannotTake(function, "\(what) of type \(v.typeString)"))
    }
    return vec.doubles.map { $0.isNaN ? 0 : $0 }
  }

  /// The k + 1 B-splines of degree k not zero at x, with t[l] <= x < t[l + 1] (fpbspl).
  static func basis(_ t: [Double], _ k: Int, _ x: Double, _ l: Int) -> [Double] {
    var h = [Double](repeating: 0, count: k + 1)
    var hh = [Double](repeating: 0, count: k)
    h[0] = 1
    if k == 0 { return h }
    for j in 1...k {
      for i in 0..<j { hh[i] = h[i] }
      h[0] = 0
      for i in 1...j {
        let li = l + i
        let lj = li - j
        if t[li] == t[lj] {
          h[i] = 0
        } else {
          let f = hh[i - 1] / (t[li] - t[lj])
          h[i - 1] += f * (t[li] - x)
          h[i] = f * (x - t[lj])
        }
      }
    }
    return h
  }

  /// fpchec: the knots suit the data (counts, order, and Schoenberg–Whitney).
  static func knotsFit(_ x: [Double], _ t: [Double], _ k: Int) -> Bool {
    let m = x.count
    let n = t.count
    let k1 = k + 1
    let nk1 = n - k1
    guard nk1 >= k1, nk1 <= m else { return false }
    for i in 0..<k where t[i] > t[i + 1] || t[n - 1 - i] < t[n - 2 - i] { return false }
    for i in (k1)...(nk1) where t[i] <= t[i - 1] { return false }
    guard x[0] >= t[k], x[m - 1] <= t[nk1] else { return false }
    guard x[0] < t[k1], x[m - 1] > t[nk1 - 1] else { return false }
    var i = 0
    var l = k1
    let nk3 = nk1 - 1
    if nk3 >= 2 {
      for j in 1..<nk3 {
        let tj = t[j]
        l += 1
        let tl = t[l]
        repeat {
          i += 1
          if i >= m - 1 { return false }
        } while x[i] <= tj
        if x[i] >= tl { return false }
      }
    }
    return true
  }

  /// The least-squares spline coefficients for knots t (curfit's fpcurf, all weights 1),
  /// padded with k + 1 zeros to the number of knots.
  static func fit(_ x: [Double], _ y: [Double], _ t: [Double], _ k: Int) -> [Double] {
    let n = t.count
    let k1 = k + 1
    let nk1 = n - k1
    var a = [Double](repeating: 0, count: nk1 * k1)
    var z = [Double](repeating: 0, count: nk1)
    var l = k
    for it in 0..<x.count {
      let xi = x[it]
      var yi = y[it]
      while !(xi < t[l + 1] || l == nk1 - 1) { l += 1 }
      var h = basis(t, k, xi, l)
      // Rotate the new row into the triangle.
      var row = l - k
      for i in 0..<k1 {
        defer { row += 1 }
        let piv = h[i]
        if piv == 0 { continue }
        let ww = a[row * k1]
        let store = abs(piv)
        let dd =
          store >= ww
          ? store * (1 + (ww / piv) * (ww / piv)).squareRoot() : ww * (1 + (piv / ww) * (piv / ww)).squareRoot()
        let cos = ww / dd
        let sin = piv / dd
        a[row * k1] = dd
        let zOld = z[row]
        z[row] = cos * zOld + sin * yi
        yi = cos * yi - sin * zOld
        if i == k { break }
        for i1 in (i + 1)..<k1 {
          let band = i1 - i
          let old = a[row * k1 + band]
          a[row * k1 + band] = cos * old + sin * h[i1]
          h[i1] = cos * h[i1] - sin * old
        }
      }
    }
    // Back substitution in the band (fpback).
    var c = [Double](repeating: 0, count: n)
    c[nk1 - 1] = z[nk1 - 1] / a[(nk1 - 1) * k1]
    var i = nk1 - 2
    while i >= 0 {
      var store = z[i]
      let count = min(k, nk1 - 1 - i)
      if count > 0 { for q in 1...count { store -= c[i + q] * a[i * k1 + q] } }
      c[i] = store / a[i * k1]
      i -= 1
    }
    return c
  }

  /// The spline (t, c, k) at x, the end pieces extended (FITPACK's splev with ext 0).
  static func evaluate(_ t: [Double], _ c: [Double], _ k: Int, _ x: Double) -> Double {
    let n = t.count
    let k1 = k + 1
    let nk1 = n - k1
    var l = k
    // The last knot not above x, kept within the spline's pieces.
    while l + 1 < nk1 && t[l + 1] <= x { l += 1 }
    if x.isNaN { l = nk1 - 1 }
    let h = basis(t, k, x, l)
    var sp = 0.0
    for j in 0..<k1 { sp += c[l - k + j] * h[j] }
    return sp
  }

  static let splrep = Builtin("splrep", args: 2...3, parameterNames: ["x", "y", "t"]) { a throws(ScriptError) in
    let name = "splrep"
    let x = try values(a[0], "x", name)
    let y = try values(a[1], "y", name)
    guard x.count == y.count else { throw ScriptError(RuntimeMessages.incompatibleSizes(name, x.count, y.count)) }
    let m = x.count
    guard m >= 4 else { throw ScriptError(RuntimeMessages.fewerPoints(name, 4, m)) }
    guard m <= maxPoints else { throw ScriptError(RuntimeMessages.tooMany(name, "points", m, maxPoints)) }
    guard x.allSatisfy(\.isFinite), y.allSatisfy(\.isFinite) else {
      throw ScriptError(RuntimeMessages.cannotTake(name, "infinite values"))
    }
    let k = 3
    let (xb, xe) = (x[0], x[m - 1])
    var knots: [Double]
    if a.has(2) {
      let interior = try values(a[2], "t", name)
      guard interior.count <= m else {
        throw ScriptError(RuntimeMessages.tooMany(name, "interior knots", interior.count, m))
      }
      for i in 1..<m where x[i - 1] > x[i] { throw ScriptError(RuntimeMessages.needsIncreasing(name, strictly: false)) }
      knots = [Double](repeating: xb, count: k + 1) + interior + [Double](repeating: xe, count: k + 1)
      guard knotsFit(x, knots, k) else { throw ScriptError(RuntimeMessages.knotsInvalid(name)) }
    } else {
      // Interpolation: the interior knots are the data points but the two at each end.
      for i in 1..<m where !(x[i - 1] < x[i]) {
        throw ScriptError(RuntimeMessages.needsIncreasing(name, strictly: true))
      }
      knots = [Double](repeating: xb, count: k + 1) + Array(x[2..<(m - 2)]) + [Double](repeating: xe, count: k + 1)
    }
    let c = fit(x, y, knots, k)
    return .tuple([.vector(Vector(doubles: knots)), .vector(Vector(doubles: c)), .int(k)])
  }

  static let splev = Builtin("splev", args: 2...2, parameterNames: ["x", "tck"]) { a throws(ScriptError) in
    let name = "splev"
    let xs = try values(a[0], "x", name)
    guard case .tuple(let parts) = a[1], parts.count == 3, let k = parts[2].intValue, (1...5).contains(k),
      let tv = Structural.asVector(parts[0]), let cv = Structural.asVector(parts[1]), tv.type.isNumeric,
      cv.type.isNumeric
    else {
      throw ScriptError(RuntimeMessages.splineTck(name, a[1].typeString))
    }
    let t = tv.doubles.map { $0.isNaN ? 0 : $0 }
    let c = cv.doubles.map { $0.isNaN ? 0 : $0 }
    let degree = Int(k)
    guard t.count >= 2 * (degree + 1), c.count >= t.count - degree - 1, t.count <= maxPoints else {
      throw ScriptError(RuntimeMessages.splineTck(name, a[1].typeString))
    }
    for i in 1..<t.count where t[i - 1] > t[i] { throw ScriptError(RuntimeMessages.splineTck(name, a[1].typeString)) }
    var out = [Double](repeating: 0, count: xs.count)
    for (i, x) in xs.enumerated() { out[i] = evaluate(t, c, degree, x) }
    return .vector(Vector(doubles: out))
  }

  static let all: [Builtin] = [splrep, splev]
}
