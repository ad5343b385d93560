import ScriptRuntime

/// How two samples move together: `wcovar` (weighted covariance), `mutualInfo` (of two
/// categorical samples) and `histogram2d` (joint counts on a grid, as numpy's).
enum Dependence {
  /// The most cells a `histogram2d` grid may have.
  static let maxHistogramCells = 10_000_000

  /// `wcovar(X, Y, W)`: the W-weighted covariance of the rows where X and Y are not null,
  /// `sum(w(x - mx)(y - my)) / sum(w) * m / (m - 1)` for `m` rows (DolphinDB's documented
  /// example gives this normalization).
  static func wcovar(_ a: CallArguments) throws(ScriptError) -> Value {
    let name = "wcovar"
    let x = try numeric(a, 0, name)
    let y = try numeric(a, 1, name)
    let w = try numeric(a, 2, name)
    guard x.count == y.count else { throw ScriptError(RuntimeMessages.incompatibleSizes(name, x.count, y.count)) }
    guard x.count == w.count else { throw ScriptError(RuntimeMessages.incompatibleSizes(name, x.count, w.count)) }
    var sw = 0.0
    var swx = 0.0
    var swy = 0.0
    var m = 0
    for i in x.indices where !x[i].isNaN && !y[i].isNaN {
      guard !w[i].isNaN else { throw ScriptError(RuntimeMessages.weightsHaveNulls(name)) }
      sw += w[i]
      swx += w[i] * x[i]
      swy += w[i] * y[i]
      m += 1
    }
    guard m > 1, sw != 0 else { return .double(.nan, .double) }
    let (mx, my) = (swx / sw, swy / sw)
    var s = 0.0
    for i in x.indices where !x[i].isNaN && !y[i].isNaN { s += w[i] * (x[i] - mx) * (y[i] - my) }
    return .double(s / sw * Double(m) / Double(m - 1), .double)
  }

  /// `mutualInfo(X, Y)`: `sum |Ui ∩ Vj| / N * ln(N |Ui ∩ Vj| / (|Ui| |Vj|))` over the
  /// categories of integral or symbol samples (each null a category of its own); a matrix X
  /// gives one value a column.
  static func mutualInfo(_ a: CallArguments) throws(ScriptError) -> Value {
    if case .object(let m as Matrix) = a[0] {
      var out: [Double] = []
      let other = a[1]
      for j in 0..<m.columnCount {
        let y: Value
        if case .object(let my as Matrix) = other {
          guard my.rowCount == m.rowCount, my.columnCount == m.columnCount else {
            throw ScriptError(RuntimeMessages.incompatibleSizes("mutualInfo", m.rowCount, my.rowCount))
          }
          y = .vector(my.columns[j])
        } else {
          y = other
        }
        out.append(try mutualInfo(.vector(m.columns[j]), y))
      }
      return Series.doubles(out)
    }
    return .double(try mutualInfo(a[0], a[1]), .double)
  }

  private static func mutualInfo(_ xv: Value, _ yv: Value) throws(ScriptError) -> Double {
    let n = max(count(xv), count(yv))
    let x = try categories(xv, n)
    let y = try categories(yv, n)
    guard n > 0 else { return .nan }
    var joint: [SIMD2<Int>: Int] = [:]
    var cx: [Int: Int] = [:]
    var cy: [Int: Int] = [:]
    for i in 0..<n {
      joint[SIMD2(x[i], y[i]), default: 0] += 1
      cx[x[i], default: 0] += 1
      cy[y[i], default: 0] += 1
    }
    let total = Double(n)
    var mi = 0.0
    for (key, c) in joint {
      let nx = Double(cx[key.x] ?? 1)
      let ny = Double(cy[key.y] ?? 1)
      let p = Double(c)
      mi += p / total * Math.log((total * p) / (nx * ny))
    }
    return mi
  }

  private static func count(_ v: Value) -> Int {
    if case .vector(let vec) = v { return vec.count }
    return 1
  }

