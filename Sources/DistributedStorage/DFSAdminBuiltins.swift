import Foundation
import PorpoiseSupport
import ScriptRuntime
import TableStorage

/// DolphinDB's functions for looking at the distributed file system: databases, tables and
/// chunks of the whole cluster, each read from the catalog (the source of truth), so they
/// answer alike on every node.
enum DFSAdminBuiltins {
  /// `dfs://db/t` for every table of the cluster, or of one database (which must exist).
  static func tablePaths(_ cluster: DFSCluster, of database: String?) throws(ScriptError) -> [String] {
    let catalog = cluster.catalog
    let found = try cluster.wait { () async throws(CatalogError) -> [String]? in
      let all = try await catalog.databases()
      if let database, !all.contains(database) { return nil }
      var out: [String] = []
      for db in all where database == nil || db == database {
        for t in try await catalog.tables(db) { out.append(db + "/" + t.name) }
      }
      return out
    }
    guard let found else { throw ScriptError(DFSMessages.noDatabase(database ?? "")) }
    return found
  }

  static func functions(_ cluster: DFSCluster) -> [Builtin] {
    [
      Builtin("getClusterDFSDatabases", args: 0...0) { a throws(ScriptError) in try databases(cluster, &a) },
      // getDFSDatabasesByOwner(user): the databases `user` created (an administrator's).
      Builtin("getDFSDatabasesByOwner", args: 1...1, parameterNames: ["user"]) { a throws(ScriptError) in
        try a.machine.require(.admin("list other users' databases"))
        let user = try a.text(0, "the user")
        let catalog = cluster.catalog
        return .vector(
          Vector(
            strings: try cluster.wait { () async throws(CatalogError) in
              var owned: [String] = []
              for name in try await catalog.databases() {
                if try await catalog.database(name)?.createdBy == user { owned.append(name) }
              }
              return owned
            }))
      },
      Builtin("getClusterDFSTables", args: 0...0) { a throws(ScriptError) in
        try a.machine.require(.login("list tables"))
        return .vector(Vector(strings: try tablePaths(cluster, of: nil)))
      },
      // getDFSTablesByDatabase(dbUrl): the paths of one database's tables (`dfs://db/t`).
      Builtin("getDFSTablesByDatabase", args: 1...1, parameterNames: ["directory|dbUrl"]) { a throws(ScriptError) in
        try a.machine.require(.login("list tables"))
        var database = try a.text(0, "the database path")
        while database.hasSuffix("/") && database.count > "dfs://".count { database.removeLast() }
        return .vector(Vector(strings: try tablePaths(cluster, of: database)))
      },
      // clearAllCache(): frees the partitions this node keeps decoded in memory.
      Builtin("clearAllCache", args: 0...0) { a throws(ScriptError) in
        try a.machine.require(.login("clear caches"))
        SegmentCache.shared.removeAll()
        StorageEngine.clearColumnCache()
        return .void
      },
      // One row per chunk: where its replicas are and whether each has every segment.
      Builtin("getClusterChunksStatus", args: 0...0) { a throws(ScriptError) in
        try a.machine.require(.login("list chunks"))
        let chunks = try allChunks(cluster)
        return .object(
          try Table(
            names: ["chunkId", "file", "size", "version", "state", "replicas", "replicaCount", "lastUpdated"],
            columns: [
              Vector(strings: chunks.map(\.chunkId)), Vector(strings: chunks.map(file)),
              Vector(type: .long, ints: chunks.map { Int64($0.bytes) }),
              Vector(type: .int, ints: chunks.map { Int64($0.version) }),
              Vector(strings: chunks.map(\.state.rawValue)),
              Vector(strings: chunks.map { $0.replicas.map { "\($0.alias):\($0.version)" }.joined(separator: ",") }),
              Vector(type: .int, ints: chunks.map { Int64($0.replicas.count) }),
              Vector(type: .timestamp, ints: chunks.map(\.lastUpdated)),
            ]))
      },
      // One row per table per chunk (a tablet): rows and bytes.
      Builtin("getTabletsMeta", args: 0...4, parameterNames: ["chunkPath", "tableName", "diskUsage", "top"]) {
        a throws(ScriptError) in
        try a.machine.require(.login("list chunks"))
        let chunks = try allChunks(cluster)
        return .object(
          try Table(
            names: ["chunkId", "path", "dbName", "tableName", "rowNum", "diskUsage", "version"],
            columns: [
              Vector(strings: chunks.map(\.chunkId)), Vector(strings: chunks.map(file)),
              Vector(strings: chunks.map(\.database)), Vector(strings: chunks.map(\.table)),
              Vector(type: .long, ints: chunks.map { Int64($0.rows) }),
              Vector(type: .long, ints: chunks.map { Int64($0.bytes) }),
              Vector(type: .int, ints: chunks.map { Int64($0.version) }),
            ]))
      },
      // getChunksMeta([chunkPath], [top=1024]): the chunks this node holds a replica of, in
      // DolphinDB's columns. Every chunk here is a tablet chunk (type 1), whose size DolphinDB
      // reports as 0 (getTabletsMeta gives its bytes); state 0 is current, 3 awaits recovery.
      // chunkPath takes the wildcards %, * and ?; top -1 lists every chunk.
      Builtin("getChunksMeta", args: 0...2, parameterNames: ["chunkPath", "top"]) { a throws(ScriptError) in
        try a.machine.require(.login("list chunks"))
        let pattern = a.has(0) ? try a.text(0, "the chunk path").replacingOccurrences(of: "*", with: "%") : nil
        let top = a.has(1) ? try a.integer(1, "top") : 1024
        guard top == -1 || top > 0 else { throw ScriptError(DFSMessages.badChunkLimit(top)) }
        var (held, site) = try localChunks(cluster, a.machine)
        if let pattern {
          held = held.filter { h in
            [file(h.chunk), plainFile(h.chunk)].contains { WildcardPattern.matches($0, pattern, anyRun: "%", one: "?") }
          }
        }
        if top > 0 && held.count > top { held = Array(held.prefix(top)) }
        return .object(
          try Table(
            names: [
              "site", "chunkId", "path", "dfsPath", "type", "flag", "size", "version", "state", "versionList",
              "resolved",
            ],
            columns: [
              Vector(strings: held.map { _ in site }), Vector(strings: held.map(\.chunk.chunkId)),
              Vector(strings: held.map { file($0.chunk) }), Vector(strings: held.map { file($0.chunk) }),
              Vector(type: .int, ints: held.map { _ in 1 }), Vector(type: .int, ints: held.map { _ in 0 }),
              Vector(type: .long, ints: held.map { _ in 0 }),
              Vector(type: .int, ints: held.map { Int64($0.version) }),
              Vector(type: .int, ints: held.map { $0.chunk.version == $0.version ? 0 : 3 }),
              Vector(strings: held.map { "\($0.chunk.table):\($0.version);" }),
              Vector(bools: held.map { _ in false }),
            ]))
      },
      // getAllChunks(): the chunks this node holds (every chunk on a standalone node), each with
      // its path, the version of this node's copy and its state as DolphinDB numbers it (0:
      // final, the copy is current; 3: waiting for recovery); `flag` 0 (not marked deleted).
      Builtin("getAllChunks", args: 0...0) { a throws(ScriptError) in
        try a.machine.require(.login("list chunks"))
        let (held, site) = try localChunks(cluster, a.machine)
        return .object(
          try Table(
            names: [
              "site", "chunkId", "path", "dfsPath", "type", "flag", "dbName", "tableName", "rowNum", "size", "version",
              "state",
            ],
            columns: [
              Vector(strings: held.map { _ in site }),
              Vector(strings: held.map(\.chunk.chunkId)), Vector(strings: held.map { file($0.chunk) }),
              Vector(strings: held.map { file($0.chunk) }),
              Vector(type: .int, ints: held.map { _ in 1 }), Vector(type: .int, ints: held.map { _ in 0 }),
              Vector(strings: held.map(\.chunk.database)), Vector(strings: held.map(\.chunk.table)),
              Vector(type: .long, ints: held.map { Int64($0.chunk.rows) }),
              Vector(type: .long, ints: held.map { Int64($0.chunk.bytes) }),
              Vector(type: .int, ints: held.map { Int64($0.version) }),
              Vector(type: .int, ints: held.map { $0.chunk.version == $0.version ? 0 : 3 }),
            ]))
      },
      // A recovery task per stale replica (waiting), then the chunk moves this node made.
      Builtin("getRecoveryTaskStatus", args: 0...0) { a throws(ScriptError) in
        try a.machine.require(.login("list recovery tasks"))
        return .object(try RecoveryTasks.status(cluster))
      },
      // Evens out the replicas each running data node holds: the plan, or with exec=true the
      // moves made (each copies the chunk's segments, then records the new node).
      Builtin("rebalanceChunksAmongDataNodes", args: 0...1, parameterNames: ["exec"]) { a throws(ScriptError) in
        try a.machine.require(.admin("rebalance chunks"))
        let exec = a.has(0) && a[0].isTruthy
        let moves = ChunkPlacement.rebalance(try allChunks(cluster), among: cluster.dataNodes().map(\.alias))
        var status = moves.map { _ in exec ? "" : "planned" }
        if exec {
          let mover = ChunkMover(catalog: cluster.catalog, nodes: cluster.nodes(a.machine.access?.sessionToken))
          for (i, m) in moves.enumerated() {
            var task = RecoveryTasks.Task(
              id: UUID().uuidString.lowercased(), type: "LoadRebalance", chunkId: m.chunk.chunkId, path: file(m.chunk),
              source: m.from, dest: m.to, status: "Finished", start: a.machine.clock.nowNanoseconds() / 1_000_000,
              finish: nil)
            do throws(ScriptError) {
              try cluster.wait { () async throws(CatalogError) in try await mover.move(m) }
              status[i] = "moved"
            } catch {
              status[i] = "failed: " + error.message
              task.status = "Aborted"
              task.failure = error.message
            }
            task.finish = a.machine.clock.nowNanoseconds() / 1_000_000
            RecoveryTasks.record(cluster, task)
          }
        }
        return .object(
          try Table(
            names: ["chunkId", "file", "srcNode", "destNode", "status"],
            columns: [
              Vector(strings: moves.map(\.chunk.chunkId)), Vector(strings: moves.map { file($0.chunk) }),
              Vector(strings: moves.map(\.from)), Vector(strings: moves.map(\.to)), Vector(strings: status),
            ]))
      },
    ]
  }

