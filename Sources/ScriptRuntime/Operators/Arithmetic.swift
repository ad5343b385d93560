/// The arithmetic operators, vectorised with null propagation.
public enum ArithmeticOperator: String, Sendable {
  case add = "+", sub = "-", mul = "*", div = "/", ratio = "\\", mod = "%"
}

/// Arithmetic on scalars, vectors and pairs.
public enum Arithmetic {
  static func invalid(_ op: ArithmeticOperator, _ a: Value, _ b: Value) -> ScriptError {
    ScriptError(RuntimeMessages.cannotApply(op.rawValue, a.typeString, b.typeString))
  }

  /// `a op b`.
  public static func apply(_ op: ArithmeticOperator, _ a: Value, _ b: Value) throws(ScriptError) -> Value {
    // Scalar fast paths: the interpreter's loops live here.
    if case .int(let x, let tx) = a, case .int(let y, let ty) = b, tx.isIntegral, ty.isIntegral, op != .ratio {
      let t: DataType = tx == .long || ty == .long ? .long : .int
      if x == Int64.min || y == Int64.min { return .int(Int64.min, t) }
      return .int(Kernel.normalize(intOp(op, x, y), t), t)
    }
    if case .double(let x, let tx) = a, case .double(let y, let ty) = b {
      return .double(doubleOp(op, x, y), tx == .float && ty == .float ? .float : .double)
    }
    // A DOUBLE and a non-null integer (`s += i` on a DOUBLE sum, `x * 2`): the integer as a double.
    if case .double(let x, .double) = a, case .int(let y, let ty) = b, ty.isIntegral, ty != .bool, y != Int64.min {
      return .double(doubleOp(op, x, Double(y)), .double)
    }
    if case .int(let x, let tx) = a, case .double(let y, .double) = b, tx.isIntegral, tx != .bool, x != Int64.min {
      return .double(doubleOp(op, Double(x), y), .double)
    }
    if op == .sub, case .set(var x) = a, case .set(let y) = b {
      // A set minus a set: the first's elements the second lacks.
      x.remove(y.elements)
      return .set(x)
    }
    if let r = try Matrix.combine(a, b, { x, y throws(ScriptError) in try apply(op, x, y) }) { return r }
    if let r = try ArrayVectorOperations.combine(a, b, op.rawValue, { x, y throws(ScriptError) in try apply(op, x, y) })
    {
      return r
    }
    if case .tuple(let items) = a {
      var out: [Value] = []
      for (i, item) in items.enumerated() {
        out.append(try apply(op, item, b.isScalar ? b : try element(b, i, count: items.count, op)))
      }
      return .tuple(out)
    }
    if case .tuple = b, a.isScalar {
      guard case .tuple(let items) = b else { return .void }
      var out: [Value] = []
      for item in items { out.append(try apply(op, a, item)) }
      return .tuple(out)
    }
    let ta = a.type
    let tb = b.type
    let isPair: Bool = {
      if case .pair = a { return true }
      if case .pair = b { return true }
      return false
    }()
    if ta == .void || tb == .void {
      let t = ta == .void ? tb : ta
      if a.isScalar && b.isScalar { return .null(t == .void ? .double : (t.isIntegral ? .int : t)) }
    }
    // Strings: + concatenates.
    if ta.isText || tb.isText {
      // A CHAR joins a string as its character: `"db(" + '"'`; a number or a date joins as it
      // prints (`"id" + 1` is "id1"), a function as its name (`"select " + avg + "(x)"`).
      func text(_ v: Value) throws(ScriptError) -> Operand<String>? {
        if case .int(let c, .char) = v {
          return .scalar(c == Value.nullInt ? "" : String(UnicodeScalar(UInt8(truncatingIfNeeded: c))))
        }
        if let s = Kernel.strings(v) { return s }
        if case .function(let f) = v { return .scalar(f.name) }
        guard v.type.isNumeric || v.type.isTemporal, v.isScalar || v.form == .vector else { return nil }
        return Kernel.strings(try Cast.value(v, to: .string))
      }
      guard op == .add, let xs = try text(a), let ys = try text(b) else { throw invalid(op, a, b) }
      let r = try Kernel.map(xs, ys, op.rawValue) { x, y in x + y }
      switch r {
      case .scalar(let s): return .string(s, .string)
      case .array(let arr): return .vector(Vector(strings: arr))
      }
    }
    if case .duration(let d) = b, ta.isTemporal, op == .add || op == .sub {
      return try Temporal.addDuration(a, op == .add ? d.count : -d.count, unit: d.unit)
    }
    if ta.isTemporal || tb.isTemporal { return try temporal(op, a, b, isPair: isPair) }
    if let r = try DecimalArithmetic.apply(op, a, b, isPair: isPair) { return r }
    guard (ta.isNumeric || ta == .void), (tb.isNumeric || tb == .void), a.isNumericShaped, b.isNumericShaped else {
      throw invalid(op, a, b)
    }
    let floating = op == .ratio || ta.isFloating || tb.isFloating
    if floating, let fast = try fastDoubles(op, a, b, isPair: isPair) { return fast }
    if floating {
      guard let xs = Kernel.doubles(a), let ys = Kernel.doubles(b) else { throw invalid(op, a, b) }
      let t: DataType = ta == .float && tb == .float && op != .ratio ? .float : .double
      return Kernel.wrap(try doubles(op, xs, ys), t, pair: isPair)
    }
    let t: DataType = ta == .long || tb == .long ? .long : .int
    if case .vector(let va) = a, case .i32(let xs) = va.storage, case .int(let y, _) = b, t == .int {
      return .vector(Vector(type: .int, storage: .i32(int32Op(op, xs, y))))
    }
    guard let xs = Kernel.ints(a), let ys = Kernel.ints(b) else { throw invalid(op, a, b) }
    let r = try Kernel.map(xs, ys, op.rawValue) { x, y in
      x == Int64.min || y == Int64.min ? Int64.min : intOp(op, x, y)
    }
    return Kernel.wrap(r, t, pair: isPair)
  }

