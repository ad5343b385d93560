import ScriptRuntime
import ScriptSyntax

/// One answer from a line reader.
public enum LineInput {
  case line(String)
  /// Ctrl-C at the prompt.
  case interrupted
  /// Ctrl-D or end of input.
  case end
}

/// Something that reads lines with a prompt: libedit in the terminal, a list in tests.
public protocol LineReader: AnyObject {
  func readLine(prompt: String) -> LineInput
  /// Records a complete entry in the history.
  func addHistory(_ entry: String)
}

/// The read-eval-print loop: prompts `> ` and `>> ` (`NODE> ` on a node), dot-commands at the start of an entry,
/// errors that never end the session.
public final class InteractiveLoop {
  let session: Session
  let reader: LineReader

  public init(session: Session, reader: LineReader) {
    self.session = session
    self.reader = reader
  }

  /// Runs until `.quit` or end of input.
  public func run() {
    var pending = InputAccumulator()
    while true {
      Interrupt.clear()
      // On a node, the prompt names it: which node a statement runs on is never a guess.
      let name = session.forwarder?.promptName ?? ""
      let prompt = name + (pending.isEmpty ? "> " : ">> ")
      switch reader.readLine(prompt: prompt) {
      case .end:
        if !pending.isEmpty { session.output.write("\n") }
        return
      case .interrupted:
        pending.reset()
        continue
      case .line(let line):
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        if pending.isEmpty && PipedInput.isDotCommand(trimmed) {
          reader.addHistory(line)
          if case .exit = session.runDotCommand(String(trimmed)) { return }
          continue
        }
        if pending.isEmpty && trimmed == "quit" {
          return
        }
        guard let entry = pending.add(line, context: session.machine.parseContext) else { continue }
        // A password typed in a call stays out of the history file.
        if !SecretText.mayHoldPassword(entry.text) { reader.addHistory(entry.text) }
        _ = session.run(entry.file, parsed: entry.parsed)
      }
    }
  }
}
