import NIOCore
import NIOHTTP1
import NIOPosix
import ScriptRuntime
import ScriptSession
import Synchronization
import WireProtocol

/// Who a node is, as it tells clients in its welcome.
public struct NodeIdentity: Sendable {
  public var alias: String
  public var mode: String
  public var version: String
  public init(alias: String, mode: String, version: String) {
    self.alias = alias
    self.mode = mode
    self.version = version
  }
}

/// Makes the session a new connection runs its scripts in, with the sinks that send its
/// output back and the client's address (no port). Called on the connection's own worker thread.
public typealias SessionFactory = @Sendable (_ output: OutputSink, _ errors: OutputSink, _ peer: String) -> Session

/// What one node lets its network peers have.
public struct ServerLimits: Sendable {
  /// Connections served at once (DolphinDB's `maxConnections`); more are refused with a message.
  /// The node starts with it; `ServerStatistics.raiseMaxConnections` raises it later.
  public var maxConnections: Int
  /// The largest message a connection may send before it logs in: a guest cannot make the
  /// node buffer a gigabyte.
  public var guestMessageBytes: Int
  /// The largest HTTP request body (a script sent from the web console).
  public var webBodyBytes: Int
  public init(maxConnections: Int = 512, guestMessageBytes: Int = 1 << 20, webBodyBytes: Int = 4 << 20) {
    self.maxConnections = maxConnections
    self.guestMessageBytes = guestMessageBytes
    self.webBodyBytes = webBodyBytes
  }
}

/// Counters a node reports in `getClusterPerf`, and the connection limit it serves under.
public final class ServerStatistics: Sendable {
  let connections = Atomic<Int>(0)
  let running = Atomic<Int>(0)
  let sessions = Atomic<Int>(0)
  private let connectionLimit: Atomic<Int>
  /// What the connections run now (`getConsoleJobs`).
  public let consoleJobs = ConsoleJobs()
  /// The connections' sessions (`getSessionMemoryStat`, `closeSessions`, `getConnections`).
  public let sessionRegistry = SessionRegistry()
  public init(maxConnections: Int = 512) { connectionLimit = Atomic(maxConnections) }
  public var connectionCount: Int { connections.load(ordering: .relaxed) }
  public var runningJobs: Int { running.load(ordering: .relaxed) }
  /// Connections served at once: `ServerLimits.maxConnections`, unless `setMaxConnections` raised it.
  public var maxConnections: Int { connectionLimit.load(ordering: .relaxed) }

  /// Raises the connection limit to `n`; false, changing nothing, when `n` is not above it
  /// (as in DolphinDB, the limit of a running node only goes up).
  public func raiseMaxConnections(to n: Int) -> Bool {
    var current = connectionLimit.load(ordering: .relaxed)
    while n > current {
      let (exchanged, original) = connectionLimit.compareExchange(expected: current, desired: n, ordering: .relaxed)
      if exchanged { return true }
      current = original
    }
    return false
  }
}

/// Serves scripts over TCP: each connection gets a session of its own, run on its own worker
/// thread, so one long job never delays another connection.
public final class ScriptServer: Sendable {
  private let channel: Channel
  public let statistics: ServerStatistics
  /// The port bound (useful with port 0).
  public let port: Int

  private init(channel: Channel, statistics: ServerStatistics) {
    self.channel = channel
    self.statistics = statistics
    self.port = channel.localAddress?.port ?? 0
  }

  /// Binds `host:port` and starts serving. A port in use fails with a `BindError` that
  /// carries the errno (98, EADDRINUSE), as DolphinDB's log line reports it.
  /// HTTP requests on the same port go to `web` (the web console), binary ones to sessions.
  public static func start(
    host: String, port: Int, identity: NodeIdentity, limits: ServerLimits = ServerLimits(),
    web: (any WebResponder)? = nil, admission: ConnectionAdmission? = nil,
    refused: (@Sendable (_ ip: String, _ why: ConnectionAdmission.Refusal, _ count: Int) -> Void)? = nil,
    makeSession: @escaping SessionFactory
  ) throws(BindError) -> ScriptServer {
    let statistics = ServerStatistics(maxConnections: limits.maxConnections)
    let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
      .serverChannelOption(.backlog, value: 256)
      .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
      .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
      .childChannelInitializer { channel in
        // Checked before a byte is read: a refused client is closed at once.
        if let admission {
          let ip = channel.remoteAddress?.ipAddress ?? ""
          if let (why, count) = admission.admit(ip) {
            refused?(ip, why, count)
            return channel.eventLoop.makeFailedFuture(ConnectionRefused())
          }
          channel.closeFuture.whenComplete { _ in admission.release(ip) }
        }
        return channel.eventLoop.makeCompletedFuture {
          let sniffer = ProtocolSniffer(
            binary: { pipeline in
              let limit = FrameLimit(limits.guestMessageBytes)
              try pipeline.addHandler(ByteToMessageHandler(FrameDecoder(limit: limit)))
              try pipeline.addHandler(
                ConnectionHandler(
                  identity: identity, makeSession: makeSession, statistics: statistics, frameLimit: limit))
            },
            http: { pipeline in
              try pipeline.configureHTTPServerPipeline(withErrorHandling: true)
              try pipeline.addHandler(HTTPConnectionHandler(responder: web, bodyLimit: limits.webBodyBytes))
            })
          try channel.pipeline.syncOperations.addHandler(sniffer)
        }
      }
    do {
      let channel = try bootstrap.bind(host: host, port: port).wait()
      return ScriptServer(channel: channel, statistics: statistics)
    } catch let e as IOError {
      throw BindError(port: port, code: e.errnoCode, reason: "\(e)")
    } catch {
      throw BindError(port: port, code: 0, reason: "\(error)")
    }
  }

