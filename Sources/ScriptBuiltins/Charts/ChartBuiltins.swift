import ScriptRuntime

/// `plot` and `plotHist`, and the chart type constants (`LINE`, `PIE`, `COLUMN`, `BAR`, `AREA`,
/// `SCATTER`). The chart they return prints as text (see `ChartText`); `extras` (DolphinDB's
/// `multiYAxes` and the like) is accepted and has nothing to change in a text chart.
enum ChartBuiltins {
  /// The most series one chart takes.
  static let maxSeries = 64
  /// The most bins a histogram takes.
  static let maxBins = 10_000

  static func constants() -> [String: Value] {
    var c: [String: Value] = [:]
    for kind in Chart.Kind.allCases where kind != .histogram { c[kind.name] = .int(kind.rawValue, .int) }
    return c
  }

  static let all: [Builtin] = [
    // plot(data, [labels], [title], [chartType=LINE], [stacking=false], [extras]): data is a
    // vector (one series named as the argument is), a tuple of vectors, a matrix (columns are
    // series, row labels the point labels) or a table (columns are series).
    Builtin(
      "plot", args: 1...6, parameterNames: ["data", "labels", "title", "chartType", "stacking", "extras"]
    ) { a throws(ScriptError) in
      var (series, rowLabels) = try seriesOf(a[0], name: a.sourceNames.first ?? nil)
      let n = series.first?.values.count ?? 0
      var positions: [Double]?
      if a.has(1) {
        guard case .vector(let v) = a[1], !v.isArrayVector else {
          throw ScriptError(RuntimeMessages.mustBeVector("the labels of 'plot'", got: a[1].typeString))
        }
        guard v.count == n else { throw ScriptError(RuntimeMessages.chartLabelsLength(v.count, n)) }
        rowLabels = v.values.map { ValueFormatter.plain($0) }
        if v.type.isNumeric || v.type.isTemporal {
          positions = v.type.isTemporal ? v.int64s.map { $0 == Int64.min ? .nan : Double($0) } : v.doubles
        }
      }
      var kind = Chart.Kind.line
      if a.has(3) {
        guard let code = a[3].intValue, let k = Chart.Kind(rawValue: code), k != .histogram else {
          throw ScriptError(RuntimeMessages.chartTypeInvalid(ValueFormatter.plain(a[3])))
        }
        kind = k
      }
      if a.has(5) {
        guard case .dictionary = a[5] else {
          throw ScriptError(RuntimeMessages.mustBeDictionary("the extras of 'plot'", got: a[5].typeString))
        }
      }
      if series.count > maxSeries { series = Array(series.prefix(maxSeries)) }
      return .object(
        Chart(
          kind: kind, series: series, labels: rowLabels ?? [], positions: positions,
          titles: try titles(a, 2), stacking: a.has(4) && a[4].isTruthy))
    },
    // plotHist(data, [binNum=10], [range], [title]): how many values fall in each of binNum
    // equal bins over range (low:high; the data's own range without it, values outside left out).
    Builtin("plotHist", args: 1...4, parameterNames: ["data", "binNum", "range", "title"]) { a throws(ScriptError) in
      guard case .vector(let v) = a[0], !v.isArrayVector, v.type.isNumeric || v.type == .bool else {
        throw ScriptError(RuntimeMessages.cannotTake("plotHist", a[0].typeString))
      }
      let bins = a.has(1) ? try a.integer(1, "the number of bins") : 10
      guard bins > 0, bins <= maxBins else { throw ScriptError(RuntimeMessages.chartBinsInvalid(bins, limit: maxBins)) }
      let values = v.doubles.filter(\.isFinite)
      var low = values.min() ?? 0
      var high = values.max() ?? 0
      if a.has(2) {
        guard case .pair(let range) = a[2], range.count == 2, range.type.isNumeric else {
          throw ScriptError(RuntimeMessages.chartRangeInvalid(a[2].typeString))
        }
        (low, high) = (range.doubles[0], range.doubles[1])
        guard low.isFinite, high.isFinite, low < high else {
          throw ScriptError(RuntimeMessages.chartRangeInvalid(a[2].typeString))
        }
      }
      let width = high > low ? (high - low) / Double(bins) : 1
      var counts = [Double](repeating: 0, count: bins)
      for x in values where x >= low && x <= high {
        counts[clampedIndex((x - low) / width, bins)] += 1
      }
      let formatter = ValueFormatter()
      let labels = (0..<bins).map { k in
        "[" + formatter.format(.double(low + Double(k) * width)) + ", "
          + formatter.format(.double(low + Double(k + 1) * width)) + (k == bins - 1 ? "]" : ")")
      }
      return .object(
        Chart(
          kind: .histogram, series: [Chart.Series(name: "", values: counts)], labels: labels, positions: nil,
          titles: try titles(a, 3), stacking: false))
    },
  ]

  /// The series of plot's data, and the point labels it carries (a matrix's row labels).
  static func seriesOf(_ v: Value, name: String?) throws(ScriptError) -> ([Chart.Series], [String]?) {
    func numbers(_ c: Vector, _ what: String) throws(ScriptError) -> [Double] {
      guard !c.isArrayVector, c.type.isNumeric || c.type == .bool else {
        throw ScriptError(RuntimeMessages.chartSeriesNotNumeric(what, Value.vector(c).typeString))
      }
      return c.doubles
    }
    var series: [Chart.Series] = []
    var labels: [String]?
    switch v {
    case .vector(let c):
      series = [Chart.Series(name: name ?? "", values: try numbers(c, "the data"))]
    case .tuple(let items):
      for (k, item) in items.enumerated() {
        guard case .vector(let c) = item else {
          throw ScriptError(RuntimeMessages.chartSeriesNotNumeric("series \(k + 1)", item.typeString))
        }
        series.append(Chart.Series(name: "", values: try numbers(c, "series \(k + 1)")))
      }
    case .object(let m as Matrix):
      let names = m.columnLabels.map { $0.values.map { ValueFormatter.plain($0) } }
      for (k, c) in m.columns.enumerated() {
        series.append(Chart.Series(name: names?[k] ?? "col\(k)", values: try numbers(c, "column \(k)")))
      }
      labels = m.rowLabels.map { $0.values.map { ValueFormatter.plain($0) } }
    case .object(let t as Table):
      for (name, c) in zip(t.names, t.columns) {
        series.append(Chart.Series(name: name, values: try numbers(c, "the column '\(name)'")))
      }
    default:
      throw ScriptError(RuntimeMessages.chartSeriesNotNumeric("the data", v.typeString))
    }
    guard let n = series.first?.values.count else { return ([], labels) }
    for s in series where s.values.count != n {
      throw ScriptError(RuntimeMessages.incompatibleSizes("plot", n, s.values.count))
    }
    return (series, labels)
  }

  /// A title (a string), or the chart's, x axis' and y axis' titles (a vector of strings).
  static func titles(_ a: CallArguments, _ i: Int) throws(ScriptError) -> [String] {
    guard a.has(i) else { return [] }
    switch a[i] {
    case .string(let s, _): return [s]
    case .vector(let v) where v.type.isText: return v.strings
    default: throw ScriptError(RuntimeMessages.mustBeString("the title of a chart", got: a[i].typeString))
    }
  }
}
