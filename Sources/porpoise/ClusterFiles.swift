import ClusterConfig
import PorpoiseSupport
import ScriptRuntime
import ScriptSession

/// A cluster's config files read together, as the controller reads them at start and
/// `porpoise config` checks them: every problem located by file and line.
struct ClusterFiles {
  var layout: ClusterLayout
  var nodesFileText: String
  var clusterFileText: String
  var controllerConfig: ConfigFile?
  var clusterConfig: ConfigFile?
  var diagnostics: [ConfigDiagnostic]
  var unreadable: Bool

  var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }

  /// Reads `-config`, `-nodesFile`, `-clusterConfig` and any agent.cfg files.
  static func load(_ parameters: [String: String], agentConfigs: [String] = [], errors: OutputSink) -> ClusterFiles {
    var unreadable = false
    var diagnostics: [ConfigDiagnostic] = []
    func read(_ path: String?) -> String? {
      guard let path else { return nil }
      guard let text = FileAccess.read(path) else {
        errors.write("\(path): error: cannot read the file: \(FileAccess.lastError())\n")
        unreadable = true
        return nil
      }
      return text
    }
    func parse(_ path: String?, _ text: String?) -> ConfigFile? {
      guard let path, let text else { return nil }
      let (file, problems) = ConfigFile.parse(text, path: path)
      diagnostics += problems
      return file
    }
    let controller = parse(parameters["config"], read(parameters["config"]))
    let clusterText = read(parameters["clusterConfig"])
    let cluster = parse(parameters["clusterConfig"], clusterText)
    var nodes: NodesFile?
    let nodesText = read(parameters["nodesFile"])
    if let path = parameters["nodesFile"], let text = nodesText {
      let (file, problems) = NodesFile.parse(text, path: path)
      diagnostics += problems
      nodes = file
    }
    let agents = agentConfigs.compactMap { parse($0, read($0)) }
    let layout = ClusterLayout.resolve(controller: controller, nodes: nodes, cluster: cluster, agents: agents)
    diagnostics += layout.diagnostics
    return ClusterFiles(
      layout: layout, nodesFileText: nodesText ?? "", clusterFileText: clusterText ?? "", controllerConfig: controller,
      clusterConfig: cluster, diagnostics: diagnostics,
      unreadable: unreadable)
  }
}
