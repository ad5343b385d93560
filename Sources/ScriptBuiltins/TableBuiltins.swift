import ScriptRuntime

/// Building, reshaping and joining in-memory tables.
enum TableBuiltins {
  /// The first (last) element of a vector, pair or tuple, column of a matrix, or row of a table
  /// (null, or a row of nulls, when there is none): `head(X)` and `tail(X)`.
  static func end(_ v: Value, first: Bool) throws(ScriptError) -> Value {
    let name = first ? "head" : "tail"
    switch v {
    case .vector(let vec), .pair(let vec):
      guard vec.count > 0 else { return .null(vec.type) }
      return vec[first ? 0 : vec.count - 1]
    case .tuple(let items):
      return (first ? items.first : items.last) ?? .void
    case .object(let m as Matrix):
      guard let c = first ? m.columns.first : m.columns.last else { return .vector(Vector.empty(m.dataType)) }
      return .vector(c)
    case .object:
      let t = try table(v, "the argument of '\(name)'")
      return t.row(first ? 0 : t.rowCount - 1)
    default:
      throw ScriptError(RuntimeMessages.cannotTake(name, v.typeString))
    }
  }

  static func table(_ v: Value, _ what: String) throws(ScriptError) -> Table {
    guard case .object(let o) = v, let t = o as? Table else {
      throw ScriptError(RuntimeMessages.mustBeTable(what, got: v.typeString))
    }
    return t
  }

  /// The element type of an array column type (`INT[]`, or its name `"INT[]"`), if `t` is one.
  static func arrayColumnType(_ t: Value) -> DataType? {
    switch t {
    case .int(let code, _): return DataType.arrayElement(ofCode: code)
    case .string(let s, _):
      guard let parsed = DataType.parse(s.uppercased()), parsed.isArray else { return nil }
      return parsed.type
    default: return nil
    }
  }

  /// `table(capacity:size, colNames, colTypes)`.
  /// A column type given as a type constant (`INT`) or its name (`"INT"`).
  static func columnType(_ t: Value, column: String) throws(ScriptError) -> DataType {
    let type: DataType?
    switch t {
    case .int(let code, _): type = DataType(rawValue: UInt8(truncatingIfNeeded: code))
    case .string(let s, _): type = DataType.named(s.uppercased())
    default: type = nil
    }
    guard let type, type != .void, type != .any, type != .function else {
      throw ScriptError(RuntimeMessages.invalidColumnType(column, ValueFormatter.plain(t)))
    }
    return type
  }

  static func emptyTable(_ a: CallArguments) throws(ScriptError) -> Value {
    guard case .pair(let p) = a[0], let size = p[1].intValue else {
      throw ScriptError(RuntimeMessages.tableNeedsCapacity())
    }
    let names = try a.vector(1, "the column names").strings
    let types: [Value] = HigherOrder.elements(a[2]) ?? [a[2]]
    // The size fills every column; the capacity is only a hint, kept within reason.
    try a.machine.checkAllocation(Int(size), elementBytes: 8 * max(names.count, 1), "the size of 'table'")
    guard names.count == types.count else {
      throw ScriptError(RuntimeMessages.tableTypeCountMismatch(names.count, types: types.count))
    }
    var columns: [Vector] = []
    for (k, t) in types.enumerated() {
      if let element = arrayColumnType(t) {
        columns.append(.emptyRows(element, count: max(0, Int(size))))
        continue
      }
      let type = try columnType(t, column: names[k])
      var v = Vector.empty(type, capacity: max(0, Int(size)))
      if size > 0 {
        let fill: Value = type.isText ? .string("", type) : (type == .bool ? .bool(false) : .int(0, .int))
        for _ in 0..<Int(size) { try v.append(type.isTemporal ? .int(0, type) : fill) }
      }
      columns.append(v)
    }
    return .object(try Table(names: names, columns: columns))
  }

