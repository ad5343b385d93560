import ScriptRuntime

#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// The rest of libm's functions of one number: trigonometric and hyperbolic functions and their
/// inverses, `log2 log10 log1p expm1 cbrt`, `square`, `deg2rad` and `rad2deg`. Element by element on
/// vectors, matrices and array vectors; a result outside the function's domain is null.
enum MathFunctions {
  static let all: [Builtin] = [
    MathBuiltins.doubleMap("tan") { tan($0) },
    MathBuiltins.doubleMap("asin") { asin($0) },
    MathBuiltins.doubleMap("acos") { acos($0) },
    MathBuiltins.doubleMap("atan") { atan($0) },
    MathBuiltins.doubleMap("sinh") { sinh($0) },
    MathBuiltins.doubleMap("cosh") { cosh($0) },
    MathBuiltins.doubleMap("tanh") { tanh($0) },
    MathBuiltins.doubleMap("asinh") { asinh($0) },
    MathBuiltins.doubleMap("acosh") { acosh($0) },
    MathBuiltins.doubleMap("atanh") { atanh($0) },
    MathBuiltins.doubleMap("log2") { $0 <= 0 ? .nan : log2($0) },
    MathBuiltins.doubleMap("log10") { $0 <= 0 ? .nan : log10($0) },
    MathBuiltins.doubleMap("log1p") { $0 <= -1 ? .nan : log1p($0) },
    MathBuiltins.doubleMap("expm1") { expm1($0) },
    MathBuiltins.doubleMap("cbrt") { cbrt($0) },
    MathBuiltins.doubleMap("square") { $0 * $0 },
    MathBuiltins.doubleMap("deg2rad") { $0 * Double.pi / 180 },
    MathBuiltins.doubleMap("rad2deg") { $0 * 180 / Double.pi },
  ]
}
