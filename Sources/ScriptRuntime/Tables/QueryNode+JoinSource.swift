/// `select ... from lj(dfsTable, dimension, `key) where ...`: a join function in `from` over a
/// database table reads only what the query needs from it, the columns it names and the join
/// keys, and, for the left table of a join that gives each left row its own result, only the
/// partitions the `where` conditions on its columns can match (the conditions still run on
/// the joined rows). Without this the whole table would be read into memory first, or refused.
extension QueryNode {
  /// Joins whose result rows each come from one left row (its matches, or nulls): filtering
  /// the left rows first by a condition on their own columns gives the same rows.
  static let leftRowJoins: Set<String> = ["lj", "ej", "aj", "lsj", "sej", "wj", "pwj"]
  static let joinFunctions: Set<String> = leftRowJoins.union(["cj"])

  /// What `from` names, a join function's database tables read narrowed by the query; nil
  /// when `from` is not such a join.
  func joinSource(_ from: Node, _ m: Machine) throws(ScriptError) -> Value? {
    guard let call = from as? CallNamedNode, call.module.isEmpty, !call.hasNamesOrHoles,
      QueryNode.joinFunctions.contains(call.name), case .builtin(let b) = try call.resolve(m).kind
    else { return nil }
    guard call.args.count >= b.minArgs, call.args.count <= b.maxArgs else {
      throw Machine.arityError(b.name, b.minArgs, b.maxArgs, got: call.args.count).located(from.range)
    }
    var values: [Value] = []
    for a in call.args { values.append(try a?.eval(m) ?? .void) }
    func isSource(_ v: Value) -> Bool {
      if case .object(let o) = v { return o is TableSource && !(o is Table) }
      return false
    }
    guard values.prefix(2).contains(where: isSource) else {
      var args = CallArguments(values: values, machine: m, sourceNames: call.sourceNames)
      do { return try b.body(&args) } catch { throw error.located(from.range) }
    }
    // Key names are the text arguments after the tables (`lj`'s keys, `wj`'s matching columns).
    var keys = Set<String>()
    for v in values.dropFirst(2) where v.type.isText {
      if case .string(let s, _) = v { keys.insert(s) }
      if case .vector(let names) = v { keys.formUnion(names.strings) }
    }
    for i in 0..<min(2, values.count) {
      guard case .object(let o) = values[i], let source = o as? TableSource, !(o is Table) else { continue }
      let names = (o as? AppendableTable)?.columnNames
      func has(_ c: String) -> Bool { names?.contains { $0.lowercased() == c.lowercased() } ?? false }
      // `wj`'s aggregates name right columns the query does not: its right table is read whole.
      var columns: Set<String>? = nil
      if let referenced = referencedColumns, call.name != "wj" && call.name != "pwj" || i == 0, let names {
        // A right column the left also has comes back as `t2_name` (`right_name` when the right
        // table is no variable): reading it needs `name`.
        let prefix = ((call.sourceNames.count > 1 ? call.sourceNames[1] : nil) ?? "right").lowercased() + "_"
        let unprefixed = referenced.filter { $0.lowercased().hasPrefix(prefix) }.map {
          String($0.dropFirst(prefix.count))
        }
        let wanted = Set(referenced.union(keys).union(unprefixed).map { $0.lowercased() })
        columns = Set(names.filter { wanted.contains($0.lowercased()) })
      }
      let predicates =
        i == 0 && QueryNode.leftRowJoins.contains(call.name)
        ? QueryNode.predicates(conditions, m).filter { has($0.column) } : []
      values[i] = .object(
        try readable(source, m) { () throws(ScriptError) in try source.scan(columns: columns, predicates: predicates) })
    }
    var args = CallArguments(values: values, machine: m, sourceNames: call.sourceNames)
    do { return try b.body(&args) } catch { throw error.located(from.range) }
  }
}
