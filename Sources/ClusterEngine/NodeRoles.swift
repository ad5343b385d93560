import ClusterConfig
import Coordination
import Logging

/// The cluster's members as the controller's files describe them, and the files themselves,
/// parsed, for checking the edits made while the cluster runs (`addNode`).
public struct ControllerFiles: Sendable {
  public var members: [PublishedNode]
  public var nodesFileText: String
  public var clusterFileText: String
  /// Where `cluster.nodes` is (`-nodesFile`): `saveConfig` edits rewrite it.
  public var nodesFilePath: String?
  public var controllerConfig: ConfigFile?
  public var clusterConfig: ConfigFile?
  /// Why the license refuses a cluster of this many nodes, or nil.
  public var nodeCountRefusal: (@Sendable (Int) -> String?)?

  public init(
    members: [PublishedNode], nodesFileText: String, clusterFileText: String, nodesFilePath: String? = nil,
    controllerConfig: ConfigFile? = nil, clusterConfig: ConfigFile? = nil,
    nodeCountRefusal: (@Sendable (Int) -> String?)? = nil
  ) {
    self.members = members
    self.nodesFileText = nodesFileText
    self.clusterFileText = clusterFileText
    self.nodesFilePath = nodesFilePath
    self.controllerConfig = controllerConfig
    self.clusterConfig = clusterConfig
    self.nodeCountRefusal = nodeCountRefusal
  }
}

/// The role a node of `context.mode` plays; nil for a standalone node.
public enum NodeRoles {
  public static func make(
    _ context: ClusterContext, logger: Logger, controllerFiles: ControllerFiles?, executable: String
  ) -> NodeRole? {
    switch context.mode {
    case .single: return nil
    case .datanode, .computenode: return RegisteredRole(context: context, logger: logger)
    case .agent: return AgentRole(context: context, logger: logger, executable: executable)
    case .controller:
      let files = controllerFiles ?? ControllerFiles(members: [], nodesFileText: "", clusterFileText: "")
      return ControllerRole(context: context, logger: logger, files: files)
    }
  }
}
