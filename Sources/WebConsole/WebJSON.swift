import Foundation
import ScriptRuntime

/// Values as the web console's API sends them: tables as typed columns and rows (the first
/// `rowLimit` of them, with the count of all), vectors as arrays, other forms as their console
/// text. Numbers stay numbers, nulls are null, temporals are their literal text.
enum WebJSON {
  static let rowLimit = 1000

  static func value(_ v: Value, formatter: ValueFormatter = ValueFormatter()) -> [String: Any] {
    switch v {
    case .vector(let vec):
      let n = min(vec.count, rowLimit)
      return [
        "form": "vector", "type": vec.type.name, "count": vec.count,
        "values": (0..<n).map { element(vec[$0], formatter) },
      ]
    case .object(let o):
      if let t = o as? Table { return table(t, from: 0, formatter: formatter) }
      return ["form": "object", "text": formatter.format(v)]
    case .void:
      return ["form": "void"]
    case .int, .double, .string:
      return ["form": "scalar", "type": v.type.name, "value": element(v, formatter)]
    default:
      return ["form": "other", "type": v.type.name, "text": formatter.format(v)]
    }
  }

  /// A table's columns and `rowLimit` of its rows from `offset` (its first row's index).
  static func table(_ t: Table, from offset: Int, formatter: ValueFormatter = ValueFormatter()) -> [String: Any] {
    let start = min(offset, t.rowCount)
    let end = min(t.rowCount, start + rowLimit)
    return [
      "form": "table", "rowCount": t.rowCount, "offset": start,
      "columns": zip(t.names, t.columns).map { ["name": $0.0, "type": $0.1.type.name] },
      "rows": (start..<end).map { r in t.columns.map { element($0[r], formatter) } },
    ]
  }

  /// One element: a number, a string, a boolean or null.
  static func element(_ v: Value, _ formatter: ValueFormatter) -> Any {
    if v.isNull { return NSNull() }
    switch v {
    case .int(let x, let t):
      switch t {
      case .bool: return x != 0
      case .char, .short, .int, .long: return x
      default: return formatter.format(v)
      }
    case .double(let d, _): return d.isFinite ? d : NSNull()
    case .string(let s, _): return s
    default: return formatter.format(v)
    }
  }

  static func encode(_ object: [String: Any]) -> [UInt8] {
    Array((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8))
  }

  /// A request body as a JSON object, or nil.
  static func decode(_ bytes: [UInt8]) -> [String: Any]? {
    guard !bytes.isEmpty else { return [:] }
    return (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any]
  }
}
