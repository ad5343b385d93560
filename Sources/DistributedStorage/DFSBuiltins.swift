import Foundation
import PorpoiseSupport
import ScriptRuntime
import TableStorage

/// The storage built-ins of a cluster's data and compute nodes: `database`, `loadTable`,
/// `createPartitionedTable` and the rest answer for `dfs://` paths from the cluster's catalog,
/// so every node sees one namespace; any other path (a disk database of this node) goes to the
/// local engine's built-in of the same name, unchanged.
public enum DFSBuiltins {
  /// `local` is the node's storage library, whose functions handle the paths that are not
  /// `dfs://`. On the embedded node `spelling` says which `dfs://` database of the catalog a
  /// path names (another spelling of it, or nil: a path for the local engine, such as a
  /// database made before the embedded node's `dfs://` went through the catalog, which opens
  /// as it was).
  public static func library(
    _ cluster: DFSCluster, over local: BuiltinLibrary, spelling: (@Sendable (String) -> String?)? = nil
  ) -> BuiltinLibrary {
    let base = Dictionary(local.functions.map { ($0.name, $0) }) { a, _ in a }
    var functions: [Builtin] = []
    /// `name` answers with `dfs` when `isDFS` says the call is about a `dfs://` database.
    func route(
      _ name: String, _ isDFS: @escaping @Sendable (CallArguments) -> Bool,
      _ dfs: @escaping @Sendable (inout CallArguments) throws(ScriptError) -> Value
    ) {
      guard let b = base[name] else { return }
      functions.append(
        Builtin(
          name, args: b.minArgs...b.maxArgs, parameterNames: b.parameterNames, mutatesFirst: b.mutatesFirst,
          returnsResult: b.returnsResult, isAggregate: b.isAggregate
        ) { a throws(ScriptError) in
          guard isDFS(a) else { return try b.body(&a) }
          // The catalog's name for the path the call gave.
          if let spelling, let path = a[0].stringValue, let name = spelling(path) { a[0] = .string(name, .string) }
          return try dfs(&a)
        })
    }
    let namespace = DFSNamespace(cluster: cluster)
    let isPath: @Sendable (Value) -> Bool = { v in
      guard let spelling else { return DFSBuiltins.isPath(v) }
      guard case .string(let path, _) = v else { return false }
      return spelling(path) != nil
    }
    route("database", { isPath($0[0]) }, namespace.database)
    route("loadTable", { isPath($0[0]) || isHandle($0[0]) }, namespace.loadTable)
    route("createPartitionedTable", { isHandle($0[0]) }) { a throws(ScriptError) in
      let columns = (HigherOrder.elements(a[3]) ?? [a[3]]).compactMap(\.stringValue)
      return try namespace.createTable(&a, partitionColumns: columns)
    }
    route("createTable", { isHandle($0[0]) }) { a throws(ScriptError) in
      try namespace.createTable(&a, partitionColumns: [])
    }
    route("existsDatabase", { isPath($0[0]) }, namespace.existsDatabase)
    route("existsTable", { isPath($0[0]) }, namespace.existsTable)
    // exists("dfs://db/20170807"): a database, or a partition some table of it has rows in.
    route("exists", { a in a[0].stringValue?.hasPrefix("dfs://") == true }) { a throws(ScriptError) in
      try a.machine.require(.login("look up partitions"))
      let given = try a.text(0, "the path")
      let database = try namespace.existsDatabase(&a)
      if database.isTruthy { return database }
      return .bool(try DFSCatalogListings.partitionExists(cluster, given, table: .any, folder: true))
    }
    route("dropDatabase", { isPath($0[0]) }, namespace.dropDatabase)
    route("dropTable", { isHandle($0[0]) }, namespace.dropTable)
    route("getTables", { isHandle($0[0]) }, namespace.getTables)
    route("dropPartition", { isHandle($0[0]) }, namespace.dropPartition)
    route("setRetentionPolicy", { isHandle($0[0]) }, namespace.setRetentionPolicy)
    // On a cluster node the dfs:// databases are the cluster's; on the embedded node, the
    // catalog's and those the engine kept.
    let listed = base["getDFSDatabases"]
    route("getDFSDatabases", { _ in true }) { a throws(ScriptError) in
      let catalog = try DFSAdminBuiltins.databases(cluster, &a)
      guard spelling != nil, let listed, case .vector(let own) = try listed.body(&a),
        case .vector(let dfs) = catalog
      else { return catalog }
      let names = Set(
        (0..<own.count).compactMap { own[$0].stringValue } + (0..<dfs.count).compactMap { dfs[$0].stringValue })
      return .vector(Vector(strings: names.sorted()))
    }
    for b in namespace.maintenanceFunctions {
      // A path argument names the catalog's database as the routed functions' do.
      functions.append(
        Builtin(b.name, args: b.minArgs...b.maxArgs, parameterNames: b.parameterNames) { a throws(ScriptError) in
          if let spelling, let path = a[0].stringValue, let name = spelling(path) { a[0] = .string(name, .string) }
          return try b.body(&a)
        })
    }
    return BuiltinLibrary(
      "dfs",
      functions: functions + DFSAdminBuiltins.functions(cluster) + BackupBuiltins.functions(cluster)
        + SnapshotBuiltins.functions(namespace) + DFSCatalogListings.functions(cluster)
        + [DatabaseGranularity.builtin, TransactionLog.builtin(cluster)])
  }