  /// Columns from values that are vectors of one length or scalars (each repeated to it).
  static func broadcastColumns(_ values: [Value], _ what: String) throws(ScriptError) -> [Vector] {
    var length: Int?
    for v in values {
      guard case .vector(let c) = v else { continue }
      if let n = length, n != c.count { throw ScriptError(RuntimeMessages.incompatibleSizes(what, n, c.count)) }
      length = c.count
    }
    var columns: [Vector] = []
    for v in values {
      if case .vector(let c) = v {
        columns.append(c)
      } else if case .vector(let c) = collectTyped(Array(repeating: v, count: length ?? 1), empty: .double) {
        columns.append(c)
      } else {
        throw ScriptError(RuntimeMessages.cannotAppendToTable(v.typeString))
      }
    }
    return columns
  }

  /// A table of `names`, from vectors of one length and scalars.
  static func table(names: [String], values: [Value]) throws(ScriptError) -> Table {
    try Table(names: names, columns: try broadcastColumns(values, "transpose"))
  }

  /// A dictionary given to `append!` or `tableInsert`: its keys name the table's columns (in any
  /// case and order), its values are their new values; a column it does not name gets nulls
  /// (DolphinDB's tutorials feed an engine rows of a few of its columns so).
  static func columns(of d: DictionaryValue, for t: AppendableTable) throws(ScriptError) -> Value {
    var byName: [String: Value] = [:]
    for (k, v) in zip(d.keys, d.values) {
      guard let name = k.stringValue else {
        throw ScriptError(RuntimeMessages.cannotAppendToTable("a dictionary of \(k.typeString) keys"))
      }
      byName[name.lowercased()] = v
    }
    let names = t.columnNames
    guard names.contains(where: { byName[$0.lowercased()] != nil }) else {
      throw ScriptError(RuntimeMessages.dictionaryNamesNoColumn(names))
    }
    let types = t.columnTypes
    var values: [Value] = []
    for (k, name) in names.enumerated() {
      values.append(byName[name.lowercased()] ?? .null(k < types.count ? types[k] : .double))
    }
    return .tuple(try broadcastColumns(values, "append!").map { .vector($0) })
  }

  static func columnsOf(_ v: Value) -> [Vector]? {
    if case .object(let o) = v, let t = o as? Table { return t.columns }
    // A shared table's rows as they are now (`share kt as skt` leaves `kt` naming it).
    if case .object(let shared as SharedTable) = v { return shared.snapshot.columns }
    switch v {
    case .vector(let vec), .pair(let vec): return [vec]
    case .tuple(let items):
      var out: [Vector] = []
      for item in items {
        guard let vec = Structural.asVector(item) else { return nil }
        out.append(vec)
      }
      return out
    default: return Structural.asVector(v).map { [$0] }
    }
  }

  /// Whether a tuple given to `table` is the rows of an array column (`[1 2, 3] as bid`) rather
  /// than a list of columns (vectors of one length): rows of uneven lengths, or as many rows as
  /// the other arguments have when they would not be as long as columns.
  static func isRowList(_ items: [Value], rows: Int?) -> Bool {
    let lengths = items.map { item -> Int? in
      if case .vector(let v) = item, !v.isArrayVector { return v.count }
      return nil
    }
    guard let first = lengths.first ?? nil, lengths.allSatisfy({ $0 == first }) else { return true }
    guard let rows else { return false }
    return items.count == rows && first != rows
  }

