import ScriptRuntime

extension StorageEngine {
  /// The storage built-ins bound to this engine, with the partition type constants.
  public var library: BuiltinLibrary {
    BuiltinLibrary(
      "storage",
      functions: builtins() + MvccTables.builtins(home: home) + StreamTablePersistence.builtins(home: home)
        + StreamTableListing.builtins(home: home),
      // ploadText loads in parallel in DolphinDB; here it loads as loadText does.
      aliases: ["ploadText": "loadText"], constants: StorageEngine.constants)
  }

  /// Empties the process's cache of decoded columns (what `clearAllCache()` frees on this node).
  public static func clearColumnCache() { ColumnCache.shared.removeAll() }

  /// Partition type constants, with DolphinDB's codes, the `keepDuplicates` policies of
  /// `createPartitionedTable` (ALL, LAST, FIRST) and `seek`'s origins.
  static func constants() -> [String: Value] {
    [
      "SEQ": .int(0, .int), "RANGE": .int(1, .int), "HASH": .int(2, .int), "VALUE": .int(3, .int),
      "LIST": .int(4, .int), "COMPO": .int(5, .int),
      "ALL": .int(0, .int), "LAST": .int(1, .int), "FIRST": .int(2, .int),
      // isDuplicated(X, NONE): every copy is a duplicate, the first too.
      "NONE": .int(0, .int),
      // Where `seek` counts from.
      "HEAD": .int(0, .int), "CURRENT": .int(1, .int), "TAIL": .int(2, .int),
    ]
  }

  static func databaseHandle(_ v: Value, _ what: String) throws(ScriptError) -> DatabaseHandle {
    guard case .object(let o) = v, let db = o as? DatabaseHandle else {
      throw ScriptError(StorageMessages.mustBeDatabaseHandle(what, got: v.typeString))
    }
    return db
  }

  /// A handle of a database with files (not `database("", ...)`), for `function`.
  static func storedDatabase(_ v: Value, _ what: String, _ function: String) throws(ScriptError) -> DatabaseHandle {
    let db = try databaseHandle(v, what)
    guard db.engine != nil else { throw ScriptError(StorageMessages.inMemoryDatabaseNotStored(function)) }
    return db
  }

  /// Builds a partition spec from `database()`'s type and scheme arguments.
  static func partitionSpec(_ type: Value, _ scheme: Value) throws(ScriptError) -> PartitionSpec {
    guard let code = type.intValue else {
      throw ScriptError(StorageMessages.partitionTypeInvalid())
    }
    func checked(_ v: Vector) throws(ScriptError) -> Vector {
      guard Partitioner.allowedTypes.contains(v.type) else {
        throw ScriptError(
          StorageMessages.partitionSchemeType(v.type.name)
        )
      }
      return v.type == .string ? Vector(strings: v.strings, type: .symbol) : v
    }
    func vector(_ v: Value) throws(ScriptError) -> Vector {
      switch v {
      case .vector(let vec): return try checked(vec)
      case .tuple(let items):
        guard case .vector(let vec) = HigherOrder.collect(items) else {
          throw ScriptError(StorageMessages.schemeNeedsOneType())
        }
        return try checked(vec)
      default:
        guard let vec = Structural.asVector(v), v.isScalar else {
          throw ScriptError(RuntimeMessages.mustBeVector("the partition scheme", got: v.typeString))
        }
        return try checked(vec)
      }
    }
    switch code {
    case 3:
      let v = try vector(scheme)
      return PartitionSpec(kind: .value, scheme: StoredVector(v))
    case 1:
      let v = try vector(scheme)
      guard v.count >= 2 else { throw ScriptError(StorageMessages.rangeNeedsTwoBoundaries()) }
      for i in 1..<v.count where Comparison.order(v[i - 1], v[i]) >= 0 {
        throw ScriptError(
          StorageMessages.rangeBoundariesNotIncreasing(ValueFormatter.plain(v[i - 1]), ValueFormatter.plain(v[i])))
      }
      return PartitionSpec(kind: .range, scheme: StoredVector(v))
    case 2:
      guard let items = HigherOrder.elements(scheme), items.count == 2, let t = items[0].intValue,
        let n = items[1].intValue, n > 0, let dt = DataType(rawValue: UInt8(truncatingIfNeeded: t))
      else { throw ScriptError(StorageMessages.hashSchemeShape()) }
      guard Partitioner.allowedTypes.contains(dt) else {
        throw ScriptError(StorageMessages.hashKeyType(dt.name))
      }
      return PartitionSpec(
        kind: .hash, hashType: dt.rawValue, buckets: Int(n), hashVersion: Partitioner.currentHashVersion)
    case 4:
      guard case .tuple(let lists) = scheme else {
        throw ScriptError(StorageMessages.listSchemeShape())
      }
      var stored: [StoredVector] = []
      for l in lists { stored.append(StoredVector(try vector(l))) }
      return PartitionSpec(kind: .list, lists: stored)
    case 5:
      guard let items = HigherOrder.elements(scheme), items.count >= 2, items.count <= 3 else {
        throw ScriptError(StorageMessages.compoSchemeShape())
      }
      var levels: [PartitionSpec] = []
      for item in items { levels.append(try databaseHandle(item, "each COMPO level").spec.partition) }
      return PartitionSpec(kind: .compo, levels: levels)
    case 0:
      throw ScriptError(StorageMessages.seqUnsupported())
    default:
      throw ScriptError(StorageMessages.unknownPartitionType(code))
    }
  }

