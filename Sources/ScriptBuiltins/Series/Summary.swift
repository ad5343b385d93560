import ScriptRuntime

/// `summary(X, [interpolation], [characteristic], [percentile], [precision], [partitionSampling])`:
/// a row per numeric column of a table (in memory or a database's, or data sources' rows):
/// `name min max nonNullCount count [avg] [std] percentile`, the percentiles a DOUBLE[] cell.
///
/// The percentiles are exact (DolphinDB's approximate them to `precision`, which is accepted
/// and not needed), and every partition is read (`partitionSampling` is accepted).
enum Summary {
  static func rows(_ v: Value, _ m: Machine) throws(ScriptError) -> Table {
    switch v {
    case .object(let t as Table): return t
    case .object(let source as TableSource): return try source.scan(columns: nil, predicates: [])
    default:
      // Data sources: each read in turn, its rows added to the first's columns.
      var all: Table?
      for source in MetacodeBuilder.items(v) {
        guard case .object(let t as Table) = try DataSourceAnalytics.rows(ofPiece: source, m) else {
          throw ScriptError(RuntimeMessages.mustBeTable("the X of 'summary'", got: source.typeString))
        }
        if let all { try all.append(columns: t.columns, from: "summary") } else { all = t.copy() }
      }
      guard let all else { throw ScriptError(RuntimeMessages.mustBeTable("the X of 'summary'", got: v.typeString)) }
      return all
    }
  }

  static let builtin = Builtin(
    "summary", args: 1...6,
    parameterNames: ["X", "interpolation", "characteristic", "percentile", "precision", "partitionSampling"]
  ) { a throws(ScriptError) in
    let t = try rows(a[0], a.machine)
    let method = try StatisticsBuiltins.interpolation(a, 1)
    let wanted = a.has(2) ? (HigherOrder.elements(a[2]) ?? [a[2]]).compactMap(\.stringValue) : ["avg", "std"]
    let percents = a.has(3) ? (HigherOrder.elements(a[3]) ?? [a[3]]).compactMap(\.doubleValue) : [25, 50, 75]
    guard percents.allSatisfy({ $0 >= 0 && $0 <= 100 }) else {
      throw ScriptError(RuntimeMessages.percentileOutOfRange("summary", ValueFormatter().format(a[3]), upper: 100))
    }
    var names: [String] = []
    var mins: [Double] = []
    var maxes: [Double] = []
    var present: [Int64] = []
    var counts: [Int64] = []
    var avgs: [Double] = []
    var stds: [Double] = []
    var ends: [Int] = []
    var cells: [Double] = []
    for (name, column) in zip(t.names, t.columns) where column.type.isNumeric && column.type != .bool {
      guard !column.isArrayVector else { continue }
      let xs = column.doubles.filter { !$0.isNaN }.sorted()
      names.append(name)
      mins.append(xs.first ?? .nan)
      maxes.append(xs.last ?? .nan)
      present.append(Int64(xs.count))
      counts.append(Int64(column.count))
      avgs.append(Statistics.mean(xs))
      stds.append(Statistics.variance(xs).squareRoot())
      cells += percents.map { Statistics.quantile(sorted: xs, $0 / 100, method) }
      ends.append(cells.count)
    }
    var outNames = ["name", "min", "max", "nonNullCount", "count"]
    var columns = [
      Vector(strings: names), Vector(doubles: mins), Vector(doubles: maxes), Vector(type: .long, ints: present),
      Vector(type: .long, ints: counts),
    ]
    if wanted.contains("avg") {
      outNames.append("avg")
      columns.append(Vector(doubles: avgs))
    }
    if wanted.contains("std") {
      outNames.append("std")
      columns.append(Vector(doubles: stds))
    }
    outNames.append("percentile")
    columns.append(Vector(type: .double, storage: .nested(NestedColumn(ends: ends, values: Vector(doubles: cells)))))
    return .object(try Table(names: outNames, columns: columns))
  }
}
