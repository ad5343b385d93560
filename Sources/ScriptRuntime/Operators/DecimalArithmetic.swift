/// Arithmetic and comparison with DECIMAL operands, on the unscaled integers.
///
/// DolphinDB's rules: with a FLOAT or DOUBLE operand (or `\`) the result is DOUBLE; otherwise it
/// is a DECIMAL of the wider operand's width. `+ - %` take the larger scale, `*` the sum of
/// the scales, `/` the dividend's scale (`decimal64(1.23, 3) / decimal32(2.45, 2)` is 0.502).
/// An integer operand is a DECIMAL of scale 0. Overflow is an error.
enum DecimalArithmetic {
  /// `a op b` when either side is DECIMAL; nil when neither is.
  static func apply(_ op: ArithmeticOperator, _ a: Value, _ b: Value, isPair: Bool) throws(ScriptError) -> Value? {
    let (ta, tb) = (a.type, b.type)
    guard ta.isDecimal || tb.isDecimal else { return nil }
    if ta.isFloating || tb.isFloating || op == .ratio {
      guard let xs = Kernel.doubles(a), let ys = Kernel.doubles(b) else { return nil }
      return Kernel.wrap(try Arithmetic.doubles(op, xs, ys), .double, pair: isPair)
    }
    guard ta.isDecimal || ta.isIntegral || ta == .void, tb.isDecimal || tb.isIntegral || tb == .void,
      let xs = Kernel.ints(a), let ys = Kernel.ints(b)
    else { return nil }
    let bits = max(ta.decimalBits, tb.decimalBits)
    let (sa, sb) = (ta.decimalScale, tb.decimalScale)
    let scale: Int
    switch op {
    case .add, .sub, .mod: scale = max(sa, sb)
    case .mul: scale = sa + sb
    case .div, .ratio: scale = sa
    }
    let maxScale = bits == 32 ? DataType.maxDecimalScale32 : DataType.maxDecimalScale64
    guard scale <= maxScale, let type = DataType.decimal(bits: bits, scale: scale) else {
      throw FixedPoint.overflow(bits == 32 ? .decimal32s0 : .decimal64s0)
    }
    let (pa, pb) = (
      Int128(FixedPoint.power(scale >= sa ? scale - sa : 0)), Int128(FixedPoint.power(scale >= sb ? scale - sb : 0))
    )
    let pDivisor = Int128(FixedPoint.power(sb))
    let low = bits == 32 ? Int128(Int32.min) : Int128(Int64.min)
    let high = bits == 32 ? Int128(Int32.max) : Int128(Int64.max)
    var overflowed = false
    let r = try Kernel.map(xs, ys, op.rawValue) { x, y -> Int64 in
      if x == Int64.min || y == Int64.min { return Int64.min }
      let result: Int128
      switch op {
      case .add: result = Int128(x) * pa + Int128(y) * pb
      case .sub: result = Int128(x) * pa - Int128(y) * pb
      case .mul: result = Int128(x) * Int128(y)
      case .div, .ratio:
        if y == 0 { return Int64.min }
        result = Int128(x) * pDivisor / Int128(y)
      case .mod:
        let d = Int128(y) * pb
        if d == 0 { return Int64.min }
        // DolphinDB's % takes the divisor's sign, as for integers.
        let m = (Int128(x) * pa) % d
        result = m != 0 && (m < 0) != (d < 0) ? m + d : m
      }
      guard result > low, result <= high else {
        overflowed = true
        return Int64.min
      }
      return Int64(result)
    }
    if overflowed { throw FixedPoint.overflow(type) }
    return Kernel.wrap(r, type, pair: isPair)
  }

  /// `a op b` when either side is DECIMAL and the other a number; nil otherwise. Null is the
  /// least value, as everywhere.
  static func compare(_ op: ComparisonOperator, _ a: Value, _ b: Value) throws(ScriptError) -> Value? {
    let (ta, tb) = (a.type, b.type)
    guard ta.isDecimal || tb.isDecimal else { return nil }
    if ta.isFloating || tb.isFloating {
      guard let xs = Kernel.doubles(a), let ys = Kernel.doubles(b) else { return nil }
      return Kernel.wrap(
        try Kernel.map(xs, ys, op.rawValue) { x, y -> Bool? in
          op.test(x.isNaN ? -Double.infinity : x, y.isNaN ? -Double.infinity : y)
        })
    }
    guard ta.isDecimal || ta.isIntegral || ta == .void, tb.isDecimal || tb.isIntegral || tb == .void,
      let xs = Kernel.ints(a), let ys = Kernel.ints(b)
    else { return nil }
    let scale = max(ta.decimalScale, tb.decimalScale)
    let pa = Int128(FixedPoint.power(scale - ta.decimalScale))
    let pb = Int128(FixedPoint.power(scale - tb.decimalScale))
    return Kernel.wrap(
      try Kernel.map(xs, ys, op.rawValue) { x, y -> Bool? in
        if x == Int64.min || y == Int64.min { return op.test(x == Int64.min ? 0 : 1, y == Int64.min ? 0 : 1) }
        return op.test(Int128(x) * pa, Int128(y) * pb)
      })
  }
}
