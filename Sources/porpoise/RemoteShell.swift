import ArgumentParser
import Licensing
import RemoteNode
import ScriptRuntime
import ScriptSession

/// The shell against a node: `-remoteHost HOST -remotePort PORT [-uid U -pwd P]`, or
/// `porpoise connect HOST:PORT`.
enum RemoteShell {
  /// Connects and logs in; on failure prints why and gives the exit code: 64 for a bad port,
  /// 69 for a node that cannot be reached, 77 for a login it refused.
  static func connect(host: String, parameters: DolphinArguments, errors: OutputSink) -> Result<
    RemoteForwarder, ScriptSession.ExitCode.Failure
  > {
    let p = parameters.parameters
    guard let port = Int(p["remotePort"] ?? "8848"), (1...65535).contains(port) else {
      errors.write("error: -remotePort \(p["remotePort"] ?? ""): not a port number\n")
      return .failure(.init(.usage))
    }
    let connection: NodeConnection
    do {
      connection = try NodeConnection.connect(host: host, port: port)
    } catch {
      errors.write("error: \(error)\n")
      return .failure(.init(.unavailable))
    }
    if let user = p["uid"] {
      do {
        _ = try connection.call("login", [.string(user), .string(p["pwd"] ?? "")], warnings: { errors.write($0) })
      } catch {
        errors.write("error: \(error)\n")
        // The node answered: it refused the login (a lost connection is still "unavailable").
        return .failure(.init(connection.isOpen ? .noPermission : .unavailable))
      }
    }
    let forwarder = RemoteForwarder(connection)
    if p["uid"] != nil { forwarder.noteLogin(after: "login") }
    return .success(forwarder)
  }
}

extension RemoteShell {
  /// What the banner says of the node's license when it expires within 15 days or runs on its
  /// 15 days of grace (as the node's own log does); nil otherwise or if it cannot tell.
  static func licenseWarning(_ connection: NodeConnection) -> String? {
    guard let value = try? connection.call("getLicenseExpiration", []), let day = value.intValue else { return nil }
    return LicenseWatch.notice(
      "the license of \(connection.peerAlias)", expiration: LicenseDate(daysSinceEpoch: Int(day)), today: .today())
  }
}
