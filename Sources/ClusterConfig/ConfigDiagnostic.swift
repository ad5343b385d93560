/// A problem found in a config file, located by file and line (`config/cluster.nodes:1: error: ...`).
public struct ConfigDiagnostic: Error, Sendable, Equatable, CustomStringConvertible {
  public enum Severity: String, Sendable { case error, warning }

  public var severity: Severity
  public var file: String
  /// 1-based; 0 when the problem is the file as a whole.
  public var line: Int
  public var message: String

  public init(_ severity: Severity, _ file: String, _ line: Int, _ message: String) {
    self.severity = severity
    self.file = file
    self.line = line
    self.message = message
  }

  public var description: String {
    let place = line > 0 ? "\(file):\(line)" : file
    return "\(place): \(severity.rawValue): \(message)"
  }
}

/// Every error found at once, so a user fixes a file in one round.
public struct ConfigErrors: Error, Sendable, CustomStringConvertible {
  public var diagnostics: [ConfigDiagnostic]
  public init(_ diagnostics: [ConfigDiagnostic]) { self.diagnostics = diagnostics }
  public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
