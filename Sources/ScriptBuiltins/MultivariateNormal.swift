import ScriptRuntime

/// `randMultivariateNormal(mean, covar, count, [sampleAsRow=true])` (alias `multivariateNormal`):
/// `count` draws of a multivariate normal, mean + L·z for L the Cholesky factor of the
/// symmetric positive definite `covar` and z standard normal draws (the session's generator),
/// a draw per row of the result, or per column with sampleAsRow=false.
enum MultivariateNormal {
  static let all: [Builtin] = [
    Builtin("randMultivariateNormal", args: 3...4, parameterNames: ["mean", "covar", "count", "sampleAsRow"]) {
      a throws(ScriptError) in
      let name = "randMultivariateNormal"
      let meanVector = try a.vector(0, "the mean of '\(name)'")
      guard meanVector.type.isNumeric || meanVector.type == .bool else {
        throw ScriptError(RuntimeMessages.cannotTake(name, meanVector.typeName))
      }
      let mean = meanVector.doubles
      guard mean.allSatisfy(\.isFinite) else { throw ScriptError(RuntimeMessages.needsNoNulls(name)) }
      let covariance = try LinearDecompositions.dense(a[1], name, square: true)
      let d = covariance.rows
      guard mean.count == d else { throw ScriptError(RuntimeMessages.multivariateNormalShape(mean.count, d)) }
      for j in 0..<d {
        for i in 0..<j {
          let (x, y) = (covariance[i, j], covariance[j, i])
          guard abs(x - y) <= 1e-8 * max(abs(x), abs(y), 1) else {
            throw ScriptError(RuntimeMessages.multivariateNormalAsymmetric())
          }
        }
      }
      let l: LinearDecompositions.Dense
      do {
        l = try LinearDecompositions.cholesky(covariance, lower: true)
      } catch {
        throw ScriptError(RuntimeMessages.matrixNotPositiveDefinite(name))
      }
      let count = try a.integer(2, "the count of '\(name)'")
      guard count > 0 else { throw ScriptError(RuntimeMessages.mustBePositive("the count of '\(name)'", count)) }
      let (cells, overflow) = count.multipliedReportingOverflow(by: d)
      guard !overflow, cells <= Matrix.maxCells else {
        throw ScriptError(RuntimeMessages.matrixTooLarge(count, d, limit: Matrix.maxCells))
      }
      try a.machine.checkAllocation(cells, elementBytes: 8, "the count of '\(name)'")
      let asRows = LinearDecompositions.flag(a, 3, default: true)
      var g = a.machine.random
      defer { a.machine.random = g }
      // columns[k][s]: coordinate k of draw s.
      var columns = [[Double]](repeating: [Double](repeating: 0, count: count), count: d)
      var z = [Double](repeating: 0, count: d)
      for s in 0..<count {
        if s % 1024 == 0, a.machine.isInterrupted { throw Machine.interrupted() }
        for k in 0..<d { z[k] = RandomDistributions.normal(&g) }
        for i in 0..<d {
          var x = mean[i]
          for k in 0...i { x += l[i, k] * z[k] }
          columns[i][s] = x
        }
      }
      if asRows { return .object(try Matrix(columns: columns.map { Vector(doubles: $0) }, rows: count)) }
      return .object(
        try Matrix(columns: (0..<count).map { s in Vector(doubles: columns.map { $0[s] }) }, rows: d))
    }
  ]
}
