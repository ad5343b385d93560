import ScriptRuntime

/// DolphinDB's `polynomial(X, coeffs)`: the polynomial with coefficients `coeffs` (ascending
/// powers: `1 2 3` is 1 + 2x + 3x^2) at each element of X, as DOUBLE (a scalar for a scalar X).
/// A null in X, or in the coefficients, gives null. It is `polyPredict(coeffs, X)`.
enum PolynomialEvaluation {
  static let builtin = Builtin("polynomial", args: 2...2, parameterNames: ["X", "coeffs"]) { a throws(ScriptError) in
    let xs = try Polynomials.numbers(a[0], "X", "polynomial")
    let z = try Polynomials.numbers(a[1], "coeffs", "polynomial")
    guard !z.isEmpty else { throw ScriptError(RuntimeMessages.cannotTake("polynomial", "empty coeffs")) }
    let ys = xs.map { Polynomials.evaluate(z, $0) }
    return a[0].isScalar ? .double(ys[0]) : .vector(Vector(doubles: ys))
  }
}
