import ScriptRuntime

/// `brute(func, ranges, [ns=20], [finish=fmin])`: scipy's brute force minimization: `func` at
/// every point of the grid the ranges span (each `(low, high)` or `(low, high, num)`, evenly
/// spaced ends included), the least point then handed to `finish` (a function taking
/// (func, X) and giving a dictionary with xopt and fopt; NULL: none).
enum GridSearch {
  /// The most grid points evaluated (each is a call into the script), and variables.
  static let maxPoints = 10_000_000
  static let maxVariables = 40

  /// One axis: its low end, step and number of points, as numpy's mgrid spaces them.
  struct Axis {
    var low: Double
    var step: Double
    var count: Int
    func value(_ k: Int) -> Double { Double(k) * step + low }
  }

  static func axes(_ v: Value, ns: Int) throws(ScriptError) -> [Axis] {
    let items: [Value]
    switch v {
    case .tuple(let t): items = t
    default: throw ScriptError(RuntimeMessages.bruteRanges(v.typeString))
    }
    // A single (low, high[, num]) of numbers is one axis, not a tuple of axes.
    let list = items.allSatisfy({ $0.isScalar }) ? [v] : items
    guard !list.isEmpty, list.count <= maxVariables else {
      throw ScriptError(RuntimeMessages.bruteRanges(v.typeString))
    }
    var out: [Axis] = []
    for item in list {
      let numbers: [Double]
      switch item {
      case .tuple(let t) where t.allSatisfy({ $0.isScalar && $0.doubleValue != nil }):
        numbers = t.compactMap(\.doubleValue)
      case .vector(let x) where x.type.isNumeric, .pair(let x) where x.type.isNumeric:
        numbers = x.doubles
      default:
        throw ScriptError(RuntimeMessages.bruteRanges(item.typeString))
      }
      guard (2...3).contains(numbers.count), numbers.allSatisfy(\.isFinite) else {
        throw ScriptError(RuntimeMessages.bruteRanges(ValueFormatter.plain(item)))
      }
      var count = ns
      if numbers.count == 3 {
        guard let k = Int(exactly: numbers[2]), k > 0 else {
          throw ScriptError(RuntimeMessages.bruteRanges(ValueFormatter.plain(item)))
        }
        count = k
      }
      let step = count == 1 ? 1 : (numbers[1] - numbers[0]) / Double(count - 1)
      out.append(Axis(low: numbers[0], step: step, count: count))
    }
    return out
  }

  static let builtin = Builtin("brute", args: 2...4, parameterNames: ["func", "ranges", "ns", "finish"]) {
    a throws(ScriptError) in
    let name = "brute"
    let f = try a.function(0, "func of 'brute'")
    let ns = a.has(2) ? try a.integer(2, "ns of 'brute'") : 20
    guard ns > 0 else { throw ScriptError(RuntimeMessages.mustBePositive("ns of 'brute'", ns)) }
    let grid = try axes(a[1], ns: ns)
    var points = 1
    for axis in grid {
      let (p, overflow) = points.multipliedReportingOverflow(by: axis.count)
      guard !overflow, p <= maxPoints else {
        throw ScriptError(RuntimeMessages.tooMany(name, "grid points", p, maxPoints))
      }
      points = p
    }
    // Every point in C order (the last variable fastest); the first least value wins, or the
    // first NaN, as numpy's argmin picks.
    let call = ScriptObjective.script(a.machine, f, name)
    var index = [Int](repeating: 0, count: grid.count)
    var best: [Double] = grid.map { $0.value(0) }
    var bestValue = Double.infinity
    var first = true
    for _ in 0..<points {
      let x = (0..<grid.count).map { grid[$0].value(index[$0]) }
      let v = try call(x)
      if first || (!bestValue.isNaN && (v.isNaN || v < bestValue)) {
        best = x
        bestValue = v
        first = false
      }
      var k = grid.count - 1
      while k >= 0 {
        index[k] += 1
        if index[k] < grid[k].count { break }
        index[k] = 0
        k -= 1
      }
    }
    var xopt = best
    var fopt = bestValue
    // An explicit NULL finish returns the grid's point; by default fmin polishes it.
    let explicitNull = a.count > 3 && !a.has(3)
    if !explicitNull {
      let point = Value.vector(Vector(doubles: best))
      let finished =
        a.has(3)
        ? try a.machine.call(try a.function(3, "finish of 'brute'"), [.function(f), point])
        : try a.machine.call(function: "fmin", [.function(f), point])
      guard case .dictionary(let d) = finished, let x = d[.string("xopt")], let fv = d[.string("fopt")],
        let xs = Structural.asVector(x).map(\.doubles) ?? (x.isScalar ? x.doubleValue.map { [$0] } : nil),
        let value = fv.doubleValue
      else {
        throw ScriptError(
          RuntimeMessages.optimizerResultShape(name, "finish", "a dictionary with xopt and fopt", finished.typeString))
      }
      xopt = xs
      fopt = value
    }
    return try GradientMinimizers.result([("xopt", .vector(Vector(doubles: xopt))), ("fopt", .double(fopt))])
  }

  static let all: [Builtin] = [builtin]
}
