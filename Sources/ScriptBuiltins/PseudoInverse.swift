import ScriptRuntime

/// `pinverse(X)` (alias `pinv`), the Moore-Penrose pseudo-inverse, and `matrixRank(A, [tol])`,
/// both from the singular values of `LinearDecompositions`' Jacobi SVD, which already counts a
/// singular value at rounding-noise size (relative to the largest) as zero.
enum PseudoInverse {
  /// X⁺ = V·diag(1/s)·U' over the nonzero singular values; numpy's `pinv` also drops those
  /// below 1e-15 of the largest.
  static func pseudoInverse(_ a: LinearDecompositions.Dense, _ machine: Machine) throws(ScriptError)
    -> LinearDecompositions.Dense
  {
    if a.rows < a.columns { return try pseudoInverse(a.transposed, machine).transposed }
    let (u, s, v) = try LinearDecompositions.thinSVD(a, machine)
    let cutoff = 1e-15 * (s.first ?? 0)
    var out = LinearDecompositions.Dense(rows: a.columns, columns: a.rows)
    for k in s.indices where s[k] > cutoff {
      let inverse = 1 / s[k]
      for j in 0..<a.rows {
        let x = u[j, k] * inverse
        if x == 0 { continue }
        for i in 0..<a.columns { out[i, j] += v[i, k] * x }
      }
    }
    return out
  }

  /// The singular values of a matrix, largest first.
  static func singularValues(_ a: LinearDecompositions.Dense, _ machine: Machine) throws(ScriptError) -> [Double] {
    try LinearDecompositions.thinSVD(a.rows >= a.columns ? a : a.transposed, machine).s
  }

  /// A matrix argument, a numeric vector read as a one-column matrix.
  static func matrix(_ v: Value, _ function: String) throws(ScriptError) -> LinearDecompositions.Dense {
    if case .vector(let x) = v, x.type.isNumeric || x.type == .bool {
      return try LinearDecompositions.dense(.object(try Matrix(columns: [x], rows: x.count)), function)
    }
    return try LinearDecompositions.dense(v, function)
  }

  static let all: [Builtin] = [
    // pinverse(X): a vector is a one-column matrix.
    Builtin("pinverse", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      try pseudoInverse(try matrix(a[0], "pinverse"), a.machine).value
    },
    // matrixRank(A, [tol]): how many singular values exceed tol (DBL_EPSILON by default); a vector
    // is a one-column matrix.
    Builtin("matrixRank", args: 1...2, parameterNames: ["A", "tol"]) { a throws(ScriptError) in
      var tolerance = Double.ulpOfOne
      if a.has(1) {
        guard a[1].isScalar, let t = a[1].doubleValue, t >= 0, t.isFinite else {
          throw ScriptError(RuntimeMessages.mustBeNonNegative("the tol of 'matrixRank'", ValueFormatter().format(a[1])))
        }
        tolerance = t
      }
      let s = try singularValues(try matrix(a[0], "matrixRank"), a.machine)
      return .int(Int64(s.filter { $0 > tolerance }.count), .int)
    },
  ]
}
