import ScriptRuntime

/// A function to minimize (a script function, called through the interpreter with the point as
/// a DOUBLE vector, or one computed here), kept as scipy's ScalarFunction keeps it: the value, gradient and Hessian at the last
/// point asked are remembered, so asking again at that point calls nothing, and calls are
/// counted as scipy counts them (finite-difference calls are function calls; each gradient,
/// however found, is one gradient call). Without a gradient function the gradient is scipy's
/// forward difference with an absolute step, turned back at the bounds.
final class ScriptObjective {
  typealias Function = ([Double]) throws(ScriptError) -> Double
  let machine: Machine
  /// The built-in's name, for messages.
  let name: String
  let function: Function
  let gradientFunction: FunctionValue?
  let hessianFunction: FunctionValue?
  /// The absolute finite-difference step.
  let epsilon: Double
  /// Bounds the finite differences stay within (nil: none).
  let lower: [Double]?
  let upper: [Double]?
  let n: Int

  private(set) var x: [Double]
  private(set) var f = 0.0
  private(set) var g: [Double] = []
  private(set) var h = LinearDecompositions.Dense(rows: 0, columns: 0)
  private var fUpdated = false
  private var gUpdated = false
  private var hUpdated = false
  /// Calls of the function itself, and those the finite differences made.
  private var directCalls = 0
  private var differenceCalls = 0
  private(set) var gradientCalls = 0
  private(set) var hessianCalls = 0

  var functionCalls: Int { directCalls + differenceCalls }

  /// Evaluates the value and gradient at x0 (and the Hessian, given its function), as scipy's
  /// ScalarFunction does on creation.
  init(
    _ machine: Machine, _ name: String, _ function: @escaping Function, gradient: FunctionValue? = nil,
    hessian: FunctionValue? = nil, x0: [Double], epsilon: Double = 1e-8, lower: [Double]? = nil,
    upper: [Double]? = nil
  ) throws(ScriptError) {
    self.machine = machine
    self.name = name
    self.function = function
    self.gradientFunction = gradient
    self.hessianFunction = hessian
    self.epsilon = epsilon
    let bounded = zip(lower ?? [], upper ?? []).contains { $0.0 > -.infinity || $0.1 < .infinity }
    self.lower = bounded ? lower : nil
    self.upper = bounded ? upper : nil
    self.n = x0.count
    self.x = x0
    try updateValue()
    try updateGradient()
    if hessian != nil {
      h = try callHessian(x0)
      hUpdated = true
    }
  }

  // MARK: Calls into the script

  /// A script function as the function to minimize.
  static func script(_ machine: Machine, _ f: FunctionValue, _ name: String) -> Function {
    { p throws(ScriptError) in
      if machine.isInterrupted { throw Machine.interrupted() }
      return try number(try machine.call(f, [.vector(Vector(doubles: p))]), name)
    }
  }

  /// The numbers of a numeric vector or matrix (a row or column of `dot` products comes back
  /// as a matrix), nil for anything else.
  static func numbers(_ v: Value) -> [Double]? {
    switch v {
    case .vector(let x) where !x.isArrayVector && (x.type.isNumeric || x.type == .bool): return x.doubles
    case .object(let m as Matrix) where m.dataType.isNumeric || m.dataType == .bool:
      return m.columns.flatMap(\.doubles)
    default: return nil
    }
  }

  /// What the function returned as one number: a scalar, or one element of a vector or matrix.
  static func number(_ v: Value, _ name: String) throws(ScriptError) -> Double {
    if let xs = numbers(v), xs.count == 1 { return xs[0] }
    return try ScalarOptimization.number(v, name)
  }

  func callFunction(_ p: [Double]) throws(ScriptError) -> Double { try function(p) }