  /// Stops accepting connections; open ones end when their clients leave.
  public func stop() {
    try? channel.close().wait()
  }
}

/// A connection `ConnectionAdmission` turned away (the bootstrap closes it).
struct ConnectionRefused: Error {}

/// A port that could not be bound.
public struct BindError: Error, Sendable, CustomStringConvertible {
  public let port: Int
  /// The errno: 98 is EADDRINUSE on Linux.
  public let code: Int32
  public let reason: String
  public var description: String { "Failed to bind the socket on port \(port) with error code \(code)" }
}

/// One client connection: decodes requests and hands them to the connection's worker.
final class ConnectionHandler: ChannelInboundHandler, @unchecked Sendable {
  // @unchecked: the handler's own state is touched only on its event loop; the session lives
  // in `ConnectionSession`, touched only on the worker thread.
  typealias InboundIn = [UInt8]

  let identity: NodeIdentity
  let makeSession: SessionFactory
  let statistics: ServerStatistics
  let frameLimit: FrameLimit
  var connection: ConnectionSession?
  /// Whether this connection counts in `statistics.connections` (a refused one does not).
  var counted = false

  init(
    identity: NodeIdentity, makeSession: @escaping SessionFactory, statistics: ServerStatistics, frameLimit: FrameLimit
  ) {
    self.identity = identity
    self.makeSession = makeSession
    self.statistics = statistics
    self.frameLimit = frameLimit
  }

  func channelActive(context: ChannelHandlerContext) {
    let open = statistics.connections.add(1, ordering: .relaxed).newValue
    counted = true
    let limit = statistics.maxConnections
    guard open <= limit else {
      let refusal =
        "error: \(identity.alias) already serves \(limit) connections (maxConnections); try again later\n"
      if let body = try? Reply.errorOutput(refusal).encode() {
        context.writeAndFlush(NIOAny(Frame.buffer(body, allocator: context.channel.allocator)), promise: nil)
      }
      context.close(promise: nil)
      return
    }
    guard let worker = ScriptWorker() else {
      context.close(promise: nil)
      return
    }
    connection = ConnectionSession(
      channel: context.channel, worker: worker, makeSession: makeSession, statistics: statistics, frameLimit: frameLimit
    )
    context.fireChannelActive()
  }

  func channelInactive(context: ChannelHandlerContext) {
    if counted { statistics.connections.subtract(1, ordering: .relaxed) }
    counted = false
    // The client is gone: whatever its session still runs is stopped, queued work dropped.
    connection?.close()
    connection = nil
    context.fireChannelInactive()
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    let bytes = unwrapInboundIn(data)
    guard let connection else { return }
    // Requests carrying values are decoded on the connection's worker, never on the event
    // loop: a hostile message must not hold or crash the loop every connection shares.
    guard let kind = bytes.first, kind == MessageKind.hello.rawValue || kind == MessageKind.interrupt.rawValue else {
      connection.submit(bytes)
      return
    }
    let request: Request
    do {
      request = try Request.decode(bytes)
    } catch {
      connection.send(.errorOutput("error: bad request: \(error)\n"))
      connection.send(.done(.refused, nil))
      return
    }
    if case .hello(let version, _) = request {
      guard version == wireProtocolVersion else {
        connection.send(
          .errorOutput("error: this node speaks protocol \(wireProtocolVersion), the client \(version)\n"))
        connection.send(.done(.refused, nil))
        context.close(promise: nil)
        return
      }
      connection.send(
        .welcome(version: wireProtocolVersion, alias: identity.alias, mode: identity.mode, server: identity.version))
      return
    }
    // Not queued behind the request it is meant to stop.
    connection.interrupt()
  }

  func errorCaught(context: ChannelHandlerContext, error: Error) {
    // A client that sends garbage, too much, or vanishes: drop the connection, keep the node.
    if let e = error as? WireError, let body = try? Reply.errorOutput("error: \(e.message)\n").encode() {
      context.writeAndFlush(NIOAny(Frame.buffer(body, allocator: context.channel.allocator)), promise: nil)
    }
    context.close(promise: nil)
  }
}