  /// The partitioning, engine and atomic level `database(directory, partitionType,
  /// partitionScheme, locations, engine, atomic, chunkGranularity)` was given; nil when it names only a directory.
  static func databaseSpec(_ a: CallArguments) throws(ScriptError) -> DatabaseSpec? {
    guard a.has(1) else { return nil }
    let partition = try StorageEngine.partitionSpec(a[1], a[2])
    let engineName = a.count > 4 ? (a[4].stringValue ?? "OLAP") : "OLAP"
    let atomic = a.count > 5 ? (a[5].stringValue ?? "TRANS") : "TRANS"
    guard ["OLAP", "TSDB", "PKEY", "IMOLTP"].contains(engineName) else {
      throw ScriptError(StorageMessages.unknownEngine(engineName))
    }
    guard ["TRANS", "CHUNK"].contains(atomic) else {
      throw ScriptError(StorageMessages.unknownAtomicLevel(atomic))
    }
    // chunkGranularity: each table's chunks are apart here already (DolphinDB's TABLE), which
    // DATABASE's one writer per partition only restricts; both are accepted.
    if a.count > 6, a.has(6) {
      let granularity = a[6].stringValue ?? ""
      guard ["TABLE", "DATABASE"].contains(granularity.uppercased()) else {
        throw ScriptError(StorageMessages.unknownChunkGranularity(granularity))
      }
    }
    return DatabaseSpec(partition: partition, engine: engineName, atomic: atomic)
  }

