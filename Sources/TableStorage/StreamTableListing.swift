import ScriptRuntime

/// The node's stream tables, DolphinDB's `getStreamTables([option=0])` and
/// `existsStreamTable(tableName)`. A stream table is one `streamTable`, `keyedStreamTable` or
/// `latestKeyedStreamTable` made, or persistence took: the session's own (its variables'), the
/// shared ones, and the ones persisted in the node's home and not shared again since (these
/// have a name, persisted and loaded=false, the rest null, as DolphinDB lists a persisted
/// table not loaded). Nothing purges a table's rows on a timer here, so cachePurgeEnabled is
/// false; every row stays in memory, so rowsInMemory is the table's size and totalRows the rows
/// ever written to it; memoryUsed is `memSize`'s estimate.
enum StreamTableListing {
  /// One listed table.
  struct Entry {
    let name: String
    let shared: Bool
    let persisted: Bool
    /// The rest, for a table in memory.
    let loaded: (columns: Int, rows: Int, written: Int, bytes: Int)?
  }

  static func builtins(home: String) -> [Builtin] {
    [
      Builtin("getStreamTables", args: 0...1, parameterNames: ["option"]) { a throws(ScriptError) in
        let option = a.has(0) ? try a.integer(0, "the option of 'getStreamTables'") : 0
        guard (0...2).contains(option) else {
          throw ScriptError(RuntimeMessages.streamTablesOption(ValueFormatter.plain(a[0])))
        }
        let rows = try entries(a.machine, home: home).filter { option == 0 || $0.persisted == (option == 1) }
        let nullInt = Int64.min
        return .object(
          try Table(
            names: [
              "name", "shared", "persisted", "cachePurgeEnabled", "loaded", "columns", "rowsInMemory", "totalRows",
              "memoryUsed",
            ],
            columns: [
              Vector(strings: rows.map(\.name)),
              Vector(type: .bool, ints: rows.map { $0.loaded == nil ? nullInt : $0.shared ? 1 : 0 }),
              Vector(bools: rows.map(\.persisted)),
              Vector(type: .bool, ints: rows.map { $0.loaded == nil ? nullInt : 0 }),
              Vector(bools: rows.map { $0.loaded != nil }),
              Vector(type: .int, ints: rows.map { $0.loaded.map { Int64($0.columns) } ?? nullInt }),
              Vector(type: .long, ints: rows.map { $0.loaded.map { Int64($0.rows) } ?? nullInt }),
              Vector(type: .long, ints: rows.map { $0.loaded.map { Int64($0.written) } ?? nullInt }),
              Vector(type: .long, ints: rows.map { $0.loaded.map { Int64($0.bytes) } ?? nullInt }),
            ]))
      },
      // existsStreamTable(tableName): whether getStreamTables lists the name, or a variable of
      // the session by that name holds a stream table.
      Builtin("existsStreamTable", args: 1...1, parameterNames: ["tableName"]) { a throws(ScriptError) in
        let name = try a.text(0, "tableName")
        switch a.machine.variable(name) {
        case .object(let t as Table)? where t.streamRowsWritten != nil: return .bool(true)
        case .object(let s as SharedTable)?:
          if try s.withTable({ t throws(ScriptError) in t.streamRowsWritten != nil }) { return .bool(true) }
        default: break
        }
        return .bool(try entries(a.machine, home: home).contains { $0.name == name })
      },
    ]
  }

  /// The stream tables, by name: the shared ones, the session's own not shared, and the
  /// persisted ones not in memory.
  static func entries(_ m: Machine, home: String) throws(ScriptError) -> [Entry] {
    var out: [Entry] = []
    // A table shared is listed once, by its shared name, though variables may hold it too.
    var listed = Set<ObjectIdentifier>()
    let sharedNames = m.sharedObjects.names
    for name in sharedNames {
      guard let shared = m.sharedObjects.table(name) else { continue }
      let listing = try shared.withTable { t throws(ScriptError) -> Entry? in
        listed.insert(ObjectIdentifier(t))
        return describe(name, t, shared: true)
      }
      if let listing { out.append(listing) }
    }
    for name in m.variableNames {
      guard case .object(let t as Table)? = m.variable(name), listed.insert(ObjectIdentifier(t)).inserted,
        let listing = describe(name, t, shared: false)
      else { continue }
      out.append(listing)
    }
    let inMemory = Set(sharedNames)
    for name in persistedNames(m, home: home) where !inMemory.contains(name) {
      out.append(Entry(name: name, shared: false, persisted: true, loaded: nil))
    }
    return out.sorted { $0.name < $1.name }
  }

  static func describe(_ name: String, _ t: Table, shared: Bool) -> Entry? {
    guard let written = t.streamRowsWritten else { return nil }
    return Entry(
      name: name, shared: shared, persisted: t.didChange != nil,
      loaded: (t.names.count, t.rowCount, written, Value.object(t).approximateBytes))
  }

  /// The tables persisted in the node's home: each a folder of its name holding a saved table
  /// (or only the copy an interrupted save left, which `MvccTables.load` reads).
  static func persistedNames(_ m: Machine, home: String) -> [String] {
    let path = home + "/persistence"
    let dir = m.host.map { $0.resolvePath(path) } ?? path
    var names = Set<String>()
    for item in DurableFiles.list(dir) {
      let name = item.hasSuffix(".old") ? String(item.dropLast(4)) : item
      // Shared names are identifiers; anything else there (topic offsets, a save under way) is not a table.
      guard !name.isEmpty, !name.contains("."), DurableFiles.exists(dir + "/" + item + "/table.json") else {
        continue
      }
      names.insert(name)
    }
    return names.sorted()
  }
}