  /// `table(...)`: from a capacity, names and types, or from vectors, tuples and tables.
  static func makeTable(_ a: CallArguments) throws(ScriptError) -> Value {
    if a.count == 3, case .pair = a[0] { return try emptyTable(a) }
    var names: [String] = []
    var columns: [Vector] = []
    // The row count the plain arguments set, which tells a tuple of rows from a list of columns.
    // Scalars fill to the others' length, or make one row when there are only scalars.
    let rows =
      a.values.lazy.compactMap { v -> Int? in
        if case .tuple = v { return nil }
        if v.isScalar { return nil }
        return TableBuiltins.columnsOf(v)?.first?.count
      }.first ?? (a.values.contains { $0.isScalar } ? 1 : nil)
    for (k, v) in a.values.enumerated() {
      let given = k < a.sourceNames.count ? a.sourceNames[k] : nil
      switch v {
      case .object(let o) where o is Matrix:
        // A matrix's columns, named by its column labels or C0, C1, ...
        guard let m = o as? Matrix else { break }
        for j in 0..<m.columnCount {
          names.append(m.columnLabels.map { ValueFormatter.plain($0[j]) } ?? "C\(names.count)")
          columns.append(m.columns[j])
        }
      case .object(let o):
        guard let t = o as? Table else { throw ScriptError(RuntimeMessages.cannotTake("table", v.typeString)) }
        names += t.names
        columns += t.columns
      case .vector(let vec), .pair(let vec):
        names.append(given ?? "C\(k)")
        columns.append(vec)
      case .tuple(let items) where TableBuiltins.isRowList(items, rows: rows):
        // Rows of different lengths (`[15 16, 17]`): an array vector column.
        guard let rows = NestedColumn.rows(of: v) else {
          throw ScriptError(RuntimeMessages.needsVectors("table", got: v.typeString))
        }
        names.append(given ?? "C\(k)")
        columns.append(Vector(type: rows.values.type, storage: .nested(rows)))
      case .tuple(let items):
        for (j, item) in items.enumerated() {
          guard case .vector(let vec) = item else {
            throw ScriptError(RuntimeMessages.needsVectors("table", got: item.typeString))
          }
          names.append("\(given ?? "C\(k)")_\(j)")
          columns.append(vec)
        }
      default:
        guard var vec = Structural.asVector(v) else {
          throw ScriptError(RuntimeMessages.cannotTake("table", v.typeString))
        }
        // A scalar beside columns fills its column (`table(syms as sym, 2018.05.04 as date)`).
        if v.isScalar, let rows, rows != 1 { vec = vec.gather(Array(repeating: 0, count: rows)) }
        names.append(given ?? "C\(k)")
        columns.append(vec)
      }
    }
    return .object(try Table(names: names, columns: columns))
  }