  /// The storage built-ins, bound to this engine.
  func builtins() -> [Builtin] {
    TextFiles.builtins(self) + ModelFiles.builtins(self) + BinaryRecordBuiltins.builtins(self)
      + FileBuiltins.builtins(self)
      + FileHandleBuiltins.builtins(self) + [TextChunks.builtin]
      + [
        Builtin(
          "database", args: 1...7,
          parameterNames: [
            "directory", "partitionType", "partitionScheme", "locations", "engine", "atomic", "chunkGranularity",
          ]
        ) { a throws(ScriptError) in
          let path = a[0].stringValue ?? ""
          let spec = try StorageEngine.databaseSpec(a)
          if path.isEmpty {
            guard let spec else { throw ScriptError(StorageMessages.databaseNeedsDirectoryOrScheme()) }
            return .object(DatabaseHandle(engine: nil, path: "", spec: spec))
          }
          let canonical = try self.canonical(path)
          try a.machine.require(
            spec == nil || self.exists(canonical)
              ? .login("open the database \(canonical)") : .createDatabase(canonical))
          return .object(try self.database(canonical, spec: spec))
        },
        Builtin(
          "createPartitionedTable", args: 4...13,
          parameterNames: [
            "dbHandle", "table", "tableName", "partitionColumns", "compressMethods", "sortColumns|primaryKey",
            "keepDuplicates",
            // TSDB layout hints and encryption: accepted; rows here are found and returned the same
            // without them.
            "sortKeyMappingFunction", "softDelete", "indexes", "latestKeyCache", "compressHashSortKey", "encryptMode",
          ]
        ) { a throws(ScriptError) in
          let db = try StorageEngine.databaseHandle(a[0], "the first argument of 'createPartitionedTable'")
          let columns = (HigherOrder.elements(a[3]) ?? [a[3]]).compactMap(\.stringValue)
          // A tuple of tables over an in-memory database: they are its partitions.
          if db.engine == nil, case .tuple(let members) = a[1] {
            return .object(try MemberPartitionedTable(db.spec.partition, members: members, partitionColumns: columns))
          }
          let template = try DatabaseScheme.template(a[1])
          let name = try a.text(2, "the table name")
          // `database("", ...)`: a partitioned table in this session's memory; no rights needed.
          guard db.engine != nil else {
            return .object(
              try InMemoryPartitions.table(db.spec.partition, template: template, partitionColumns: columns))
          }
          try a.machine.require(.createTable(database: db.path))
          return .object(try self.createTable(db, name, template, partitionColumns: columns))
        },
        // compressMethods and the TSDB hints after it (sortColumns, keepDuplicates, ...) are
        // accepted as createPartitionedTable accepts them.
        Builtin(
          "createTable", args: 3...9,
          parameterNames: [
            "dbHandle", "table", "tableName", "compressMethods", "sortColumns", "keepDuplicates",
            "sortKeyMappingFunction", "softDelete", "indexes",
          ]
        ) { a throws(ScriptError) in
          let db = try StorageEngine.databaseHandle(a[0], "the first argument of 'createTable'")
          guard db.engine != nil else { throw ScriptError(StorageMessages.inMemoryDatabaseHoldsPartitionedTables()) }
          try a.machine.require(.createTable(database: db.path))
          let template = try DatabaseScheme.template(a[1])
          return .object(try self.createTable(db, try a.text(2, "the table name"), template, partitionColumns: []))
        },
        // DolphinDB's hashBucket: the bucket a HASH partition puts each key in.
        Builtin("hashBucket", args: 2...2, parameterNames: ["X", "buckets"]) { a throws(ScriptError) in
          let n = try a.integer(1, "the number of buckets")
          guard n > 0 else { throw ScriptError(StorageMessages.bucketsMustBePositive(n)) }
          let keys = try a.vector(0, "the keys")
          let buckets = (0..<keys.count).map { i -> Int64 in
            let v = keys[i]
            return v.isNull
              ? Int64.min : Partitioner.bucket(v, buckets: Int64(n), version: Partitioner.currentHashVersion)
          }
          let out = Vector(type: .int, ints: buckets)
          return a[0].isScalar ? out[0] : .vector(out)
        },
        Builtin("loadTable", args: 2...4, parameterNames: ["database", "tableName", "partitions", "memoryMode"]) {
          a throws(ScriptError) in
          let db: DatabaseHandle
          if case .string(let path, _) = a[0] {
            try a.machine.require(.login("load tables"))
            db = try self.database(path, spec: nil)
          } else {
            db = try StorageEngine.storedDatabase(a[0], "the first argument of 'loadTable'", "loadTable")
            try a.machine.require(.login("load tables"))
          }
          return .object(try self.loadTable(db, try a.text(1, "the table name")))
        },
        Builtin("existsDatabase", args: 1...1, parameterNames: ["dbUrl"]) { a throws(ScriptError) in
          try a.machine.require(.login("look up databases"))
          return .bool(self.exists(try a.text(0, "the database path")))
        },
        Builtin("existsTable", args: 2...2, parameterNames: ["dbUrl", "tableName"]) { a throws(ScriptError) in
          try a.machine.require(.login("look up tables"))
          let path = try a.text(0, "the database path")
          guard self.exists(path) else { return .bool(false) }
          let db = try self.database(path, spec: nil)
          return .bool(self.tableNames(db).contains(try a.text(1, "the table name")))
        },
        Builtin("dropDatabase", args: 1...1, parameterNames: ["dbDir|directory"]) { a throws(ScriptError) in
          try a.machine.require(.admin("drop databases"))
          try self.dropDatabase(try a.text(0, "the database path"))
          return .void
        },
        Builtin("dropTable", args: 2...2, parameterNames: ["dbHandle", "tableName"]) { a throws(ScriptError) in
          let db = try StorageEngine.storedDatabase(a[0], "the first argument of 'dropTable'", "dropTable")
          try a.machine.require(.dropObject(database: db.path))
          try self.dropTable(db, try a.text(1, "the table name"))
          return .void
        },
        Builtin("getTables", args: 1...1, parameterNames: ["dbHandle"]) { a throws(ScriptError) in
          let db = try StorageEngine.databaseHandle(a[0], "the argument of 'getTables'")
          // An in-memory database keeps no tables; its partitioned tables are the variables' own.
          guard db.engine != nil else { return .vector(Vector(strings: [])) }
          try a.machine.require(.login("list tables"))
          return .vector(Vector(strings: self.tableNames(db)))
        },
        Builtin("getHomeDir", args: 0...0) { _ in .string(self.home) },
        Builtin("getDFSDatabases", args: 0...0) { a throws(ScriptError) in
          try a.machine.require(.login("list databases"))
          return .vector(Vector(strings: self.dfsDatabases()))
        },
        // setRetentionPolicy(db, hours, [dimension], [hoursToColdVolume]): distributed databases
        // only, as in DolphinDB (the dfs:// layer answers for those).
        Builtin(
          "setRetentionPolicy", args: 2...4,
          parameterNames: ["dbHandle", "retentionHours", "retentionDimension", "hoursToColdVolume"]
        ) { a throws(ScriptError) in
          throw ScriptError(StorageMessages.dfsOnly("setRetentionPolicy", got: a[0].typeString))
        },
        Builtin(
          "dropPartition", args: 2...4, parameterNames: ["dbHandle", "partitionPaths", "tableName", "forceDelete"]
        ) {
          a throws(ScriptError) in
          let db = try StorageEngine.storedDatabase(a[0], "the first argument of 'dropPartition'", "dropPartition")
          try a.machine.require(.dropObject(database: db.path))
          let names = a.count > 2 ? [try a.text(2, "the table name")] : self.tableNames(db)
          // Compared in DolphinDB's spelling, which both ways of writing a folder reduce to.
          let wanted = PartitionPath.named(by: a[1])
          var dropped = 0
          for name in names {
            let t = try self.loadTable(db, name)
            dropped += try self.dropPartitions(t) { p in
              !(wanted.contains(PartitionPath.dolphinForm(p.dir))
                || wanted.contains(
                  PartitionPath.dolphinForm(p.keys.map { ValueFormatter.plain($0.value) }.joined(separator: "/"))))
            }
          }
          return .int(Int64(dropped), .int)
        },
      ]
  }
}
