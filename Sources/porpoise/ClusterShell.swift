import ClusterConfig
import ClusterEngine
import Coordination
import RemoteNode
import ScriptRuntime
import ScriptSession

/// `porpoise --zk CONNECT`: the shell finds the cluster's nodes in ZooKeeper, opens on the
/// leading controller, and switches with `.use ALIAS`; `.nodes` lists them.
enum ClusterShell {
  /// Opens the shell on the cluster; what it has to say (errors, notes, warnings) goes to `errors`.
  static func attach(_ session: Session, zk: String, parameters: DolphinArguments, errors: OutputSink) -> Bool {
    guard let address = ZooKeeperAddress(zk) else {
      errors.write("error: --zk '\(zk)' is not HOST:PORT[,HOST:PORT...][/root]\n")
      return false
    }
    let entries: [NodeEntry]
    do throws(ClusterError) {
      entries = try ClusterDirectory.read(address)
    } catch {
      errors.write("error: \(error.message)\n")
      return false
    }
    let leader = entries.first { $0.isLeader && $0.live }
    let first = leader ?? entries.first { $0.mode == .controller && $0.live } ?? entries.first { $0.live }
    guard let first else {
      errors.write("error: no node of the cluster at \(address) is running\n")
      return false
    }
    if leader == nil {
      errors.write(
        "note: no controller leads the cluster now; the shell opens on \(first.alias) (\(first.mode.rawValue))\n")
    }
    guard let connection = open(first, parameters: parameters, errors: errors) else { return false }
    let forwarder = RemoteForwarder(connection)
    if parameters.parameters["uid"] != nil { forwarder.noteLogin(after: "login") }
    session.forwarder = forwarder
    session.dotCommands += commands(address, parameters)
    return true
  }

  /// A connection to `entry`, logged in with `token` (the current node's session token: the
  /// password is sent once, to the first node) or else with `-uid`/`-pwd`.
  static func open(_ entry: NodeEntry, parameters: DolphinArguments, token: String? = nil, errors: OutputSink)
    -> NodeConnection?
  {
    do {
      let c = try NodeConnection.connect(host: entry.host, port: entry.port)
      if let token {
        _ = try c.call("loginByToken", [.string(token)])
      } else if let user = parameters.parameters["uid"] {
        _ = try c.call(
          "login", [.string(user), .string(parameters.parameters["pwd"] ?? "")], warnings: { errors.write($0) })
      }
      return c
    } catch {
      errors.write("error: \(entry.alias): \(error)\n")
      return nil
    }
  }

  /// The cluster's nodes, or nil after saying why they cannot be read.
  static func directory(_ address: ZooKeeperAddress, _ session: Session) -> [NodeEntry]? {
    do throws(ClusterError) {
      return try ClusterDirectory.read(address)
    } catch {
      session.errors.write("error: \(error.message)\n")
      return nil
    }
  }

  static func commands(_ address: ZooKeeperAddress, _ parameters: DolphinArguments) -> [DotCommand] {
    [
      DotCommand(name: ".nodes", arguments: "", summary: "list the cluster's nodes (from ZooKeeper)") { session, _ in
        guard let entries = directory(address, session) else { return .failed }
        let current = (session.forwarder as? RemoteForwarder)?.connection.peerAlias
        let rows = entries.map { e in
          [
            (e.alias == current ? "* " : "  ") + e.alias, e.mode.rawValue, "\(e.host):\(e.port)",
            e.status + (e.isLeader ? " (leader)" : ""),
            e.pid.map(String.init) ?? "",
          ]
        }
        let header = ["  alias", "mode", "address", "state", "pid"]
        let widths = (0..<header.count).map { i in ([header] + rows).map { $0[i].count }.max() ?? 0 }
        for row in [header] + rows {
          session.output.write(
            zip(row, widths).map { $0 + String(repeating: " ", count: $1 - $0.count) }.joined(separator: "  ") + "\n")
        }
        return .ok
      },
      DotCommand(name: ".use", arguments: "ALIAS", summary: "run the next statements on another node") {
        session, args in
        guard args.count == 1 else { return .usage }
        guard let remote = session.forwarder as? RemoteForwarder, let entries = directory(address, session) else {
          return .failed
        }
        guard let e = entries.first(where: { $0.alias == args[0] }) else {
          session.errors.write("error: no node '\(args[0])' (\(entries.map(\.alias).joined(separator: ", ")))\n")
          return .failed
        }
        guard e.live else {
          session.errors.write("error: \(e.alias) is \(e.status)\n")
          return .failed
        }
        // Back to a node already visited: its session, with its variables.
        if let kept = remote.resume(e.alias) {
          session.output.write(
            "Now on \(kept.peerAlias) (\(kept.peerMode)) at \(kept.host):\(kept.port), in its session as left.\n")
          return .ok
        }
        // The login moves with the shell, whether it came from -uid or a typed login().
        var token: String?
        if case .string(let t, _)? = try? remote.connection.call("getSessionToken", []) { token = t }
        guard let c = open(e, parameters: parameters, token: token, errors: session.errors) else { return .failed }
        remote.replace(with: c)
        session.output.write("Now on \(c.peerAlias) (\(c.peerMode)) at \(c.host):\(c.port).\n")
        return .ok
      },
    ]
  }
}
