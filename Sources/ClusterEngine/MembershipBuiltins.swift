import ClusterConfig
import Coordination
import PorpoiseSupport
import RemoteNode
import ScriptRuntime

/// `addNode`, `addAgentToController` and `removeNode`: the cluster's members changed while it
/// runs, by an administrator, on the leading controller (asked through it from any other
/// node). The change is a new `cluster.nodes`, checked as the file is at start.
extension ClusterBuiltins {
  static func membershipFunctions(_ c: ClusterContext) -> [Builtin] {
    [
      Builtin(
        "addNode", args: 3...7,
        parameterNames: ["host", "port", "alias", "saveConfig", "nodeType", "computeGroup", "zone"]
      ) { a throws(ScriptError) in
        let name = "addNode"
        try requireCluster(c, a, name)
        let sites = try sites(a, name)
        let save = a.has(3) ? a[3].isTruthy : true
        var types = [String](repeating: "datanode", count: sites.count)
        if a.has(4) {
          let given = try a.vector(4, "the nodeType").strings
          guard given.count == 1 || given.count == sites.count else {
            throw ScriptError(ClusterMessages.lengthsDiffer(name))
          }
          types = given.count == 1 ? Array(repeating: given[0], count: sites.count) : given
        }
        let modes = try types.map { t throws(ScriptError) -> NodeMode in
          guard let m = NodeMode(name: t), m.isWorker else { throw ScriptError(ClusterMessages.badNodeType(name, t)) }
          return m
        }
        var group: String?
        if a.has(5) {
          let g = try a.text(5, "the computeGroup")
          if !g.isEmpty {
            guard NodesFileEdit.isName(g) else { throw ScriptError(ClusterMessages.badComputeGroup(name, g)) }
            guard modes.allSatisfy({ $0 == .computenode }) else {
              throw ScriptError(ClusterMessages.groupNeedsComputeNodes(name))
            }
            group = g
          }
        }
        if a.has(6), !(a[6].stringValue ?? "").isEmpty { throw ScriptError(ClusterMessages.zonesUnsupported(name)) }
        if !c.isLeader {
          return try askLeader(
            c, a, name,
            hostsPortsAliases(sites) + [
              .bool(save), .vector(Vector(strings: modes.map(\.rawValue))), .string(group ?? ""),
            ])
        }
        return try add(
          c, a, name, zip(sites, modes).map { NodesFileEdit.Row(site: $0, mode: $1, computeGroup: group) },
          saving: save)
      },
      Builtin("addAgentToController", args: 3...4, parameterNames: ["host", "port", "alias", "saveConfig"]) {
        a throws(ScriptError) in
        let name = "addAgentToController"
        try requireCluster(c, a, name)
        let sites = try sites(a, name)
        let save = a.has(3) ? a[3].isTruthy : true
        if !c.isLeader { return try askLeader(c, a, name, hostsPortsAliases(sites) + [.bool(save)]) }
        return try add(c, a, name, sites.map { NodesFileEdit.Row(site: $0, mode: .agent) }, saving: save)
      },
      Builtin("removeNode", args: 1...2, parameterNames: ["alias", "force"]) { a throws(ScriptError) in
        let name = "removeNode"
        try requireCluster(c, a, name)
        let aliases = try a.vector(0, "the alias").strings
        let force = a.has(1) && a[1].isTruthy
        guard !aliases.isEmpty else { return .void }
        if !c.isLeader {
          return try askLeader(c, a, name, [.vector(Vector(strings: aliases)), .bool(force)])
        }
        try removeNodes(c, a, aliases, force: force)
        return .void
      },
    ]
  }

  /// The administrator's right, and a cluster to change.
  static func requireCluster(_ c: ClusterContext, _ a: CallArguments, _ name: String) throws(ScriptError) {
    guard c.coordination != nil else { throw ScriptError(ClusterMessages.standaloneNode(in: name)) }
    try a.machine.require(.admin("change the cluster's nodes"))
  }

  /// `host`, `port` and `alias` (scalars or vectors of one length) as sites.
  static func sites(_ a: CallArguments, _ name: String) throws(ScriptError) -> [Site] {
    let hosts = try a.vector(0, "the host").strings
    let ports = try a.vector(1, "the port")
    let aliases = try a.vector(2, "the alias").strings
    guard hosts.count == ports.count, ports.count == aliases.count, !hosts.isEmpty else {
      throw ScriptError(ClusterMessages.lengthsDiffer(name))
    }
    var sites: [Site] = []
    for i in 0..<hosts.count {
      guard NodesFileEdit.isHost(hosts[i]) else { throw ScriptError(ClusterMessages.badHost(name, hosts[i])) }
      guard let port = ports[i].intValue, (1...65535).contains(port) else {
        throw ScriptError(ClusterMessages.badPort(name, ValueFormatter.plain(ports[i])))
      }
      guard NodesFileEdit.isName(aliases[i]) else { throw ScriptError(ClusterMessages.badAlias(name, aliases[i])) }
      sites.append(Site(host: hosts[i], port: Int(port), alias: aliases[i]))
    }
    return sites
  }

