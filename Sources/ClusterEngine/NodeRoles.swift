import ClusterConfig
import Coordination
import Logging

/// The cluster's members as the controller's files describe them.
public struct ControllerFiles: Sendable {
  public var members: [PublishedNode]
  public var nodesFileText: String
  public var clusterFileText: String
  public init(members: [PublishedNode], nodesFileText: String, clusterFileText: String) {
    self.members = members
    self.nodesFileText = nodesFileText
    self.clusterFileText = clusterFileText
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
      return ControllerRole(
        context: context, logger: logger, members: files.members, nodesFileText: files.nodesFileText,
        clusterFileText: files.clusterFileText)
    }
  }
}
