import ScriptRuntime

/// Whole-matrix statistics: `covarMatrix` and `corrMatrix` of a matrix's columns (nulls count
/// as 0, as DolphinDB documents), `gram` of a table's, a data source's or a matrix's columns,
/// and `vectorNorm`, numpy.linalg.norm's vector and matrix norms.
enum MatrixStatistics {
  /// A numeric matrix's columns as doubles, nulls as 0, at most `maxOrder` of them.
  static func columns(_ v: Value, _ function: String) throws(ScriptError) -> (columns: [[Double]], matrix: Matrix) {
    guard case .object(let m as Matrix) = v, m.dataType.isNumeric || m.dataType == .bool else {
      throw ScriptError(RuntimeMessages.cannotTake(function, v.typeString))
    }
    guard m.columnCount > 0 else { throw ScriptError(RuntimeMessages.matrixEmpty(function)) }
    guard m.columnCount <= LinearDecompositions.maxOrder else {
      throw ScriptError(
        RuntimeMessages.matrixShapeTooLarge(function, m.rowCount, m.columnCount, limit: LinearDecompositions.maxOrder))
    }
    return (m.columns.map { $0.doubles.map { $0.isNaN ? 0 : $0 } }, m)
  }

  /// The products of every pair of (already centred or scaled) columns, summed and divided.
  static func crossProducts(_ cs: [[Double]], divisor: Double, _ machine: Machine) throws(ScriptError) -> [[Double]] {
    let k = cs.count
    var out = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
    for i in 0..<k {
      if machine.isInterrupted { throw Machine.interrupted() }
      for j in i..<k {
        var s = 0.0
        let (x, y) = (cs[i], cs[j])
        for r in x.indices { s += x[r] * y[r] }
        out[i][j] = s / divisor
        out[j][i] = out[i][j]
      }
    }
    return out
  }

  static func centred(_ c: [Double]) -> [Double] {
    let m = Statistics.mean(c)
    return c.map { $0 - m }
  }

  /// A square matrix of `cells` (rows of them), labelled both ways like `like`'s columns.
  static func square(_ cells: [[Double]], labels: Vector?) throws(ScriptError) -> Value {
    let k = cells.count
    let m = try Matrix(columns: (0..<k).map { j in Vector(doubles: cells.map { $0[j] }) }, rows: k)
    if let labels, labels.count == k {
      m.rowLabels = labels
      m.columnLabels = labels
    }
    return .object(m)
  }

  // MARK: vectorNorm

  /// The `ord` of vectorNorm.
  enum Order: Equatable {
    case standard
    case power(Double)
    case infinity
    case negativeInfinity
    case frobenius
    case nuclear

    init(_ v: Value) throws(ScriptError) {
      switch v {
      case .void: self = .standard
      case .string(let s, _):
        switch s.lowercased() {
        case "inf": self = .infinity
        case "-inf": self = .negativeInfinity
        case "fro": self = .frobenius
        case "nuc": self = .nuclear
        default:
          throw ScriptError(
            RuntimeMessages.mustBeOneOf("the ord of 'vectorNorm'", ["inf", "-inf", "fro", "nuc"], got: s))
        }
      default:
        guard v.isScalar, v.type.isNumeric, let d = v.doubleValue else {
          throw ScriptError(
            RuntimeMessages.mustBeOneOf(
              "the ord of 'vectorNorm'", ["a number", "inf", "-inf", "fro", "nuc"], got: v.typeString))
        }
        self = d == .infinity ? .infinity : d == -.infinity ? .negativeInfinity : .power(d)
      }
    }

    var text: String {
      switch self {
      case .standard: return "the default"
      case .power(let p): return ValueFormatter.plain(.double(p))
      case .infinity: return "inf"
      case .negativeInfinity: return "-inf"
      case .frobenius: return "fro"
      case .nuclear: return "nuc"
      }
    }
  }

  /// A vector norm of `xs`.
  static func vectorNorm(_ xs: [Double], _ ord: Order) throws(ScriptError) -> Double {
    switch ord {
    case .standard, .power(2): return xs.reduce(0) { $0 + $1 * $1 }.squareRoot()
    case .power(0): return Double(xs.filter { $0 != 0 }.count)
    case .power(1): return xs.reduce(0) { $0 + abs($1) }
    case .power(let p):
      // A zero to a negative power is infinite, which makes the norm 0 (numpy's answer).
      var sum = 0.0
      for x in xs { sum += x == 0 ? (p < 0 ? .infinity : 0) : Math.pow(abs(x), p) }
      if sum == .infinity { return p < 0 ? 0 : .nan }
      return Math.pow(sum, 1 / p)
    case .infinity: return xs.map(abs).max() ?? .nan
    case .negativeInfinity: return xs.map(abs).min() ?? .nan
    case .frobenius, .nuclear:
      throw ScriptError(
        RuntimeMessages.mustBeOneOf("the ord of 'vectorNorm' on a vector", ["a number", "inf", "-inf"], got: ord.text))
    }
  }

