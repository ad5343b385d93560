import ScriptRuntime

/// Probability densities `pdfNormal(mean, stdev, X)`, `pdfChiSquare(df, X)` and
/// `pdfF(numeratorDF, denominatorDF, X)`, with the parameters first as in the matching `cdfX`
/// functions; scipy.stats' `norm.pdf`, `chi2.pdf` and `f.pdf`. A density that is infinite (at 0
/// for fewer than 2 degrees of freedom) gives null, as every other non-finite result does.
enum ProbabilityDensities {
  /// The chi-square density, in logs so that large degrees of freedom do not overflow.
  static func chiSquare(_ k: Double, _ x: Double) -> Double {
    if x.isNaN { return .nan }
    if x < 0 || x == .infinity { return 0 }
    let half = k / 2
    if x == 0 { return half < 1 ? .infinity : half == 1 ? 0.5 : 0 }
    return Math.exp((half - 1) * Math.log(x) - x / 2 - half * Math.log(2) - Math.logGamma(half))
  }

  /// Fisher's F density, in logs.
  static func f(_ d1: Double, _ d2: Double, _ x: Double) -> Double {
    if x.isNaN { return .nan }
    if x < 0 || x == .infinity { return 0 }
    if x == 0 { return d1 < 2 ? .infinity : d1 == 2 ? 1 : 0 }
    let logBeta = Math.logGamma(d1 / 2) + Math.logGamma(d2 / 2) - Math.logGamma((d1 + d2) / 2)
    let logDensity =
      d1 / 2 * Math.log(d1) + d2 / 2 * Math.log(d2) + (d1 / 2 - 1) * Math.log(x) - (d1 + d2) / 2
      * Math.log(d2 + d1 * x) - logBeta
    return Math.exp(logDensity)
  }

  /// Argument `i` as a finite positive number, else the distribution's parameter error.
  static func positive(_ a: CallArguments, _ i: Int, _ name: String) throws(ScriptError) -> Double {
    guard let x = a[i].doubleValue, x.isFinite, x > 0 else {
      throw ScriptError(RuntimeMessages.distributionParameters(name))
    }
    return x
  }

  static let all: [Builtin] = [
    Builtin("pdfNormal", args: 3...3, parameterNames: ["mean", "stdev", "X"]) { a throws(ScriptError) in
      guard let mean = a[0].doubleValue, mean.isFinite, let stdev = a[1].doubleValue, stdev > 0, stdev.isFinite else {
        throw ScriptError(RuntimeMessages.needsPositiveStdev("pdfNormal"))
      }
      let scale = 1 / (stdev * (2 * Double.pi).squareRoot())
      return try MathBuiltins.mapDoubles(a[2], "pdfNormal") { x in
        let z = (x - mean) / stdev
        return scale * Math.exp(-0.5 * z * z)
      }
    },
    Builtin("pdfChiSquare", args: 2...2, parameterNames: ["df", "X"]) { a throws(ScriptError) in
      let k = try positive(a, 0, "pdfChiSquare")
      return try MathBuiltins.mapDoubles(a[1], "pdfChiSquare") { chiSquare(k, $0) }
    },
    Builtin("pdfF", args: 3...3, parameterNames: ["numeratorDF", "denominatorDF", "X"]) { a throws(ScriptError) in
      let d1 = try positive(a, 0, "pdfF")
      let d2 = try positive(a, 1, "pdfF")
      return try MathBuiltins.mapDoubles(a[2], "pdfF") { f(d1, d2, $0) }
    },
  ]
}
