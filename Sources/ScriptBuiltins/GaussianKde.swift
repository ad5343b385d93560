import ScriptRuntime

/// `gaussianKde(X, [weights], [bwMethod="scott"])`, a Gaussian kernel density estimate as
/// scipy.stats' `gaussian_kde`, and `gaussianKdePredict(model, X)`, its density at points.
/// The model is a dictionary of the data `X` (a point per row), `cov` (the lower Cholesky
/// factor of the kernel's covariance: the weighted data covariance times the bandwidth
/// squared), the normalized `weights`, the `bandwidth` factor and its `predict` function.
enum GaussianKde {
  typealias Dense = LinearDecompositions.Dense

  /// Points given as a vector (one dimension), a matrix (a point per row), a table or a tuple
  /// (a column or vector per dimension): their coordinates, a column per dimension.
  static func points(_ v: Value, _ what: String, _ function: String) throws(ScriptError) -> [[Double]] {
    var columns: [Vector]
    switch v {
    case .vector(let x): columns = [x]
    case .object(let m as Matrix): columns = m.columns
    case .object(let t as Table): columns = t.columns
    case .tuple(let items):
      columns = []
      for item in items {
        guard case .vector(let x) = item else { throw ScriptError(RuntimeMessages.cannotTake(function, v.typeString)) }
        columns.append(x)
      }
    default: throw ScriptError(RuntimeMessages.cannotTake(function, v.typeString))
    }
    guard let first = columns.first, first.count > 0 else {
      throw ScriptError(RuntimeMessages.gaussianKdeNoPoints(function))
    }
    guard columns.count <= LinearDecompositions.maxOrder else {
      throw ScriptError(RuntimeMessages.tooMany(function, "dimensions", columns.count, LinearDecompositions.maxOrder))
    }
    var out: [[Double]] = []
    for c in columns {
      guard c.type.isNumeric || c.type == .bool else {
        throw ScriptError(RuntimeMessages.cannotTake(function, "\(what) of type \(c.typeName)"))
      }
      guard c.count == first.count else {
        throw ScriptError(RuntimeMessages.incompatibleSizes(function, first.count, c.count))
      }
      let xs = c.doubles
      guard xs.allSatisfy(\.isFinite) else { throw ScriptError(RuntimeMessages.needsNoNulls(function)) }
      out.append(xs)
    }
    return out
  }

  /// The densities at `at` (a column per dimension) of kernels of lower Cholesky factor `chol`
  /// centred on `data` with `weights`: each difference is whitened by solving chol·z = x.
  static func density(_ data: [[Double]], _ weights: [Double], _ chol: Dense, at: [[Double]], _ machine: Machine)
    throws(ScriptError) -> [Double]
  {
    let d = chol.rows
    func whitened(_ columns: [[Double]]) -> [[Double]] {
      let n = columns.first?.count ?? 0
      var z = columns
      for i in 0..<d {
        for k in 0..<i {
          let l = chol[i, k]
          for p in 0..<n { z[i][p] -= l * z[k][p] }
        }
        let diagonal = chol[i, i]
        for p in 0..<n { z[i][p] /= diagonal }
      }
      return z
    }
    let zd = whitened(data)
    let zp = whitened(at)
    var norm = Math.pow(2 * .pi, -Double(d) / 2)
    for i in 0..<d { norm /= chol[i, i] }
    let n = weights.count
    let m = at.first?.count ?? 0
    var out = [Double](repeating: 0, count: m)
    for p in 0..<m {
      if p % 256 == 0, machine.isInterrupted { throw Machine.interrupted() }
      var sum = 0.0
      for i in 0..<n {
        var squared = 0.0
        for k in 0..<d {
          let diff = zp[k][p] - zd[k][i]
          squared += diff * diff
        }
        sum += weights[i] * Math.exp(-squared / 2)
      }
      out[p] = sum * norm
    }
    return out
  }

  static let predictBuiltin = Builtin("gaussianKdePredict", args: 2...2, parameterNames: ["model", "X"]) {
    a throws(ScriptError) in
    let name = "gaussianKdePredict"
    guard case .dictionary(let model) = a[0], let x = model[.string("X")],
      case .object(let c as Matrix)? = model[.string("cov")],
      case .vector(let w)? = model[.string("weights")]
    else { throw ScriptError(RuntimeMessages.gaussianKdeNeedsModel(a[0].typeString)) }
    let data = try points(x, "X", name)
    let chol = try LinearDecompositions.dense(.object(c), name, square: true)
    let weights = w.doubles
    guard chol.rows == data.count, weights.count == data[0].count, (0..<chol.rows).allSatisfy({ chol[$0, $0] > 0 })
    else { throw ScriptError(RuntimeMessages.gaussianKdeNeedsModel(a[0].typeString)) }
    let at = try points(a[1], "X", name)
    guard at.count == data.count else { throw ScriptError(RuntimeMessages.gaussianKdeDimensions(data.count, at.count)) }
    return .vector(Vector(doubles: try density(data, weights, chol, at: at, a.machine)))
  }

