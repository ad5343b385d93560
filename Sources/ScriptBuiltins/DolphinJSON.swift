import Foundation
import PorpoiseSupport
import ScriptRuntime

/// DolphinDB's own JSON form of an object, as `toJson` writes it and `fromJson` reads it: an
/// object of `name`, `form`, `type`, `size` and `value`. A scalar's value is its text; a vector's,
/// set's or pair's an array of elements (numbers, booleans, text for the rest, null for nulls);
/// a dictionary's its keys and its values as two vector objects; a table's its columns as vector
/// objects named by the columns; a matrix's its cells (column after column), the row and column
/// counts as scalars, then its row and column labels (a VOID scalar when it has none). The
/// elements of a tuple are objects of their own.
enum DolphinJSON {
  /// DolphinDB writes at most this many elements of a vector, set, matrix or dictionary...
  static let maxElements = 300_000
  /// ...and this many rows of a table.
  static let maxRows = 100_000

  static func typeName(_ t: DataType) -> String { t.name.lowercased() }

  static func object(_ name: String, _ form: String, type: String?, size: Int?, value: String) -> String {
    var out = "{\"name\":" + StandardJSON.quoted(name) + ",\"form\":\"" + form + "\""
    if let type { out += ",\"type\":\"" + type + "\"" }
    if let size { out += ",\"size\":\"\(size)\"" }
    return out + ",\"value\":" + value + "}"
  }

  static func elements(_ vec: Vector, limit: Int) -> String {
    var parts: [String] = []
    let n = min(vec.count, limit)
    parts.reserveCapacity(n)
    for i in 0..<n { parts.append(StandardJSON.scalar(vec[i])) }
    return "[" + parts.joined(separator: ",") + "]"
  }

  static func vector(_ name: String, _ form: String, _ vec: Vector, limit: Int = maxElements) -> String {
    object(name, form, type: typeName(vec.type), size: min(vec.count, limit), value: elements(vec, limit: limit))
  }

  static func write(_ v: Value, name: String, depth: Int = 0) throws(ScriptError) -> String {
    guard depth < StandardJSON.maxDepth else { throw ScriptError(RuntimeMessages.jsonTooDeep(StandardJSON.maxDepth)) }
    switch v {
    case .vector(let vec): return vector(name, "vector", vec)
    case .pair(let vec): return vector(name, "pair", vec)
    case .tuple(let items):
      var parts: [String] = []
      for item in items.prefix(maxElements) { parts.append(try write(item, name: "", depth: depth + 1)) }
      return object(name, "vector", type: "any", size: parts.count, value: "[" + parts.joined(separator: ",") + "]")
    case .set(let s):
      var parts: [String] = []
      for item in s.elements.prefix(maxElements) { parts.append(StandardJSON.scalar(item)) }
      return object(
        name, "set", type: typeName(s.keyType), size: parts.count, value: "[" + parts.joined(separator: ",") + "]")
    case .dictionary(let d):
      let n = min(d.count, maxElements)
      let keys = HigherOrder.collect(Array(d.keys.prefix(n)))
      let values = HigherOrder.collect(Array(d.values.prefix(n)))
      let parts = [try write(keys, name: "key", depth: depth + 1), try write(values, name: "value", depth: depth + 1)]
      return object(
        name, "dictionary", type: typeName(d.valueType), size: n, value: "[" + parts.joined(separator: ",") + "]")
    case .object(let shared as SharedTable):
      return try write(.object(shared.snapshot), name: name, depth: depth)
    case .object(let t as Table):
      var parts: [String] = []
      for (column, vec) in zip(t.names, t.columns) { parts.append(vector(column, "vector", vec, limit: maxRows)) }
      return object(
        name, "table", type: nil, size: min(t.rowCount, maxRows), value: "[" + parts.joined(separator: ",") + "]")
    case .object(let m as Matrix):
      // Whole columns only, within the element bound.
      let columns = m.rowCount == 0 ? m.columns.count : min(m.columns.count, max(1, maxElements / m.rowCount))
      var cells = Vector.empty(m.dataType, capacity: m.rowCount * columns)
      for j in 0..<columns { try cells.append(contentsOf: m.columns[j]) }
      let none = object("", "scalar", type: "void", size: nil, value: "\"\"")
      let parts = [
        vector(name, "vector", cells, limit: Int.max),
        object("row", "scalar", type: "int", size: nil, value: "\"\(m.rowCount)\""),
        object("col", "scalar", type: "int", size: nil, value: "\"\(columns)\""),
        m.rowLabels.map { vector("", "vector", $0) } ?? none,
        m.columnLabels.map { vector("", "vector", $0.slice(0..<min(columns, $0.count))) } ?? none,
      ]
      return object(
        "matrix", "matrix", type: typeName(m.dataType), size: m.rowCount,
        value: "[" + parts.joined(separator: ",") + "]")
    case .function, .object, .duration:
      throw ScriptError(RuntimeMessages.cannotWriteJSON(v.typeString))
    case .void:
      return object(name, "scalar", type: "void", size: nil, value: "\"\"")
    default:
      let text = v.isNull ? "" : ValueFormatter.plain(v)
      return object(name, "scalar", type: typeName(v.type), size: nil, value: StandardJSON.quoted(text))
    }
  }

  // MARK: reading

  static func fail(_ why: String) -> ScriptError { ScriptError(RuntimeMessages.notDolphinJSON(why)) }

  /// The type an object names (`int`, `DOUBLE`, `symbol`, ...).
  static func type(_ object: [String: Any], required: Bool) throws(ScriptError) -> DataType? {
    guard let name = object["type"] as? String else {
      if required { throw fail("it has no 'type'") }
      return nil
    }
    if name.lowercased() == "void" { return .void }
    guard let t = DataType.named(name.uppercased()) else { throw fail("unknown type '\(name)'") }
    return t
  }