  /// The cluster's databases (`getClusterDFSDatabases`, and `getDFSDatabases` on a cluster node).
  static func databases(_ cluster: DFSCluster, _ a: inout CallArguments) throws(ScriptError) -> Value {
    try a.machine.require(.login("list databases"))
    let catalog = cluster.catalog
    return .vector(Vector(strings: try cluster.wait { () async throws(CatalogError) in try await catalog.databases() }))
  }

  /// The chunk's path as DolphinDB shows it: `/<database>/<partition>/<table>`, the partition
  /// spelt as DolphinDB names its folders (`/db/20170807/Key1/pt`).
  static func file(_ c: ChunkRecord) -> String {
    "/" + c.database.dropFirst("dfs://".count) + "/" + PartitionPath.dolphinForm(c.partition) + "/" + c.table
  }

  /// The chunk's path with the partition as Porpoise's folders name it (`/db/2017.08.07/key1/pt`),
  /// which a `chunkPath` pattern may also be written against.
  static func plainFile(_ c: ChunkRecord) -> String {
    "/" + c.database.dropFirst("dfs://".count) + "/" + c.partition + "/" + c.table
  }

  /// The chunks this node holds a copy of (every chunk on a standalone node), each with the
  /// version of this node's copy, and the node's alias as their site (a standalone node holds
  /// its chunks as `StandaloneNode.alias`).
  static func localChunks(_ cluster: DFSCluster, _ m: Machine) throws(ScriptError) -> (
    held: [(chunk: ChunkRecord, version: Int)], site: String
  ) {
    let here = cluster.localAlias ?? ""
    var chunks = try allChunks(cluster)
    if !here.isEmpty { chunks = chunks.filter { $0.replicas.contains { $0.alias == here } } }
    let held = chunks.map { c in (c, here.isEmpty ? c.version : c.replicas.first { $0.alias == here }?.version ?? 0) }
    let site =
      here.isEmpty || here == StandaloneNode.alias
      ? (try? m.call(function: "getNodeAlias", []))?.stringValue ?? here : here
    return (held, site)
  }

  /// Every chunk of every table of every database.
  static func allChunks(_ cluster: DFSCluster) throws(ScriptError) -> [ChunkRecord] {
    let catalog = cluster.catalog
    return try cluster.wait { () async throws(CatalogError) in try await catalog.allChunks().map(\.record) }
  }
}
