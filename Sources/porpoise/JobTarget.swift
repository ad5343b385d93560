import ClusterConfig
import ClusterEngine
import Coordination
import RemoteNode
import ScriptRuntime
import ScriptSession

/// Where `porpoise submit`, `jobs` and `job` act: a node (`-remoteHost/-remotePort`, or `--zk`
/// with `--node ALIAS`), or the embedded node of the home folder, whose batch jobs any process
/// on it shares (`<home>/batchJobs`).
enum JobTarget {
  case node(NodeConnection)
  case embedded(Session, NodeSessionBuilder)

  /// The target the command line names; on failure, what went wrong was said on `errors`.
  static func resolve(
    zk: String?, node: String?, options: ScriptOptions, parameters: DolphinArguments, errors: OutputSink
  ) -> Result<JobTarget, ScriptSession.ExitCode.Failure> {
    if let zk {
      guard let node else {
        errors.write("error: --zk needs --node ALIAS: the node whose jobs these are\n")
        return .failure(.init(.usage))
      }
      guard let address = ZooKeeperAddress(zk) else {
        errors.write("error: --zk '\(zk)' is not HOST:PORT[,HOST:PORT...][/root]\n")
        return .failure(.init(.usage))
      }
      let entries: [NodeEntry]
      do throws(ClusterError) { entries = try ClusterDirectory.read(address) } catch {
        errors.write("error: \(error.message)\n")
        return .failure(.init(.unavailable))
      }
      guard let entry = entries.first(where: { $0.alias == node }) else {
        errors.write("error: no node '\(node)' in the cluster (\(entries.map(\.alias).joined(separator: ", ")))\n")
        return .failure(.init(.usage))
      }
      guard entry.live else {
        errors.write("error: \(node) is not running\n")
        return .failure(.init(.unavailable))
      }
      guard let connection = ClusterShell.open(entry, parameters: parameters, errors: errors) else {
        return .failure(.init(.unavailable))
      }
      return .success(.node(connection))
    }
    if node != nil {
      errors.write("error: --node needs --zk: the cluster to find it in\n")
      return .failure(.init(.usage))
    }
    if let host = parameters.parameters["remoteHost"] {
      return RemoteShell.connect(host: host, parameters: parameters, errors: errors).map { .node($0.connection) }
    }
    // The embedded node: no scheduler fires here, this process only reads and queues jobs.
    let builder = makeBuilder(options, parameters: parameters)
    let session = builder.makeSession(output: StandardOutputSink(), errors: errors)
    if let user = parameters.parameters["uid"] {
      do throws(ScriptError) {
        _ = try session.machine.call(function: "login", [.string(user), .string(parameters.parameters["pwd"] ?? "")])
      } catch {
        errors.write("error: \(error.message)\n")
        return .failure(.init(.noPermission))
      }
    }
    return .success(.embedded(session, builder))
  }

  /// Runs `body` on the target the command line names, on a large stack, and gives its exit
  /// status (or the failure's, when there is no such target).
  static func run(
    zk: String?, node: String?, options: ScriptOptions,
    _ body: @escaping @Sendable (JobTarget, OutputSink) -> Int32
  ) -> Int32 {
    runOnLargeStack {
      let errors = StandardErrorSink(flushing: nil)
      switch resolve(zk: zk, node: node, options: options, parameters: ShellCommand.parameters, errors: errors) {
      case .success(let target):
        defer { target.close() }
        return body(target, errors)
      case .failure(let f):
        return f.code.rawValue
      }
    }
  }

  /// Calls a job function there.
  func call(_ function: String, _ arguments: [Value]) throws(ScriptError) -> Value {
    switch self {
    case .node(let c):
      do throws(ConnectionError) { return try c.call(function, arguments) } catch {
        throw ScriptError(error.message)
      }
    case .embedded(let session, _):
      return try session.machine.call(function: function, arguments)
    }
  }

  func close() {
    if case .node(let c) = self { c.close() }
  }
}