  /// Dense category codes of an integral or symbol sample, a scalar repeated `n` times.
  private static func categories(_ v: Value, _ n: Int) throws(ScriptError) -> [Int] {
    let vec: Vector
    switch v {
    case .vector(let x):
      guard x.count == n else { throw ScriptError(RuntimeMessages.incompatibleSizes("mutualInfo", n, x.count)) }
      vec = x
    default:
      guard v.isScalar else { throw ScriptError(RuntimeMessages.cannotTake("mutualInfo", v.typeString)) }
      return Array(repeating: 0, count: n)
    }
    if vec.type == .string || vec.type == .symbol {
      var codes: [String: Int] = [:]
      var next = 0
      return vec.strings.map { s in
        // Each null is a category of its own, as DolphinDB counts them.
        if s.isEmpty {
          next += 1
          return -next
        }
        if let c = codes[s] { return c }
        codes[s] = codes.count
        return codes.count - 1
      }
    }
    guard vec.type.isIntegral || vec.type == .bool || vec.type == .char || vec.type == .void else {
      throw ScriptError(RuntimeMessages.cannotTakeVector("mutualInfo", of: vec.type.name))
    }
    var codes: [Int64: Int] = [:]
    var next = 0
    return vec.int64s.map { s in
      if s == Int64.min {
        next += 1
        return -next
      }
      if let c = codes[s] { return c }
      codes[s] = codes.count
      return codes.count - 1
    }
  }

  /// `histogram2d(X, Y, [bins=10], [range], [density=false], [weights])`: a dictionary of
  /// `H` (the counts, a row per x bin), `xedges` and `yedges`, binned as numpy's
  /// `histogram2d` (each bin half-open but the last, points outside the edges left out).
  static func histogram2d(_ a: CallArguments) throws(ScriptError) -> Value {
    let name = "histogram2d"
    let x = try numeric(a, 0, name)
    let y = try numeric(a, 1, name)
    guard x.count == y.count else { throw ScriptError(RuntimeMessages.incompatibleSizes(name, x.count, y.count)) }
    guard !x.contains(where: \.isNaN), !y.contains(where: \.isNaN) else {
      throw ScriptError(RuntimeMessages.histogramNulls(name, "X and Y"))
    }
    var specs: [Value] = [.int(10, .int), .int(10, .int)]
    if a.has(2) {
      if case .tuple(let items) = a[2] {
        guard items.count == 2 else { throw ScriptError(RuntimeMessages.histogramBins(name)) }
        specs = items
      } else {
        specs = [a[2], a[2]]
      }
    }
    var ranges: [(Double, Double)?] = [nil, nil]
    if a.has(3) {
      guard case .tuple(let items) = a[3], items.count == 2 else {
        throw ScriptError(RuntimeMessages.histogramRange(name))
      }
      for (k, item) in items.enumerated() {
        guard case .vector(let r) = item, r.count == 2, r.type.isNumeric else {
          throw ScriptError(RuntimeMessages.histogramRange(name))
        }
        let d = r.doubles
        guard d[0].isFinite, d[1].isFinite, d[0] <= d[1] else {
          throw ScriptError(RuntimeMessages.histogramRange(name))
        }
        ranges[k] = (d[0], d[1])
      }
    }
    let density = a.has(4) ? a[4].isTruthy : false
    var weights: [Double]?
    if a.has(5) {
      let w = try numeric(a, 5, name)
      guard w.count == x.count else { throw ScriptError(RuntimeMessages.incompatibleSizes(name, x.count, w.count)) }
      guard !w.contains(where: \.isNaN) else { throw ScriptError(RuntimeMessages.histogramNulls(name, "weights")) }
      weights = w
    }
    // The grid's size is checked before any edge is made.
    let counts = specs.map { spec -> Int in
      if case .vector(let v) = spec { return max(v.count - 1, 1) }
      return Int(clamping: spec.intValue ?? 1)
    }
    guard counts[0] > 0, counts[1] > 0, case let (planned, over) = counts[0].multipliedReportingOverflow(by: counts[1]),
      !over, planned <= maxHistogramCells
    else {
      throw ScriptError(RuntimeMessages.histogramBins(name))
    }
    let xedges = try edges(specs[0], x, ranges[0], name)
    let yedges = try edges(specs[1], y, ranges[1], name)
    let (nx, ny) = (xedges.count - 1, yedges.count - 1)
    guard case let (cells, overflow) = nx.multipliedReportingOverflow(by: ny), !overflow, cells <= maxHistogramCells,
      nx <= maxHistogramCells,
      ny <= maxHistogramCells
    else {
      throw ScriptError(RuntimeMessages.histogramBins(name))
    }
    var h = LinearDecompositions.Dense(rows: nx, columns: ny)
    for i in x.indices {
      if i % 65_536 == 0, a.machine.isInterrupted { throw Machine.interrupted() }
      guard let bx = bin(x[i], xedges), let by = bin(y[i], yedges) else { continue }
      h[bx, by] += weights?[i] ?? 1
    }
    if density {
      let total = h.cells.reduce(0, +)
      for i in 0..<nx {
        for j in 0..<ny {
          h[i, j] /= total * (xedges[i + 1] - xedges[i]) * (yedges[j + 1] - yedges[j])
        }
      }
    }
    var d = DictionaryValue(keyType: .string, valueType: .any)
    try d.set(.string("H"), try h.value)
    try d.set(.string("xedges"), Series.doubles(xedges))
    try d.set(.string("yedges"), Series.doubles(yedges))
    return .dictionary(d)
  }

