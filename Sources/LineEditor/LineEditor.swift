import CEditLine

#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// Line editing, history and tab completion over libedit. Knows nothing about the language.
public final class LineEditor {
  /// One answer from `readLine`.
  public enum Input {
    case line(String)
    /// Ctrl-C: the current input was abandoned.
    case interrupted
    /// Ctrl-D on an empty line, or the terminal closed.
    case end
  }

  private let editLine: OpaquePointer
  private let history: OpaquePointer
  private let historyFile: String?
  private var promptBuffer: UnsafeMutablePointer<CChar>?
  /// Given the word before the cursor and the text of the line before that word, the words
  /// it may complete to.
  public var completer: ((_ word: String, _ before: String) -> [String])?

  /// Opens the terminal for editing; nil if libedit cannot start.
  public init?(programName: String, historyFile: String?) {
    guard let el = el_init(programName, pp_stdin(), pp_stdout(), pp_stderr()), let h = history_init() else {
      return nil
    }
    editLine = el
    history = h
    self.historyFile = historyFile
    pp_history_set_size(h, 2000)
    pp_history_set_unique(h, 1)
    if let historyFile { pp_history_load(h, historyFile) }
    pp_el_set_editor(el, "emacs")
    pp_el_set_history(el, h)
    pp_el_set_clientdata(el, Unmanaged.passUnretained(self).toOpaque())
    pp_el_set_prompt(el, lineEditorPrompt)
    pp_el_add_function(el, "porpoise-complete", "complete the word", lineEditorComplete)
    pp_el_bind(el, "^I", "porpoise-complete")
    LineEditor.installInterruptHandler()
    LineEditor.restoreTerminalAtExit()
  }

  nonisolated(unsafe) private static var originalTerminal = termios()
  nonisolated(unsafe) private static var savedTerminal = false

  /// Puts the terminal back as it was before editing when the process calls exit() while a
  /// line is being read (a node's console stopped by SIGTERM from another thread).
  static func restoreTerminalAtExit() {
    guard !savedTerminal, isatty(0) == 1, tcgetattr(0, &originalTerminal) == 0 else { return }
    savedTerminal = true
    atexit { _ = tcsetattr(0, TCSANOW, &LineEditor.originalTerminal) }
  }

  deinit {
    saveHistory()
    el_end(editLine)
    history_end(history)
    promptBuffer?.deallocate()
  }

  /// Ctrl-C must interrupt the blocking read (no SA_RESTART) and only set a flag.
  static func installInterruptHandler() {
    var action = sigaction()
    action.__sigaction_handler.sa_handler = lineEditorSignal
    sigemptyset(&action.sa_mask)
    action.sa_flags = 0
    sigaction(SIGINT, &action, nil)
  }

  fileprivate var prompt: UnsafeMutablePointer<CChar>? { promptBuffer }

  /// Reads one line, showing `prompt`.
  public func readLine(prompt: String) -> Input {
    promptBuffer?.deallocate()
    let bytes = Array(prompt.utf8CString)
    let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count)
    buffer.initialize(from: bytes, count: bytes.count)
    promptBuffer = buffer
    LineEditor.interrupted = 0
    var count: Int32 = 0
    LineEditor.reading = 1
    let got = el_gets(editLine, &count)
    LineEditor.reading = 0
    guard let raw = got else {
      if LineEditor.interrupted != 0 || errno == EINTR {
        fputs("\n", pp_stdout())
        fflush(pp_stdout())
        return .interrupted
      }
      return .end
    }
    var line = String(cString: raw)
    if line.hasSuffix("\n") { line.removeLast() }
    if count <= 0 { return .end }
    return .line(line)
  }

  /// Adds an entry to the history.
  public func addHistory(_ entry: String) {
    let trimmed = entry.trimmingCharacters(in: " \t\n")
    guard !trimmed.isEmpty else { return }
    pp_history_enter(history, trimmed)
  }

  /// Writes the history file.
  public func saveHistory() {
    if let historyFile { pp_history_save(history, historyFile) }
  }

  /// Set by the signal handler.
  nonisolated(unsafe) static var interrupted: sig_atomic_t = 0
  /// 1 while a line is read: a Ctrl-C then ends the read; otherwise a statement runs.
  nonisolated(unsafe) static var reading: sig_atomic_t = 0
  /// Called on Ctrl-C, besides stopping the read.
  nonisolated(unsafe) public static var onInterrupt: (@convention(c) () -> Void)?

  fileprivate func complete() -> UInt8 {
    guard let info = el_line(editLine)?.pointee, let completer else { return pp_cc_error() }
    let before = UnsafeBufferPointer(
      start: UnsafeRawPointer(info.buffer).assumingMemoryBound(to: UInt8.self), count: info.cursor - info.buffer)
    let text = String(decoding: before, as: UTF8.self)
    var start = text.endIndex
    while start > text.startIndex {
      let c = text[text.index(before: start)]
      guard c.isLetter || c.isNumber || c == "_" || c == "!" || c == "." || c == ":" else { break }
      start = text.index(before: start)
    }
    let word = String(text[start...])
    let candidates = completer(word, String(text[..<start])).filter { $0.hasPrefix(word) }.sorted()
    guard !candidates.isEmpty else { return pp_cc_error() }
    let common = candidates.dropFirst().reduce(candidates[0]) { $0.commonPrefix(with: $1) }
    if common.count > word.count {
      el_insertstr(editLine, String(common.dropFirst(word.count)) + (candidates.count == 1 ? suffix(common) : ""))
      return pp_cc_refresh()
    }
    if candidates.count == 1 { return pp_cc_refresh() }
    var listing = "\n"
    for c in candidates.prefix(200) { listing += c + "  " }
    if candidates.count > 200 { listing += "... (\(candidates.count) in all)" }
    fputs(listing + "\n", pp_stdout())
    fflush(pp_stdout())
    return pp_cc_redisplay()
  }

  private func suffix(_ word: String) -> String { word.hasPrefix(".") ? " " : "" }
}

extension String {
  func commonPrefix(with other: String) -> String {
    var out = ""
    for (a, b) in zip(self, other) {
      guard a == b else { break }
      out.append(a)
    }
    return out
  }

  func trimmingCharacters(in set: String) -> String {
    var s = Substring(self)
    while let f = s.first, set.contains(f) { s.removeFirst() }
    while let l = s.last, set.contains(l) { s.removeLast() }
    return String(s)
  }
}

private func lineEditorPrompt(_ el: OpaquePointer?) -> UnsafeMutablePointer<CChar>? {
  guard let el, let data = pp_el_get_clientdata(el) else { return nil }
  return Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue().prompt
}

private func lineEditorComplete(_ el: OpaquePointer?, _ key: Int32) -> UInt8 {
  guard let el, let data = pp_el_get_clientdata(el) else { return pp_cc_error() }
  return Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue().complete()
}

private func lineEditorSignal(_ signal: Int32) {
  LineEditor.interrupted = 1
  // The terminal echoed `^C` where the cursor was: what the stopped statement says next
  // (`error: interrupted`) starts on a line of its own. write(2) is safe in a handler.
  if LineEditor.reading == 0 {
    var newline: UInt8 = 10
    _ = write(STDOUT_FILENO, &newline, 1)
  }
  LineEditor.onInterrupt?()
}