  static let all: [Builtin] = [
    Builtin("table", args: 1...Int.max) { a throws(ScriptError) in try makeTable(a) },
    // streamTable(...): a table, made as `table` makes one, marked as a stream table (for
    // getStreamTables); subscriptions, sharing and persistence take any shared table.
    Builtin("streamTable", args: 1...Int.max) { a throws(ScriptError) in
      let made = try makeTable(a)
      if case .object(let t as Table) = made { t.markAsStream() }
      return made
    },
    Builtin("cols", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      if let m = MatrixBuiltins.matrix(a[0]) { return .int(Int64(m.columnCount), .int) }
      return .int(Int64(try table(a[0], "the argument of 'cols'").columns.count), .int)
    },
    // addColumn(t, names, types): new columns of nulls.
    Builtin("addColumn", args: 3...3, parameterNames: ["table", "colNames", "colTypes"]) { a throws(ScriptError) in
      let names = try column(a[1], "addColumn").strings
      let types = HigherOrder.elements(a[2]) ?? [a[2]]
      guard names.count == types.count else {
        throw ScriptError(RuntimeMessages.tableNameCountMismatch(names.count, columns: types.count))
      }
      if case .object(let o) = a[0], let stored = o as? ColumnAddingTable {
        var dataTypes: [DataType] = []
        for (name, typeValue) in zip(names, types) { dataTypes.append(try columnType(typeValue, column: name)) }
        try stored.addColumns(names, dataTypes, a.machine)
        return .void
      }
      guard case .object(let o) = a[0], let t = o as? Table else {
        throw ScriptError(RuntimeMessages.addColumnNeedsInMemoryTable(a[0].typeString))
      }
      for (name, typeValue) in zip(names, types) {
        guard t.columnIndex(name) == nil else { throw ScriptError(RuntimeMessages.duplicateColumn(name)) }
        try t.setColumn(name, .vector(Vector.nulls(try columnType(typeValue, column: name), count: t.rowCount)))
      }
      return .void
    },
    // clear!(X): removes every row of a table, keeping the columns; empties a vector (keeping
    // its type), a set or a dictionary (keeping their key and value types).
    Builtin("clear!", args: 1...1, mutatesFirst: true) { a throws(ScriptError) in
      switch a[0] {
      case .vector(let v) where !v.isArrayVector:
        a[0] = .vector(Vector.empty(v.type))
        return a[0]
      case .set(let s):
        a[0] = .set(SetValue(keyType: s.keyType))
        return a[0]
      case .dictionary(let d):
        var empty = DictionaryValue(keyType: d.keyType, valueType: d.valueType)
        empty.isOrdered = d.isOrdered
        a[0] = .dictionary(empty)
        return a[0]
      default: break
      }
      if case .object(let o) = a[0], let shared = o as? SharedTable {
        try a.machine.requireWrite(shared, .delete)
        try shared.withTable { t throws(ScriptError) in try t.keep([]) }
        return a[0]
      }
      guard case .object(let o) = a[0], let t = o as? Table else {
        throw ScriptError(RuntimeMessages.cannotTake("clear!", a[0].typeString))
      }
      try t.keep([])
      return a[0]
    },
    Builtin("dropColumns!", args: 2...2, parameterNames: ["table", "colNames"], mutatesFirst: true) {
      a throws(ScriptError) in
      let t = try table(a[0], "the first argument of 'dropColumns!'")
      try t.dropColumns(try column(a[1], "dropColumns!").strings)
      return a[0]
    },
    // col(obj, index): a table's column at position index (or named index); a matrix's column
    // (a pair of positions: those columns, as a matrix); a vector is its own column 0.
    Builtin("col", args: 2...2, parameterNames: ["obj", "index"]) { a throws(ScriptError) in
      if let m = MatrixBuiltins.matrix(a[0]) {
        if case .pair = a[1] { return try Indexing.get(a[0], a[1]) }
        let j = try a.integer(1, "the column index")
        guard j >= 0, j < m.columnCount else {
          throw ScriptError(RuntimeMessages.colIndexOutOfRange(j, columns: m.columnCount, of: "matrix"))
        }
        return .vector(m.columns[j])
      }
      if case .vector(let v) = a[0], !v.isArrayVector {
        let j = try a.integer(1, "the column index")
        guard j == 0 else { throw ScriptError(RuntimeMessages.colIndexOutOfRange(j, columns: 1, of: "vector")) }
        return a[0]
      }
      let t = try table(a[0], "the first argument of 'col'")
      if let name = a[1].stringValue, a[1].type.isText {
        guard let c = t.column(name) else { throw ScriptError(RuntimeMessages.unknownColumn(name, known: t.names)) }
        return .vector(c)
      }
      let i = try a.integer(1, "the column index")
      guard i >= 0, i < t.columns.count else {
        throw ScriptError(RuntimeMessages.indexOutOfRange(i, size: t.columns.count, of: "table"))
      }
      return .vector(t.columns[i])
    },
    Builtin("columnNames", args: 1...1, parameterNames: ["X"]) { a throws(ScriptError) in
      if let m = MatrixBuiltins.matrix(a[0]) { return m.columnLabels.map { .vector($0) } ?? .void }
      return .vector(Vector(strings: try table(a[0], "the argument of 'columnNames'").names))
    },
    Builtin("schema", args: 1...1) { a throws(ScriptError) in
      if case .object(let db as DescribedDatabase) = a[0] {
        var d = DictionaryValue(keyType: .string, valueType: .any)
        for (k, v) in db.schemaEntries { try d.set(.string(k, .string), v) }
        return .dictionary(d)
      }
      guard case .object(let o) = a[0], let t = o as? AppendableTable else {
        throw ScriptError(RuntimeMessages.mustBeTable("the argument of 'schema'", got: a[0].typeString))
      }
      var d = DictionaryValue(keyType: .string, valueType: .any)
      var names = ["name", "typeString", "typeInt"]
      var columns = [
        Vector(strings: t.columnNames),
        Vector(strings: t.columnTypeNames),
        Vector(
          type: .int,
          ints: t.columnTypeCodes.map { code in
            // DolphinDB's id: a DECIMAL's width's (37, 38), not Porpoise's code for its scale.
            if let element = DataType.arrayElement(ofCode: code) {
              return element.typeID + DataType.arrayCodeOffset
            }
            return DataType(rawValue: UInt8(truncatingIfNeeded: code)).map { $0.isDecimal ? $0.typeID : code } ?? code
          }),
      ]
      let commented = o as? CommentedTable
      if let commented {
        names.append("comment")
        columns.append(Vector(strings: commented.columnComments))
      }
      try d.set(.string("colDefs", .string), .object(try Table(names: names, columns: columns)))
      if let comment = commented?.tableComment, !comment.isEmpty {
        try d.set(.string("tableComment", .string), .string(comment, .string))
      }
      if let stored = o as? StoredTableSchema {
        // What DolphinDB's schema() adds for a database table (ops' getDDL reads these).
        let partitioned = stored.partitionColumnNames
        let indexes = partitioned.map { n in Int64(t.columnNames.firstIndex { $0.lowercased() == n.lowercased() } ?? -1)
        }
        let names: Value =
          partitioned.count == 1 ? .string(partitioned[0], .string) : .vector(Vector(strings: partitioned))
        let positions: Value =
          partitioned.count == 1 ? .int(indexes[0], .int) : .vector(Vector(type: .int, ints: indexes))
        try d.set(.string("partitionColumnName", .string), partitioned.isEmpty ? .vector(Vector(strings: [])) : names)
        try d.set(.string("partitionColumnIndex", .string), partitioned.isEmpty ? .int(-1, .int) : positions)
        try d.set(.string("engineType", .string), .string(stored.engineType, .string))
        try d.set(.string("chunkGranularity", .string), .string("TABLE", .string))
      }
      return .dictionary(d)
    },
    // head(X, [n]) and tail(obj, [n]): the first (last) n elements of a vector, columns of a
    // matrix or rows of a table. Without n, the one element, column (a vector) or row (a
    // dictionary) itself, as DolphinDB's default n=1 gives it.
    Builtin("head", args: 1...2, parameterNames: ["X", "n"]) { a throws(ScriptError) in
      guard a.has(1) else { return try end(a[0], first: true) }
      let n = try a.integer(1, "the count of 'head'")
      if let m = MatrixBuiltins.matrix(a[0]) {
        return try Indexing.get(a[0], .pair(Vector(type: .int, ints: [0, Int64(min(max(0, n), m.columnCount))])))
      }
      if case .object = a[0] {
        let t = try table(a[0], "the argument of 'head'")
        return .object(t.gather(Array(0..<min(max(0, n), t.rowCount))))
      }
      return try Indexing.get(a[0], .pair(Vector(type: .int, ints: [0, Int64(max(0, n))])))
    },
    Builtin("tail", args: 1...2, parameterNames: ["obj", "n"]) { a throws(ScriptError) in
      guard a.has(1) else { return try end(a[0], first: false) }
      let n = try a.integer(1, "the count of 'tail'")
      // A matrix's last n columns.
      let total = MatrixBuiltins.matrix(a[0])?.columnCount ?? a[0].count
      let start = max(0, total - max(0, n))
      if MatrixBuiltins.matrix(a[0]) != nil {
        return try Indexing.get(a[0], .pair(Vector(type: .int, ints: [Int64(start), Int64(total)])))
      }
      if case .object = a[0] {
        return .object(try table(a[0], "the argument of 'tail'").gather(Array(start..<total)))
      }
      return try Indexing.get(a[0], .pair(Vector(type: .int, ints: [Int64(start), Int64(total)])))
    },
    Builtin("cj", args: 2...2, parameterNames: ["X", "Y"]) { a throws(ScriptError) in
      let x = try table(a[0], "the left side of 'cj'")
      let y = try table(a[1], "the right side of 'cj'")
      let names = joinedNames(x.names, y.names, prefix: rightPrefix(a))
      return .object(try Table.crossJoin([x, y], names: names, a.machine, "the result of 'cj'"))
    },
    Builtin("rename!", args: 2...3, mutatesFirst: true) { a throws(ScriptError) in
      if let m = MatrixBuiltins.matrix(a[0]) {
        // rename!(m, columnLabels) or rename!(m, rowLabels, columnLabels).
        if a.count == 3 { m.rowLabels = try a.vector(1, "the row labels") }
        m.columnLabels = try a.vector(a.count - 1, "the column labels")
        try m.checkLabels()
        return a[0]
      }
      let t = try table(a[0], "the first argument of 'rename!'")
      if a.count == 2 {
        let new = try a.vector(1, "the new names").strings
        try t.rename(Array(t.names.prefix(new.count)), new)
      } else {
        try t.rename(try a.vector(1, "the old names").strings, try a.vector(2, "the new names").strings)
      }
      return a[0]
    },
    // sortBy!(t, sortColumns, [sortDirections]): rows sorted in place by columns (names) or by
    // expressions over them (metacode).
    Builtin("sortBy!", args: 2...3, parameterNames: ["table", "sortColumns", "sortDirections"], mutatesFirst: true) {
      a throws(ScriptError) in
      let t = try table(a[0], "the first argument of 'sortBy!'")
      let ascending = a.count > 2 ? (HigherOrder.elements(a[2]) ?? [a[2]]).map(\.isTruthy) : [true]
      func direction(_ k: Int) -> Bool { k < ascending.count ? ascending[k] : ascending.last ?? true }
      var columns: [(Vector, Bool)] = []
      if MetacodeBuilder.items(a[1]).contains(where: { MetacodeBuilder.code($0) != nil }) {
        // Expressions over the columns (`<price * qty>`): each evaluated once over the table.
        let keys = try EngineMetrics(a[1], a.machine).evaluate(over: t, a.machine)
        for (k, c) in keys.enumerated() {
          guard c.count == t.rowCount else { throw ScriptError(RuntimeMessages.sortKeyLength(c.count, t.rowCount)) }
          columns.append((c, direction(k)))
        }
      } else {
        for (k, name) in try a.vector(1, "the sort columns").strings.enumerated() {
          guard let c = t.column(name) else { throw ScriptError(RuntimeMessages.noColumn(name)) }
          columns.append((c, direction(k)))
        }
      }
      let keys = columns.map { RowOrder.Key($0.0.orderKey, descending: !$0.1) }
      try t.keep(RowOrder.positions(keys, count: t.rowCount))
      return a[0]
    },
    Builtin("lj", args: 3...4, parameterNames: ["leftTable", "rightTable", "matchingCols", "rightMatchingCols"]) {
      a throws(ScriptError) in try keyedJoin(a, keepUnmatched: true)
    },
    Builtin("lsj", args: 3...4, parameterNames: ["leftTable", "rightTable", "matchingCols", "rightMatchingCols"]) {
      a throws(ScriptError) in try keyedJoin(a, keepUnmatched: true, firstOnly: true)
    },
    Builtin("aj", args: 3...4, parameterNames: ["leftTable", "rightTable", "matchingCols", "rightMatchingCols"]) {
      a throws(ScriptError) in try AsofJoin.join(a)
    },
    Builtin(
      "wj", args: 5...6,
      parameterNames: ["leftTable", "rightTable", "window", "aggs", "matchingCols", "rightMatchingCols"]
    ) { a throws(ScriptError) in try WindowJoin.join(a, prevailing: false) },
    Builtin(
      "pwj", args: 5...6,
      parameterNames: ["leftTable", "rightTable", "window", "aggs", "matchingCols", "rightMatchingCols"]
    ) { a throws(ScriptError) in try WindowJoin.join(a, prevailing: true) },
    Builtin("ej", args: 3...4, parameterNames: ["leftTable", "rightTable", "matchingCols", "rightMatchingCols"]) {
      a throws(ScriptError) in try keyedJoin(a, keepUnmatched: false)
    },
  ]

