import Foundation
import Synchronization

/// Partition keys as chunk records carry them (JSON text), decoded once per process: a query
/// on a table of 10,000 partitions tests and sorts every one, and decoding each key anew cost
/// more than the pruning itself. Keys never change for a text, so an entry is never stale.
final class PartitionKeys: Sendable {
  static let shared = PartitionKeys()
  /// Past this many texts the cache starts over (a bound, not a working size: one entry is a
  /// few dozen bytes).
  static let limit = 200_000
  private let decoded = Mutex<[String: [StoredScalar]]>([:])

  /// The keys of `text`; nil when it is not a keys list.
  func decode(_ text: String) -> [StoredScalar]? {
    if let found = decoded.withLock({ $0[text] }) { return found }
    guard
      let keys = PartitionKeys.integerKeys(text)
        ?? (try? JSONDecoder().decode([StoredScalar].self, from: Data(text.utf8)))
    else { return nil }
    decoded.withLock { d in
      if d.count >= PartitionKeys.limit { d.removeAll(keepingCapacity: true) }
      d[text] = keys
    }
    return keys
  }

  /// The commonest keys, integral and temporal ones as `route` writes them
  /// (`[{"int":10957,"type":6}]`), read without a JSON decoder, which costs microseconds per
  /// key; nil for anything else (strings, doubles, spaces, escapes), which the decoder reads.
  static func integerKeys(_ text: String) -> [StoredScalar]? {
    var text = text
    return text.withUTF8 { b -> [StoredScalar]? in
      var i = 0
      func take(_ c: UInt8) -> Bool {
        guard i < b.count, b[i] == c else { return false }
        i += 1
        return true
      }
      func integer() -> Int64? {
        // Accumulated below zero, which reaches Int64.min (a null key) without overflowing.
        let negative = take(UInt8(ascii: "-"))
        var v: Int64 = 0
        var digits = 0
        while i < b.count, b[i] >= UInt8(ascii: "0"), b[i] <= UInt8(ascii: "9") {
          let (m, o1) = v.multipliedReportingOverflow(by: 10)
          let (a, o2) = m.subtractingReportingOverflow(Int64(b[i] - UInt8(ascii: "0")))
          guard !o1, !o2 else { return nil }
          v = a
          digits += 1
          i += 1
        }
        guard digits > 0 else { return nil }
        if negative { return v }
        return v == Int64.min ? nil : -v
      }
      guard take(UInt8(ascii: "[")) else { return nil }
      var out: [StoredScalar] = []
      if take(UInt8(ascii: "]")) { return i == b.count ? out : nil }
      repeat {
        guard take(UInt8(ascii: "{")) else { return nil }
        var type: Int64?
        var int: Int64?
        repeat {
          guard take(UInt8(ascii: "\"")) else { return nil }
          let start = i
          while i < b.count, b[i] != UInt8(ascii: "\"") { i += 1 }
          let key = String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
          guard take(UInt8(ascii: "\"")), take(UInt8(ascii: ":")), let v = integer() else { return nil }
          switch key {
          case "type": type = v
          case "int": int = v
          default: return nil
          }
        } while take(UInt8(ascii: ","))
        guard take(UInt8(ascii: "}")), let type, let t = UInt8(exactly: type) else { return nil }
        out.append(StoredScalar(type: t, int: int))
      } while take(UInt8(ascii: ","))
      guard take(UInt8(ascii: "]")), i == b.count else { return nil }
      return out
    }
  }
}
