import ScriptSyntax

/// Gathers shell lines until they form complete statements.
///
/// Text is complete when it parses, or when it has an error that more input cannot fix;
/// it is incomplete while a bracket is open, a line ends in an operator or a comma, or a
/// block has not ended.
public struct InputAccumulator {
  private var lines: [String] = []

  public init() {}

  /// Whether nothing is pending.
  public var isEmpty: Bool { lines.isEmpty }

  /// Forgets pending lines.
  public mutating func reset() { lines = [] }

  /// Adds a line; returns the whole entry when it is complete.
  public mutating func add(_ line: String, context: ParseContext) -> String? {
    lines.append(line)
    let text = lines.joined(separator: "\n")
    if text.allSatisfy({ $0 == " " || $0 == "\t" }) {
      lines = []
      return nil
    }
    switch Parser.parse(SourceFile(name: "<shell>", text: text), context: context) {
    case .success:
      lines = []
      return text
    case .failure(let errors):
      if errors.isIncomplete { return nil }
      lines = []
      return text
    }
  }
}
