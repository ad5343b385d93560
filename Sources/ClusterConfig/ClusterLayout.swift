/// The whole cluster as its config files describe it: every node with its effective
/// parameters, and every problem found, located by file and line.
///
/// Precedence for a data or compute node, most specific first: a line naming its alias
/// (`P1-datanode.volumes`), then a pattern (`%-datanode.volumes`; among patterns the one with
/// more fixed characters, then the later line), then an unprefixed line (`volumes=/VOL1/<ALIAS>`
/// or `maxMemSize=12`). Command-line parameters beat all of them when a node starts.
public struct ClusterLayout: Sendable {
  public var nodes: [NodeConfig] = []
  public var diagnostics: [ConfigDiagnostic] = []

  public var errors: [ConfigDiagnostic] { diagnostics.filter { $0.severity == .error } }
  public var warnings: [ConfigDiagnostic] { diagnostics.filter { $0.severity == .warning } }

  public func node(_ alias: String) -> NodeConfig? { nodes.first { $0.alias == alias } }
  public var controllers: [NodeConfig] { nodes.filter { $0.mode == .controller } }

  /// Resolves parsed files. `controller` is controller.cfg; `agents` any agent.cfg files to check.
  public static func resolve(
    controller: ConfigFile?, nodes: NodesFile?, cluster: ConfigFile?, agents: [ConfigFile] = []
  )
    -> ClusterLayout
  {
    var layout = ClusterLayout()
    var controllerNodes: [NodeConfig] = []
    if let controller {
      if let node = layout.controllerNode(controller, nodes) { controllerNodes.append(node) }
    }
    // HA: every controller is a row of cluster.nodes.
    for m in nodes?.members ?? []
    where m.mode == .controller && !controllerNodes.contains(where: { $0.alias == m.alias }) {
      controllerNodes.append(NodeConfig(site: m.site, mode: .controller))
    }
    layout.nodes = controllerNodes
    var agentRows: [ClusterMember] = []
    for m in nodes?.members ?? [] where m.mode != .controller {
      if m.mode == .agent {
        agentRows.append(m)
        layout.nodes.append(NodeConfig(site: m.site, mode: .agent))
      } else {
        layout.nodes.append(NodeConfig(site: m.site, mode: m.mode, computeGroup: m.computeGroup))
      }
    }
    if let cluster { layout.applyClusterConfig(cluster) }
    layout.assignAgents(nodes, agentRows)
    for a in agents { layout.applyAgentConfig(a, nodes) }
    return layout
  }

  mutating func report(_ severity: ConfigDiagnostic.Severity, _ file: String, _ line: Int, _ message: String) {
    diagnostics.append(ConfigDiagnostic(severity, file, line, message))
  }

  /// Warns about unknown names and rejects malformed values of known ones.
  mutating func checkEntry(_ e: ConfigEntry) -> Bool {
    guard let d = KnownParameters.diagnose(e) else { return true }
    diagnostics.append(d)
    return d.severity == .warning
  }

  mutating func controllerNode(_ file: ConfigFile, _ nodes: NodesFile?) -> NodeConfig? {
    var parameters: [String: ResolvedParameter] = [:]
    for e in file.entries {
      guard checkEntry(e) else { continue }
      if e.qualifier != nil {
        report(
          .warning, e.file, e.line,
          "'\(e.qualifier ?? "").\(e.name)' in a controller config applies to no node; write '\(e.name)=...'")
        continue
      }
      parameters[e.name] = ResolvedParameter(name: e.name, value: e.value, file: e.file, line: e.line, key: nil)
    }
    if let mode = parameters["mode"], mode.value.lowercased() != "controller" {
      report(
        .error, file.path, mode.line,
        "a controller config must say 'mode=controller', not 'mode=\(mode.value)'")
    }
    guard let siteParameter = parameters["localSite"] else {
      report(.error, file.path, 0, "'localSite' is missing: the controller needs its host:port:alias")
      return nil
    }
    guard case .success(let site) = Site.parse(siteParameter.value) else { return nil }
    let ha = nodes?.members.filter { $0.mode == .controller } ?? []
    if !ha.isEmpty, !ha.contains(where: { $0.site == site }) {
      report(
        .error, file.path, siteParameter.line,
        "localSite \(site) is not one of the controllers in \(nodes?.path ?? "cluster.nodes") (\(ha.map { $0.site.description }.joined(separator: ", ")))"
      )
    }
    if let row = nodes?.members.first(where: { $0.alias == site.alias && $0.mode != .controller }) {
      report(
        .error, file.path, siteParameter.line,
        "the controller alias '\(site.alias)' is also the \(row.mode.rawValue) on line \(row.line) of \(nodes?.path ?? "cluster.nodes")"
      )
    }
    var node = NodeConfig(site: site, mode: .controller)
    node.parameters = parameters
    return node
  }

