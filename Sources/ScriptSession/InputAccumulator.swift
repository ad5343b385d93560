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

  /// A complete entry: its source and what parsing it gave, so it is run without a second parse.
  public struct Entry {
    public let file: SourceFile
    public let parsed: Result<Program, SyntaxErrors>
    public var text: String { file.text }
  }

  /// Adds a line; returns the whole entry when it is complete (named `name` in diagnostics).
  public mutating func add(_ line: String, context: ParseContext, name: String = "<shell>") -> Entry? {
    lines.append(line)
    let text = lines.joined(separator: "\n")
    if text.allSatisfy({ $0 == " " || $0 == "\t" }) {
      lines = []
      return nil
    }
    let file = SourceFile(name: name, text: text)
    let parsed = Parser.parse(file, context: context)
    if case .failure(let errors) = parsed, errors.isIncomplete { return nil }
    lines = []
    return Entry(file: file, parsed: parsed)
  }
}
