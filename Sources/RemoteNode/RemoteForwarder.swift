import ScriptRuntime
import ScriptSession
import ScriptSyntax
import WireProtocol

/// Sends a shell's entries to a node and prints what comes back, so the shell reads lines,
/// keeps history and completes words here while the scripts run there. A shell that moves
/// between nodes (`.use`) keeps one connection, and so one session, per node; a node that
/// restarted is reconnected to (and logged in to again) before the next statement.
public final class RemoteForwarder: ScriptForwarder {
  public private(set) var connection: NodeConnection
  /// The other nodes' connections, by alias: their sessions keep their variables.
  private var parked: [String: NodeConnection] = [:]
  /// Logs a new connection in as the shell is: a token from the last login seen.
  public var token: String?

  public init(_ connection: NodeConnection) { self.connection = connection }

  public var promptName: String? { connection.peerAlias }

  /// Switches to another node (`.use ALIAS`), keeping this one's session for a way back.
  public func replace(with connection: NodeConnection) {
    parked[self.connection.peerAlias] = self.connection
    parked[connection.peerAlias] = nil
    self.connection = connection
  }

  /// The open connection kept for `alias`, if any; it becomes the current one.
  public func resume(_ alias: String) -> NodeConnection? {
    guard let kept = parked[alias], kept.isOpen else {
      parked[alias] = nil
      return nil
    }
    replace(with: kept)
    return kept
  }

  /// Remembers the session's login after a statement that may have changed it.
  public func noteLogin(after text: String) {
    guard text.contains("login") || text.contains("logout") else { return }
    if case .string(let t, _)? = try? connection.call("getSessionToken", []), !t.isEmpty {
      token = t
    } else {
      token = nil
    }
  }

  /// A node that closed the connection (it restarted, or was restarted) is connected to again,
  /// logged in with the last token, and the shell is told what was lost. False if it cannot be.
  func reconnectIfClosed(_ session: Session) -> Bool {
    guard !connection.isOpen else { return true }
    let (host, port, alias) = (connection.host, connection.port, connection.peerAlias)
    do {
      let fresh = try NodeConnection.connect(host: host, port: port)
      var who = "as guest"
      if let token {
        if (try? fresh.call("loginByToken", [.string(token, .string)])) != nil {
          who = "logged in again"
        } else {
          self.token = nil
        }
      }
      connection = fresh
      session.errors.write(
        "note: \(alias) at \(host):\(port) closed the connection; reconnected (\(who)); the variables of its session are gone\n"
      )
      return true
    } catch {
      session.errors.write(
        "error: \(alias) at \(host):\(port) closed the connection and cannot be reached again: \(error)\n")
      return false
    }
  }

  /// Dot-commands that act on the node's session; the rest run in the shell.
  static let remoteCommands: Set<String> = [".vars", ".clear", ".rows", ".timer"]

  public func run(_ file: SourceFile, in session: Session) -> RunOutcome {
    let options = RunOptions(printResults: session.printResults, echo: session.echo)
    guard reconnectIfClosed(session) else { return .runtimeError }
    defer { noteLogin(after: file.text) }
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
    guard reconnectIfClosed(session) else { return .failed }
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
