import ScriptRuntime

/// What `plot` and `plotHist` make: series of numbers with their point labels, a title and a
/// chart type. DolphinDB's GUI draws it; this shell prints it as a text chart (`ChartText`).
/// Like DolphinDB's, it is a dictionary: `chart.title`, `chart.chartType`, `chart.data`.
final class Chart: ScriptObject {
  /// DolphinDB's chart types, as the constants `LINE`, `PIE`, ... name them.
  enum Kind: Int64, CaseIterable {
    case line = 0, pie = 1, column = 2, bar = 3, area = 4, scatter = 5, histogram = 6

    var name: String {
      switch self {
      case .line: return "LINE"
      case .pie: return "PIE"
      case .column: return "COLUMN"
      case .bar: return "BAR"
      case .area: return "AREA"
      case .scatter: return "SCATTER"
      case .histogram: return "HISTOGRAM"
      }
    }
  }

  struct Series {
    let name: String
    let values: [Double]
  }

  let kind: Kind
  let series: [Series]
  /// One per point, shared by every series (a histogram's bins, a bar's categories).
  let labels: [String]
  /// The point labels as numbers when they are (a scatter's x), else nil.
  let positions: [Double]?
  /// Chart, x axis and y axis titles (empty when not given).
  let titles: [String]
  let stacking: Bool

  init(kind: Kind, series: [Series], labels: [String], positions: [Double]?, titles: [String], stacking: Bool) {
    self.kind = kind
    self.series = series
    self.labels = labels
    self.positions = positions
    self.titles = titles
    self.stacking = stacking
  }

  var title: String { titles.first ?? "" }
  var pointCount: Int { series.first?.values.count ?? 0 }

  var form: Value.Form { .dictionary }
  var dataType: DataType { .any }
  var typeString: String { "CHART" }
  var rowCount: Int { pointCount }
  var rows: [Value]? { nil }

  func render(_ formatter: ValueFormatter) -> String { ChartText(self, formatter).render() }

  func member(_ name: String) -> Value? {
    switch name {
    case "title": return .string(title, .string)
    case "chartType": return .int(kind.rawValue, .int)
    case "stacking": return .bool(stacking)
    case "data":
      // The series as a matrix's columns, named after them, with the point labels as rows.
      guard !series.isEmpty,
        let m = try? Matrix(
          columns: series.map { Vector(doubles: $0.values) }, rows: pointCount,
          rowLabels: labels.isEmpty ? nil : Vector(strings: labels),
          columnLabels: Vector(strings: series.map(\.name)))
      else { return .void }
      return .object(m)
    default: return nil
    }
  }
}