  /// Specificity of a cluster.cfg line for a node: higher wins; ties go to the later line.
  static func rank(_ e: ConfigEntry) -> (Int, Int, Int) {
    guard let q = e.qualifier else { return (0, 0, e.line) }
    let p = AliasPattern(q)
    return p.hasWildcards ? (1, p.literalCount, e.line) : (2, 0, e.line)
  }

  mutating func applyClusterConfig(_ file: ConfigFile) {
    let workers = nodes.indices.filter { nodes[$0].mode.isWorker }
    var best: [Int: [String: (rank: (Int, Int, Int), entry: ConfigEntry)]] = [:]
    var seenKeys: [String: Int] = [:]
    for e in file.entries {
      guard checkEntry(e) else { continue }
      if KnownParameters.secret.contains(e.name) {
        // cluster.cfg is published in ZooKeeper for every reader to see.
        report(
          .error, e.file, e.line,
          "'\(e.name)' is a secret and cluster.cfg is published in ZooKeeper: put it in controller.cfg and agent.cfg (agents hand it to their nodes)"
        )
        continue
      }
      let key = (e.qualifier.map { $0 + "." } ?? "") + e.name
      if let earlier = seenKeys[key] {
        report(.warning, e.file, e.line, "'\(key)' is also set on line \(earlier); this later line wins")
      }
      seenKeys[key] = e.line
      var targets = workers
      if let q = e.qualifier {
        if e.value.contains("<ALIAS>") {
          report(
            .error, e.file, e.line,
            "'<ALIAS>' cannot be used in a line that names a node ('\(key)'): write the alias itself, or drop the '\(q).' prefix to apply the line to every node"
          )
          continue
        }
        let pattern = AliasPattern(q)
        targets = workers.filter { pattern.matches(nodes[$0].alias) }
        if targets.isEmpty {
          if !pattern.hasWildcards, let other = nodes.first(where: { $0.alias == q }) {
            report(
              .warning, e.file, e.line,
              "cluster.cfg configures data and compute nodes, and '\(q)' is \(other.mode == .agent ? "an agent" : "a controller"); put the line in its own config file"
            )
          } else if pattern.hasWildcards {
            report(.warning, e.file, e.line, "the pattern '\(q)' matches no data or compute node")
          } else {
            let known = workers.map { nodes[$0].alias }.joined(separator: ", ")
            report(
              .error, e.file, e.line,
              "unknown alias '\(q)' in '\(key)' (data and compute nodes: \(known.isEmpty ? "none" : known))")
          }
          continue
        }
      }
      let r = ClusterLayout.rank(e)
      for t in targets {
        if let current = best[t]?[e.name], current.rank > r { continue }
        best[t, default: [:]][e.name] = (r, e)
      }
    }
    for (t, chosen) in best {
      for (name, c) in chosen {
        let value = c.entry.value.replacing("<ALIAS>", with: nodes[t].alias)
        // Show how a per-node value was written when it is not a plain shared line.
        let key =
          c.entry.qualifier.map { "\($0).\(name)" }
          ?? (c.entry.value.contains("<ALIAS>") ? "\(name)=\(c.entry.value)" : nil)
        nodes[t].parameters[name] = ResolvedParameter(
          name: name, value: value, file: c.entry.file, line: c.entry.line, key: key)
      }
    }
  }

