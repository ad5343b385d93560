/// How serious a diagnostic is.
public enum Severity: String, Sendable {
  case error, warning, note
}

/// A located message about script text: a syntax error, a runtime error, or a note.
public struct Diagnostic: Error, Sendable {
  public let severity: Severity
  public let message: String
  /// Where it applies; nil for errors that have no place in a script.
  public let range: SourceRange?
  /// Notes printed after it, such as call frames.
  public var notes: [Diagnostic]
  /// Set when the input ended before a construct was complete: the shell reads more lines.
  public let isIncomplete: Bool

  public init(
    _ severity: Severity = .error, _ message: String, at range: SourceRange?,
    notes: [Diagnostic] = [], isIncomplete: Bool = false
  ) {
    self.severity = severity
    self.message = message
    self.range = range
    self.notes = notes
    self.isIncomplete = isIncomplete
  }
}

/// All the syntax errors of one parse (at most 20 are kept).
public struct SyntaxErrors: Error, Sendable {
  public let diagnostics: [Diagnostic]
  /// True when the only problem is that the input stopped early.
  public var isIncomplete: Bool { diagnostics.allSatisfy(\.isIncomplete) }
  public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
}