  /// The functions that look at and manage the cluster's chunks, without the storage
  /// functions: a controller's (DolphinDB runs `getClusterChunksStatus` and
  /// `rebalanceChunksAmongDataNodes` there).
  public static func adminLibrary(_ cluster: DFSCluster) -> BuiltinLibrary {
    BuiltinLibrary("dfs-admin", functions: DFSAdminBuiltins.functions(cluster) + DFSCatalogListings.functions(cluster))
  }

  static func isPath(_ v: Value) -> Bool {
    if case .string(let s, _) = v { return s.hasPrefix("dfs://") }
    return false
  }

  static func isHandle(_ v: Value) -> Bool {
    if case .object(let o) = v { return o is DFSDatabaseHandle }
    return false
  }
}

/// What the `dfs://` built-ins do, against the catalog.
struct DFSNamespace: Sendable {
  let cluster: DFSCluster
  var catalog: any DFSCatalog { cluster.catalog }

  func handle(_ v: Value) -> DFSDatabaseHandle? {
    if case .object(let o) = v { return o as? DFSDatabaseHandle }
    return nil
  }

  func record(_ path: String) throws(ScriptError) -> DatabaseRecord? {
    let catalog = self.catalog
    return try cluster.wait { () async throws(CatalogError) in try await catalog.database(path) }
  }

  func database(_ a: inout CallArguments) throws(ScriptError) -> Value {
    let path = try DatabaseScheme.canonical(try a.text(0, "the database path"))
    let scheme = try DatabaseScheme.json(fromDatabaseArguments: a)
    let existing = try record(path)
    try a.machine.require(
      scheme == nil || existing != nil ? .login("open the database \(path)") : .createDatabase(path))
    if let existing {
      if let scheme, !DatabaseScheme.same(existing.scheme, scheme) {
        throw DatabaseScheme.conflict(path, stored: existing.scheme, given: scheme)
      }
      return .object(DFSDatabaseHandle(existing, cluster: cluster))
    }
    guard let scheme else { throw DatabaseScheme.noDatabase(path) }
    let new = DatabaseRecord(
      name: path, scheme: scheme, engine: a.count > 4 ? (a[4].stringValue ?? "OLAP") : "OLAP",
      atomic: a.count > 5 ? (a[5].stringValue ?? "TRANS") : "TRANS", createdBy: a.machine.access?.userName ?? "",
      createdAt: Int64(Date().timeIntervalSince1970 * 1000))
    let catalog = self.catalog
    // Two nodes creating it at once: one record wins, and the other compares against it.
    let made = try cluster.wait { () async throws(CatalogError) in try await catalog.createDatabase(new) }
    if !DatabaseScheme.same(made.scheme, scheme) {
      throw DatabaseScheme.conflict(path, stored: made.scheme, given: scheme)
    }
    if made == new { a.machine.access?.becameOwner(of: path) }
    return .object(DFSDatabaseHandle(made, cluster: cluster))
  }

