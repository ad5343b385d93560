/// One `name=value` line of a `.cfg` file.
public struct ConfigEntry: Sendable, Equatable {
  /// The node pattern before the first dot (`P1-datanode`, `%-datanode`), or nil for a line
  /// that applies to every node the file configures.
  public var qualifier: String?
  public var name: String
  public var value: String
  public var file: String
  public var line: Int

  /// `file:line`, for messages and `config show`.
  public var source: String { "\(file):\(line)" }
}

/// A DolphinDB `.cfg` file: one `name=value` per line, spaces around `=` allowed, `#` comments.
public struct ConfigFile: Sendable {
  public var path: String
  public var entries: [ConfigEntry]

  /// Parses `text`; lines that are not `name=value` are errors naming their line.
  public static func parse(_ text: String, path: String) -> (ConfigFile, [ConfigDiagnostic]) {
    var entries: [ConfigEntry] = []
    var problems: [ConfigDiagnostic] = []
    for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = String(raw).trimmingCharacters(in: " \t\r")
      if line.isEmpty || line.hasPrefix("#") { continue }
      guard let eq = line.firstIndex(of: "=") else {
        problems.append(ConfigDiagnostic(.error, path, i + 1, "expected 'name=value', found '\(line)'"))
        continue
      }
      let key = String(line[..<eq]).trimmingCharacters(in: " \t")
      let value = String(line[line.index(after: eq)...]).trimmingCharacters(in: " \t")
      guard !key.isEmpty else {
        problems.append(ConfigDiagnostic(.error, path, i + 1, "a parameter name is missing before '='"))
        continue
      }
      var qualifier: String?
      var name = key
      // Aliases hold no dots and parameter names hold none either: the first dot splits them.
      if let dot = key.firstIndex(of: ".") {
        qualifier = String(key[..<dot]).trimmingCharacters(in: " \t")
        name = String(key[key.index(after: dot)...]).trimmingCharacters(in: " \t")
        if qualifier?.isEmpty ?? true || name.isEmpty {
          problems.append(ConfigDiagnostic(.error, path, i + 1, "'\(key)' is not 'alias.name'"))
          continue
        }
      }
      guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
        problems.append(ConfigDiagnostic(.error, path, i + 1, "'\(name)' is not a parameter name"))
        continue
      }
      entries.append(ConfigEntry(qualifier: qualifier, name: name, value: value, file: path, line: i + 1))
    }
    return (ConfigFile(path: path, entries: entries), problems)
  }
}