  /// `xs op ys` element by element on Doubles (a zero divisor gives null).
  static func doubles(_ op: ArithmeticOperator, _ xs: Operand<Double>, _ ys: Operand<Double>) throws(ScriptError)
    -> Operand<Double>
  {
    switch op {
    case .add: return try Kernel.map(xs, ys, "+") { $0 + $1 }
    case .sub: return try Kernel.map(xs, ys, "-") { $0 - $1 }
    case .mul: return try Kernel.map(xs, ys, "*") { $0 * $1 }
    case .div, .ratio: return try Kernel.map(xs, ys, op.rawValue) { $1 == 0 ? .nan : $0 / $1 }
    case .mod: return try Kernel.map(xs, ys, "%") { doubleOp(.mod, $0, $1) }
    }
  }

  /// DOUBLE columns with a scalar or a column of the same length, without per-element closures.
  static func fastDoubles(_ op: ArithmeticOperator, _ a: Value, _ b: Value, isPair: Bool) throws(ScriptError) -> Value?
  {
    guard !isPair, a.type != .float, b.type != .float else { return nil }
    switch (Kernel.doubles(a), Kernel.doubles(b)) {
    case (.array(let xs)?, .scalar(let y)?): return .vector(Vector(doubles: DoubleKernels.apply(op, xs, y)))
    case (.scalar(let x)?, .array(let ys)?): return .vector(Vector(doubles: DoubleKernels.apply(op, x, ys)))
    case (.array(let xs)?, .array(let ys)?):
      guard xs.count == ys.count else { throw Kernel.sizeMismatch(op.rawValue, xs.count, ys.count) }
      return .vector(Vector(doubles: DoubleKernels.apply(op, xs, ys)))
    default: return nil
    }
  }

