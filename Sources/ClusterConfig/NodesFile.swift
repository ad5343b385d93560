/// One member of the cluster, a row of `cluster.nodes`.
public struct ClusterMember: Sendable, Equatable {
  public var site: Site
  public var mode: NodeMode
  /// The compute group of a compute node, if the file has that column.
  public var computeGroup: String?
  public var line: Int

  public var alias: String { site.alias }
}

/// `cluster.nodes`: a `localSite,mode[,computeGroup]` header, then `host:port:alias,mode[,group]` rows.
public struct NodesFile: Sendable {
  public var path: String
  public var members: [ClusterMember]

  public static func parse(_ text: String, path: String) -> (NodesFile, [ConfigDiagnostic]) {
    var problems: [ConfigDiagnostic] = []
    func error(_ line: Int, _ message: String) { problems.append(ConfigDiagnostic(.error, path, line, message)) }
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
      String($0).trimmingCharacters(in: " \t\r")
    }
    // DolphinDB reads the header from the first line; a blank one made it fail with a
    // misleading port message. Say what is wrong instead.
    guard let first = lines.first, !first.isEmpty else {
      error(
        1,
        "the nodes file '\(path)' is empty or starts with a blank line; delete the blank line so that 'localSite,mode' comes first"
      )
      return (NodesFile(path: path, members: []), problems)
    }
    let header = first.split(separator: ",", omittingEmptySubsequences: false).map {
      String($0).trimmingCharacters(in: " \t").lowercased()
    }
    guard header == ["localsite", "mode"] || header == ["localsite", "mode", "computegroup"] else {
      error(
        1,
        "the first line of the nodes file must be 'localSite,mode' or 'localSite,mode,computeGroup', found '\(first)'")
      return (NodesFile(path: path, members: []), problems)
    }
    let hasGroups = header.count == 3
    var members: [ClusterMember] = []
    var aliasLine: [String: Int] = [:]
    var addressLine: [String: Int] = [:]
    for (i, line) in lines.enumerated().dropFirst() {
      let n = i + 1
      if line.isEmpty || line.hasPrefix("#") { continue }
      let cells = line.split(separator: ",", omittingEmptySubsequences: false).map {
        String($0).trimmingCharacters(in: " \t")
      }
      guard cells.count == 2 || (hasGroups && cells.count == 3) else {
        error(n, "expected 'host:port:alias,mode\(hasGroups ? "[,computeGroup]" : "")', found '\(line)'")
        continue
      }
      let site: Site
      switch Site.parse(cells[0]) {
      case .success(let s): site = s
      case .failure(let e):
        error(n, e.message)
        continue
      }
      guard let mode = NodeMode(name: cells[1]), mode != .single else {
        error(n, "unknown mode '\(cells[1])' for '\(site.alias)' (expected agent, datanode, computenode or controller)")
        continue
      }
      var group: String?
      if cells.count == 3, !cells[2].isEmpty {
        guard mode == .computenode else {
          error(n, "only compute nodes belong to a compute group, and '\(site.alias)' is a \(mode.rawValue)")
          continue
        }
        guard site.alias.hasPrefix(cells[2]) else {
          error(
            n, "compute node '\(site.alias)' of group '\(cells[2])' must have an alias that starts with '\(cells[2])'")
          continue
        }
        group = cells[2]
      }
      if let earlier = aliasLine[site.alias] {
        error(n, "alias '\(site.alias)' is already used on line \(earlier); aliases must be unique")
        continue
      }
      let address = "\(site.host):\(site.port)"
      if let earlier = addressLine[address] {
        error(n, "'\(site.alias)' has the address \(address) of line \(earlier); each node needs its own port")
        continue
      }
      aliasLine[site.alias] = n
      addressLine[address] = n
      members.append(ClusterMember(site: site, mode: mode, computeGroup: group, line: n))
    }
    return (NodesFile(path: path, members: members), problems)
  }
}
