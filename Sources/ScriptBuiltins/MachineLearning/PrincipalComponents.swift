/// Principal component analysis: the eigenvectors of the centered columns' scatter matrix
/// (Jacobi rotations, exact for the sizes taken), largest first, signed as scikit-learn signs
/// them so that the same data gives the same axes.
enum PrincipalComponents {
  /// The largest number of columns taken: the scatter matrix grows with the square.
  static let maxColumns = 500

  struct Result {
    /// The components (axes), each with one coordinate per input column.
    var components: [[Double]]
    var explainedVarianceRatio: [Double]
    /// The singular values of the centered data (square roots of the scatter's eigenvalues).
    var singularValues: [Double]
  }

  static func analyze(_ x: [[Double]], k: Int, normalize: Bool) -> Result {
    let n = x.first?.count ?? 0
    let d = x.count
    var centered = x
    for j in 0..<d {
      let mean = x[j].reduce(0, +) / Double(max(n, 1))
      for i in 0..<n { centered[j][i] -= mean }
      if normalize, n > 1 {
        let sd = (centered[j].reduce(0) { $0 + $1 * $1 } / Double(n - 1)).squareRoot()
        if sd > 0 { for i in 0..<n { centered[j][i] /= sd } }
      }
    }
    var scatter = [Double](repeating: 0, count: d * d)
    for a in 0..<d {
      for b in 0...a {
        let s = zip(centered[a], centered[b]).reduce(0) { $0 + $1.0 * $1.1 }
        scatter[a * d + b] = s
        scatter[b * d + a] = s
      }
    }
    let (values, vectors) = eigen(scatter, d)
    let order = (0..<d).sorted { values[$0] > values[$1] }
    let total = values.reduce(0) { $0 + max($1, 0) }
    var components: [[Double]] = []
    var ratios: [Double] = []
    var singular: [Double] = []
    for c in order.prefix(k) {
      var v = (0..<d).map { vectors[$0 * d + c] }
      // scikit-learn's sign: each axis's largest coordinate (by size) is positive.
      var largest = 0
      for j in 0..<d where abs(v[j]) > abs(v[largest]) { largest = j }
      if v[largest] < 0 { v = v.map { -$0 } }
      components.append(v)
      ratios.append(total > 0 ? max(values[c], 0) / total : 0)
      singular.append(max(values[c], 0).squareRoot())
    }
    return Result(components: components, explainedVarianceRatio: ratios, singularValues: singular)
  }

  /// Eigenvalues and eigenvectors (column c of the row-major result) of a symmetric matrix, by
  /// cyclic Jacobi rotations until the off-diagonal part vanishes.
  static func eigen(_ matrix: [Double], _ d: Int) -> ([Double], [Double]) {
    var a = matrix
    var v = [Double](repeating: 0, count: d * d)
    for i in 0..<d { v[i * d + i] = 1 }
    for _ in 0..<100 {
      var off = 0.0
      for p in 0..<d { for q in (p + 1)..<d { off += a[p * d + q] * a[p * d + q] } }
      if off < 1e-22 * max(1, (0..<d).reduce(0) { $0 + a[$1 * d + $1] * a[$1 * d + $1] }) { break }
      for p in 0..<d {
        for q in (p + 1)..<d where a[p * d + q] != 0 {
          let apq = a[p * d + q]
          let theta = (a[q * d + q] - a[p * d + p]) / (2 * apq)
          let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
          let c = 1 / (t * t + 1).squareRoot()
          let s = t * c
          for k in 0..<d {
            let akp = a[k * d + p]
            let akq = a[k * d + q]
            a[k * d + p] = c * akp - s * akq
            a[k * d + q] = s * akp + c * akq
          }
          for k in 0..<d {
            let apk = a[p * d + k]
            let aqk = a[q * d + k]
            a[p * d + k] = c * apk - s * aqk
            a[q * d + k] = s * apk + c * aqk
          }
          for k in 0..<d {
            let vkp = v[k * d + p]
            let vkq = v[k * d + q]
            v[k * d + p] = c * vkp - s * vkq
            v[k * d + q] = s * vkp + c * vkq
          }
        }
      }
    }
    return ((0..<d).map { a[$0 * d + $0] }, v)
  }
}
