import ScriptRuntime
import TableStorage

/// `getAllDBs()`, `listTables(dbUrl)` and `existsPartition(partitionUrl, [tableName])`: the
/// `dfs://` databases, tables and partitions as the catalog holds them, in DolphinDB's forms.
/// A table's physical index (what stands for it in chunk paths, `/<db>/<partition>/<table>`)
/// is its name here.
enum DFSCatalogListings {
  static func functions(_ cluster: DFSCluster) -> [Builtin] {
    [
      // Key: the database without "dfs:/" ("/db"); value: "name:number:deleted:index;" per
      // table. Tables are numbered from 1 in name order (the catalog keeps no table ids),
      // and none is marked deleted: a dropped table leaves the catalog at once. An
      // administrator sees every database, anyone else those they manage (DB_MANAGE).
      Builtin("getAllDBs", args: 0...0) { a throws(ScriptError) in
        try a.machine.require(.login("list databases"))
        let everything = (try? a.machine.require(.admin(""))) != nil
        let catalog = cluster.catalog
        let all = try cluster.wait { () async throws(CatalogError) -> [(String, [String])] in
          var out: [(String, [String])] = []
          for db in try await catalog.databases() { out.append((db, try await catalog.tables(db).map(\.name))) }
          return out
        }
        var d = DictionaryValue(keyType: .string, valueType: .string)
        for (db, tables) in all.sorted(by: { $0.0 < $1.0 }) {
          if !everything && (try? a.machine.require(.manageDatabase(db))) == nil { continue }
          let value = tables.sorted().enumerated().map { "\($1):\($0 + 1):0:\($1);" }.joined()
          try d.set(.string(String(db.dropFirst("dfs:/".count)), .string), .string(value, .string))
        }
        return .dictionary(d)
      },
      // listTables(dbUrl): tableName and physicalIndex, one row per table.
      Builtin("listTables", args: 1...1, parameterNames: ["dbUrl"]) { a throws(ScriptError) in
        try a.machine.require(.login("list tables"))
        let given = try a.text(0, "the database path")
        guard given.hasPrefix("dfs://") else { throw ScriptError(DFSMessages.needsDFSPath("listTables", given)) }
        let path = try DatabaseScheme.canonical(given)
        let catalog = cluster.catalog
        let names = try cluster.wait { () async throws(CatalogError) -> [String]? in
          guard try await catalog.database(path) != nil else { return nil }
          return try await catalog.tables(path).map(\.name).sorted()
        }
        guard let names else { throw ScriptError(DFSMessages.noDatabase(path)) }
        return .object(
          try Table(names: ["tableName", "physicalIndex"], columns: [Vector(strings: names), Vector(strings: names)]))
      },
      // existsPartition(partitionUrl, [tableName]): whether a table has rows in the partition
      // `dfs://<db>/<partition>`, the table named by tableName or else by the path's last
      // part (its physical index). A partition is spelt as chunk paths show it (`2017.08.07`,
      // `2017.08.07/key1` for COMPO), by its keys, or as DolphinDB names its folders (`20170807`).
      Builtin("existsPartition", args: 1...2, parameterNames: ["partitionUrl", "tableName"]) { a throws(ScriptError) in
        try a.machine.require(.login("look up partitions"))
        let given = try a.text(0, "the partition path")
        guard given.hasPrefix("dfs://") else {
          throw ScriptError(DFSMessages.needsDFSPath("existsPartition", given))
        }
        let named = a.has(1) ? try a.text(1, "the table name") : nil
        return .bool(try partitionExists(cluster, given, table: named.map { .named($0) } ?? .lastPart))
      },
    ]
  }

  /// Which table a partition path is about: one named, the path's last part (its physical
  /// index), or any table of the database.
  enum PartitionTable {
    case named(String)
    case lastPart
    case any
  }

  /// Whether `given` (`dfs://<db>/<partition>[/<physical index>]`) names a partition holding rows
  /// of the table `table` says. The partition is spelt as chunk paths show it (`20170807/Key1`),
  /// by its keys (`2017.08.07/1`) or with Porpoise's folder names (`2017.08.07/key1`). With
  /// `folder`, the first levels of a COMPO partition (`20170807` of `20170807/Key1`) count too,
  /// as the folder holding the rest does.
  static func partitionExists(_ cluster: DFSCluster, _ given: String, table: PartitionTable, folder: Bool = false)
    throws(ScriptError) -> Bool
  {
    guard let url = try? DatabaseScheme.canonical(given) else { return false }
    let catalog = cluster.catalog
    return try cluster.wait { () async throws(CatalogError) -> Bool in
      // The longest database the path lies in (a database's name may hold a '/').
      guard
        let db = try await catalog.databases().filter({ url.hasPrefix($0 + "/") }).max(by: { $0.count < $1.count }),
        let record = try await catalog.database(db)
      else { return false }
      var parts = url.dropFirst(db.count + 1).split(separator: "/").map(String.init)
      var tables = try await catalog.tables(db)
      switch table {
      case .named(let name): tables = tables.filter { $0.name == name }
      case .lastPart:
        guard let last = parts.popLast() else { return false }
        tables = tables.filter { $0.name == last }
      case .any: break
      }
      guard !parts.isEmpty else { return false }
      let wanted = PartitionPath.dolphinForm(parts.joined(separator: "/"))
      for t in tables {
        let layout = try? PartitionLayout(scheme: record.scheme, schema: t.schema)
        let found = try await catalog.chunks(db, t.name).contains { c in
          let spellings = [c.record.partition] + (layout?.plainKeys(c.record.keys).map { [$0] } ?? [])
          return spellings.map(PartitionPath.dolphinForm).contains { p in
            p == wanted || (folder && p.hasPrefix(wanted + "/"))
          }
        }
        if found { return true }
      }
      return false
    }
  }
}
