import ClusterConfig
import Coordination
import Dispatch
import PorpoiseSupport
import RemoteNode
import ScriptRuntime
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// The cluster's built-ins, plugged into every session of a node. On a standalone node they
/// answer for one node of mode 3.
public enum ClusterBuiltins {
  /// The cluster's built-ins bound to a node.
  public static func library(_ c: ClusterContext) -> BuiltinLibrary {
    BuiltinLibrary(
      "cluster",
      functions: functions(c) + ResourceTrackingBuiltins.functions(c) + QueryMonitoringBuiltins.functions(c)
        + MachineFactsBuiltins.functions(c) + NodeJobStatBuiltins.functions(c) + CacheEngineSizeBuiltins.functions(c)
        + LoggedInUsersBuiltins.functions(c) + DataNodeReadiness.functions(c) + membershipFunctions(c)
        + IPAccessBuiltins.functions(c) + SupportBundle.functions(c) + VolumeUsage.functions(c)
        + RecoveryControl.functions(c),
      aliases: ["getConfigure": "getConfig", "getCacheEngineMemSize": "getOLAPCacheEngineSize"])
  }

  static func functions(_ c: ClusterContext) -> [Builtin] {
    [
      Builtin("getNodeAlias", args: 0...0) { _ in .string(c.alias) },
      Builtin("getNodeHost", args: 0...0) { _ in .string(c.launch.site.host) },
      Builtin("getNodePort", args: 0...0) { _ in .int(c.launch.site.port) },
      Builtin("getNodeType", args: 0...0) { _ in .int(c.mode.code) },
      Builtin("getControllerAlias", args: 0...0) { _ throws(ScriptError) in .string(try leaderAlias(c)) },
      Builtin("getActiveMaster", args: 0...0) { _ throws(ScriptError) in .string(try leaderAlias(c)) },
      Builtin("isControllerInitialized", args: 0...0) { _ throws(ScriptError) in
        if c.mode == .controller { return .bool(c.initialized.load(ordering: .relaxed)) }
        guard c.coordination != nil else { return .bool(true) }
        return .bool(!(try leaderAlias(c)).isEmpty)
      },
      Builtin("getConfig", args: 0...1, parameterNames: ["key"]) { a throws(ScriptError) in
        if a.has(0) {
          let key = try a.text(0, "the parameter name")
          return c.launch.parameters[key].map { .string(KnownParameters.shown(key, $0)) } ?? .null(.string)
        }
        var d = DictionaryValue(keyType: .string, valueType: .string)
        for (k, v) in c.launch.parameters.sorted(by: { $0.key < $1.key }) {
          try d.set(.string(k), .string(KnownParameters.shown(k, v)))
        }
        return .dictionary(d)
      },
      Builtin("getNodePerf", args: 0...0) { _ in NodePerf.sample(c) },
      // mem(), getMemoryStat(): what the process holds (allocatedBytes) and how much of it the
      // allocator has free for reuse (freeBytes).
      Builtin("mem", args: 0...1, parameterNames: ["freeUnusedBlocks"]) { _ throws(ScriptError) in
        try NodePerf.memoryStat()
      },
      Builtin("getMemoryStat", args: 0...0) { _ throws(ScriptError) in try NodePerf.memoryStat() },
      // getMemLimitOfQueryResult(): the bytes one query's result may take on this node.
      Builtin("getMemLimitOfQueryResult", args: 0...0) { _ in
        .double(Double(c.queryResultLimit.load(ordering: .relaxed)))
      },
      // setMemLimitOfQueryResult(memLimit): that limit in GB, for every session of the node
      // (an administrator's; below 80% of maxMemSize, as DolphinDB requires).
      Builtin("setMemLimitOfQueryResult", args: 1...1, parameterNames: ["memLimit"]) { a throws(ScriptError) in
        try a.machine.require(.admin("set the memory limit of query results"))
        let ceiling = Double(c.settings.maxMemoryBytes ?? 8 << 30) * 0.8
        guard let gb = a[0].doubleValue, gb > 0, gb * 1_073_741_824 < ceiling else {
          throw ScriptError(ClusterMessages.queryResultLimitRange(ValueFormatter.plain(a[0]), ceiling / 1_073_741_824))
        }
        c.queryResultLimit.store(Int(gb * 1_073_741_824), ordering: .relaxed)
        return .void
      },
      // shell(cmd): runs an operating-system command with /bin/sh, as system() does, and gives
      // its wait status (0: success); an administrator's, on a node with enableShellFunction.
      Builtin("shell", args: 1...1, parameterNames: ["cmd"]) { a throws(ScriptError) in
        try a.machine.require(.admin("run shell commands"))
        guard c.launch.flag("enableShellFunction", default: false) else {
          throw ScriptError(ClusterMessages.shellFunctionOff())
        }
        let command = try a.text(0, "the command")
        c.log?("shell() called by \(a.machine.access?.userName ?? "guest"): \(command)")
        return .int(Int64(system(command)), .int)
      },
      Builtin("shutdown", args: 0...0) { a throws(ScriptError) in
        try a.machine.require(.admin("shut the node down"))
        guard let stop = c.shutdown else {
          throw ScriptError(ClusterMessages.shutdownWithShell())
        }
        c.log?("shutdown() called by \(a.machine.access?.userName ?? "guest")")
        stop()
        return .void
      },
      Builtin("writeLog", args: 1...64) { a throws(ScriptError) in
        try a.machine.require(.login("write to the node's log"))
        let text = a.values.map { v in v.stringValue ?? ValueFormatter.plain(v) }.joined(separator: " ")
        // The line says who wrote it; the log escapes any line breaks in it.
        c.log?("writeLog by \(a.machine.access?.userName ?? "guest"): " + text)
        return .void
      },
      Builtin("getClusterPerf", args: 0...1, parameterNames: ["includeMaster"]) { a throws(ScriptError) in
        try clusterPerf(c, includeMaster: a.has(0) && a[0].isTruthy)
      },
      Builtin("startDataNode", args: 1...1, parameterNames: ["nodes|X"]) { a throws(ScriptError) in
        try control(c, a, .running)
      },
      Builtin("stopDataNode", args: 1...1, parameterNames: ["nodes|X"]) { a throws(ScriptError) in
        try control(c, a, .stopped)
      },
      // The controller's own setting, as in DolphinDB: not written to its config file, not
      // passed to the other controllers.
      Builtin("getDatanodeRestartInterval", args: 0...0) { _ throws(ScriptError) in
        guard c.mode == .controller else {
          throw ScriptError(ClusterMessages.controllerOnly("getDatanodeRestartInterval", c.mode.rawValue))
        }
        return .int(Int64(c.datanodeRestartSeconds.load(ordering: .relaxed)), .int)
      },
      Builtin("setDatanodeRestartInterval", args: 1...1, parameterNames: ["interval"]) { a throws(ScriptError) in
        try a.machine.require(.admin("set the restart interval of data nodes"))
        guard c.mode == .controller else {
          throw ScriptError(ClusterMessages.controllerOnly("setDatanodeRestartInterval", c.mode.rawValue))
        }
        guard let n = a[0].intValue, (0...86_400).contains(n) else {
          throw ScriptError(ClusterMessages.badRestartInterval(ValueFormatter.plain(a[0])))
        }
        c.datanodeRestartSeconds.store(Int(n), ordering: .relaxed)
        c.log?("setDatanodeRestartInterval(\(n)) by \(a.machine.access?.userName ?? "guest")")
        return .void
      },
      Builtin("rpc", args: 2...64, parameterNames: ["nodeAlias", "func"]) { a throws(ScriptError) in
        let alias = try a.text(0, "the node alias")
        if alias == c.alias { return try local(a, from: 1) }
        let connection = try connect(c, to: alias, token: a.machine.access?.sessionToken)
        defer { connection.close() }
        return try RemoteBuiltins.run(connection, a, from: 1)
      },
      Builtin("pnodeRun", args: 1...3, parameterNames: ["function", "nodes", "addNodeAlias"]) { a throws(ScriptError) in
        try pnodeRun(c, a)
      },
    ]
  }