  /// One JSON element as a scalar of `type`.
  static func scalar(_ any: Any, _ type: DataType, depth: Int) throws(ScriptError) -> Value {
    switch any {
    case is NSNull: return .null(type)
    case let object as [String: Any]:
      return try read(object, depth: depth + 1)
    case let n as NSNumber:
      if type == .any { return try StandardJSON.read(n) }
      let v: Value =
        String(cString: n.objCType) == "c"
        ? .bool(n.boolValue)
        : (["d", "f"].contains(String(cString: n.objCType)) ? .double(n.doubleValue) : .long(n.int64Value))
      return try Cast.convert(v, to: type)
    case let s as String:
      if type == .any { return .string(s) }
      if s.isEmpty { return .null(type) }
      return try Cast.convert(.string(s), to: type)
    default:
      throw fail("an element is neither a number, text nor null")
    }
  }

  static func items(_ object: [String: Any]) throws(ScriptError) -> [Any] {
    guard let items = object["value"] as? [Any] else { throw fail("its 'value' is not an array") }
    return items
  }

  static func vector(_ items: [Any], _ type: DataType, depth: Int) throws(ScriptError) -> Value {
    var values: [Value] = []
    values.reserveCapacity(items.count)
    for item in items { values.append(try scalar(item, type, depth: depth)) }
    if type == .any { return .tuple(values) }
    var vec = Vector.empty(type, capacity: values.count)
    for x in values { try vec.append(x) }
    return .vector(vec)
  }

  static func read(_ object: [String: Any], depth: Int = 0) throws(ScriptError) -> Value {
    guard depth < StandardJSON.maxDepth else { throw ScriptError(RuntimeMessages.jsonTooDeep(StandardJSON.maxDepth)) }
    guard let form = (object["form"] as? String)?.lowercased() else { throw fail("it has no 'form'") }
    switch form {
    case "scalar":
      let t = try type(object, required: true) ?? .void
      if t == .void { return .void }
      return try scalar(object["value"] ?? NSNull(), t, depth: depth)
    case "vector", "pair":
      let v = try vector(try items(object), try type(object, required: true) ?? .any, depth: depth)
      guard form == "pair" else { return v }
      guard case .vector(let p) = v, p.count == 2 else { throw fail("a pair needs two values") }
      return .pair(p)
    case "set":
      guard case .vector(let v) = try vector(try items(object), try type(object, required: true) ?? .any, depth: depth)
      else { throw fail("a set of type ANY") }
      var s = SetValue(keyType: v.type)
      for i in 0..<v.count { s.insert(v[i]) }
      return .set(s)
    case "dictionary":
      let parts = try items(object)
      guard parts.count == 2, let k = parts[0] as? [String: Any], let x = parts[1] as? [String: Any] else {
        throw fail("a dictionary's value must be its keys and its values")
      }
      let keys = try read(k, depth: depth + 1)
      let values = try read(x, depth: depth + 1)
      let keyList = HigherOrder.elements(keys) ?? [keys]
      let valueList = HigherOrder.elements(values) ?? [values]
      guard keyList.count == valueList.count else { throw fail("a dictionary has as many keys as values") }
      var d = DictionaryValue(keyType: keys.type == .any ? .any : keys.type, valueType: values.type)
      for (key, value) in zip(keyList, valueList) { try d.set(key, value) }
      return .dictionary(d)
    case "table":
      var names: [String] = []
      var columns: [Vector] = []
      for (j, part) in try items(object).enumerated() {
        guard let column = part as? [String: Any], case .vector(let v) = try read(column, depth: depth + 1) else {
          throw fail("a table's columns must be typed vectors")
        }
        let name = column["name"] as? String ?? ""
        names.append(name.isEmpty ? "col\(j)" : name)
        columns.append(v)
      }
      return .object(try Table(names: names, columns: columns))
    case "matrix":
      let parts = try items(object)
      guard parts.count >= 3, let data = parts[0] as? [String: Any],
        case .vector(let cells) = try read(data, depth: depth + 1),
        let r = parts[1] as? [String: Any], let c = parts[2] as? [String: Any],
        case let rows = Int(try read(r, depth: depth + 1).intValue ?? -1),
        case let cols = Int(try read(c, depth: depth + 1).intValue ?? -1),
        rows >= 0, cols >= 0, rows.multipliedReportingOverflow(by: cols) == (cells.count, false)
      else { throw fail("a matrix needs its cells, then its row and column counts") }
      func labels(_ k: Int) throws(ScriptError) -> Vector? {
        guard parts.count > k, let o = parts[k] as? [String: Any], case .vector(let v) = try read(o, depth: depth + 1)
        else { return nil }
        return v
      }
      let columns = (0..<cols).map { j in cells.slice(j * rows..<(j + 1) * rows) }
      return .object(try Matrix(columns: columns, rows: rows, rowLabels: try labels(3), columnLabels: try labels(4)))
    default:
      throw fail("unknown form '\(form)'")
    }
  }

  static let all: [Builtin] = [
    Builtin("toJson", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      let name = a.sourceNames.first.flatMap { $0 } ?? ""
      return .string(try write(a[0], name: name))
    },
    Builtin("fromJson", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      let text = try a.text(0, "the JSON of 'fromJson'")
      guard JSONNesting.depth(text) < StandardJSON.maxDepth else {
        throw ScriptError(RuntimeMessages.jsonTooDeep(StandardJSON.maxDepth))
      }
      guard let any = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) else {
        throw ScriptError(RuntimeMessages.notJSON(String(text.prefix(40))))
      }
      guard let object = any as? [String: Any] else { throw fail("it is not an object") }
      return try read(object)
    },
  ]
}
