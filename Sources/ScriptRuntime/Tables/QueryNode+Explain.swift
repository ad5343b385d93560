import Dispatch

/// `select [HINT_EXPLAIN] ...`: the query runs, and what comes back is its plan as JSON (the
/// clauses it went through, the rows it gave and the time it took, in microseconds), as
/// DolphinDB's explain reports it.
extension QueryNode {
  func explain(_ m: Machine) throws(ScriptError) -> Value {
    let source = try sourceValue(m)
    let kind = QueryNode.sourceKind(source)
    let start = DispatchTime.now().uptimeNanoseconds
    let result = try run(m, evaluatedFrom: source)
    let cost = (DispatchTime.now().uptimeNanoseconds - start) / 1000
    let rows: Int
    switch result {
    case .object(let o as Table): rows = o.rowCount
    default: rows = result.isScalar ? 1 : result.count
    }
    var clauses: [String] = []
    clauses.append("\"from\":{\"kind\":\"\(kind)\"}")
    if !conditions.isEmpty { clauses.append("\"where\":{\"conditions\":\(conditions.count)}") }
    if !pivotBy.isEmpty { clauses.append("\"pivotBy\":{\"keys\":\(pivotBy.count)}") }
    if !groupBy.isEmpty {
      let kind = isContextBy ? "contextBy" : "groupBy"
      clauses.append("\"\(kind)\":{\"keys\":\(groupBy.count)}")
    }
    if !orderBy.isEmpty { clauses.append("\"orderBy\":{\"keys\":\(orderBy.count)}") }
    clauses.append("\"rows\":\(rows)")
    clauses.append("\"cost\":\(cost)")
    return .string(
      "{\"measurement\":\"microsecond\",\"explain\":{" + clauses.joined(separator: ",") + "}}", .string)
  }

  /// What the query read: a table in memory or one of a database.
  static func sourceKind(_ v: Value) -> String {
    if case .object(let o) = v, o is Table { return "table" }
    return "database"
  }
}