  func createTable(_ a: inout CallArguments, partitionColumns: [String]) throws(ScriptError) -> Value {
    guard let db = handle(a[0]) else { return .void }
    try a.machine.require(.createTable(database: db.path))
    let template = try DatabaseScheme.template(a[1])
    let name = try a.text(2, "the table name")
    let layout = try DatabaseScheme.newTable(
      scheme: db.record.scheme, database: db.path, name: name, template: template, partitionColumns: partitionColumns)
    let (catalog, path, record) = (catalog, db.path, TableRecord(name: name, schema: layout.schemaJSON))
    do throws(CatalogError) {
      try blockingAwait { () async throws(CatalogError) in try await catalog.createTable(path, record) }
    } catch {
      switch error.kind {
      case .alreadyExists: throw DatabaseScheme.tableExists(name, database: path)
      case .notFound: throw DatabaseScheme.noDatabase(path)
      default: throw ScriptError(error.message)
      }
    }
    return .object(
      DFSTable(
        cluster: cluster, database: path, name: name, layout: layout, token: a.machine.access?.sessionToken,
        progress: a.machine.monitoredQueryProgress))
  }

  func loadTable(_ a: inout CallArguments) throws(ScriptError) -> Value {
    try a.machine.require(.login("load tables"))
    let path: String
    if let db = handle(a[0]) {
      path = db.path
    } else {
      path = try DatabaseScheme.canonical(try a.text(0, "the database path"))
    }
    let name = try a.text(1, "the table name")
    try DatabaseScheme.checkTableName(name)
    let catalog = self.catalog
    let (db, tables) = try cluster.wait { () async throws(CatalogError) in
      guard let db = try await catalog.database(path) else { return (DatabaseRecord?.none, [TableRecord]()) }
      return (db, try await catalog.tables(path))
    }
    guard let db else { throw DatabaseScheme.noDatabase(path) }
    guard let table = tables.first(where: { $0.name == name }) else {
      throw DatabaseScheme.noTable(name, database: path)
    }
    let layout = try PartitionLayout(scheme: db.scheme, schema: table.schema)
    return .object(
      DFSTable(
        cluster: cluster, database: path, name: name, layout: layout, addedColumns: table.addedColumns ?? [],
        token: a.machine.access?.sessionToken, progress: a.machine.monitoredQueryProgress))
  }

  func existsDatabase(_ a: inout CallArguments) throws(ScriptError) -> Value {
    try a.machine.require(.login("look up databases"))
    guard let path = try? DatabaseScheme.canonical(try a.text(0, "the database path")) else { return .bool(false) }
    return .bool(try record(path) != nil)
  }

  func existsTable(_ a: inout CallArguments) throws(ScriptError) -> Value {
    try a.machine.require(.login("look up tables"))
    guard let path = try? DatabaseScheme.canonical(try a.text(0, "the database path")) else { return .bool(false) }
    let name = try a.text(1, "the table name")
    let catalog = self.catalog
    let names = try cluster.wait { () async throws(CatalogError) -> [String]? in
      try await catalog.database(path) == nil ? nil : try await catalog.tables(path).map(\.name)
    }
    guard let names else {
      // `existsTable("dfs://db/20170807", `pt)`: whether the table has rows in that partition.
      return .bool(try DFSCatalogListings.partitionExists(cluster, path, table: .named(name), folder: true))
    }
    return .bool(names.contains(name))
  }

  func dropDatabase(_ a: inout CallArguments) throws(ScriptError) -> Value {
    try a.machine.require(.admin("drop databases"))
    let path = try DatabaseScheme.canonical(try a.text(0, "the database path"))
    let catalog = self.catalog
    let refused = { (error: CatalogError) -> ScriptError in
      error.kind == .notFound ? DatabaseScheme.noDatabase(path) : ScriptError(error.message)
    }
    let partitions: Int
    do {
      partitions = try blockingAwait { () async throws(CatalogError) in
        guard try await catalog.database(path) != nil else {
          throw CatalogError(.notFound, DFSMessages.noDatabase(path))
        }
        var count = 0
        for table in try await catalog.tables(path) { count += try await catalog.chunks(path, table.name).count }
        return count
      }
    } catch { throw refused(error) }
    // The chunk files left on the data nodes belong to no chunk now: each node's janitor
    // removes them.
    try TransactionLog.record(cluster, "DROP", partitions: partitions) { () throws(ScriptError) in
      do throws(CatalogError) {
        try blockingAwait { () async throws(CatalogError) in try await catalog.dropDatabase(path) }
      } catch { throw refused(error) }
    }
    return .void
  }

