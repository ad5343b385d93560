import ScriptRuntime
import ScriptSession
import ScriptSyntax
import WireProtocol

/// Sends a shell's entries to a node and prints what comes back, so the shell reads lines,
/// keeps history and completes words here while the scripts run there.
public final class RemoteForwarder: ScriptForwarder {
  public private(set) var connection: NodeConnection

  public init(_ connection: NodeConnection) { self.connection = connection }

  /// Switches to another node (`.use ALIAS`).
  public func replace(with connection: NodeConnection) {
    self.connection.close()
    self.connection = connection
  }

  /// Dot-commands that act on the node's session; the rest run in the shell.
  static let remoteCommands: Set<String> = [".vars", ".clear", ".rows", ".timer"]

  public func run(_ file: SourceFile, in session: Session) -> RunOutcome {
    let options = RunOptions(printResults: session.printResults, echo: session.echo)
    do {
      let (outcome, _) = try connection.run(
        file.text, name: file.name, options: options, output: { session.output.write($0) },
        errors: { session.errors.write($0) }, interruptible: true)
      switch outcome {
      case .ok: return .ok
      case .syntaxError: return .syntaxError
      case .runtimeError, .refused: return .runtimeError
      }
    } catch {
      session.errors.write("error: \(error)\n")
      return .runtimeError
    }
  }

  public func runDotCommand(_ name: String, _ line: String, in session: Session) -> DotCommand.Result? {
    guard RemoteForwarder.remoteCommands.contains(name) else { return nil }
    do {
      let (outcome, _) = try connection.perform(
        .dotCommand(line), output: { session.output.write($0) }, errors: { session.errors.write($0) })
      return outcome == .ok ? .ok : .failed
    } catch {
      session.errors.write("error: \(error)\n")
      return .failed
    }
  }
}