  static func cluster<T: Sendable>(_ body: @escaping @Sendable () async throws(ClusterError) -> T) throws(ScriptError)
    -> T
  {
    do {
      return try blockingAwait(body)
    } catch {
      throw ScriptError(error.message)
    }
  }

  static func view(_ c: ClusterContext) throws(ScriptError) -> ClusterView {
    try cluster { () async throws(ClusterError) in
      let client = try c.client()
      do throws(ZooKeeperError) {
        return try await ClusterView.read(client)
      } catch {
        throw error.cluster
      }
    }
  }

  /// The leading controller; a standalone node is its own controller, as in DolphinDB, so
  /// `rpc(getControllerAlias(), f)` runs `f` here.
  static func leaderAlias(_ c: ClusterContext) throws(ScriptError) -> String {
    guard c.coordination != nil else { return c.alias }
    if c.isLeader { return c.alias }
    return try cluster { () async throws(ClusterError) in
      let client = try c.client()
      do throws(ZooKeeperError) {
        return try await ControllerElection(client: client).leader()?.alias ?? ""
      } catch {
        throw error.cluster
      }
    }
  }

  /// Calls the function here (rpc to the node itself).
  static func local(_ a: CallArguments, from index: Int) throws(ScriptError) -> Value {
    let rest = Array(a.values.dropFirst(index + 1))
    switch a[index] {
    case .function(let f): return try a.machine.call(f, rest)
    case .string(let name, _): return try a.machine.call(function: name, rest)
    default: throw ScriptError(ClusterMessages.notAFunctionOrName(a[index].typeString))
    }
  }

  /// A connection to a live node of the cluster, found by alias in ZooKeeper.
  /// A connection to a live node of the cluster, found by alias in ZooKeeper, logged in as
  /// the calling session's user when it has one.
  static func connect(_ c: ClusterContext, to alias: String, token: String?) throws(ScriptError) -> NodeConnection {
    let v = try view(c)
    guard let r = v.registrations[alias] else {
      if let m = v.member(alias) { throw ScriptError(ClusterMessages.nodeNotRunning(m.alias)) }
      throw ScriptError(ClusterMessages.noSuchNode(alias, known: v.members.map(\.alias)))
    }
    let connection: NodeConnection
    do {
      connection = try NodeConnection.connect(host: r.host, port: r.port, timeoutSeconds: 3)
    } catch {
      throw ScriptError(error.message)
    }
    try RemoteBuiltins.carryLogin(connection, token: token)
    return connection
  }
}

/// A value crossing between threads of one call; each is touched by one thread at a time.
struct Box: @unchecked Sendable {
  let value: Value
  init(_ value: Value) { self.value = value }
}