  /// A matrix norm of `m` (rows x columns).
  static func matrixNorm(_ m: LinearDecompositions.Dense, _ ord: Order, _ machine: Machine) throws(ScriptError)
    -> Double
  {
    func columnSums() -> [Double] { (0..<m.columns).map { j in m.column(j).reduce(0) { $0 + abs($1) } } }
    func rowSums() -> [Double] {
      (0..<m.rows).map { i in (0..<m.columns).reduce(0) { $0 + abs(m[i, $1]) } }
    }
    func singular() throws(ScriptError) -> [Double] {
      guard m.rows <= LinearDecompositions.maxOrder, m.columns <= LinearDecompositions.maxOrder else {
        throw ScriptError(
          RuntimeMessages.matrixShapeTooLarge("vectorNorm", m.rows, m.columns, limit: LinearDecompositions.maxOrder))
      }
      let tall = m.rows >= m.columns ? m : m.transposed
      return try LinearDecompositions.thinSVD(tall, machine).s
    }
    switch ord {
    case .standard, .frobenius: return m.cells.reduce(0) { $0 + $1 * $1 }.squareRoot()
    case .nuclear: return try singular().reduce(0, +)
    case .infinity: return rowSums().max() ?? .nan
    case .negativeInfinity: return rowSums().min() ?? .nan
    case .power(1): return columnSums().max() ?? .nan
    case .power(-1): return columnSums().min() ?? .nan
    case .power(2): return try singular().first ?? .nan
    case .power(-2): return try singular().last ?? .nan
    case .power:
      throw ScriptError(
        RuntimeMessages.mustBeOneOf(
          "the ord of 'vectorNorm' on a matrix", ["1", "-1", "2", "-2", "inf", "-inf", "fro", "nuc"], got: ord.text))
    }
  }

  /// The axes of vectorNorm: distinct 0s and 1s, at most `limit` of them.
  static func axes(_ v: Value, limit: Int) throws(ScriptError) -> [Int]? {
    if case .void = v { return nil }
    let items: [Value]
    switch v {
    case .vector(let vec), .pair(let vec): items = vec.values
    case .tuple(let xs): items = xs
    default: items = [v]
    }
    var out: [Int] = []
    for item in items {
      guard item.isScalar, item.type.isIntegral, let x = item.intValue, x >= 0, x < Int64(limit) else {
        throw ScriptError(
          RuntimeMessages.mustBeOneOf(
            "each axis of 'vectorNorm'", limit == 1 ? ["0"] : ["0", "1"], got: ValueFormatter.plain(item)))
      }
      out.append(Int(x))
    }
    guard !out.isEmpty, out.count <= limit, Set(out).count == out.count else {
      throw ScriptError(
        RuntimeMessages.mustBeOneOf(
          "the axis of 'vectorNorm'", limit == 1 ? ["0"] : ["0", "1", "0 1", "1 0"], got: ValueFormatter.plain(v)))
    }
    return out
  }

  static let vectorNormBuiltin = Builtin("vectorNorm", args: 1...4, parameterNames: ["x", "ord", "axis", "keepDims"]) {
    a throws(ScriptError) in
    let ord = try Order(a[1])
    let keepDims = a.has(3) ? a[3].isTruthy : false
    switch a[0] {
    case .vector(let v) where !v.isArrayVector && (v.type.isNumeric && !v.type.isDecimal || v.type == .bool):
      guard v.count > 0 else { throw ScriptError(RuntimeMessages.cannotTake("vectorNorm", "an empty vector")) }
      let xs = v.doubles
      guard !xs.contains(where: \.isNaN) else { throw ScriptError(RuntimeMessages.needsNoNulls("vectorNorm")) }
      _ = try axes(a[2], limit: 1)
      return .double(try vectorNorm(xs, ord))
    case .object(let m as Matrix) where m.dataType.isNumeric && !m.dataType.isDecimal || m.dataType == .bool:
      guard m.rowCount > 0, m.columnCount > 0 else { throw ScriptError(RuntimeMessages.matrixEmpty("vectorNorm")) }
      var d = LinearDecompositions.Dense(rows: m.rowCount, columns: 0)
      for c in m.columns {
        let xs = c.doubles
        guard !xs.contains(where: \.isNaN) else { throw ScriptError(RuntimeMessages.needsNoNulls("vectorNorm")) }
        d.cells += xs
        d.columns += 1
      }
      let axis = try axes(a[2], limit: 2) ?? [0, 1]
      if axis.count == 2 {
        return .double(try matrixNorm(axis == [0, 1] ? d : d.transposed, ord, a.machine))
      }
      // One axis: a vector norm of each column (axis 0) or of each row (axis 1).
      let byColumn = axis[0] == 0
      let lines =
        byColumn ? (0..<d.columns).map { d.column($0) } : (0..<d.rows).map { i in (0..<d.columns).map { d[i, $0] } }
      var out: [Double] = []
      for line in lines { out.append(try vectorNorm(line, ord)) }
      guard keepDims else { return .vector(Vector(doubles: out)) }
      if byColumn { return .object(try Matrix(columns: out.map { Vector(doubles: [$0]) }, rows: 1)) }
      return .object(try Matrix(columns: [Vector(doubles: out)], rows: out.count))
    default:
      throw ScriptError(RuntimeMessages.cannotTake("vectorNorm", a[0].typeString))
    }
  }

