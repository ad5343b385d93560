import ScriptRuntime

/// `kroghInterpolateFit(X, Y, [der=0])`: the polynomial through every point (repeated X taking
/// the following Y as derivatives), as `kroghInterpolate` builds it, kept as a model whose
/// `predict` (kroghInterpolateFitPredict) gives its der-th derivative at new points.
enum KroghInterpolateFit {
  static let predict = Builtin(
    "kroghInterpolateFitPredict", args: 2...2, parameterNames: ["model", "X"]
  ) { a throws(ScriptError) in
    let name = "kroghInterpolateFitPredict"
    let model = "kroghInterpolateFit"
    guard case .dictionary(let d) = a[0] else { throw ScriptError(RuntimeMessages.needsModel(name, model)) }
    let x = try Interpolation.member(d, "X", name, model)
    let c = try Interpolation.member(d, "coeffs", name, model)
    guard !x.isEmpty, x.count <= Interpolation.maxPolynomialPoints, c.count == x.count + 1,
      let der = d[.string("der")]?.intValue, der >= 0
    else { throw ScriptError(RuntimeMessages.needsModel(name, model)) }
    let ts = try Polynomials.numbers(a[1], "X", name)
    guard !ts.contains(where: \.isNaN) else { throw ScriptError(RuntimeMessages.needsNoNulls(name)) }
    var out: [Double] = []
    out.reserveCapacity(ts.count)
    for t in ts {
      if a.machine.isInterrupted { throw Machine.interrupted() }
      out.append(Interpolation.kroghEvaluate(x, c, t, der: Int(clamping: der)))
    }
    return .vector(Vector(doubles: out))
  }

  static let builtin = Builtin("kroghInterpolateFit", args: 2...3, parameterNames: ["X", "Y", "der"]) {
    a throws(ScriptError) in
    let name = "kroghInterpolateFit"
    let (xs, ys) = try Interpolation.points(a, name, least: 1)
    guard xs.count <= Interpolation.maxPolynomialPoints else {
      throw ScriptError(RuntimeMessages.tooMany(name, "points", xs.count, Interpolation.maxPolynomialPoints))
    }
    for i in xs.indices.dropFirst() where xs[i - 1] > xs[i] {
      throw ScriptError(RuntimeMessages.needsIncreasing(name, strictly: false))
    }
    let der = a.has(2) ? try a.integer(2, "der of 'kroghInterpolateFit'") : 0
    guard der >= 0 else {
      throw ScriptError(RuntimeMessages.mustBeNonNegative("der of 'kroghInterpolateFit'", String(der)))
    }
    let c = try Interpolation.kroghCoefficients(xs, ys)
    var d = DictionaryValue(keyType: .string, valueType: .any)
    try d.set(.string("modelName"), .string("kroghInterpolate"))
    try d.set(.string("X"), .vector(Vector(doubles: xs)))
    try d.set(.string("der"), .int(der))
    try d.set(.string("coeffs"), .vector(Vector(doubles: c)))
    try d.set(.string("predict"), .function(FunctionValue(.builtin(predict))))
    return .dictionary(d)
  }

  static let all: [Builtin] = [builtin]
}
