import ClusterConfig
import Coordination
import Dispatch
import RemoteNode
import ScriptRuntime
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// `pnodeRun`: a function run on many nodes at once, its results merged.
extension ClusterBuiltins {
  static func pnodeRun(_ c: ClusterContext, _ a: CallArguments) throws(ScriptError) -> Value {
    let function: (name: String, source: String, arguments: [Value])
    switch a[0] {
    case .function(let f): function = try RemoteBuiltins.shippable(f, [])
    case .string(let s, _): function = (s, "", [])
    default: throw ScriptError(ClusterMessages.pnodeRunNeedsFunction(a[0].typeString))
    }
    let addAlias = a.has(2) ? a[2].isTruthy : true
    var targets: [(alias: String, host: String, port: Int)] = []
    if c.coordination == nil {
      targets = [(c.alias, c.launch.site.host, c.launch.site.port)]
    } else {
      let v = try view(c)
      let names = a.has(1) ? try a.vector(1, "the nodes").strings : v.members.filter { $0.mode.isWorker }.map(\.alias)
      for n in names {
        guard let r = v.registrations[n] else { throw ScriptError(ClusterMessages.nodeNotRunning(n, in: "pnodeRun")) }
        targets.append((r.alias, r.host, r.port))
      }
    }
    var results = [Result<Value, ScriptError>?](repeating: nil, count: targets.count)
    if let i = targets.firstIndex(where: { $0.alias == c.alias }) {
      // Called with no arguments, as on the other nodes (the rest of `a` are pnodeRun's own).
      results[i] = Result { () throws(ScriptError) -> Value in
        if case .function(let f) = a[0] { return try a.machine.call(f, []) }
        return try a.machine.call(function: function.name, [])
      }
    }
    let answered = callEach(
      targets.map { $0.alias == c.alias ? nil : $0 }, function.name, source: function.source,
      arguments: function.arguments, token: a.machine.access?.sessionToken)
    for (i, r) in answered {
      results[i] = r.map(\.value).mapError {
        ScriptError(ClusterMessages.pnodeRunFailed(on: targets[i].alias, $0.message))
      }
    }
    var values: [Value] = []
    for r in results {
      switch r {
      case .success(let v)?: values.append(v)
      case .failure(let e)?: throw e
      case nil: values.append(.void)
      }
    }
    return try merge(values, targets.map(\.alias), addAlias)
  }

  /// Calls `name` (with `source` defining it, when not empty) on each node of `targets` at once,
  /// logged in by `token`; nil targets are skipped. The results by position.
  static func callEach(
    _ targets: [(alias: String, host: String, port: Int)?], _ name: String, source: String = "",
    arguments: [Value] = [], token: String?
  ) -> [Int: Result<Box, ScriptError>] {
    let remote = Mutex<[Int: Result<Box, ScriptError>]>([:])
    // Values are not Sendable; each call only reads them (the codec encodes a copy).
    let boxed = arguments.map(Box.init)
    let list = targets.map { $0.map { ($0.host, $0.port) } }
    DispatchQueue.concurrentPerform(iterations: list.count) { i in
      guard let (host, port) = list[i] else { return }
      let r: Result<Box, ScriptError>
      do throws(ScriptError) {
        let conn: NodeConnection
        do throws(ConnectionError) {
          conn = try NodeConnection.connect(host: host, port: port, timeoutSeconds: 3)
        } catch {
          throw ScriptError(error.message)
        }
        defer { conn.close() }
        try RemoteBuiltins.carryLogin(conn, token: token)
        do throws(ConnectionError) { r = .success(Box(try conn.call(name, source: source, boxed.map(\.value)))) } catch
        {
          throw ScriptError(error.message)
        }
      } catch {
        r = .failure(error)
      }
      remote.withLock { $0[i] = r }
    }
    return remote.withLock { $0 }
  }

  /// Tables are stacked with a `Node` column (unless they have one); scalars become a table
  /// `Node, Value`.
  static func merge(_ values: [Value], _ aliases: [String], _ addAlias: Bool) throws(ScriptError) -> Value {
    let tables = values.compactMap { v -> Table? in
      if case .object(let o) = v { return o as? Table }
      return nil
    }
    if tables.count == values.count, let first = tables.first {
      var columns = first.columns.map { Vector.empty($0.type) }
      var nodes: [String] = []
      for (t, alias) in zip(tables, aliases) {
        guard t.names == first.names else {
          throw ScriptError(ClusterMessages.pnodeRunColumnsDiffer())
        }
        for i in columns.indices { try columns[i].append(contentsOf: t.columns[i]) }
        nodes += Array(repeating: alias, count: t.rowCount)
      }
      // A table that names its node already (getRecentJobs' `node`) keeps its own column.
      if addAlias && first.columnIndex("Node") == nil {
        return .object(try Table(names: first.names + ["Node"], columns: columns + [Vector(strings: nodes)]))
      }
      return .object(try Table(names: first.names, columns: columns))
    }
    if values.allSatisfy(\.isScalar) {
      var column = Vector.empty(values.first?.type ?? .any)
      for v in values { try column.append(v) }
      return .object(try Table(names: ["Node", "Value"], columns: [Vector(strings: aliases), column]))
    }
    var d = DictionaryValue(keyType: .string, valueType: .any)
    for (v, alias) in zip(values, aliases) { try d.set(.string(alias), v) }
    return .dictionary(d)
  }
}