  /// The bin edges of one axis: `count` equal bins over the range (the data's when not given,
  /// widened by 0.5 each side when it is one point, as numpy does), or the given edges.
  private static func edges(
    _ spec: Value, _ data: [Double], _ range: (Double, Double)?, _ name: String
  ) throws(ScriptError) -> [Double] {
    if case .vector(let v) = spec {
      let e = v.doubles
      guard e.count >= 2, v.type.isNumeric, !e.contains(where: \.isNaN), zip(e, e.dropFirst()).allSatisfy({ $0 < $1 })
      else {
        throw ScriptError(RuntimeMessages.histogramBins(name))
      }
      return e
    }
    guard spec.isScalar, !spec.isNull, let count = spec.intValue, count > 0, count <= maxHistogramCells else {
      throw ScriptError(RuntimeMessages.histogramBins(name))
    }
    var (lo, hi) = range ?? (data.min() ?? 0, data.max() ?? 1)
    if lo == hi {
      lo -= 0.5
      hi += 0.5
    }
    let n = Int(count)
    let step = (hi - lo) / Double(n)
    var e = (0...n).map { lo + Double($0) * step }
    e[n] = hi
    return e
  }

  /// The bin of `v` among increasing `edges`: the last edge closes the last bin.
  private static func bin(_ v: Double, _ edges: [Double]) -> Int? {
    guard let first = edges.first, let last = edges.last, v >= first, v <= last else { return nil }
    if v == last { return edges.count - 2 }
    // The first edge greater than v, less one (numpy's searchsorted side='right').
    var lo = 0
    var hi = edges.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if edges[mid] <= v { lo = mid + 1 } else { hi = mid }
    }
    return lo - 1
  }

  /// Argument `i` as doubles (a scalar is one element), numeric types only.
  private static func numeric(_ a: CallArguments, _ i: Int, _ name: String) throws(ScriptError) -> [Double] {
    let v = try Series.vector(a, i, name)
    guard v.type.isNumeric || v.type == .bool || v.type == .void else {
      throw ScriptError(RuntimeMessages.cannotTakeVector(name, of: v.type.name))
    }
    return v.doubles
  }

  static let all: [Builtin] = [
    Builtin("wcovar", args: 3...3, parameterNames: ["X", "Y", "W"]) { a throws(ScriptError) in try wcovar(a) },
    Builtin("mutualInfo", args: 2...2, parameterNames: ["X", "Y"]) { a throws(ScriptError) in try mutualInfo(a) },
    Builtin(
      "histogram2d", args: 2...6, parameterNames: ["X", "Y", "bins", "range", "density", "weights"]
    ) { a throws(ScriptError) in try histogram2d(a) },
  ]
}