  /// `lj(left, right, keys)` and `ej(left, right, keys)`: rows matched on equal key values.
  /// The key columns of a join, named on each side; a missing one is named.
  static func keyColumns(_ left: Table, _ right: Table, _ leftKeys: [String], _ rightKeys: [String]) throws(ScriptError)
    -> ([Vector], [Vector])
  {
    var lk: [Vector] = []
    var rk: [Vector] = []
    for (l, r) in zip(leftKeys, rightKeys) {
      guard let lc = left.column(l) else { throw ScriptError(RuntimeMessages.noColumn(l, in: "the left table")) }
      guard let rc = right.column(r) else { throw ScriptError(RuntimeMessages.noColumn(r, in: "the right table")) }
      lk.append(lc)
      rk.append(rc)
    }
    return (lk, rk)
  }

  /// What a join calls a right column whose name the left table has: the right table's
  /// variable name and `_` before it (`t2_x`, as DolphinDB names it, and as `t2.x` in the
  /// query finds it), or `right_` when the right table is not a variable.
  static func rightPrefix(_ a: CallArguments) -> String {
    ((a.sourceNames.count > 1 ? a.sourceNames[1] : nil) ?? "right") + "_"
  }

  /// The left names, then the right ones, each right name the left (or an earlier right one)
  /// has taken prefixed until it is free.
  static func joinedNames(_ left: [String], _ right: [String], prefix: String) -> [String] {
    var names = left
    for n in right {
      var name = n
      while names.contains(where: { $0.lowercased() == name.lowercased() }) { name = prefix + name }
      names.append(name)
    }
    return names
  }

