/// An in-memory table: named typed columns of one length.
///
/// Tables are shared objects, as in DolphinDB: `t2 = t` names the same table, and in-place
/// functions (`append!`, `update`) change it for every name.
public final class Table: ScriptObject, IndexableObject {
  /// Column names made distinct as a query's result names them: a name met again (in any
  /// case) gets `_1`, `_2`, ... after it.
  public static func distinctNames(_ names: [String]) -> [String] {
    var seen: [String: Int] = [:]
    return names.map { n in
      let k = n.lowercased()
      if let c = seen[k] {
        seen[k] = c + 1
        return "\(n)_\(c + 1)"
      }
      seen[k] = 0
      return n
    }
  }

  public private(set) var names: [String]
  public private(set) var columns: [Vector]
  /// `keyedTable`/`indexedTable`: the columns whose values identify a row (empty for a plain
  /// table). An appended row with a key already present replaces that row.
  public internal(set) var keyNames: [String] = []
  /// Each key's row, for a keyed table (a `latestKeyedStreamTable`'s: its latest row).
  var keyIndex: [[ScalarKey]: Int] = [:]
  /// How a keyed table takes an appended row whose key it holds: replacing that row, or as
  /// `keyedStreamTable` and the `latest...` tables do.
  public internal(set) var keyPolicy: KeyPolicy = .replace
  /// Set on a stream table (`streamTable`, `keyedStreamTable`, ...): the rows ever written to
  /// it (`getStreamTables`' totalRows). Nil on other tables.
  public private(set) var streamRowsWritten: Int?
  /// Called after each change to the rows or columns: an `mvccTable` with a path saves itself.
  public var didChange: ((Table) throws(ScriptError) -> Void)?
  /// Set on a partitioned in-memory table: its rows stay grouped by partition.
  public var segmentation: Segmentation?
  /// The result of a join in `from`: which of its columns came from which table, by the
  /// table's alias (`b.*` selects them).
  public var joinSources: [String: [String]]?
  /// A query's read of a stored table, narrowed to the columns it names: the stored table's
  /// column names, for messages (an unknown column lists these, not the few read).
  public var scannedFrom: [String]?

  /// Creates a table; every column must have the same length.
  public init(names: [String], columns: [Vector]) throws(ScriptError) {
    guard names.count == columns.count else {
      throw ScriptError(RuntimeMessages.tableNameCountMismatch(names.count, columns: columns.count))
    }
    if let first = columns.first, let bad = columns.firstIndex(where: { $0.count != first.count }) {
      throw ScriptError(
        RuntimeMessages.columnLengthsDiffer(names[0], first.count, names[bad], columns[bad].count)
      )
    }
    var seen = Set<String>()
    for n in names {
      guard seen.insert(n.lowercased()).inserted else { throw ScriptError(RuntimeMessages.duplicateColumn(n)) }
    }
    self.names = names
    self.columns = columns
  }

  public var rowCount: Int { columns.first?.count ?? 0 }
  public var form: Value.Form { .table }
  public var dataType: DataType { .any }
  public var typeString: String { segmentation == nil ? "IN-MEMORY TABLE" : "SEGMENTED IN-MEMORY TABLE" }

  /// The index of a column (case-insensitive, as SQL resolves names).
  public func columnIndex(_ name: String) -> Int? {
    if let i = names.firstIndex(of: name) { return i }
    let lower = name.lowercased()
    return names.firstIndex { $0.lowercased() == lower }
  }

  public func column(_ name: String) -> Vector? { columnIndex(name).map { columns[$0] } }

  public func member(_ name: String) -> Value? { column(name).map { .vector($0) } }

  /// Row `i` as a dictionary from column name to value.
  public func row(_ i: Int) -> Value {
    var d = DictionaryValue(keyType: .string, valueType: .any)
    for (n, c) in zip(names, columns) { try? d.set(.string(n, .string), i >= 0 && i < c.count ? c[i] : .null(c.type)) }
    return .dictionary(d)
  }

  public var rows: [Value]? { (0..<rowCount).map(row) }

  /// A new table of the given rows.
  public func gather(_ rows: [Int]) -> Table {
    // Column lengths stay equal, so this cannot fail.
    (try? Table(names: names, columns: columns.map { $0.gather(rows) })) ?? self
  }

  /// A copy sharing no state with this table.
  public func copy() -> Table {
    (try? Table(names: names, columns: columns)) ?? self
  }

  public func render(_ formatter: ValueFormatter) -> String {
    TableRenderer.render(self, formatter)
  }

  // MARK: Indexing

