import ScriptRuntime

/// `upsert!(obj, newData, [ignoreNull], [keyColNames], [sortColumns])` and `tableUpsert` (the
/// same, answering `inserted : updated`): each row of `newData` whose key a row of `obj` has
/// updates the first such row (with `ignoreNull`, only its non-null values), and the others
/// are appended. The key is a keyed table's keys, else `keyColNames` (and, for a database
/// table, its partitioning columns, so a key's rows are in one partition). A database table is
/// rewritten a partition at a time, only the partitions `newData`'s keys fall in.
enum Upserts {
  /// What an upsert did.
  struct Outcome {
    var inserted = 0
    var updated = 0
  }

  /// Updates the rows of `target` that `columns` (in `target`'s column order) has keys of;
  /// `matched` marks the new rows used so. Returns how many target rows changed.
  static func merge(
    into target: Table, _ columns: [Vector], keys: [Int], ignoreNull: Bool, matched: inout [Bool]
  ) throws(ScriptError) -> Int {
    let n = columns.first?.count ?? 0
    guard n > 0, target.rowCount > 0 else { return 0 }
    // The first row of each key in the target: DolphinDB updates only that one.
    var first: [[ScalarKey]: Int] = [:]
    let targetKeys = keys.map { target.columns[$0] }
    for r in 0..<target.rowCount {
      let key = targetKeys.map { ScalarKey($0[r]) ?? .null }
      if first[key] == nil { first[key] = r }
    }
    let valueColumns = target.columns.indices.filter { !keys.contains($0) }
    var rows = [[Int]](repeating: [], count: target.columns.count)
    var values = [[Value]](repeating: [], count: target.columns.count)
    var changed = 0
    for i in 0..<n where !matched[i] {
      let key = keys.map { ScalarKey(columns[$0][i]) ?? .null }
      guard let r = first[key] else { continue }
      matched[i] = true
      var any = false
      for k in valueColumns {
        let v = columns[k][i]
        if ignoreNull && v.isNull { continue }
        rows[k].append(r)
        values[k].append(v)
        any = true
      }
      if any { changed += 1 }
    }
    for k in valueColumns where !rows[k].isEmpty {
      try target.update(column: k, rows: rows[k], values: HigherOrder.collect(values[k]))
    }
    return changed
  }

  /// `newData`'s columns in the order of the target's names.
  static func columns(_ data: Value, for names: [String]) throws(ScriptError) -> [Vector] {
    guard case .object(let o) = data, let t = (o as? SharedTable)?.snapshot ?? (o as? Table) else {
      throw ScriptError(RuntimeMessages.upsertNeedsTable(data.typeString))
    }
    var out: [Vector] = []
    for name in names {
      guard let c = t.column(name) else { throw ScriptError(RuntimeMessages.noColumn(name)) }
      out.append(c)
    }
    return out
  }

  static func keyIndices(_ names: [String], in columns: [String]) throws(ScriptError) -> [Int] {
    var out: [Int] = []
    for name in names {
      guard let k = columns.firstIndex(where: { $0.lowercased() == name.lowercased() }) else {
        throw ScriptError(RuntimeMessages.unknownColumn(name, known: columns))
      }
      if !out.contains(k) { out.append(k) }
    }
    return out
  }

  /// An in-memory table (a shared one under its lock).
  static func inMemory(_ t: Table, _ a: CallArguments, ignoreNull: Bool) throws(ScriptError) -> Outcome {
    let columns = try columns(a[1], for: t.names)
    let keyNames = t.keyNames.isEmpty ? try givenKeys(a) : t.keyNames
    let keys = try keyIndices(keyNames, in: t.names)
    var matched = [Bool](repeating: false, count: columns.first?.count ?? 0)
    let before = t.copy()
    do throws(ScriptError) {
      let updated = try merge(into: t, columns, keys: keys, ignoreNull: ignoreNull, matched: &matched)
      let fresh = matched.indices.filter { !matched[$0] }
      let rows = t.rowCount
      if !fresh.isEmpty { try t.append(columns: columns.map { $0.gather(fresh) }, from: "upsert!") }
      return Outcome(inserted: t.rowCount - rows, updated: updated)
    } catch {
      t.restore(from: before)
      throw error
    }
  }

