import ClusterConfig
import Coordination
import Dispatch
import RemoteNode
import ScriptRuntime
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// The cluster's built-ins, plugged into every session of a node. On a standalone node they
/// answer for one node of mode 3.
public enum ClusterBuiltins {
  public static func all(_ c: ClusterContext) -> [Builtin] {
    [
      Builtin("getNodeAlias", args: 0...0) { _ in .string(c.alias) },
      Builtin("getNodeHost", args: 0...0) { _ in .string(c.launch.site.host) },
      Builtin("getNodePort", args: 0...0) { _ in .int(c.launch.site.port) },
      Builtin("getNodeType", args: 0...0) { _ in .int(c.mode.code) },
      Builtin("getControllerAlias", args: 0...0) { _ throws(ScriptError) in .string(try leaderAlias(c)) },
      Builtin("getActiveMaster", args: 0...0) { _ throws(ScriptError) in .string(try leaderAlias(c)) },
      Builtin("isControllerInitialized", args: 0...0) { _ throws(ScriptError) in
        if c.mode == .controller { return .bool(c.initialized.load(ordering: .relaxed)) }
        guard c.coordination != nil else { return .bool(false) }
        return .bool(!(try leaderAlias(c)).isEmpty)
      },
      Builtin("getConfig", args: 0...1, parameterNames: ["key"]) { a throws(ScriptError) in
        if a.has(0) {
          let key = try a.text(0, "the parameter name")
          return c.launch.parameters[key].map { .string(KnownParameters.shown(key, $0)) } ?? .null(.string)
        }
        var d = DictionaryValue(keyType: .string, valueType: .string)
        for (k, v) in c.launch.parameters.sorted(by: { $0.key < $1.key }) { try d.set(.string(k), .string(KnownParameters.shown(k, v))) }
        return .dictionary(d)
      },
      Builtin("getNodePerf", args: 0...0) { _ in NodePerf.sample(c) },
      Builtin("shutdown", args: 0...0) { a throws(ScriptError) in
        try a.machine.require(.admin("shut the node down"))
        guard let stop = c.shutdown else {
          throw ScriptError("shutdown: this node stops with its shell (quit or Ctrl-D)")
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
      Builtin("startDataNode", args: 1...1, parameterNames: ["nodes"]) { a throws(ScriptError) in
        try control(c, a, .running)
      },
      Builtin("stopDataNode", args: 1...1, parameterNames: ["nodes"]) { a throws(ScriptError) in
        try control(c, a, .stopped)
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

  static func cluster<T: Sendable>(_ body: @escaping @Sendable () async throws(ClusterError) -> T) throws(ScriptError) -> T {
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

  static func leaderAlias(_ c: ClusterContext) throws(ScriptError) -> String {
    guard c.coordination != nil else { return "" }
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
    default: throw ScriptError("the function must be a function or its name, not \(a[index].typeString)")
    }
  }

  /// A connection to a live node of the cluster, found by alias in ZooKeeper.
  /// A connection to a live node of the cluster, found by alias in ZooKeeper, logged in as
  /// the calling session's user when it has one.
  static func connect(_ c: ClusterContext, to alias: String, token: String?) throws(ScriptError) -> NodeConnection {
    let v = try view(c)
    guard let r = v.registrations[alias] else {
      if let m = v.member(alias) { throw ScriptError("the node '\(m.alias)' is not running") }
      throw ScriptError("no node '\(alias)' in the cluster (\(v.members.map(\.alias).joined(separator: ", ")))")
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

  // MARK: getClusterPerf

  static func clusterPerf(_ c: ClusterContext, includeMaster: Bool) throws(ScriptError) -> Value {
    struct Row {
      var m: PublishedNode
      var live: Registration?
      var status: NodeStatus?
      var perf: [String: Value] = [:]
    }
    var rows: [Row] = []
    var leader = ""
    if c.coordination == nil {
      let s = c.launch.site
      rows = [Row(m: PublishedNode(alias: s.alias, mode: c.mode, host: s.host, port: s.port, agent: nil, computeGroup: nil, parameters: c.launch.parameters))]
    } else {
      let v = try view(c)
      leader = v.leader?.alias ?? ""
      rows = v.members.filter { includeMaster || $0.mode != .controller }.map { Row(m: $0, live: v.registrations[$0.alias], status: v.statuses[$0.alias]) }
    }
    // Ask every live node for its figures, in parallel, each with a short deadline.
    let perf = Mutex<[Int: Box]>([:])
    let targets = rows.indices.filter { rows[$0].live != nil || c.coordination == nil }
    let addresses = targets.map { (rows[$0].m.alias, rows[$0].live?.host ?? "", rows[$0].live?.port ?? 0) }
    let local = Box(NodePerf.sample(c))
    DispatchQueue.concurrentPerform(iterations: targets.count) { i in
      let (alias, host, port) = addresses[i]
      var value: Value?
      if alias == c.alias {
        value = local.value
      } else if let conn = try? NodeConnection.connect(host: host, port: port, timeoutSeconds: 1) {
        conn.replyTimeout = 2
        value = try? conn.call("getNodePerf", [])
        conn.close()
      }
      guard let value else { return }
      perf.withLock { $0[targets[i]] = Box(value) }
    }
    let measured = perf.withLock { $0 }
    for (i, p) in measured {
      guard case .dictionary(let d) = p.value else { continue }
      for (k, v) in zip(d.keys, d.values) { if let key = k.stringValue { rows[i].perf[key] = v } }
    }
    func strings(_ f: (Row) -> String) -> Vector { Vector(strings: rows.map(f)) }
    func ints(_ type: DataType = .int, _ f: (Row) -> Int64?) -> Vector { Vector(type: type, ints: rows.map { f($0) ?? Int64.min }) }
    let columns: [(String, Vector)] = [
      ("name", strings { $0.m.alias }),
      ("host", strings { $0.m.host }),
      ("port", ints { Int64($0.m.port) }),
      ("site", strings { "\($0.m.host):\($0.m.port):\($0.m.alias)" }),
      ("mode", ints { Int64($0.m.mode.code) }),
      ("state", ints { ($0.live != nil || c.coordination == nil) ? 1 : 0 }),
      ("agentSite", strings { r in r.m.agent.flatMap { a in rowsSite(rows.map(\.m), a) } ?? "" }),
      ("maxMemSize", Vector(doubles: rows.map { $0.perf["maxMemSize"]?.doubleValue ?? Double($0.m.parameters["maxMemSize"] ?? "") ?? 0 })),
      ("workerNum", ints { $0.perf["workerNum"]?.intValue ?? Int64($0.m.parameters["workerNum"] ?? "") }),
      ("memoryUsed", ints(.long) { $0.perf["memoryUsed"]?.intValue }),
      ("cpuUsage", Vector(doubles: rows.map { $0.perf["cpuUsage"]?.doubleValue ?? .nan })),
      ("runningJobs", ints { $0.perf["runningJobs"]?.intValue }),
      ("connectionNum", ints { $0.perf["connectionNum"]?.intValue }),
      ("isLeader", Vector(bools: rows.map { $0.m.alias == leader })),
      ("pid", ints { $0.perf["pid"]?.intValue ?? $0.live.map { Int64($0.pid) } }),
      ("restarts", ints { $0.status.map { Int64($0.restarts) } }),
      ("status", strings { $0.status?.state.rawValue ?? ($0.live != nil || c.coordination == nil ? "running" : "down") }),
      ("startTime", ints(.timestamp) { $0.perf["startedAt"]?.intValue }),
      ("uptime", ints(.long) { r in r.perf["startedAt"]?.intValue.map { (ClusterClock.millis() - $0) / 1000 } }),
      ("diskCapacity", ints(.long) { $0.perf["diskCapacity"]?.intValue }),
      ("diskFreeSpace", ints(.long) { $0.perf["diskFreeSpace"]?.intValue }),
      ("diskFreeSpaceRatio", Vector(doubles: rows.map { r in
        guard let cap = r.perf["diskCapacity"]?.doubleValue, cap > 0, let free = r.perf["diskFreeSpace"]?.doubleValue else { return .nan }
        return free / cap
      })),
    ]
    return .object(try Table(names: columns.map(\.0), columns: columns.map(\.1)))
  }

  static func rowsSite(_ members: [PublishedNode], _ alias: String) -> String? {
    members.first { $0.alias == alias }.map { "\($0.host):\($0.port):\($0.alias)" }
  }

  // MARK: startDataNode / stopDataNode

  static func control(_ c: ClusterContext, _ a: CallArguments, _ state: DesiredState.State) throws(ScriptError) -> Value {
    let name = state == .running ? "startDataNode" : "stopDataNode"
    guard c.coordination != nil else { throw ScriptError("\(name): this is a standalone node; it belongs to no cluster") }
    try a.machine.require(.admin(state == .running ? "start data nodes" : "stop data nodes"))
    let wanted = try a.vector(0, "the nodes").strings
    guard !wanted.isEmpty else { return .void }
    let v = try view(c)
    var aliases: [String] = []
    for w in wanted {
      guard let m = v.member(w) else {
        let known = v.members.filter { $0.mode.isWorker }.map(\.alias).joined(separator: ", ")
        throw ScriptError("\(name): no data or compute node '\(w)' in the cluster (\(known))")
      }
      guard m.mode.isWorker else {
        throw ScriptError("\(name): '\(m.alias)' is \(m.mode == .agent ? "an agent" : "a controller"); it starts data and compute nodes only")
      }
      aliases.append(m.alias)
    }
    // Only the leading controller writes desired states; anyone else asks it.
    if !c.isLeader {
      guard let leader = v.leader else { throw ScriptError("\(name): no controller is leading the cluster now; try again in a moment") }
      // A record naming this node while it does not lead is a term it has ended: asking
      // "the leader" would be asking itself, forever.
      guard leader.alias != c.alias else {
        throw ScriptError("\(name): no controller is leading the cluster now (\(c.alias) is running for leadership again); try again in a moment")
      }
      let connection: NodeConnection
      do {
        connection = try NodeConnection.connect(host: leader.host, port: leader.port, timeoutSeconds: 3)
      } catch {
        throw ScriptError("\(name): the leading controller \(leader.alias) cannot be reached: \(error.message)")
      }
      defer { connection.close() }
      try RemoteBuiltins.carryLogin(connection, token: a.machine.access?.sessionToken)
      // The leader waits up to its nodeStartTimeout; a leader that stops answering is not waited on forever.
      connection.replyTimeout = nodeStartTimeout(c) + 15
      do {
        return try connection.call(name, [.vector(Vector(strings: aliases))], interruptible: true, stop: a.machine.interruption)
      } catch {
        throw ScriptError(error.message)
      }
    }
    let chosen = aliases
    let generations = try cluster { () async throws(ClusterError) in
      try await writeDesired(c, chosen, state)
    }
    try waitFor(c, a.machine, aliases, generations, state, name)
    return .void
  }

  /// How long node control waits for nodes to come up or go down (`nodeStartTimeout`, seconds).
  static func nodeStartTimeout(_ c: ClusterContext) -> Double {
    let t = Double(c.launch.parameters["nodeStartTimeout"] ?? "") ?? 60
    return t.isFinite ? min(max(t, 1), 3600) : 60
  }

  /// Writes the desired state of each alias in one fenced transaction; retried when another
  /// writer got in between (one wins per version, the loser reads again).
  static func writeDesired(_ c: ClusterContext, _ aliases: [String], _ state: DesiredState.State) async throws(ClusterError) -> [String: Int] {
    let client = try c.client()
    for _ in 0..<5 {
      guard let fence = c.fence.withLock({ $0 }) else { throw ClusterError("this controller stopped leading; try again") }
      var ops: [ZooKeeperOperation] = []
      var generations: [String: Int] = [:]
      do {
        for alias in aliases {
          let current = try await client.document(DesiredState.self, at: ClusterPaths.desired(alias))
          let next = DesiredState(state: state, generation: (current?.0.generation ?? 0) + 1, by: c.alias)
          generations[alias] = next.generation
          if let (_, version) = current {
            ops.append(.set(ClusterPaths.desired(alias), data: ZNodeJSON.encode(next), version: version))
          } else {
            ops.append(.create(ClusterPaths.desired(alias), data: ZNodeJSON.encode(next), mode: .persistent))
          }
        }
        try await ControllerElection(client: client).fenced(fence, ops)
        return generations
      } catch {
        if error.code == ZooKeeperError.badVersion || error.code == ZooKeeperError.nodeExists { continue }
        throw error.cluster
      }
    }
    throw ClusterError("the desired state kept changing under us; try again")
  }

  /// Waits until every node is up and registered (or down), or says why not.
  static func waitFor(
    _ c: ClusterContext, _ machine: Machine, _ aliases: [String], _ generations: [String: Int], _ state: DesiredState.State, _ name: String
  ) throws(ScriptError) {
    let timeout = nodeStartTimeout(c)
    let deadline = ClusterClock.millis() + Int64(timeout * 1000)
    var pending = Set(aliases)
    var last = ClusterView()
    while !pending.isEmpty {
      // Ctrl-C stops the wait, not the order: the agents still carry it out.
      if machine.isInterrupted { throw Machine.interrupted() }
      last = try view(c)
      for alias in pending {
        let s = last.statuses[alias]
        let observed = (s?.observedGeneration ?? 0) >= (generations[alias] ?? 0)
        switch state {
        case .running:
          if observed, s?.state == .running, let r = last.registrations[alias], r.pid == s?.pid { pending.remove(alias) }
          if observed, s?.state == .failed {
            throw ScriptError("\(name): \(alias) failed to start: \(s?.restarts ?? 0) restarts, last \(s?.lastExit ?? "exit unknown"); see its log under the agent's home")
          }
        case .stopped:
          if observed, s?.state == .stopped, last.registrations[alias] == nil { pending.remove(alias) }
        }
      }
      if pending.isEmpty { break }
      if ClusterClock.millis() > deadline {
        let why = pending.sorted().map { alias -> String in
          let m = last.member(alias)
          let agent = m?.agent ?? "?"
          guard last.registrations[agent] != nil else { return "\(alias): its agent \(agent) is not running" }
          let s = last.statuses[alias]
          return "\(alias): agent \(agent) says \(s?.state.rawValue ?? "nothing yet")\(s?.lastExit.map { " (last exit: \($0))" } ?? "")"
        }
        throw ScriptError("\(name): not \(state == .running ? "up" : "down") after \(Int(timeout)) s: \(why.joined(separator: "; "))")
      }
      usleep(20_000)
    }
  }

  // MARK: pnodeRun

  static func pnodeRun(_ c: ClusterContext, _ a: CallArguments) throws(ScriptError) -> Value {
    let function: (name: String, source: String, arguments: [Value])
    switch a[0] {
    case .function(let f): function = try RemoteBuiltins.shippable(f, [])
    case .string(let s, _): function = (s, "", [])
    default: throw ScriptError("pnodeRun needs a function, not \(a[0].typeString)")
    }
    let addAlias = a.has(2) ? a[2].isTruthy : true
    var targets: [(alias: String, host: String, port: Int)] = []
    if c.coordination == nil {
      targets = [(c.alias, c.launch.site.host, c.launch.site.port)]
    } else {
      let v = try view(c)
      let names = a.has(1) ? try a.vector(1, "the nodes").strings : v.members.filter { $0.mode.isWorker }.map(\.alias)
      for n in names {
        guard let r = v.registrations[n] else { throw ScriptError("pnodeRun: the node '\(n)' is not running") }
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
    let remote = Mutex<[Int: Result<Box, ScriptError>]>([:])
    let list = targets
    let token = a.machine.access?.sessionToken
    // Values are not Sendable; each call only reads them (the codec encodes a copy).
    let (name, source, arguments) = (function.name, function.source, function.arguments.map(Box.init))
    DispatchQueue.concurrentPerform(iterations: list.count) { i in
      guard list[i].alias != c.alias else { return }
      let r: Result<Box, ScriptError>
      do {
        let conn = try NodeConnection.connect(host: list[i].host, port: list[i].port, timeoutSeconds: 3)
        defer { conn.close() }
        try RemoteBuiltins.carryLogin(conn, token: token)
        r = .success(Box(try conn.call(name, source: source, arguments.map(\.value))))
      } catch {
        r = .failure(ScriptError("pnodeRun on \(list[i].alias): \(error)"))
      }
      remote.withLock { $0[i] = r }
    }
    let answered = remote.withLock { $0 }
    for (i, r) in answered { results[i] = r.map(\.value) }
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

  /// Tables are stacked with a `Node` column; scalars become a table `Node, Value`.
  static func merge(_ values: [Value], _ aliases: [String], _ addAlias: Bool) throws(ScriptError) -> Value {
    let tables = values.compactMap { v -> Table? in
      if case .object(let o) = v { return o as? Table }
      return nil
    }
    if tables.count == values.count, let first = tables.first {
      var columns = first.columns.map { Vector.empty($0.type) }
      var nodes: [String] = []
      for (t, alias) in zip(tables, aliases) {
        guard t.names == first.names else { throw ScriptError("pnodeRun: the nodes returned tables of different columns") }
        for i in columns.indices { try columns[i].append(contentsOf: t.columns[i]) }
        nodes += Array(repeating: alias, count: t.rowCount)
      }
      if addAlias { return .object(try Table(names: first.names + ["Node"], columns: columns + [Vector(strings: nodes)])) }
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

/// A value crossing between threads of one call; each is touched by one thread at a time.
struct Box: @unchecked Sendable {
  let value: Value
  init(_ value: Value) { self.value = value }
}
