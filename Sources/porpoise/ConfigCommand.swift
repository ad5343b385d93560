import ArgumentParser
import ClusterConfig
import ScriptSession

/// `porpoise config -config controller.cfg -nodesFile cluster.nodes -clusterConfig cluster.cfg [agent.cfg ...]`:
/// checks a cluster's config files together and prints every node's effective parameters.
struct ConfigCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "config",
    abstract: "Check a cluster's config files and show each node's effective parameters.",
    discussion: """
      Takes the controller's files as the controller would (-config, -nodesFile, -clusterConfig) \
      and any agent.cfg files as arguments. Prints errors and warnings with file and line, then \
      one block per node: its site, mode, agent, and each parameter with the line that set it. \
      Exit codes: 0 ok (warnings allowed), 64 usage, 74 unreadable file, 78 config errors.
      """)

  @ArgumentParser.Argument(help: "agent.cfg files to check against the cluster.")
  var agentConfigs: [String] = []

  @Option(name: .customLong("alias"), help: "Show only this node.")
  var alias: String?

  mutating func run() throws {
    let parameters = ShellCommand.parameters.parameters
    let stdout = StandardOutputSink()
    let errors = StandardErrorSink(flushing: stdout)
    defer { stdout.flush() }
    guard
      parameters["config"] != nil || parameters["nodesFile"] != nil || parameters["clusterConfig"] != nil
        || !agentConfigs.isEmpty
    else {
      errors.write(
        "error: name the files to check: -config controller.cfg -nodesFile cluster.nodes -clusterConfig cluster.cfg [agent.cfg ...]\n"
      )
      throw ExitCodeError(ExitCode.usage.rawValue)
    }
    let files = ClusterFiles.load(parameters, agentConfigs: agentConfigs, errors: errors)
    if files.unreadable { throw ExitCodeError(ExitCode.ioError.rawValue) }
    let layout = files.layout
    let diagnostics = files.diagnostics
    for d in diagnostics { errors.write("\(d)\n") }
    let errorCount = diagnostics.filter { $0.severity == .error }.count
    if errorCount > 0 {
      errors.write("\(errorCount) error\(errorCount == 1 ? "" : "s"): the cluster would not start\n")
      throw ExitCodeError(ExitCode.config.rawValue)
    }
    for node in layout.nodes where alias == nil || node.alias == alias {
      stdout.write(ConfigCommand.describe(node))
    }
    if let alias, layout.node(alias) == nil {
      errors.write("error: no node '\(alias)' in this cluster\n")
      throw ExitCodeError(ExitCode.usage.rawValue)
    }
  }

  static func describe(_ node: NodeConfig) -> String {
    var head = "\(node.alias)  \(node.mode.rawValue)  \(node.site.host):\(node.site.port)"
    if let agent = node.agent { head += "  agent=\(agent)" }
    if let group = node.computeGroup { head += "  computeGroup=\(group)" }
    var out = head + "\n"
    for p in node.parameters.values.sorted(by: { $0.name < $1.name }) {
      let setting = "  \(p.name)=\(KnownParameters.shown(p.name, p.value))"
      let pad = String(repeating: " ", count: max(1, 40 - setting.count))
      out += setting + pad + p.source + (p.key.map { " (\($0))" } ?? "") + "\n"
    }
    return out
  }
}
