import PorpoiseSupport
import ScriptBuiltins
import ScriptDigests
import ScriptRuntime
import ScriptSyntax

/// How a run of script text ended.
public enum RunOutcome: Sendable, Equatable {
  case ok
  /// Syntax (or compile) errors: nothing ran.
  case syntaxError
  /// A statement failed; the ones before it ran.
  case runtimeError

  /// The batch runner's exit code for this outcome.
  public var exitCode: ExitCode {
    switch self {
    case .ok: return .ok
    case .syntaxError: return .syntaxError
    case .runtimeError: return .runtimeError
    }
  }
}

/// Runs a session's scripts somewhere else: the shell connected to a node sends each entry
/// there, and prints what comes back through the session's sinks.
public protocol ScriptForwarder: AnyObject {
  /// Runs the text of `file` on the node.
  func run(_ file: SourceFile, in session: Session) -> RunOutcome
  /// Runs a dot-command on the node, or returns nil to run it here (`.help`, `.read`, `.quit`).
  func runDotCommand(_ name: String, _ line: String, in session: Session) -> DotCommand.Result?
  /// The node's name, which the shell's prompt shows (`P1-datanode> `).
  var promptName: String? { get }
}

extension ScriptForwarder {
  public var promptName: String? { nil }
}

/// What the shell and the batch runner share: one interpreter, its output, its module path.
public final class Session: ScriptHost {
  /// The interpreter.
  public let machine: Machine
  /// Where results and `print` go.
  public let output: OutputSink
  /// Where diagnostics go.
  public let errors: OutputSink
  /// Echo each statement with the shell's prompts before running it (transcripts).
  public var echo = false
  /// Print the value of each expression statement (shell, `-e`, piped input).
  public var printResults = true
  /// Print the elapsed time after each statement (`.timer on`).
  public var showTimer = false
  /// Directories searched by `use` after the script's own folder.
  public var moduleDirectories: [String] = []
  /// The node's own module folder (`<home>/modules`), searched after `moduleDirectories` and
  /// named in messages as `display`.
  public var nodeModuleDirectory: (path: String, display: String)?
  /// The folder of the standard modules (`Stdlib/`).
  public var stdlibDirectory: String?
  /// What `args()` returns.
  public var scriptArguments: [String] = []
  /// Dot-commands of the shell; higher layers append their own.
  public var dotCommands: [DotCommand] = DotCommand.standard
  /// When set, scripts run on a remote node instead of this machine.
  public var forwarder: ScriptForwarder?
  /// The value of the last statement that had one, in the last `run` (`remoteRun` sends it back).
  public private(set) var lastValue: Value?
  /// Refuses files no script may read (a node's system folder); checked before `run` or
  /// `use` reads a file, so a refused file's bytes never reach an error message.
  public var fileGuard: ((String) throws(ScriptError) -> Void)?
  /// Told when a run begins, after each of its statements and when it ends: resource tracking
  /// counts the sessions that are running and samples the memory their variables hold.
  public var activity: ((SessionActivity) -> Void)?

  /// Creates a session with the language core's built-ins plus `libraries`, in order.
  public init(
    output: OutputSink, errors: OutputSink, clock: ScriptClock = SystemClock(), libraries: [BuiltinLibrary] = []
  ) {
    var registry = FunctionRegistry()
    let all = [StandardLibrary.library, DigestLibrary.library] + libraries
    for library in all { registry.register(library) }
    self.output = output
    self.errors = errors
    self.machine = Machine(registry: registry, output: output, clock: clock)
    for library in all { machine.constants.merge(library.constants()) { $1 } }
    machine.host = self
  }

  /// Prints a diagnostic to the error sink.
  public func report(_ d: Diagnostic) {
    errors.write(DiagnosticRenderer.render(d))
  }