  static func element(_ v: Value, _ i: Int, count: Int, _ op: ArithmeticOperator) throws(ScriptError) -> Value {
    switch v {
    case .tuple(let items):
      guard items.count == count else { throw Kernel.sizeMismatch(op.rawValue, count, items.count) }
      return items[i]
    case .vector(let vec):
      guard vec.count == count else { throw Kernel.sizeMismatch(op.rawValue, count, vec.count) }
      return vec[i]
    default: return v
    }
  }

  /// INT vector op INT scalar without widening the column.
  static func int32Op(_ op: ArithmeticOperator, _ xs: [Int32], _ y: Int64) -> [Int32] {
    Array(unsafeUninitializedCapacity: xs.count) { buf, n in
      xs.withUnsafeBufferPointer { src in
        if y == Int64.min {
          for i in 0..<src.count { buf[i] = Int32.min }
        } else {
          for i in 0..<src.count {
            let x = src[i]
            // Null in (or from / 0 and % 0) is null out, not the low bits of LONG's null.
            let r = x == Int32.min ? Int64.min : intOp(op, Int64(x), y)
            buf[i] = r == Int64.min ? Int32.min : Int32(truncatingIfNeeded: r)
          }
        }
      }
      n = xs.count
    }
  }

  @inline(__always)
  static func intOp(_ op: ArithmeticOperator, _ x: Int64, _ y: Int64) -> Int64 {
    switch op {
    case .add: return x &+ y
    case .sub: return x &- y
    case .mul: return x &* y
    case .div:
      if y == 0 { return Int64.min }
      return Temporal.floorDiv(x, y)
    case .mod:
      if y == 0 { return Int64.min }
      return Temporal.floorMod(x, y)
    case .ratio: return Int64.min
    }
  }

  @inline(__always)
  static func doubleOp(_ op: ArithmeticOperator, _ x: Double, _ y: Double) -> Double {
    switch op {
    case .add: return x + y
    case .sub: return x - y
    case .mul: return x * y
    case .div, .ratio: return y == 0 ? .nan : x / y
    case .mod:
      if y == 0 { return .nan }
      let r = x.truncatingRemainder(dividingBy: y)
      return r != 0 && (r < 0) != (y < 0) ? r + y : r
    }
  }