  /// Gives every data and compute node its agent: the `agent` parameter when set, else the
  /// agent on the same host (the nearest one listed above it when a host has several).
  mutating func assignAgents(_ file: NodesFile?, _ agentRows: [ClusterMember]) {
    guard let file else { return }
    for i in nodes.indices where nodes[i].mode.isWorker {
      let alias = nodes[i].alias
      let row = file.members.first { $0.alias == alias }
      if let explicit = nodes[i].parameters["agent"] {
        if agentRows.contains(where: { $0.alias == explicit.value }) {
          nodes[i].agent = explicit.value
        } else {
          report(
            .error, explicit.file, explicit.line,
            "'\(explicit.value)' is not an agent in \(file.path)")
        }
        continue
      }
      let sameHost = agentRows.filter { $0.site.host == nodes[i].site.host }
      let above = sameHost.filter { $0.line < (row?.line ?? 0) }
      if let chosen = above.last ?? (sameHost.count == 1 ? sameHost.first : nil) {
        nodes[i].agent = chosen.alias
      } else {
        report(
          .error, file.path, row?.line ?? 0,
          "no agent for '\(alias)' on host \(nodes[i].site.host): list an agent of that host above it, or set '\(alias).agent=ALIAS' in cluster.cfg"
        )
      }
    }
  }

  mutating func applyAgentConfig(_ file: ConfigFile, _ nodesFile: NodesFile?) {
    var parameters: [String: ResolvedParameter] = [:]
    for e in file.entries where checkEntry(e) {
      parameters[e.name] = ResolvedParameter(name: e.name, value: e.value, file: e.file, line: e.line, key: nil)
    }
    if let mode = parameters["mode"], mode.value.lowercased() != "agent" {
      report(.error, file.path, mode.line, "an agent config must say 'mode=agent', not 'mode=\(mode.value)'")
    }
    guard let siteParameter = parameters["localSite"], case .success(let site) = Site.parse(siteParameter.value) else {
      if parameters["localSite"] == nil {
        report(.error, file.path, 0, "'localSite' is missing: the agent needs its host:port:alias")
      }
      return
    }
    guard let nodesFile else {
      // An agent's host holds only agent.cfg: check the file itself, and say what was not.
      checkControllerSite(parameters, file)
      report(
        .warning, file.path, siteParameter.line,
        "no -nodesFile given: whether '\(site.alias)' is an agent of the cluster was not checked (give the controller's cluster.nodes)"
      )
      return
    }
    guard let index = nodes.firstIndex(where: { $0.alias == site.alias && $0.mode == .agent }) else {
      report(.error, file.path, siteParameter.line, "agent '\(site.alias)' is not an agent in \(nodesFile.path)")
      return
    }
    if nodes[index].site != site {
      report(
        .error, file.path, siteParameter.line,
        "localSite \(site) differs from \(nodes[index].site) in \(nodesFile.path)")
    }
    checkControllerSite(parameters, file)
    nodes[index].parameters = parameters
  }

  /// An agent finds its controller by `controllerSite` (which must name a controller of the
  /// nodes file, when one was read) or through ZooKeeper (`zkConnect`).
  mutating func checkControllerSite(_ parameters: [String: ResolvedParameter], _ file: ConfigFile) {
    if let c = parameters["controllerSite"], case .success(let target) = Site.parse(c.value) {
      let controllers = nodes.filter { $0.mode == .controller }
      if !controllers.isEmpty, !controllers.contains(where: { $0.site == target }) {
        let known = controllers.map { $0.site.description }.joined(separator: ", ")
        let hint =
          parameters["zkConnect"] == nil ? "; or set zkConnect and let the agent find the controller in ZooKeeper" : ""
        report(
          .error, file.path, c.line, "controllerSite \(target) matches no controller (controllers: \(known))\(hint)")
      }
    } else if parameters["controllerSite"] == nil && parameters["zkConnect"] == nil {
      report(.error, file.path, 0, "the agent needs 'controllerSite' (the controller's localSite) or 'zkConnect'")
    }
  }
}
