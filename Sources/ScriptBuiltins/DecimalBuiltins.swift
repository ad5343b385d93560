import ScriptRuntime

/// `decimal32(x, scale)`, `decimal64(x, scale)` and the type constructors `DECIMAL32(scale)`,
/// `DECIMAL64(scale)` that schemas (`table(1:0, names, [INT, DECIMAL32(4)])`), `array`
/// and `$` take.
enum DecimalBuiltins {
  static func type(_ a: CallArguments, _ i: Int, bits: Int) throws(ScriptError) -> DataType {
    let scale = try a.integer(i, "the scale of DECIMAL\(bits)")
    guard let t = DataType.decimal(bits: bits, scale: scale) else {
      throw ScriptError(
        RuntimeMessages.decimalScaleInvalid(
          bits, Int64(scale), max: bits == 32 ? DataType.maxDecimalScale32 : DataType.maxDecimalScale64))
    }
    return t
  }

  static func converter(_ name: String, bits: Int) -> Builtin {
    Builtin(name, args: 2...2, parameterNames: ["X", "scale"]) { a throws(ScriptError) in
      try Cast.value(a[0], to: try type(a, 1, bits: bits))
    }
  }

  /// The type code of DECIMALnn(scale): what a schema's type list holds; with a true second
  /// argument (what `DECIMAL32(2)[]` compiles to), the code of its array vector type.
  static func constructor(_ name: String, bits: Int) -> Builtin {
    Builtin(name, args: 1...2) { a throws(ScriptError) in
      let code = Int64(try type(a, 0, bits: bits).rawValue)
      return .int(a.has(1) && a[1].isTruthy ? code + DataType.arrayCodeOffset : code, .int)
    }
  }

  static let all: [Builtin] = [
    converter("decimal32", bits: 32), converter("decimal64", bits: 64),
    constructor("DECIMAL32", bits: 32), constructor("DECIMAL64", bits: 64),
  ]
}