  static let all: [Builtin] = [
    // covarMatrix(X): the sample covariance of every pair of X's columns.
    Builtin("covarMatrix", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      let (cs, m) = try columns(a[0], "covarMatrix")
      let n = m.rowCount
      let cells =
        n < 2
        ? [[Double]](repeating: [Double](repeating: .nan, count: cs.count), count: cs.count)
        : try crossProducts(cs.map(centred), divisor: Double(n - 1), a.machine)
      return try square(cells, labels: m.columnLabels)
    },
    // corrMatrix(X): the Pearson correlation of every pair of X's columns (null for a constant one).
    Builtin("corrMatrix", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      let (cs, m) = try columns(a[0], "corrMatrix")
      var cells: [[Double]]
      if m.rowCount < 2 {
        cells = [[Double]](repeating: [Double](repeating: .nan, count: cs.count), count: cs.count)
      } else {
        cells = try crossProducts(cs.map(centred), divisor: 1, a.machine)
        let scale = (0..<cs.count).map { cells[$0][$0].squareRoot() }
        for i in cells.indices {
          for j in cells.indices {
            cells[i][j] = scale[i] > 0 && scale[j] > 0 ? (i == j ? 1 : cells[i][j] / (scale[i] * scale[j])) : .nan
          }
        }
      }
      return try square(cells, labels: m.columnLabels)
    },
    // gram(ds, [colNames], [subMean=true], [normalize=false]): A' ** A of the columns read from
    // data sources, a table or a matrix; each column centred and/or divided by its deviation.
    Builtin("gram", args: 1...4, parameterNames: ["ds", "colNames", "subMean", "normalize"]) { a throws(ScriptError) in
      var cs: [Vector] = []
      if case .object(let m as Matrix) = a[0] {
        cs = m.columns
      } else {
        let pieces = try DataSourceAnalytics.rows(a[0], a.machine)
        var names: [String]? = a.has(1) ? try TrainingData.names(a[1], "the colNames of 'gram'") : nil
        for piece in pieces {
          guard case .object(let o) = piece, let t = o as? Table else {
            throw ScriptError(RuntimeMessages.mustBeTable("a data source of 'gram'", got: piece.typeString))
          }
          let wanted = names ?? t.names
          names = wanted
          if cs.isEmpty { cs = wanted.map { _ in Vector.empty(.double) } }
          for (k, name) in wanted.enumerated() {
            guard let c = t.column(name) else { throw ScriptError(RuntimeMessages.unknownColumn(name, known: t.names)) }
            guard c.type.isNumeric || c.type == .bool, !c.isArrayVector else {
              throw ScriptError(RuntimeMessages.cannotTake("gram", "the \(c.typeName) column \(name)"))
            }
            try cs[k].append(contentsOf: Vector(doubles: c.doubles))
          }
        }
      }
      guard !cs.isEmpty, cs[0].count > 0 else { throw ScriptError(RuntimeMessages.matrixEmpty("gram")) }
      guard cs.count <= LinearDecompositions.maxOrder else {
        throw ScriptError(
          RuntimeMessages.matrixShapeTooLarge("gram", cs[0].count, cs.count, limit: LinearDecompositions.maxOrder))
      }
      let subMean = a.has(2) ? a[2].isTruthy : true
      let normalize = a.has(3) ? a[3].isTruthy : false
      var ds: [[Double]] = []
      for c in cs {
        guard c.type.isNumeric || c.type == .bool else {
          throw ScriptError(RuntimeMessages.cannotTake("gram", c.typeName))
        }
        var xs = c.doubles
        guard !xs.contains(where: \.isNaN) else { throw ScriptError(RuntimeMessages.needsNoNulls("gram")) }
        let sd = Statistics.variance(xs).squareRoot()
        if subMean { xs = centred(xs) }
        if normalize { xs = xs.map { $0 / sd } }
        ds.append(xs)
      }
      return try square(try crossProducts(ds, divisor: 1, a.machine), labels: nil)
    },
    vectorNormBuiltin,
  ]
}
