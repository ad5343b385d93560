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
        guard let url = try? DatabaseScheme.canonical(given) else { return .bool(false) }
        let named = a.has(1) ? try a.text(1, "the table name") : nil
        let catalog = cluster.catalog
        let found = try cluster.wait { () async throws(CatalogError) -> Bool in
          // The longest database the path lies in (a database's name may hold a '/').
          guard
            let db = try await catalog.databases().filter({ url.hasPrefix($0 + "/") }).max(by: { $0.count < $1.count }),
            let record = try await catalog.database(db)
          else { return false }
          var parts = url.dropFirst(db.count + 1).split(separator: "/").map(String.init)
          let table: String
          if let named {
            table = named
          } else if let last = parts.popLast() {
            table = last
          } else {
            return false
          }
          guard !parts.isEmpty, let t = try await catalog.tables(db).first(where: { $0.name == table }) else {
            return false
          }
          let partition = parts.joined(separator: "/")
          if try await catalog.chunk(db, table, partition) != nil { return true }
          // Spelt by its keys: as dropPartition takes them.
          guard let layout = try? PartitionLayout(scheme: record.scheme, schema: t.schema) else { return false }
          return try await catalog.chunks(db, table).contains {
            layout.plainKeys($0.record.keys) == partition || layout.folderKeys($0.record.keys) == partition
          }
        }
        return .bool(found)
      },
    ]
  }
}
