import Foundation
import PorpoiseSupport
import ScriptRuntime

/// Standard JSON in and out: `toStdJson(obj)` writes a scalar as a JSON number, string, boolean
/// or null (dates and times as their text), a vector or tuple as an array, a dictionary as an
/// object, a table as an array of row objects; `fromStdJson(text)` reads JSON back (objects as
/// STRING->ANY dictionaries, arrays of numbers, strings or booleans as typed vectors, other
/// arrays as tuples).
enum StandardJSON {
  /// How deep a value may nest when written or read: a bound against runaway recursion.
  static let maxDepth = 64

  static func quoted(_ s: String) -> String {
    var out = "\""
    for u in s.unicodeScalars {
      switch u {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where u.value < 0x20: out += String(format: "\\u%04x", u.value)
      default: out.unicodeScalars.append(u)
      }
    }
    return out + "\""
  }

  static func scalar(_ v: Value) -> String {
    if v.isNull { return "null" }
    switch v {
    case .int(let i, let t):
      if t == .bool { return i != 0 ? "true" : "false" }
      // A date with a time of day reads "2012.06.13 13:30:10" in DolphinDB's standard JSON.
      if [.datetime, .timestamp, .nanotimestamp].contains(t) {
        return quoted(ValueFormatter.plain(v).replacingOccurrences(of: "T", with: " "))
      }
      if t.isTemporal || t == .char { return quoted(ValueFormatter.plain(v)) }
      return ValueFormatter.plain(v)
    case .double(let d, _): return d.isFinite ? ValueFormatter.plain(.double(d)) : "null"
    default: return quoted(ValueFormatter.plain(v))
    }
  }

  static func write(_ v: Value, depth: Int = 0) throws(ScriptError) -> String {
    guard depth < maxDepth else { throw ScriptError(RuntimeMessages.jsonTooDeep(maxDepth)) }
    switch v {
    case .vector(let vec), .pair(let vec):
      var parts: [String] = []
      for i in 0..<vec.count { parts.append(try write(vec[i], depth: depth + 1)) }
      return "[" + parts.joined(separator: ",") + "]"
    case .tuple(let items):
      var parts: [String] = []
      for item in items { parts.append(try write(item, depth: depth + 1)) }
      return "[" + parts.joined(separator: ",") + "]"
    case .set(let s):
      var parts: [String] = []
      for item in s.elements { parts.append(try write(item, depth: depth + 1)) }
      return "[" + parts.joined(separator: ",") + "]"
    case .dictionary(let d):
      var parts: [String] = []
      for (k, x) in zip(d.keys, d.values) {
        parts.append(quoted(ValueFormatter.plain(k)) + ":" + (try write(x, depth: depth + 1)))
      }
      return "{" + parts.joined(separator: ",") + "}"
    case .object(let t as Table):
      var rows: [String] = []
      for i in 0..<t.rowCount {
        var fields: [String] = []
        for (name, c) in zip(t.names, t.columns) {
          fields.append(quoted(name) + ":" + (try write(c[i], depth: depth + 1)))
        }
        rows.append("{" + fields.joined(separator: ",") + "}")
      }
      return "[" + rows.joined(separator: ",") + "]"
    case .object(let m as Matrix):
      return try write(.tuple(m.columns.map { .vector($0) }), depth: depth)
    case .function, .object:
      throw ScriptError(RuntimeMessages.cannotWriteJSON(v.typeString))
    default:
      return scalar(v)
    }
  }

  /// A parsed JSON value as a script value.
  static func read(_ any: Any, depth: Int = 0) throws(ScriptError) -> Value {
    guard depth < maxDepth else { throw ScriptError(RuntimeMessages.jsonTooDeep(maxDepth)) }
    switch any {
    case is NSNull: return .void
    case let n as NSNumber:
      // Booleans come as NSNumber too, of the C type char; numbers written with a point or an
      // exponent as double.
      switch String(cString: n.objCType) {
      case "c": return .bool(n.boolValue)
      case "d", "f": return .double(n.doubleValue)
      default: return .long(n.int64Value)
      }
    case let s as String: return .string(s)
    case let items as [Any]:
      var values: [Value] = []
      for item in items { values.append(try read(item, depth: depth + 1)) }
      return HigherOrder.collect(values)
    case let object as [String: Any]:
      var d = DictionaryValue(keyType: .string, valueType: .any)
      for key in object.keys.sorted() { try d.set(.string(key), try read(object[key] ?? NSNull(), depth: depth + 1)) }
      return .dictionary(d)
    default:
      return .void
    }
  }

