/// A parameter's value for one node and where it came from.
public struct ResolvedParameter: Sendable, Equatable {
  public var name: String
  public var value: String
  /// The file and line that set it.
  public var file: String
  public var line: Int
  /// The key as written when it was not the bare name (`%-datanode.volumes`), for `config show`.
  public var key: String?

  /// `file:line`, as `config show` prints it.
  public var source: String { "\(file):\(line)" }
}

/// One node of the cluster with its effective configuration.
public struct NodeConfig: Sendable {
  public var site: Site
  public var mode: NodeMode
  /// The agent that starts and supervises this node (data and compute nodes).
  public var agent: String?
  public var computeGroup: String?
  public var parameters: [String: ResolvedParameter] = [:]

  public var alias: String { site.alias }

  public func value(_ name: String) -> String? { parameters[name]?.value }
}