  func dropTable(_ a: inout CallArguments) throws(ScriptError) -> Value {
    guard let db = handle(a[0]) else { return .void }
    try a.machine.require(.dropObject(database: db.path))
    let name = try a.text(1, "the table name")
    let (catalog, path) = (catalog, db.path)
    let refused = { (error: CatalogError) -> ScriptError in
      error.kind == .notFound ? DatabaseScheme.noTable(name, database: path) : ScriptError(error.message)
    }
    let partitions: Int
    do {
      partitions = try blockingAwait { () async throws(CatalogError) in
        guard try await catalog.tables(path).contains(where: { $0.name == name }) else {
          throw CatalogError(.notFound, DFSMessages.noTable(name, database: path))
        }
        return try await catalog.chunks(path, name).count
      }
    } catch { throw refused(error) }
    try TransactionLog.record(cluster, "DROP", partitions: partitions) { () throws(ScriptError) in
      do throws(CatalogError) {
        try blockingAwait { () async throws(CatalogError) in try await catalog.dropTable(path, name) }
      } catch { throw refused(error) }
    }
    return .void
  }

  func getTables(_ a: inout CallArguments) throws(ScriptError) -> Value {
    guard let db = handle(a[0]) else { return .void }
    try a.machine.require(.login("list tables"))
    let (catalog, path) = (catalog, db.path)
    let names = try cluster.wait { () async throws(CatalogError) in try await catalog.tables(path).map(\.name) }
    return .vector(Vector(strings: names))
  }

  /// `setRetentionPolicy(db, hours, [dimension])`: kept in the database's record; partitions
  /// that have expired go now, and on a cluster the data nodes' upkeep removes the ones that
  /// expire later.
  func setRetentionPolicy(_ a: inout CallArguments) throws(ScriptError) -> Value {
    guard let db = handle(a[0]) else { return .void }
    try a.machine.require(.admin("set retention policies"))
    let hours = try a.integer(1, "retentionHours")
    guard hours > 0 else { throw ScriptError(DFSMessages.retentionHoursInvalid(hours)) }
    let dimension = a.has(2) ? try a.integer(2, "retentionDimension") : 0
    guard let type = PartitionLayout.keyType(scheme: db.record.scheme, level: dimension),
      [.date, .datehour, .month].contains(type)
    else { throw ScriptError(DFSMessages.retentionNeedsTemporalLevel(db.path, level: dimension)) }
    let (catalog, path) = (catalog, db.path)
    let now = a.machine.clock.nowNanoseconds() / 1_000_000
    try cluster.wait { () async throws(CatalogError) in
      guard let current = try await catalog.database(path) else {
        throw CatalogError(.notFound, DFSMessages.noDatabase(path))
      }
      var changed = current
      changed.retention = RetentionPolicy(hours: hours, dimension: dimension)
      try await catalog.replaceDatabase(current, with: changed)
      try await RetentionPolicy.sweep(catalog, only: path, nowMillis: now)
    }
    return .void
  }

  /// Removes whole partitions, named by folder (`20170807`, `2017.08.07/key1`) or by key (`2017.08.07`), of one
  /// table or of every table; their chunks leave the catalog in one commit.
  func dropPartition(_ a: inout CallArguments) throws(ScriptError) -> Value {
    guard let db = handle(a[0]) else { return .void }
    try a.machine.require(.dropObject(database: db.path))
    let (catalog, path) = (catalog, db.path)
    let only = a.count > 2 && a.has(2) ? try a.text(2, "the table name") : nil
    // Compared in DolphinDB's spelling, which both ways of writing a folder reduce to.
    let wanted = PartitionPath.named(by: a[1])
    let tables = try cluster.wait { () async throws(CatalogError) in try await catalog.tables(path) }
    var changes: [ChunkChange] = []
    for table in tables where only == nil || table.name == only {
      let layout = try PartitionLayout(scheme: db.record.scheme, schema: table.schema)
      let name = table.name
      let chunks = try cluster.wait { () async throws(CatalogError) in try await catalog.chunks(path, name) }
      for c in chunks
      where wanted.contains(PartitionPath.dolphinForm(c.record.partition))
        || layout.plainKeys(c.record.keys).map({ wanted.contains(PartitionPath.dolphinForm($0)) }) == true
      {
        changes.append(.remove(c.record, expected: c.storeVersion))
      }
    }
    if let only, !tables.contains(where: { $0.name == only }) { throw DatabaseScheme.noTable(only, database: path) }
    let doomed = changes
    try TransactionLog.record(cluster, "DROP", partitions: doomed.count) { () throws(ScriptError) in
      try cluster.wait { () async throws(CatalogError) in try await catalog.commit(doomed) }
    }
    return .int(Int64(changes.count), .int)
  }
}