  /// The element at a path of keys (strings) and positions (from 1, or from -1 at the end).
  static func extract(_ any: Any, _ path: [Value]) -> Any? {
    var at: Any = any
    for step in path {
      switch (at, step) {
      case (let object as [String: Any], .string(let key, _)):
        guard let next = object[key] else { return nil }
        at = next
      case (let items as [Any], .int(let k, _)) where k != 0 && k != Int64.min:
        let i = k > 0 ? Int(k) - 1 : items.count + Int(k)
        guard i >= 0, i < items.count else { return nil }
        at = items[i]
      default:
        return nil
      }
    }
    return at
  }

  /// A JSON element as a scalar of `type` ("long", "int", "double" or "string"), null when it
  /// is not one.
  static func typed(_ any: Any?, _ type: String) -> Value {
    let target: DataType = type == "long" ? .long : type == "int" ? .int : type == "double" ? .double : .string
    guard let any, !(any is NSNull) else { return .null(target) }
    switch (any, target) {
    case (let s as String, .string): return .string(s)
    case (let n as NSNumber, .string):
      return .string(String(cString: n.objCType) == "c" ? (n.boolValue ? "true" : "false") : "\(n)")
    case (let n as NSNumber, .double): return .double(n.doubleValue)
    case (let n as NSNumber, _):
      let d = n.doubleValue
      guard d == d.rounded(), let i = Int64(exactly: d) else { return .null(target) }
      return target == .int && (i > Int64(Int32.max) || i <= Int64(Int32.min)) ? .null(.int) : .int(i, target)
    case (let s as String, _):
      return (try? Cast.convert(.string(s), to: target)) ?? .null(target)
    default:
      // An object or array asked for as text is its JSON.
      guard target == .string, let data = try? JSONSerialization.data(withJSONObject: any, options: [.sortedKeys])
      else { return .null(target) }
      return .string(String(decoding: data, as: UTF8.self))
    }
  }

  static let all: [Builtin] = [
    // jsonExtract(json, location, type): the element at a path in each JSON text, as a type.
    Builtin("jsonExtract", args: 3...3, parameterNames: ["json", "location", "type"]) { a throws(ScriptError) in
      let type = try a.text(2, "the type of 'jsonExtract'")
      guard ["long", "int", "double", "string"].contains(type) else {
        throw ScriptError(RuntimeMessages.jsonExtractType(type))
      }
      let path: [Value]
      switch a[1] {
      case .vector(let v): path = v.values
      case .tuple(let items): path = items
      default: path = [a[1]]
      }
      func one(_ text: String) -> Value {
        guard JSONNesting.depth(text) < maxDepth,
          let any = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        else { return typed(nil, type) }
        return typed(extract(any, path), type)
      }
      switch a[0] {
      case .string(let s, _): return one(s)
      case .vector(let v) where v.type.isText:
        return HigherOrder.collect(v.strings.map(one)).orEmpty(type == "string" ? .string : .double)
      default: throw ScriptError(RuntimeMessages.needsString("jsonExtract", got: a[0].typeString))
      }
    },
    Builtin("toStdJson", args: 1...1, parameterNames: ["obj"]) { a throws(ScriptError) in .string(try write(a[0])) },
    Builtin("fromStdJson", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      let text = try a.text(0, "the JSON of 'fromStdJson'")
      guard JSONNesting.depth(text) < maxDepth else { throw ScriptError(RuntimeMessages.jsonTooDeep(maxDepth)) }
      guard
        let any = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
      else { throw ScriptError(RuntimeMessages.notJSON(String(text.prefix(40)))) }
      return try read(any)
    },
  ]
}
