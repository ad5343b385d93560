import ScriptSyntax

/// A console transcript pasted into a file: the code in it, without prompts and printed results.
///
/// DolphinDB's manuals show sessions as `>x = 1..6` followed by what the console printed, and so do
/// Porpoise's own transcripts (`> ` before a statement, `>> ` before its further lines). A file whose
/// first line of code starts with a single `>` cannot be a script (no statement starts with `>`),
/// so it is read as a transcript: a `>` line starts a statement, lines after it belong to it while
/// it is incomplete (or when they start with `>>`), and every other line is printed output, dropped.
/// Prompts become spaces and dropped lines empty ones, so errors keep their line and column.
public enum ConsoleTranscript {
  /// The code of `text` when it is a transcript; nil when it is an ordinary script.
  public static func code(of text: String, context: ParseContext) -> String? {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    guard let first = lines.first(where: { !$0.allSatisfy(\.isWhitespace) }),
      first.hasPrefix(">"), !first.hasPrefix(">>")
    else { return nil }
    var out: [String] = []
    out.reserveCapacity(lines.count)
    // The statement being read, prompts removed: pending while more lines could complete it,
    // as the shell gathers lines.
    var statement = InputAccumulator()
    for line in lines {
      let code: String?
      if line.hasPrefix(">>") {
        code = statement.isEmpty ? nil : "  " + line.dropFirst(2)
      } else if line.hasPrefix(">") {
        statement.reset()
        code = " " + line.dropFirst()
      } else {
        code = statement.isEmpty ? nil : line
      }
      guard let code else {
        out.append("")
        continue
      }
      out.append(code)
      _ = statement.add(code, context: context)
    }
    return out.joined(separator: "\n")
  }
}
