import ScriptRuntime

/// DolphinDB's `decimalMultiply(X, Y, scale)`: X * Y of two DECIMALs kept to `scale` digits,
/// the exact product truncated toward zero (`decimalMultiply(1.235, 7.5689, 5)` is 9.34759).
/// The scale counts only for two DECIMALs (scales S1, S2) with min(S1, S2) <= scale <= S1 + S2;
/// otherwise (one DECIMAL, a DOUBLE, another scale) the result is X * Y. The result's width is
/// the one X * Y takes: the wider operand's, DECIMAL32 made DECIMAL64 when S1 + S2 passes 9 or a
/// product does not fit 32 bits. Where DolphinDB would go on to DECIMAL128, which Porpoise lacks,
/// the result stays DECIMAL64 if it fits there and is an overflow error otherwise.
enum DecimalProducts {
  /// A scalar's or vector's unscaled values and whether it was a scalar.
  static func unscaled(_ v: Value) throws(ScriptError) -> (values: [Int64], scalar: Bool) {
    switch v {
    case .int(let raw, _): return ([raw], true)
    case .vector(let x) where !x.isArrayVector: return (x.int64s, false)
    default: throw ScriptError(RuntimeMessages.cannotTake("decimalMultiply", v.typeString))
    }
  }

  static let builtin = Builtin("decimalMultiply", args: 3...3, parameterNames: ["X", "Y", "scale"]) {
    a throws(ScriptError) in
    let (tx, ty) = (a[0].type, a[1].type)
    guard tx.isDecimal || ty.isDecimal else {
      throw ScriptError(RuntimeMessages.decimalMultiplyNeedsDecimal(a[0].typeString, a[1].typeString))
    }
    let scale = try a.integer(2, "the scale of 'decimalMultiply'")
    guard scale >= 0 else {
      throw ScriptError(RuntimeMessages.mustBeNonNegative("the scale of 'decimalMultiply'", String(scale)))
    }
    let (s1, s2) = (tx.decimalScale, ty.decimalScale)
    guard tx.isDecimal, ty.isDecimal, scale >= min(s1, s2), scale <= s1 + s2 else {
      return try a.machine.call(function: "mul", [a[0], a[1]])
    }
    let (x, y) = (try unscaled(a[0]), try unscaled(a[1]))
    let n = max(x.values.count, y.values.count)
    for side in [x, y] where !side.scalar && side.values.count != n {
      throw ScriptError(RuntimeMessages.incompatibleSizes("decimalMultiply", x.values.count, y.values.count))
    }
    var products = [Int128?](repeating: nil, count: n)
    var bits = max(tx.decimalBits, ty.decimalBits)
    if bits == 32 && s1 + s2 > DataType.maxDecimalScale32 { bits = 64 }
    for i in 0..<n {
      let (p, q) = (x.values[x.scalar ? 0 : i], y.values[y.scalar ? 0 : i])
      if p == Int64.min || q == Int64.min { continue }
      // Two 64-bit values multiply exactly in 128 bits.
      let product = Int128(p) * Int128(q)
      if bits == 32 && (product <= Int128(Int32.min) || product > Int128(Int32.max)) { bits = 64 }
      products[i] = product
    }
    guard let type = DataType.decimal(bits: bits, scale: scale) else {
      throw ScriptError(RuntimeMessages.decimalOverflow("DECIMAL64"))
    }
    // s1 + s2 - scale is at most 36 digits: 10^36 fits Int128.
    var divisor: Int128 = 1
    for _ in 0..<(s1 + s2 - scale) { divisor *= 10 }
    var out = [Int64](repeating: Int64.min, count: n)
    for i in 0..<n {
      guard let product = products[i] else { continue }
      let r = product / divisor
      guard r > Int128(Int64.min), r <= Int128(Int64.max) else {
        throw ScriptError(RuntimeMessages.decimalOverflow(type.name))
      }
      out[i] = Int64(r)
    }
    let result = Vector(type: type, ints: out)
    return x.scalar && y.scalar ? result[0] : .vector(result)
  }
}
