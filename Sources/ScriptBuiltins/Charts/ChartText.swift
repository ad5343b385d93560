import ScriptRuntime

/// A chart drawn in text for the console: lines, areas and scatters on a grid of characters
/// (points averaged into the grid's columns); bars, columns (turned on their side, as text has
/// more rows than columns to spare), pies and histograms as one bar per point. Fixed sizes, so
/// the same chart prints the same everywhere.
struct ChartText {
  static let gridWidth = 60
  static let gridHeight = 12
  static let barWidth = 40
  /// Bar-like charts list at most this many points and say how many more there are.
  static let maxBars = 50
  static let markers: [Character] = ["*", "+", "o", "x", "#", "@", "%", "&"]

  let chart: Chart
  let formatter: ValueFormatter

  init(_ chart: Chart, _ formatter: ValueFormatter) {
    self.chart = chart
    self.formatter = formatter
  }

  func render() -> String {
    var lines: [String] = []
    if !chart.title.isEmpty { lines.append(chart.title) }
    if chart.pointCount == 0 || chart.series.isEmpty {
      lines.append("(\(chart.kind.name.lowercased()) chart with no points)")
      return lines.joined(separator: "\n")
    }
    switch chart.kind {
    case .bar, .column, .pie, .histogram: lines += bars()
    case .line, .area, .scatter: lines += grid()
    }
    if chart.series.count > 1 || !(chart.series.first?.name.isEmpty ?? true) {
      lines.append(legend())
    }
    return lines.joined(separator: "\n")
  }

  private func number(_ d: Double) -> String { formatter.format(.double(d)) }

  private func legend() -> String {
    chart.series.enumerated().map { k, s in
      let mark = [.bar, .column, .pie, .histogram].contains(chart.kind) ? barCharacter(k) : String(marker(k))
      return "\(mark) \(s.name.isEmpty ? "series\(k + 1)" : s.name)"
    }.joined(separator: "   ")
  }

  private func marker(_ k: Int) -> Character { Self.markers[k % Self.markers.count] }

  /// Series after the first draw their bars with other characters, so they can be told apart.
  private func barCharacter(_ k: Int) -> String { ["#", "=", "%", ":", "@", "&", "~", "$"][k % 8] }

  // MARK: Grid charts

  private func grid() -> [String] {
    let finite = chart.series.flatMap { $0.values.filter(\.isFinite) }
    guard var low = finite.min(), var high = finite.max() else { return ["(no values to draw)"] }
    if chart.kind == .area { low = min(low, 0); high = max(high, 0) }
    let height = Self.gridHeight
    // Fewer points than columns: each point spans several columns.
    let width = Self.gridWidth
    var cells = Array(repeating: Array(repeating: Character(" "), count: width), count: height)
    func row(_ v: Double) -> Int {
      guard high > low else { return height / 2 }
      return clampedIndex(((v - low) / (high - low) * Double(height - 1)).rounded(), height)
    }
    if chart.kind == .scatter {
      plotScatter(&cells, width: width, row: row)
    } else {
      for (k, s) in chart.series.enumerated() {
        let filled = k == 0 && chart.kind == .area
        for c in 0..<width {
          guard let v = average(s.values, column: c, of: width) else { continue }
          let r = row(v)
          if filled {
            let base = row(0)
            for fill in min(base, r)...max(base, r) { cells[fill][c] = "#" }
          } else {
            cells[r][c] = marker(k)
          }
        }
      }
    }
    let top = number(high)
    let bottom = number(low)
    let axisWidth = max(top.count, bottom.count)
    var out: [String] = []
    for r in stride(from: height - 1, through: 0, by: -1) {
      let tick = r == height - 1 ? top : r == 0 ? bottom : ""
      let pad = String(repeating: " ", count: axisWidth - tick.count)
      out.append(pad + tick + (tick.isEmpty ? " |" : " +") + String(cells[r]).trimmingSuffixSpaces())
    }
    out.append(String(repeating: " ", count: axisWidth) + " +" + String(repeating: "-", count: width))
    out.append(xAxis(indent: axisWidth + 2, width: width))
    if chart.titles.count > 1 {
      let axes = chart.titles.dropFirst().prefix(2)
      out.append("x: " + (axes.first ?? "") + (axes.count > 1 ? "   y: " + axes[axes.startIndex + 1] : ""))
    }
    return out
  }