  public func index(_ i: Value) throws(ScriptError) -> Value {
    switch i {
    case .string(let name, _):
      guard let c = column(name) else { throw ScriptError(RuntimeMessages.noColumn(name)) }
      return .vector(c)
    case .vector(let v) where v.type.isText:
      var ns: [String] = []
      var cs: [Vector] = []
      for name in v.strings {
        guard let c = column(name) else { throw ScriptError(RuntimeMessages.noColumn(name)) }
        ns.append(name)
        cs.append(c)
      }
      return .object(try Table(names: ns, columns: cs))
    case .int(let k, let t) where t.isIntegral:
      return row(Int(k))
    case .pair, .vector:
      let ps = try Indexing.positionList(i, count: rowCount)
      return .object(gather(ps))
    default:
      throw ScriptError(RuntimeMessages.cannotIndexTable(with: i.typeString))
    }
  }

  /// `t[`col] = v`: replaces or adds a column (a scalar fills it).
  public func setIndex(_ i: Value, _ v: Value) throws(ScriptError) {
    guard case .string(let name, _) = i else { throw ScriptError(RuntimeMessages.assignColumnByName()) }
    try setColumn(name, v)
  }

  /// Replaces or adds a column.
  public func setColumn(_ name: String, _ v: Value) throws(ScriptError) {
    let vec: Vector
    switch v {
    case .vector(let x), .pair(let x):
      guard x.count == rowCount || columns.isEmpty else {
        throw ScriptError(RuntimeMessages.columnNeedsValues(name, rowCount, got: x.count))
      }
      vec = x
    default:
      guard v.isScalar else { throw ScriptError(RuntimeMessages.mustBeVector("a table column", got: v.typeString)) }
      var x = Vector.empty(v.type == .void ? .double : v.type, capacity: rowCount)
      for _ in 0..<rowCount { try x.append(v) }
      vec = x
    }
    if let k = columnIndex(name) {
      try checkReplaceable(k)
      columns[k] = vec
    } else {
      names.append(name)
      columns.append(vec)
    }
    try didChange?(self)
  }

  /// Appends rows given as columns in table order, converting types; all or nothing.
  public func append(columns extra: [Vector], from source: String) throws(ScriptError) {
    guard extra.count == columns.count else {
      throw ScriptError(
        RuntimeMessages.appendColumnCountMismatch(extra.count, source: source, columns: columns.count)
      )
    }
    var converted: [Vector] = []
    for (k, c) in extra.enumerated() {
      do { converted.append(c.type == columns[k].type ? c : try Cast.vector(c, to: columns[k].type)) } catch {
        throw ScriptError(RuntimeMessages.cannotAppendToColumn(names[k], error.message))
      }
    }
    if let first = converted.first, let bad = converted.firstIndex(where: { $0.count != first.count }) {
      throw ScriptError(RuntimeMessages.appendedLengthsDiffer(first.count, converted[bad].count))
    }
    let before = rowCount
    if keyNames.isEmpty {
      for k in columns.indices { try columns[k].append(contentsOf: converted[k]) }
      try regroup(appendedAt: before)
    } else {
      try appendKeyed(converted)
      try regroup()
    }
    if let written = streamRowsWritten { streamRowsWritten = written + max(0, rowCount - before) }
    try didChange?(self)
  }

  /// Makes the table a stream table, its rows so far counted as written.
  public func markAsStream() {
    if streamRowsWritten == nil { streamRowsWritten = rowCount }
  }

  /// Puts a partitioned in-memory table's rows back in partition order, leaving out rows that
  /// no partition takes. When rows were just appended at `appendedAt` in partition order, after
  /// the partition of the row before them (time-ordered appends), only they are looked at.
  func regroup(appendedAt start: Int = 0) throws(ScriptError) {
    guard let segmentation, !columns.isEmpty else { return }
    let keyColumns = try segmentKeyColumns()
    if start > 0 {
      let tail = Array((start - 1)..<rowCount)
      let part = try segmentation.partitions(keyColumns.map { $0.gather(tail) })
      if part.allSatisfy({ $0 >= 0 }) && zip(part, part.dropFirst()).allSatisfy({ $0 <= $1 }) { return }
    }
    let order = try segmentation.order(keyColumns)
    if order.count == rowCount && order.enumerated().allSatisfy({ $0.offset == $0.element }) { return }
    columns = columns.map { $0.gather(order) }
    if !keyNames.isEmpty { try? indexKeys() }
  }