  /// Temporal arithmetic: shifting by integers, differences of two temporals.
  static func temporal(_ op: ArithmeticOperator, _ a: Value, _ b: Value, isPair: Bool) throws(ScriptError) -> Value {
    let ta = a.type
    let tb = b.type
    guard let xs = Kernel.ints(a), let ys = Kernel.ints(b) else { throw invalid(op, a, b) }
    // Out of the type's range is null, never a wrapped date.
    func shifted(_ t: DataType) -> (Int64, Int64) -> Int64 {
      { x, y in
        if x == Int64.min || y == Int64.min { return Int64.min }
        let (r, o) = x.addingReportingOverflow(y)
        return !o && Temporal.fits(r, t) ? r : Int64.min
      }
    }
    let negated: (Int64) -> Int64 = { $0 == Int64.min ? Int64.min : 0 - $0 }
    switch op {
    case .add where ta.isTemporal && (tb.isIntegral || tb == .void):
      return Kernel.wrap(try Kernel.map(xs, ys, "+", shifted(ta)), ta, pair: isPair)
    case .add where tb.isTemporal && (ta.isIntegral || ta == .void):
      return Kernel.wrap(try Kernel.map(xs, ys, "+", shifted(tb)), tb, pair: isPair)
    case .add where ta.isTemporal && ta == tb:
      // `2018.10.08T01:01:01.001 + timestamp(1..n)`: DolphinDB adds the second as a count of
      // the type's units, as its tutorials write a run of times.
      return Kernel.wrap(try Kernel.map(xs, ys, "+", shifted(ta)), ta, pair: isPair)
    case .add where Arithmetic.dateTimeAndTimeOfDay(ta, tb) != nil:
      // `datetime(date) + second(time)`: a time of day of the same unit moves a date and time.
      let t = Arithmetic.dateTimeAndTimeOfDay(ta, tb) ?? ta
      return Kernel.wrap(try Kernel.map(xs, ys, "+", shifted(t)), t, pair: isPair)
    case .sub where ta.isTemporal && (tb.isIntegral || tb == .void):
      let shift = shifted(ta)
      return Kernel.wrap(try Kernel.map(xs, ys, "-") { x, y in shift(x, negated(y)) }, ta, pair: isPair)
    case .sub where ta.isTemporal && tb.isTemporal:
      let t: DataType = [.timestamp, .nanotime, .nanotimestamp].contains(ta) ? .long : .int
      if ta == tb {
        let shift = shifted(t == .long ? .long : .int)
        return Kernel.wrap(try Kernel.map(xs, ys, "-") { x, y in shift(x, negated(y)) }, t, pair: isPair)
      }
      // Different units: subtract in the finer unit of the two.
      let unit = Temporal.unitNanos(ta) <= Temporal.unitNanos(tb) ? ta : tb
      let r = try Kernel.map(xs, ys, "-") { x, y -> Int64 in
        if x == Int64.min || y == Int64.min { return Int64.min }
        let (a, b) = (Temporal.dayTime(x, ta), Temporal.dayTime(y, tb))
        let perDay = Temporal.nsPerDay / Temporal.unitNanos(unit)
        let (days, o) = (a.days - b.days).multipliedReportingOverflow(by: perDay)
        let (sum, o2) = days.addingReportingOverflow((a.nanos - b.nanos) / Temporal.unitNanos(unit))
        return o || o2 ? Int64.min : sum
      }
      return Kernel.wrap(r, .long, pair: isPair)
    case .mod where ta.isTemporal && tb.isIntegral:
      // `01:02:03.456 mod 1000` is 456: the count of the type's units, as an integer.
      let t: DataType = [.timestamp, .nanotime, .nanotimestamp].contains(ta) ? .long : .int
      return try apply(.mod, Kernel.wrap(xs, t, pair: isPair), b)
    default:
      throw invalid(op, a, b)
    }
  }
}

extension Arithmetic {
  /// The date-and-time type of a DATETIME and a SECOND, a TIMESTAMP and a TIME, or a
  /// NANOTIMESTAMP and a NANOTIME (either way round); nil for other pairs.
  static func dateTimeAndTimeOfDay(_ a: DataType, _ b: DataType) -> DataType? {
    let pairs: [(DataType, DataType)] = [(.datetime, .second), (.timestamp, .time), (.nanotimestamp, .nanotime)]
    for (dateTime, timeOfDay) in pairs where (a == dateTime && b == timeOfDay) || (a == timeOfDay && b == dateTime) {
      return dateTime
    }
    return nil
  }
}

extension Value {
  /// Scalars, vectors and pairs (not dictionaries, functions or objects).
  var isNumericShaped: Bool {
    switch self {
    case .void, .int, .double, .vector, .pair: return true
    default: return false
    }
  }
}

extension Temporal {
  /// `temporal + duration`, vectorised.
  static func addDuration(_ v: Value, _ n: Int64, unit: String) throws(ScriptError) -> Value {
    switch v {
    case .int(let raw, let t):
      guard let r = add(raw, t, n, unit: unit) else {
        throw ScriptError(RuntimeMessages.cannotAddDurationUnit(unit, to: t.name))
      }
      return .int(r, t)
    case .vector(let vec):
      var out: [Int64] = []
      out.reserveCapacity(vec.count)
      for x in vec.int64s {
        guard let r = add(x, vec.type, n, unit: unit) else {
          throw ScriptError(RuntimeMessages.cannotAddDurationUnit(unit, to: vec.type.name))
        }
        out.append(r)
      }
      return .vector(Vector(type: vec.type, ints: out))
    default:
      throw ScriptError(RuntimeMessages.cannotAddDuration(to: v.typeString))
    }
  }
}