  static let all: [Builtin] = [
    Builtin("gaussianKde", args: 1...3, parameterNames: ["X", "weights", "bwMethod"]) { a throws(ScriptError) in
      let name = "gaussianKde"
      let data = try points(a[0], "X", name)
      let d = data.count
      let n = data[0].count
      guard n > d else { throw ScriptError(RuntimeMessages.gaussianKdeTooFewPoints(n, d)) }
      var weights = [Double](repeating: 1 / Double(n), count: n)
      if a.has(1) {
        let w = try a.vector(1, "the weights of 'gaussianKde'")
        guard w.type.isNumeric || w.type == .bool else {
          throw ScriptError(RuntimeMessages.cannotTake(name, "weights of type \(w.typeName)"))
        }
        guard w.count == n else { throw ScriptError(RuntimeMessages.incompatibleSizes(name, n, w.count)) }
        let ws = w.doubles
        let total = ws.reduce(0, +)
        guard ws.allSatisfy({ $0 >= 0 && $0.isFinite }), total > 0, total.isFinite else {
          throw ScriptError(RuntimeMessages.gaussianKdeWeights())
        }
        weights = ws.map { $0 / total }
      }
      // The effective number of points, which the bandwidth rules take for n.
      let neff = 1 / weights.reduce(0) { $0 + $1 * $1 }
      var factor: Double
      switch a[2] {
      case .void, .string("scott", _):
        factor = Math.pow(neff, -1 / Double(d + 4))
      case .string("silverman", _):
        factor = Math.pow(neff * Double(d + 2) / 4, -1 / Double(d + 4))
      case .string(let s, _):
        throw ScriptError(RuntimeMessages.mustBeOneOf("the bwMethod of 'gaussianKde'", ["scott", "silverman"], got: s))
      case .function(let f):
        let r = try a.machine.call(f, [a[0]])
        guard r.isScalar, let x = r.doubleValue else {
          throw ScriptError(RuntimeMessages.gaussianKdeBandwidth(r.typeString))
        }
        factor = x
      default:
        guard a[2].isScalar, let x = a[2].doubleValue else {
          throw ScriptError(RuntimeMessages.gaussianKdeBandwidth(a[2].typeString))
        }
        factor = x
      }
      guard factor > 0, factor.isFinite else { throw ScriptError(RuntimeMessages.gaussianKdeBandwidth(String(factor))) }
      // numpy.cov with aweights: weighted means, and the unbiased divisor 1 - Σw² (Σw = 1).
      let means = data.map { c in zip(c, weights).reduce(0) { $0 + $1.0 * $1.1 } }
      let divisor = 1 - weights.reduce(0) { $0 + $1 * $1 }
      var covariance = Dense(rows: d, columns: d)
      for j in 0..<d {
        if a.machine.isInterrupted { throw Machine.interrupted() }
        for k in 0...j {
          var s = 0.0
          for i in 0..<n { s += weights[i] * (data[j][i] - means[j]) * (data[k][i] - means[k]) }
          covariance[j, k] = s / divisor
          covariance[k, j] = s / divisor
        }
      }
      var chol: Dense
      do {
        chol = try LinearDecompositions.cholesky(covariance, lower: true)
      } catch {
        throw ScriptError(RuntimeMessages.gaussianKdeSingular())
      }
      for k in chol.cells.indices { chol.cells[k] *= factor }
      var model = DictionaryValue(keyType: .string, valueType: .any)
      let xValue: Value =
        d == 1
        ? .vector(Vector(doubles: data[0]))
        : .object(try Matrix(columns: data.map { Vector(doubles: $0) }, rows: n))
      try model.set(.string("X"), xValue)
      try model.set(.string("predict"), .function(FunctionValue(.builtin(predictBuiltin))))
      try model.set(.string("cov"), try chol.value)
      try model.set(.string("weights"), .vector(Vector(doubles: weights)))
      try model.set(.string("bandwidth"), .double(factor))
      return .dictionary(model)
    },
    predictBuiltin,
  ]
}