  /// `ej` (matched rows only), `lj` (every left row, with each of its matches, or nulls) and
  /// `lsj` (every left row with its first match, or nulls).
  static func keyedJoin(_ a: CallArguments, keepUnmatched: Bool, firstOnly: Bool = false) throws(ScriptError)
    -> Value
  {
    let left = try table(a[0], "the left table")
    let right = try table(a[1], "the right table")
    let leftKeys = try a.vector(2, "the key columns").strings
    let rightKeys = a.count > 3 ? try a.vector(3, "the right key columns").strings : leftKeys
    guard leftKeys.count == rightKeys.count else { throw ScriptError(RuntimeMessages.keyListLengthsDiffer()) }
    let (lk, rk) = try keyColumns(left, right, leftKeys, rightKeys)
    var lrows: [Int] = []
    var rrows: [Int] = []
    if let pairs = KeyMatch.pairs(left: lk, right: rk, keepUnmatched: keepUnmatched, firstOnly: firstOnly) {
      (lrows, rrows) = pairs
    } else {
      // Keys of types that do not meet in one column (INT and DOUBLE): compared value by value.
      var index: [[ScalarKey]: [Int]] = [:]
      for i in 0..<right.rowCount { index[rk.map { ScalarKey($0[i]) ?? .null }, default: []].append(i) }
      for i in 0..<left.rowCount {
        let matches = index[lk.map { ScalarKey($0[i]) ?? .null }] ?? []
        if matches.isEmpty && keepUnmatched {
          lrows.append(i)
          rrows.append(-1)
        }
        for j in (firstOnly ? Array(matches.prefix(1)) : matches) {
          lrows.append(i)
          rrows.append(j)
        }
      }
    }
    let lowerKeys = Set(rightKeys.map { $0.lowercased() })
    let extra = right.names.indices.filter { !lowerKeys.contains(right.names[$0].lowercased()) }
    var names = left.names
    var columns = left.columns.map { $0.gather(lrows) }
    let prefix = rightPrefix(a)
    for k in extra {
      var n = right.names[k]
      if left.columnIndex(n) != nil { n = prefix + n }
      names.append(n)
      columns.append(right.columns[k].gather(rrows))
    }
    return .object(try Table(names: names, columns: columns))
  }
}
