import ScriptRuntime

/// Equality within a tolerance: `eqFloat(X, Y, [precision=9])`, element by element, equal when
/// the two are equal rounded to `precision` decimals (integers compare exactly); `eqPercent(X, Y,
/// [toleranceLevel=0.0001])`, one BOOL for the whole, true when every pair differs by at most
/// toleranceLevel percent of |Y|. Two nulls are equal, a null and a value are not. Also
/// `exp2(X)`, 2 to the power X.
enum ApproximateEquality {
  static let eqFloat = Builtin("eqFloat", args: 2...3, parameterNames: ["X", "Y", "precision"]) {
    a throws(ScriptError) in
    let precision = a.has(2) ? try a.integer(2, "the precision of 'eqFloat'") : 9
    guard precision >= 0 else {
      throw ScriptError(RuntimeMessages.mustBeNonNegative("the precision of 'eqFloat'", String(precision)))
    }
    for k in 0..<2 where !(a[k].type.isNumeric || a[k].type == .void) {
      throw ScriptError(RuntimeMessages.needsNumber("eqFloat", got: a[k].typeString))
    }
    guard let (x, y, shape) = try NullFilling.operands(a, "eqFloat") else { return .bool(true) }
    // Both rounded to `precision` decimals, as DolphinDB's examples show (0.123456788 and
    // 0.123456789 differ at 9 even though they are 1e-9 apart); past 300 decimals, exactly.
    let scale = precision > 300 ? 1 : pow10(precision)
    let (p, q) = (x.doubles, y.doubles)
    let out = Vector(
      bools: p.indices.map { i in
        if p[i].isNaN || q[i].isNaN { return p[i].isNaN && q[i].isNaN }
        if precision > 300 { return p[i] == q[i] }
        return (p[i] * scale).rounded() == (q[i] * scale).rounded()
      })
    return try ColumnByColumn.shaped(out, like: shape)
  }

  /// 10 to a whole power, by repeated products (no libm needed, exact for small powers).
  static func pow10(_ e: Int) -> Double {
    var r = 1.0
    for _ in 0..<abs(e) { r *= 10 }
    return e < 0 ? 1 / r : r
  }

  static let eqPercent = Builtin("eqPercent", args: 2...3, parameterNames: ["X", "Y", "toleranceLevel"]) {
    a throws(ScriptError) in
    let level = a.has(2) ? a[2].doubleValue ?? .nan : 0.0001
    guard level > 0, level < 100 else {
      throw ScriptError(RuntimeMessages.toleranceOutOfRange("eqPercent", ValueFormatter().format(a[2])))
    }
    func supported(_ v: Value) -> Bool {
      switch v {
      case .void: return true
      case .int, .double, .vector, .pair, .object(_ as Matrix): return v.type.isNumeric
      default: return false
      }
    }
    // Other types compare as eqObj does.
    guard supported(a[0]), supported(a[1]) else { return try a.machine.call(function: "eqObj", [a[0], a[1]]) }
    if a[0].form != a[1].form || a[0].count != a[1].count { return .bool(false) }
    guard let (x, y, _) = try NullFilling.operands(a, "eqPercent") else { return .bool(true) }
    let (p, q) = (x.doubles, y.doubles)
    for i in p.indices {
      if p[i].isNaN || q[i].isNaN {
        if p[i].isNaN != q[i].isNaN { return .bool(false) }
        continue
      }
      if abs(p[i] - q[i]) > abs(q[i]) * level / 100 { return .bool(false) }
    }
    return .bool(true)
  }

  static let all: [Builtin] = [
    eqFloat, eqPercent,
    // exp2(X): 2 to the power X, DOUBLE (null where it overflows).
    ColumnByColumn.wrap(MathBuiltins.doubleMap("exp2") { Math.pow(2, $0) }),
  ]
}
