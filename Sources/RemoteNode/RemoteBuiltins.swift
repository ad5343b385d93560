import ScriptRuntime
import ScriptSession
import Synchronization
import WireProtocol

/// A connection handle as scripts hold it (`xdb(host, port)`), printed `Conn[host:port:id]`.
public final class ConnectionObject: CallableObject {
  public let connection: NodeConnection
  let id: Int
  init(_ connection: NodeConnection, id: Int) {
    self.connection = connection
    self.id = id
  }
  public var form: Value.Form { .scalar }
  public var dataType: DataType { .handle }
  public var typeString: String { "HANDLE" }
  public var rowCount: Int { 1 }
  public func render(_ formatter: ValueFormatter) -> String { "Conn[\(connection.host):\(connection.port):\(id)]" }
  public func member(_ name: String) -> Value? { nil }
  public var rows: [Value]? { nil }

  /// `conn("script")`, `conn(f, args...)`, `conn("name", args...)`: as `remoteRun`.
  public func call(_ args: [Value], _ m: Machine) throws(ScriptError) -> Value {
    guard !args.isEmpty else { throw ScriptError(RemoteMessages.scriptNotStringOrFunction("nothing")) }
    return try RemoteBuiltins.run(connection, CallArguments(values: args, machine: m), from: 0)
  }

  /// `conn(f(args))`: `f` runs there (a function of this session is sent along).
  public func call(function name: String, _ args: [Value], _ m: Machine) throws(ScriptError) -> Value {
    if let f = m.sessionFunctions[name] {
      let shipped = try RemoteBuiltins.shippable(f, args)
      return try RemoteBuiltins.remoteCall(connection, shipped.name, source: shipped.source, shipped.arguments)
    }
    return try RemoteBuiltins.remoteCall(connection, name, source: "", args)
  }
}

/// `xdb` and `remoteRun`: scripts talking to any node by address.
public enum RemoteBuiltins {
  /// Calls to other nodes (`rpc`, `remoteRun`, `xdb`...).
  public static let library = BuiltinLibrary("remote", functions: functions())

  static func functions() -> [Builtin] {
    [
      Builtin("xdb", args: 2...5, parameterNames: ["host", "port", "userId", "password", "enableSSL"]) {
        a throws(ScriptError) in
        let host = try a.text(0, "the host")
        let port = try a.integer(1, "the port")
        let connection: NodeConnection
        do throws(ConnectionError) {
          connection = try NodeConnection.connect(host: host, port: port)
        } catch {
          throw ScriptError(error.message)
        }
        if a.has(2) {
          let user = try a.text(2, "the user name")
          let password = a.has(3) ? try a.text(3, "the password") : ""
          _ = try remoteCall(connection, "login", source: "", [.string(user), .string(password)])
        } else if isClusterNode(host, port, a.machine) {
          // No user named: a node of this cluster takes the session's own login (DolphinDB's ops
          // module updates licenses over such connections). A token is never sent elsewhere.
          try? carryLogin(connection, token: a.machine.access?.sessionToken)
        }
        return .object(ConnectionObject(connection, id: nextID()))
      },
      Builtin("remoteRun", args: 2...64, parameterNames: ["conn", "script"]) { a throws(ScriptError) in
        guard case .object(let o) = a[0], let handle = o as? ConnectionObject else {
          throw ScriptError(RemoteMessages.remoteRunNeedsConnection(a[0].typeString))
        }
        return try run(handle.connection, a, from: 1)
      },
    ]
  }

  /// Whether `host:port` is a node of the cluster this session's node belongs to.
  static func isClusterNode(_ host: String, _ port: Int, _ m: Machine) -> Bool {
    guard case .object(let o as Table)? = try? m.call(function: "getClusterPerf", [.bool(true)]),
      let hosts = o.column("host"), let ports = o.column("port")
    else { return false }
    return (0..<o.rowCount).contains { hosts[$0].stringValue == host && ports[$0].intValue == Int64(port) }
  }

  /// Logs a connection in as the user of a session token (nodes of one cluster pass the
  /// caller's login on instead of a password).
  public static func carryLogin(_ connection: NodeConnection, token: String?) throws(ScriptError) {
    guard let token else { return }
    _ = try remoteCall(connection, "loginByToken", source: "", [.string(token)])
  }

  /// `remoteRun`/`rpc` argument convention: a function value runs there with the remaining
  /// arguments; a string is a script, or (with more arguments) the name of a function there.
  public static func run(_ connection: NodeConnection, _ a: CallArguments, from index: Int) throws(ScriptError) -> Value
  {
    let rest = Array(a.values.dropFirst(index + 1))
    switch a[index] {
    case .function(let f):
      let shipped = try RemoteBuiltins.shippable(f, rest)
      return try remoteCall(connection, shipped.name, source: shipped.source, shipped.arguments)
    case .string(let script, _) where rest.isEmpty:
      var errors = ""
      let result: (Outcome, Value?)
      do throws(ConnectionError) {
        result = try connection.run(
          script, name: "<remoteRun>", options: RunOptions(printResults: false, returnValue: true),
          output: { a.machine.output.write($0) }, errors: { errors += $0 })
      } catch {
        throw ScriptError(error.message)
      }
      guard result.0 == .ok else {
        throw ScriptError(RemoteMessages.onNode(connection.peerAlias, errors.withoutTrailingNewlines))
      }
      return result.1 ?? .void
    case .string(let name, _):
      return try remoteCall(connection, name, source: "", rest)
    default:
      throw ScriptError(RemoteMessages.scriptNotStringOrFunction(a[index].typeString))
    }
  }

  static func remoteCall(_ connection: NodeConnection, _ name: String, source: String, _ args: [Value])
    throws(ScriptError) -> Value
  {
    do throws(ConnectionError) {
      return try connection.call(name, source: source, args)
    } catch {
      throw ScriptError(RemoteMessages.onNode(connection.peerAlias, error.message))
    }
  }

  /// A function called with `arguments`, as it travels to another node (`ShippedCall`).
  public static func shippable(_ f: FunctionValue, _ arguments: [Value]) throws(ScriptError)
    -> (name: String, source: String, arguments: [Value])
  {
    do throws(ShippedCall.Failure) {
      let call = try ShippedCall(f, arguments)
      return (call.name, call.source, call.arguments)
    } catch {
      switch error {
      case .argumentLeftOpen(let name): throw ScriptError(RemoteMessages.partialLeavesArgumentOpen(name))
      case .template(let name): throw ScriptError(RemoteMessages.cannotSendFunction(name))
      }
    }
  }

  static let counter = Atomic<Int>(0)
  static func nextID() -> Int { counter.add(1, ordering: .relaxed).newValue }
}
