/// The parameters one process runs with: its config file's lines, overridden by `-name value`
/// on the command line.
public enum NodeParameters {
  /// Merges a node's own config file (`dolphindb.cfg`, `controller.cfg`, `agent.cfg`) under the
  /// command line. Qualified lines (`alias.name=`) apply when they match `alias`.
  public static func merge(config: ConfigFile?, commandLine: [String: String], alias: String? = nil)
    -> (parameters: [String: String], diagnostics: [ConfigDiagnostic])
  {
    var out: [String: String] = [:]
    var problems: [ConfigDiagnostic] = []
    var seen: [String: Int] = [:]
    for e in config?.entries ?? [] {
      if let q = e.qualifier {
        guard let alias, AliasPattern(q).matches(alias) else { continue }
      }
      if let d = KnownParameters.diagnose(e) {
        problems.append(d)
        continue
      }
      if let earlier = seen[e.name], e.qualifier == nil {
        problems.append(
          ConfigDiagnostic(.warning, e.file, e.line, "'\(e.name)' is also set on line \(earlier); this later line wins")
        )
      }
      seen[e.name] = e.line
      out[e.name] = e.value
    }
    for (name, value) in commandLine {
      if let problem = KnownParameters.check(name, value) {
        problems.append(ConfigDiagnostic(.error, "command line", 0, "-\(name): " + problem))
        continue
      }
      out[name] = value
    }
    return (out, problems)
  }
}

extension NodeParameters {
  /// A boolean parameter as config files write it (`1`, `true`, `0`, `false`).
  public static func isTrue(_ value: String?, default fallback: Bool) -> Bool {
    guard let v = value?.lowercased() else { return fallback }
    return v == "1" || v == "true"
  }
}