  static func hostsPortsAliases(_ sites: [Site]) -> [Value] {
    [
      .vector(Vector(strings: sites.map(\.host))), .vector(Vector(type: .int, ints: sites.map { Int64($0.port) })),
      .vector(Vector(strings: sites.map(\.alias))),
    ]
  }

  /// Appends `rows` to the cluster's nodes and says so in the log.
  static func add(
    _ c: ClusterContext, _ a: CallArguments, _ name: String, _ rows: [NodesFileEdit.Row], saving save: Bool
  ) throws(ScriptError) -> Value {
    try edit(c, name, saving: save) { m in NodesFileEdit.appending(rows, to: m.nodesFileText) }
    c.log?(
      "\(name) by \(a.machine.access?.userName ?? "guest"): \(rows.map(\.site.description).joined(separator: " "))")
    return .void
  }

  /// Publishes the `cluster.nodes` text `change` makes of the current one.
  static func edit(
    _ c: ClusterContext, _ name: String, saving save: Bool, _ change: (ClusterMembership) -> String
  ) throws(ScriptError) {
    guard let membership = c.membership else { throw ScriptError(ClusterMessages.stoppedLeading()) }
    do throws(ClusterError) {
      try membership.exclusively { () throws(ClusterError) in
        let text = change(membership)
        try blockingAwait { () async throws(ClusterError) in
          try await membership.publish(text, saving: save, context: c)
        }
      }
    } catch {
      throw ScriptError("\(name): \(error.message)")
    }
  }

  /// Removes compute nodes: stopped ones at once; running ones with `force`, after stopping them.
  static func removeNodes(_ c: ClusterContext, _ a: CallArguments, _ aliases: [String], force: Bool) throws(ScriptError)
  {
    let name = "removeNode"
    let v = try view(c)
    for alias in aliases {
      guard let m = v.member(alias) else {
        throw ScriptError(ClusterMessages.noSuchNode(alias, known: v.members.map(\.alias)))
      }
      guard m.mode == .computenode else {
        throw ScriptError(ClusterMessages.onlyComputeNodes(name, alias, m.mode.rawValue))
      }
    }
    let running = aliases.filter { v.registrations[$0] != nil }
    if !running.isEmpty {
      guard force else { throw ScriptError(ClusterMessages.stillRunning(name, running)) }
      let generations = try cluster { () async throws(ClusterError) in
        try await writeDesired(c, running, .stopped)
      }
      try waitFor(c, a.machine, running, generations, .stopped, name)
    }
    let gone = Set(aliases)
    try edit(c, name, saving: true) { m in NodesFileEdit.removing(gone, from: m.nodesFileText, file: m.parsedFile) }
    c.log?("\(name) by \(a.machine.access?.userName ?? "guest"): \(aliases.joined(separator: " "))")
  }

  /// Runs `name(arguments)` on the leading controller, as this session's user.
  static func askLeader(_ c: ClusterContext, _ a: CallArguments, _ name: String, _ arguments: [Value])
    throws(ScriptError) -> Value
  {
    let v = try view(c)
    guard let leader = v.leader else { throw ScriptError(ClusterMessages.noLeader(name)) }
    // A record naming this node while it does not lead is a term it has ended: asking
    // "the leader" would be asking itself, forever.
    guard leader.alias != c.alias else { throw ScriptError(ClusterMessages.noLeaderWhileElecting(name, c.alias)) }
    let connection: NodeConnection
    do {
      connection = try NodeConnection.connect(host: leader.host, port: leader.port, timeoutSeconds: 3)
    } catch {
      throw ScriptError(ClusterMessages.leaderUnreachable(name, leader.alias, error.message))
    }
    defer { connection.close() }
    try RemoteBuiltins.carryLogin(connection, token: a.machine.access?.sessionToken)
    // The leader may wait up to its nodeStartTimeout; one that stops answering is not waited on forever.
    connection.replyTimeout = nodeStartTimeout(c) + 15
    do {
      return try connection.call(name, arguments, interruptible: true, stop: a.machine.interruption)
    } catch {
      throw ScriptError(error.message)
    }
  }
}
