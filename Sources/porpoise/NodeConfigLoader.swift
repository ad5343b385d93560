import ClusterConfig
import PorpoiseSupport
import ScriptSession

/// Folds the node's `-config` file under its command-line parameters. Prints warnings; on an
/// error prints every problem with file and line and returns nil (the node must not start).
func loadNodeConfig(_ arguments: DolphinArguments, errors: StandardErrorSink) -> DolphinArguments? {
  var config: ConfigFile?
  var problems: [ConfigDiagnostic] = []
  if let path = arguments.parameters["config"] {
    guard let text = FileAccess.read(path) else {
      errors.write("\(path): error: cannot read the config file: \(FileAccess.lastError())\n")
      return nil
    }
    let (file, found) = ConfigFile.parse(text, path: path)
    config = file
    problems += found
  }
  let (merged, found) = NodeParameters.merge(config: config, commandLine: arguments.parameters)
  problems += found
  for p in problems { errors.write("\(p)\n") }
  if problems.contains(where: { $0.severity == .error }) { return nil }
  var out = arguments
  out.parameters = merged
  return out
}