  private func callGradient(_ p: [Double], _ fn: FunctionValue) throws(ScriptError) -> [Double] {
    if machine.isInterrupted { throw Machine.interrupted() }
    let v = try machine.call(fn, [.vector(Vector(doubles: p))])
    if let xs = Self.numbers(v), xs.count == n { return xs }
    if n == 1, v.isScalar, let d = v.doubleValue { return [d] }
    throw ScriptError(RuntimeMessages.optimizerResultShape(name, "fprime", "\(n) numbers", v.typeString))
  }

  private func callHessian(_ p: [Double]) throws(ScriptError) -> LinearDecompositions.Dense {
    guard let fn = hessianFunction else { return h }
    if machine.isInterrupted { throw Machine.interrupted() }
    let v = try machine.call(fn, [.vector(Vector(doubles: p))])
    hessianCalls += 1
    guard case .object(let m as Matrix) = v, m.rowCount == n, m.columnCount == n,
      m.dataType.isNumeric || m.dataType == .bool
    else {
      throw ScriptError(RuntimeMessages.optimizerResultShape(name, "fhess", "a \(n) x \(n) matrix", v.typeString))
    }
    var d = LinearDecompositions.Dense(rows: n, columns: 0)
    for c in m.columns { d.cells += c.doubles }
    d.columns = n
    return d
  }

  // MARK: Memoized evaluation

  private func move(to p: [Double]) {
    guard p != x else { return }
    x = p
    fUpdated = false
    gUpdated = false
    hUpdated = false
  }

  private func updateValue() throws(ScriptError) {
    guard !fUpdated else { return }
    f = try callFunction(x)
    directCalls += 1
    fUpdated = true
  }

  private func updateGradient() throws(ScriptError) {
    guard !gUpdated else { return }
    if let fn = gradientFunction {
      g = try callGradient(x, fn)
    } else {
      try updateValue()
      g = try forwardDifference(x, f)
    }
    gradientCalls += 1
    gUpdated = true
  }

  func value(_ p: [Double]) throws(ScriptError) -> Double {
    move(to: p)
    try updateValue()
    return f
  }

  func gradient(_ p: [Double]) throws(ScriptError) -> [Double] {
    move(to: p)
    try updateGradient()
    return g
  }

  func valueAndGradient(_ p: [Double]) throws(ScriptError) -> (Double, [Double]) {
    move(to: p)
    try updateValue()
    try updateGradient()
    return (f, g)
  }

  func hessian(_ p: [Double]) throws(ScriptError) -> LinearDecompositions.Dense {
    move(to: p)
    if !hUpdated {
      h = try callHessian(x)
      hUpdated = true
    }
    return h
  }

  /// scipy's 2-point difference with absolute step `epsilon`: a step lost to rounding becomes
  /// sqrt(eps) relative, and near a bound the step turns back or shortens to fit.
  private func forwardDifference(_ x0: [Double], _ f0: Double) throws(ScriptError) -> [Double] {
    var steps = [Double](repeating: epsilon, count: n)
    for i in 0..<n where (x0[i] + steps[i]) - x0[i] == 0 {
      steps[i] = Double.ulpOfOne.squareRoot() * (x0[i] >= 0 ? 1 : -1) * max(1, abs(x0[i]))
    }
    if let lower, let upper {
      for i in 0..<n {
        let h = steps[i]
        let lowerDistance = x0[i] - lower[i]
        let upperDistance = upper[i] - x0[i]
        let moved = x0[i] + h
        let violated = moved < lower[i] || moved > upper[i]
        let fitting = abs(h) <= max(lowerDistance, upperDistance)
        if violated && fitting { steps[i] = -h }
        if !fitting { steps[i] = upperDistance >= lowerDistance ? upperDistance : -lowerDistance }
      }
    }
    var out = [Double](repeating: 0, count: n)
    var p = x0
    for i in 0..<n {
      p[i] = x0[i] + steps[i]
      let fi = try callFunction(p)
      differenceCalls += 1
      out[i] = (fi - f0) / ((x0[i] + steps[i]) - x0[i])
      p[i] = x0[i]
    }
    return out
  }
}