  /// Loads a whole source (nothing runs if any of it is wrong), then runs its statements in
  /// order, stopping at the first error. `parsed`, when given, is what parsing `file` already
  /// gave (the shell's completeness check).
  public func run(_ file: SourceFile, parsed: Result<Program, SyntaxErrors>? = nil) -> RunOutcome {
    if let forwarder { return forwarder.run(file, in: self) }
    lastValue = nil
    activity?(.began)
    defer { activity?(.ended) }
    let statements: [CompiledStatement]
    do {
      statements = try machine.load(file, parsed: parsed)
    } catch {
      for d in error.diagnostics { report(d) }
      return .syntaxError
    }
    for s in statements {
      if echo { output.write(Session.echoText(s.range.text)) }
      let start = machine.clock.monotonicNanoseconds()
      do {
        let value = try machine.execute(s)
        if let value { lastValue = value }
        if let v = value, printResults {
          let text = machine.formatter.format(v)
          // Handles (databases, database tables) print nothing.
          if case .object = v, text.isEmpty {} else { output.write(text + "\n") }
        }
      } catch {
        report(error.diagnostic)
        Interrupt.clear()
        return .runtimeError
      }
      if showTimer {
        output.write(ValueFormatter.elapsed(nanoseconds: machine.clock.monotonicNanoseconds() &- start))
      }
      activity?(.statementEnded)
    }
    return .ok
  }

  /// Parses and runs text given as a string (`-e CODE`, piped input).
  public func run(text: String, name: String) -> RunOutcome {
    run(SourceFile(name: name, text: text))
  }

  /// Runs text as if it were a file in `directory` (for module lookup and `run`).
  public func run(text: String, name: String, directory: String) -> RunOutcome {
    machine.inScriptDirectory(directory) { run(SourceFile(name: name, text: text)) }
  }

  /// A statement as the shell shows it: `> ` before the first line, `>> ` before the rest.
  static func echoText(_ text: String) -> String {
    var out = ""
    for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      out += (i == 0 ? "> " : ">> ") + line + "\n"
    }
    return out
  }

  /// Runs a script file (or the statements of a console transcript); an unreadable file is
  /// reported and gives `nil`.
  public func runFile(at path: String) -> RunOutcome? {
    guard let text = FileAccess.read(path) else {
      errors.write("error: cannot read '\(path)': \(FileAccess.lastError())\n")
      return nil
    }
    // A console transcript (`>x = 1` lines and what they printed) runs its statements.
    let code = ConsoleTranscript.code(of: text, context: machine.parseContext) ?? text
    return machine.inScriptDirectory(FileAccess.directory(of: path)) { run(SourceFile(name: path, text: code)) }
  }

  // MARK: ScriptHost

  public func environment(_ name: String) -> String? { FileAccess.environment(name) }

  public func resolvePath(_ path: String) -> String {
    if path.hasPrefix("/") || FileAccess.isFile(path) || FileAccess.isDirectory(path) { return path }
    guard let dir = machine.scriptDirectories.last else { return path }
    return dir + "/" + path
  }

  public func moduleSource(_ name: String, from: SourceFile?) throws(ScriptError) -> SourceFile {
    let relative = name.replacing("::", with: "/") + ".dos"
    var searched: [String] = []
    var candidates: [(dir: String, display: String?)] = []
    if let d = machine.scriptDirectories.last { candidates.append((d, nil)) }
    candidates.append((".", nil))
    for d in moduleDirectories { candidates.append((d, nil)) }
    if let n = nodeModuleDirectory { candidates.append((n.path, n.display)) }
    if let s = stdlibDirectory { candidates.append((s, "<stdlib>")) }
    for (dir, display) in candidates {
      searched.append(display ?? dir)
      // `name.dos`, else `name.dom` (what saveModule writes).
      for file in [relative, String(relative.dropLast(4)) + ".dom"] {
        let path = dir == "." ? file : dir + "/" + file
        if FileAccess.isFile(path) { try fileGuard?(path) }
        if let text = FileAccess.read(path) {
          return SourceFile(name: display.map { $0 + "/" + file } ?? path, text: text)
        }
      }
    }
    throw ScriptError(RuntimeMessages.cannotFindModule(name, relative, searched: searched))
  }

  public func writablePath(_ path: String) throws(ScriptError) -> String {
    let resolved = resolvePath(path)
    try fileGuard?(resolved)
    return resolved
  }

  public func scriptSource(_ path: String) throws(ScriptError) -> SourceFile {
    let resolved = resolvePath(path)
    try fileGuard?(resolved)
    guard let text = FileAccess.read(resolved) else {
      throw ScriptError(RuntimeMessages.cannotRead(path, FileAccess.lastError()))
    }
    return SourceFile(name: resolved, text: text)
  }
}

/// A step of a session's run, as `Session.activity` is told of it.
public enum SessionActivity: Sendable {
  case began, statementEnded, ended
}