  static func givenKeys(_ a: CallArguments) throws(ScriptError) -> [String] {
    guard a.has(3) else { throw ScriptError(RuntimeMessages.upsertNeedsKeys()) }
    return try column(a[3], "upsert!").strings
  }

  /// A database table: the partitions `newData`'s keys fall in are rewritten, then the rows
  /// no partition had are appended.
  static func stored(
    _ o: ScriptObject & AppendableTable & RewritableTable, _ a: CallArguments, ignoreNull: Bool
  ) throws(ScriptError) -> Outcome {
    try a.machine.requireWrite(o, .update)
    try a.machine.requireWrite(o, .insert)
    let names = o.columnNames
    let columns = try columns(a[1], for: names)
    let partitioning = (o as? StoredTableSchema)?.partitionColumnNames ?? []
    let keys = try keyIndices((a.has(3) ? try column(a[3], "upsert!").strings : []) + partitioning, in: names)
    guard !keys.isEmpty else { throw ScriptError(RuntimeMessages.upsertNeedsKeys()) }
    // Only the partitions that may hold the new keys are read.
    var predicates: [ColumnPredicate] = []
    for name in partitioning {
      guard let k = keys.first(where: { names[$0].lowercased() == name.lowercased() }) else { continue }
      var seen = Set<ScalarKey>()
      var values: [Value] = []
      let c = columns[k]
      for i in 0..<c.count where seen.insert(ScalarKey(c[i]) ?? .null).inserted { values.append(c[i]) }
      if values.count <= 256 { predicates.append(ColumnPredicate(column: name, kind: .oneOf, values: values)) }
    }
    var matched = [Bool](repeating: false, count: columns.first?.count ?? 0)
    var outcome = Outcome()
    try o.rewrite(predicates: predicates, a.machine, verb: "upsert") { rows throws(ScriptError) in
      let changed = try merge(into: rows, columns, keys: keys, ignoreNull: ignoreNull, matched: &matched)
      outcome.updated += changed
      return changed > 0
    }
    let fresh = matched.indices.filter { !matched[$0] }
    if !fresh.isEmpty {
      try o.append(columns: columns.map { $0.gather(fresh) }, from: "upsert!", in: a.machine)
      outcome.inserted = fresh.count
    }
    return outcome
  }

  static func run(_ a: CallArguments) throws(ScriptError) -> Outcome {
    let ignoreNull = a.has(2) ? a[2].isTruthy : false
    guard case .object(let o) = a[0] else { throw ScriptError(RuntimeMessages.upsertNeedsTable(a[0].typeString)) }
    switch o {
    case let shared as SharedTable:
      try a.machine.requireWrite(shared, .update)
      try a.machine.requireWrite(shared, .insert)
      return try shared.withTable { t throws(ScriptError) in try inMemory(t, a, ignoreNull: ignoreNull) }
    case let t as Table:
      return try inMemory(t, a, ignoreNull: ignoreNull)
    case let stored as ScriptObject & AppendableTable & RewritableTable:
      return try Upserts.stored(stored, a, ignoreNull: ignoreNull)
    default:
      throw ScriptError(RuntimeMessages.upsertNeedsTable(a[0].typeString))
    }
  }

  static let parameters = ["obj", "newData", "ignoreNull", "keyColNames", "sortColumns"]

  static let all: [Builtin] = [
    Builtin("upsert!", args: 2...5, parameterNames: parameters, mutatesFirst: true) { a throws(ScriptError) in
      _ = try run(a)
      return a[0]
    },
    Builtin("tableUpsert", args: 2...5, parameterNames: parameters) { a throws(ScriptError) in
      let outcome = try run(a)
      return .pair(Vector(type: .long, ints: [Int64(outcome.inserted), Int64(outcome.updated)]))
    },
  ]
}
