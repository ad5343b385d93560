import ScriptRuntime

/// `zigzag`: the turning points of a series once moves smaller than a threshold are ignored
/// (the classic Zig Zag indicator, as R's TTR computes it, without joining the points).
enum ZigZag {
  /// A price and where it is.
  private struct Point {
    var price: Double
    var index: Int
  }

  /// `zigzag(HL, [change=10], [percent=true], [retrace=false], [lastExtreme=true])`: the
  /// confirmed extreme points of HL (a vector, or a two-column matrix whose first column is
  /// read as the highs and second as the lows, as DolphinDB's example does), null elsewhere.
  static func zigzag(_ a: CallArguments) throws(ScriptError) -> Value {
    let name = "zigzag"
    let high: [Double]
    let low: [Double]
    if case .object(let m as Matrix) = a[0] {
      guard m.columnCount == 2, m.dataType.isNumeric else {
        throw ScriptError(RuntimeMessages.zigzagMatrix(m.columnCount))
      }
      high = m.columns[0].doubles
      low = m.columns[1].doubles
    } else {
      let v = try Series.vector(a, 0, name)
      guard v.type.isNumeric || v.type == .void else {
        throw ScriptError(RuntimeMessages.cannotTakeVector(name, of: v.type.name))
      }
      high = v.doubles
      low = high
    }
    var change = 10.0
    if a.has(1) {
      guard let c = a[1].doubleValue, a[1].isScalar, !a[1].isNull, c.isFinite, c >= 0 else {
        throw ScriptError(RuntimeMessages.mustBeNonNegative("the change of 'zigzag'", ValueFormatter.plain(a[1])))
      }
      change = c
    }
    let percent = a.has(2) ? a[2].isTruthy : true
    // A retracement is a fraction of the last move, so it needs a percentage.
    let retrace = percent && (a.has(3) ? a[3].isTruthy : false)
    let lastExtreme = a.has(4) ? a[4].isTruthy : true
    if percent { change /= 100 }
    let n = high.count
    var out = [Double](repeating: .nan, count: n)
    guard n >= 2 else { return Series.doubles(out) }
    var highs = [Double](repeating: .nan, count: n)
    var lows = [Double](repeating: .nan, count: n)
    // `reference` is the last confirmed turning point, `inflection` the extreme since it.
    var reference = Point(price: (high[0] + low[0]) / 2, index: 0)
    var inflection = Point(price: (high[1] + low[1]) / 2, index: 1)
    var trend = 0
    for i in 1..<n {
      if i % 65_536 == 0, a.machine.isInterrupted { throw Machine.interrupted() }
      var lowest = percent ? inflection.price * (1 - change) : inflection.price - change
      var highest = percent ? inflection.price * (1 + change) : inflection.price + change
      let localMax = inflection.price > high[i] ? inflection.price : high[i]
      let localMin = inflection.price < low[i] ? inflection.price : low[i]
      if trend == 0 {
        if retrace {
          trend = inflection.price >= reference.price ? 1 : -1
        } else {
          if localMin <= lowest { trend = -1 }
          if localMax >= highest { trend = 1 }
        }
      }
      if trend == -1 {
        if low[i] == localMin, lastExtreme || low[i] != low[i - 1] { inflection = Point(price: low[i], index: i) }
        if retrace { highest = inflection.price + (reference.price - inflection.price) * change }
        if high[i] >= highest {
          highs[reference.index] = reference.price
          reference = inflection
          inflection = Point(price: high[i], index: i)
          trend = 1
          continue
        }
      }
      if trend == 1 {
        if high[i] == localMax, lastExtreme || high[i] != high[i - 1] {
          inflection = Point(price: high[i], index: i)
        }
        if retrace { lowest = inflection.price - (inflection.price - reference.price) * change }
        if low[i] <= lowest {
          lows[reference.index] = reference.price
          reference = inflection
          inflection = Point(price: low[i], index: i)
          trend = -1
        }
      }
    }
    // The last two points stand, though the last is not confirmed yet.
    if trend > 0 {
      lows[reference.index] = reference.price
      highs[inflection.index] = inflection.price
    } else {
      highs[reference.index] = reference.price
      lows[inflection.index] = inflection.price
    }
    for i in 0..<n { out[i] = highs[i].isNaN ? lows[i] : highs[i] }
    return Series.doubles(out)
  }

  static let all: [Builtin] = [
    Builtin(
      "zigzag", args: 1...5, parameterNames: ["HL", "change", "percent", "retrace", "lastExtreme"]
    ) { a throws(ScriptError) in try zigzag(a) }
  ]
}
