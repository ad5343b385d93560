import Foundation
import LineEditor
import PorpoiseSupport
import ScriptRuntime
import ScriptSession

/// The shell's line reader: libedit with history in `~/.porpoise_history` and completion of
/// keywords, built-ins, variables, modules and dot-commands.
final class TerminalReader: LineReader {
  let editor: LineEditor
  let stdout: StandardOutputSink

  init?(session: Session, stdout: StandardOutputSink) {
    let home = FileAccess.environment("HOME")
    guard let editor = LineEditor(programName: "porpoise", historyFile: home.map { $0 + "/.porpoise_history" }) else {
      return nil
    }
    self.editor = editor
    self.stdout = stdout
    // Ctrl-C while a statement runs stops it at the next loop iteration or call.
    LineEditor.onInterrupt = { Interrupt.request() }
    editor.completer = { [unowned session] word, before in TerminalReader.completions(word, before: before, in: session)
    }
  }

  /// What a word may complete to: dot-commands at the start of a line, modules after `use`,
  /// functions after `x.` (method-call syntax), else keywords, functions, variables, modules.
  static func completions(_ word: String, before: String, in session: Session) -> [String] {
    let line = before.trimmingCharacters(in: .whitespaces)
    if word.hasPrefix(".") && line.isEmpty { return session.dotCommands.map(\.name) }
    if line == "use" || line.hasSuffix(";use") || line.hasSuffix("; use") { return session.availableModules() }
    if let dot = word.lastIndex(of: "."), dot != word.startIndex {
      let receiver = word[...dot]
      return session.machine.functionNames.map { receiver + $0 }
    }
    var names = Set(TerminalReader.keywords)
    names.formUnion(session.machine.functionNames)
    names.formUnion(session.machine.variableNames)
    names.formUnion(session.availableModules())
    return Array(names)
  }

  static let keywords = [
    "def", "defg", "if", "else", "for", "in", "do", "while", "break", "continue", "return", "try", "catch",
    "throw", "assert", "timer", "use", "module", "const", "select", "exec", "from", "where", "group", "by",
    "order", "having", "update", "insert", "into", "delete", "true", "false", "NULL",
  ]

  func readLine(prompt: String) -> LineInput {
    stdout.flush()
    switch editor.readLine(prompt: prompt) {
    case .line(let s): return .line(s)
    case .interrupted: return .interrupted
    case .end:
      // Leave the terminal on a fresh line after Ctrl-D.
      stdout.write("\n")
      return .end
    }
  }

  func addHistory(_ entry: String) {
    editor.addHistory(entry)
    editor.saveHistory()
  }
}
