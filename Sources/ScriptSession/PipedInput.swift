import ScriptSyntax

/// Standard input that is not a terminal: script text, possibly with dot-commands on lines of
/// their own (`.use P2-datanode`, as typed in the shell). Without dot-commands it is one script,
/// parsed whole before anything runs. With them, the script between two dot-commands runs as
/// one piece, in order; the first error, of a piece or of a dot-command, stops the input.
public enum PipedInput {
  /// Whether `line` is a dot-command when it starts an entry.
  public static func isDotCommand(_ line: Substring) -> Bool {
    let trimmed = line.drop { $0 == " " || $0 == "\t" }
    return trimmed.hasPrefix(".") && trimmed.dropFirst().first?.isLetter == true
  }

  /// Runs `text` in `session`; the exit code of the first failure, or ok. With `keepGoing`,
  /// a failing piece or dot-command does not stop the input.
  public static func run(_ text: String, name: String, in session: Session, keepGoing: Bool = false) -> ExitCode {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    guard lines.contains(where: isDotCommand) else { return session.run(text: text, name: name).exitCode }
    var pending = InputAccumulator()
    var piece: [Int] = []  // line indexes of the script piece being gathered
    var firstFailure = ExitCode.ok
    func runPiece() -> ExitCode {
      defer { piece = [] }
      guard !piece.isEmpty else { return .ok }
      // Lines outside the piece stay as blank lines, so errors name lines of the whole input.
      var shown = [Substring](repeating: "", count: (piece.last ?? 0) + 1)
      for i in piece { shown[i] = lines[i] }
      return session.run(text: shown.joined(separator: "\n"), name: name).exitCode
    }
    /// Whether the input goes on after `code`.
    func goesOn(_ code: ExitCode) -> Bool {
      if code == .ok { return true }
      if firstFailure == .ok { firstFailure = code }
      return keepGoing
    }
    for (i, line) in lines.enumerated() {
      if pending.isEmpty && isDotCommand(line) {
        guard goesOn(runPiece()) else { return firstFailure }
        let outcome: ExitCode
        switch session.runDotCommand(String(line.drop { $0 == " " || $0 == "\t" })) {
        case .ok: continue
        case .exit: return firstFailure
        case .usage: outcome = .usage
        case .failed: outcome = .runtimeError
        }
        guard goesOn(outcome) else { return firstFailure }
        continue
      }
      piece.append(i)
      _ = pending.add(String(line), context: session.machine.parseContext)
    }
    _ = goesOn(runPiece())
    return firstFailure
  }
}
