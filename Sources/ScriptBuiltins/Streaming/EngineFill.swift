import ScriptRuntime

/// A time-series engine's `fill`: what a key's window without rows gives, between windows that
/// have rows. `'none'` (the default) gives no row; otherwise one value per metric: `'null'`, `'ffill'`
/// (the metric's value in the key's last window that had rows) or a value. A vector gives one
/// per metric (not `'none'`).
struct EngineFill {
  enum Rule {
    case null
    case forward
    case value(Value)
  }
  /// One rule per output value of the metrics; empty: no fill.
  let rules: [Rule]
  /// The most empty windows a key's gap is filled with; past them the rest of the gap gives no
  /// rows (a gap of years at a millisecond step would otherwise be billions of rows).
  static let maxWindowsPerGap = 100_000

  var isOn: Bool { !rules.isEmpty }

  init(rules: [Rule]) { self.rules = rules }

  init(_ v: Value?, metrics: Int) throws(ScriptError) {
    guard let v, case let items = HigherOrder.elements(v) ?? [v], !(items.count == 1 && items[0].isNull) else {
      rules = []
      return
    }
    func rule(_ x: Value) throws(ScriptError) -> Rule? {
      switch x.stringValue?.lowercased() {
      case "none"?: return nil
      case "null"?: return .null
      case "ffill"?: return .forward
      case .some(let text) where x.type.isText: throw ScriptError(RuntimeMessages.badEngineFill(text))
      default: return .value(x)
      }
    }
    if items.count == 1 {
      guard let one = try rule(items[0]) else {
        rules = []
        return
      }
      rules = Array(repeating: one, count: metrics)
      return
    }
    guard items.count == metrics else { throw ScriptError(RuntimeMessages.engineFillCount(items.count, metrics)) }
    var out: [Rule] = []
    for x in items {
      guard let r = try rule(x) else { throw ScriptError(RuntimeMessages.badEngineFill("none")) }
      out.append(r)
    }
    rules = out
  }

  /// The values an empty window gives, after a window that gave `last` (nil: none yet).
  func values(after last: [Value]?) -> [Value] {
    rules.enumerated().map { i, r in
      switch r {
      case .null: return .void
      case .forward: return last.map { i < $0.count ? $0[i] : .void } ?? .void
      case .value(let v): return v
      }
    }
  }
}
