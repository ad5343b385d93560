import ScriptRuntime
import ScriptSyntax

/// A shell command that starts with a dot. One table drives dispatch, `.help` and completion.
public struct DotCommand: Sendable {
  /// What a command asks the shell to do next.
  public enum Result {
    case ok, failed, usage, exit
  }
  /// The name, with its dot: `.read`.
  public let name: String
  /// Argument synopsis for usage lines: `FILE`, `on|off`.
  public let arguments: String
  /// One line for `.help`.
  public let summary: String
  /// The action.
  public let run: @Sendable (Session, [String]) -> Result

  public init(
    name: String, arguments: String, summary: String, run: @escaping @Sendable (Session, [String]) -> Result
  ) {
    self.name = name
    self.arguments = arguments
    self.summary = summary
    self.run = run
  }

  /// The usage line.
  public var usage: String { arguments.isEmpty ? name : "\(name) \(arguments)" }

  /// The commands every shell has.
  public static let standard: [DotCommand] = [
    DotCommand(name: ".help", arguments: "", summary: "list the dot-commands") { session, _ in
      let width = session.dotCommands.map(\.usage.count).max() ?? 0
      for c in session.dotCommands {
        session.output.write(c.usage + String(repeating: " ", count: width - c.usage.count + 2) + c.summary + "\n")
      }
      session.output.write("Statements run when complete; Ctrl-C cancels, Ctrl-D leaves.\n")
      return .ok
    },
    DotCommand(name: ".quit", arguments: "", summary: "leave the shell") { _, _ in .exit },
    DotCommand(name: ".read", arguments: "FILE", summary: "run a script file in this session") { session, args in
      guard args.count == 1 else { return .usage }
      guard let outcome = session.runFile(at: args[0]) else { return .failed }
      return outcome == .ok ? .ok : .failed
    },
    DotCommand(name: ".timer", arguments: "on|off", summary: "show the elapsed time after each statement") {
      session, args in
      guard args.count == 1, args[0] == "on" || args[0] == "off" else { return .usage }
      session.showTimer = args[0] == "on"
      return .ok
    },
    DotCommand(name: ".vars", arguments: "", summary: "list the session's variables and functions") { session, _ in
      let m = session.machine
      let names = m.variableNames
      let functions = m.sessionFunctions.keys.sorted()
      if names.isEmpty && functions.isEmpty { session.output.write("no variables\n") }
      let width = (names + functions).map(\.count).max() ?? 0
      for n in names {
        guard let v = m.variable(n) else { continue }
        let size = v.isScalar ? "" : " [\(v.count)]"
        session.output.write(n + String(repeating: " ", count: width - n.count + 2) + v.typeString + size + "\n")
      }
      // Functions defined with `def` in this session, with their parameters.
      for n in functions {
        guard let f = m.sessionFunctions[n] else { continue }
        session.output.write(n + String(repeating: " ", count: width - n.count + 2) + "FUNCTION " + f.signature + "\n")
      }
      return .ok
    },
    DotCommand(name: ".clear", arguments: "", summary: "forget every variable") { session, _ in
      session.machine.clearVariables()
      return .ok
    },
    DotCommand(name: ".rows", arguments: "N", summary: "print at most N rows of a table") { session, args in
      guard args.count == 1, let n = Int(args[0]), n > 0 else { return .usage }
      session.machine.formatter.maxTableRows = n
      return .ok
    },
  ]
}

extension Session {
  /// Runs a dot-command line such as `.read jobs.dos`.
  public func runDotCommand(_ line: String) -> DotCommand.Result {
    let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    guard let name = words.first else { return .ok }
    // Unique prefixes are accepted interactively (`.he` is `.help`).
    let exact = dotCommands.first { $0.name == name }
    let matches = exact.map { [$0] } ?? dotCommands.filter { $0.name.hasPrefix(name) }
    guard matches.count == 1, let command = matches.first else {
      if matches.count > 1 {
        errors.write("error: '\(name)' is ambiguous: \(matches.map(\.name).joined(separator: ", "))\n")
      } else {
        errors.write("error: unknown command '\(name)'; enter '.help' for a list\n")
      }
      return .failed
    }
    if let forwarder, let remote = forwarder.runDotCommand(command.name, line, in: self) { return remote }
    let result = command.run(self, Array(words.dropFirst()))
    if case .usage = result { errors.write("usage: \(command.usage)\n") }
    return result
  }
}