  /// Adds the columns of another table of the same row count (`join!`).
  public func join(_ other: Table) throws(ScriptError) {
    guard other.rowCount == rowCount || columns.isEmpty else {
      throw ScriptError(RuntimeMessages.joinRowCountMismatch(other.rowCount, rowCount))
    }
    for n in other.names where columnIndex(n) != nil { throw ScriptError(RuntimeMessages.duplicateColumn(n)) }
    names += other.names
    columns += other.columns
    try didChange?(self)
  }

  /// Renames columns (`rename!`).
  public func rename(_ old: [String], _ new: [String]) throws(ScriptError) {
    for (o, n) in zip(old, new) {
      guard let k = columnIndex(o) else { throw ScriptError(RuntimeMessages.noColumn(o)) }
      keyNames = keyNames.map { $0 == names[k] ? n : $0 }
      keyPolicy = keyPolicy.renaming(names[k], to: n)
      if var s = segmentation {
        s.columns = s.columns.map { $0.lowercased() == names[k].lowercased() ? n : $0 }
        segmentation = s
      }
      names[k] = n
    }
    try didChange?(self)
  }

  /// Removes columns by name (`dropColumns!`); every name must be a column, and one column
  /// must stay.
  public func dropColumns(_ doomed: [String]) throws(ScriptError) {
    var keep = Array(names.indices)
    for n in doomed {
      guard let k = columnIndex(n) else { throw ScriptError(RuntimeMessages.noColumn(n)) }
      try checkReplaceable(k)
      keep.removeAll { $0 == k }
    }
    guard !keep.isEmpty else { throw ScriptError(RuntimeMessages.cannotDropEveryColumn()) }
    replaceContents(names: keep.map { names[$0] }, columns: keep.map { columns[$0] })
    try didChange?(self)
  }

  /// Replaces a column with values of any type (`replaceColumn!`); the row count stays.
  public func replaceColumn(_ name: String, with v: Vector) throws(ScriptError) {
    guard let k = columnIndex(name) else { throw ScriptError(RuntimeMessages.noColumn(name)) }
    guard v.count == rowCount else {
      throw ScriptError(RuntimeMessages.columnNeedsValues(name, rowCount, got: v.count))
    }
    try checkReplaceable(k)
    columns[k] = v
    try didChange?(self)
  }

  /// Puts the named columns first, in the order given, the others after them as they were
  /// (`reorderColumns!`).
  public func reorderColumns(_ first: [String]) throws(ScriptError) {
    var order: [Int] = []
    for n in first {
      guard let k = columnIndex(n) else { throw ScriptError(RuntimeMessages.noColumn(n)) }
      if !order.contains(k) { order.append(k) }
    }
    order += names.indices.filter { !order.contains($0) }
    replaceContents(names: order.map { names[$0] }, columns: order.map { columns[$0] })
    try didChange?(self)
  }

  func replaceContents(names: [String], columns: [Vector]) {
    self.names = names
    self.columns = columns
  }

  /// Keeps the rows at `rows`, in that order (`sortBy!`, `delete`).
  public func keep(_ rows: [Int]) throws(ScriptError) {
    columns = columns.map { $0.gather(rows) }
    if !keyNames.isEmpty { try? indexKeys() }
    // `sortBy!` on a partitioned table sorts within each partition.
    try regroup()
    try didChange?(self)
  }

  /// A partitioned in-memory table's partitioning columns, one per level.
  func segmentKeyColumns() throws(ScriptError) -> [Vector] {
    var keyColumns: [Vector] = []
    for name in segmentation?.columns ?? [] {
      guard let c = column(name) else { throw ScriptError(RuntimeMessages.noColumn(name)) }
      keyColumns.append(c)
    }
    return keyColumns
  }

  /// Refuses to change a column that places rows: a key column, or a partitioning column.
  func checkReplaceable(_ k: Int) throws(ScriptError) {
    if keyNames.contains(names[k]) { throw ScriptError(RuntimeMessages.keyColumnFixed(names[k])) }
    if let segmentation, segmentation.columns.contains(where: { $0.lowercased() == names[k].lowercased() }) {
      throw ScriptError(RuntimeMessages.partitionColumnFixed(names[k]))
    }
  }

  /// Replaces the values at `rows` of column `k`.
  public func update(column k: Int, rows: [Int], values: Value) throws(ScriptError) {
    try checkReplaceable(k)
    var c = columns[k]
    let vs = try Indexing.broadcast(values, count: rows.count)
    let typed = try vs.map { v throws(ScriptError) in try Cast.scalar(v, to: c.type) }
    for (r, v) in zip(rows, typed) { try c.set(r, v) }
    columns[k] = c
    try didChange?(self)
  }
}