  /// The mean of the finite values a grid column covers, or nil when it covers none.
  private func average(_ values: [Double], column c: Int, of width: Int) -> Double? {
    let n = values.count
    let start = c * n / width
    let end = max(start + 1, (c + 1) * n / width)
    var sum = 0.0
    var count = 0
    for v in values[start..<min(end, n)] where v.isFinite {
      sum += v
      count += 1
    }
    return count == 0 ? nil : sum / Double(count)
  }

  /// Points at (label, value) when the labels are numbers, else at (position, value).
  private func plotScatter(_ cells: inout [[Character]], width: Int, row: (Double) -> Int) {
    let xs = chart.positions ?? (0..<chart.pointCount).map(Double.init)
    let finiteX = xs.filter(\.isFinite)
    guard let left = finiteX.min(), let right = finiteX.max() else { return }
    for (k, s) in chart.series.enumerated() {
      for (i, v) in s.values.enumerated() where v.isFinite && i < xs.count && xs[i].isFinite {
        let c =
          right > left
          ? clampedIndex(((xs[i] - left) / (right - left) * Double(width - 1)).rounded(), width) : width / 2
        cells[row(v)][c] = marker(k)
      }
    }
  }

  /// The first and last point labels under the axis (numbers at the ends for a scatter).
  private func xAxis(indent: Int, width: Int) -> String {
    let first: String
    let last: String
    if chart.kind == .scatter, let xs = chart.positions?.filter(\.isFinite), let l = xs.min(), let r = xs.max() {
      (first, last) = (number(l), number(r))
    } else if !chart.labels.isEmpty {
      (first, last) = (chart.labels[0], chart.labels[chart.labels.count - 1])
    } else {
      (first, last) = ("0", String(chart.pointCount - 1))
    }
    let gap = max(1, width - first.count - last.count)
    return String(repeating: " ", count: indent) + first + String(repeating: " ", count: gap) + last
  }

  // MARK: Bar-like charts

  private func bars() -> [String] {
    let n = chart.pointCount
    let shown = min(n, Self.maxBars)
    let labels = (0..<shown).map { i in i < chart.labels.count ? chart.labels[i] : String(i) }
    let labelWidth = labels.map(\.count).max() ?? 0
    let total = chart.kind == .pie ? chart.series[0].values.filter(\.isFinite).reduce(0) { $0 + abs($1) } : 0
    let scale = chart.series.flatMap { $0.values.prefix(shown).filter(\.isFinite).map(abs) }.max() ?? 0
    var out: [String] = []
    for i in 0..<shown {
      for (k, s) in chart.series.enumerated() {
        let label = k == 0 ? labels[i] : ""
        let v = s.values[i]
        let pad = String(repeating: " ", count: labelWidth - label.count)
        guard v.isFinite else {
          out.append(pad + label + " |")
          continue
        }
        let length = scale > 0 ? Int((abs(v) / scale * Double(Self.barWidth)).rounded()) : 0
        let bar = String(repeating: v < 0 ? "-" : barCharacter(k), count: length)
        var text = number(v)
        if chart.kind == .pie, total > 0 { text += " (" + percent(abs(v) / total) + ")" }
        out.append(pad + label + " |" + bar + " " + text)
      }
    }
    if n > shown { out.append("... \(n - shown) more") }
    return out
  }

  private func percent(_ share: Double) -> String {
    let tenths = Int((share * 1000).rounded())
    return "\(tenths / 10).\(tenths % 10)%"
  }
}

extension String {
  fileprivate func trimmingSuffixSpaces() -> String {
    var s = Substring(self)
    while s.last == " " { s = s.dropLast() }
    return String(s)
  }
}
