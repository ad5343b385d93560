import ScriptRuntime

/// `gramSchmidt(X, [normalize=false])`: the columns of a full-column-rank matrix made
/// orthogonal in order (each less its projections on the ones before), or orthonormal.
enum GramSchmidt {
  /// A column left with less than this share of its own norm after projection counts as
  /// dependent on the ones before it: rounding leaves about 1e-16 of a truly dependent one.
  static let dependence = 1e-10

  static let all: [Builtin] = [
    Builtin("gramSchmidt", args: 1...2, parameterNames: ["X", "normalize"]) { a throws(ScriptError) in
      var m = try LinearDecompositions.dense(a[0], "gramSchmidt")
      let normalize = LinearDecompositions.flag(a, 1, default: false)
      let rows = m.rows
      var norms: [Double] = []
      for j in 0..<m.columns {
        var original = 0.0
        for i in 0..<rows { original = Math.hypot(original, m[i, j]) }
        // Modified Gram-Schmidt: each projection is taken off the column as it stands, which
        // loses less to rounding than projecting the original column.
        for k in 0..<j {
          var dot = 0.0
          for i in 0..<rows { dot += m[i, k] * m[i, j] }
          let scale = dot / (norms[k] * norms[k])
          for i in 0..<rows { m[i, j] -= scale * m[i, k] }
        }
        var norm = 0.0
        for i in 0..<rows { norm = Math.hypot(norm, m[i, j]) }
        guard norm > dependence * original, norm > 0 else {
          throw ScriptError(RuntimeMessages.gramSchmidtDependent())
        }
        norms.append(norm)
      }
      if normalize {
        for j in 0..<m.columns { for i in 0..<rows { m[i, j] /= norms[j] } }
      }
      return try m.value
    }
  ]
}
