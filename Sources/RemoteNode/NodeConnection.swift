import NIOCore
import NIOPosix
import PorpoiseSupport
import ScriptRuntime
import Synchronization
import WireProtocol

/// Why talking to a node failed: where, and what happened.
public struct ConnectionError: Error, Sendable, CustomStringConvertible {
  public let message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}

/// A client connection to a node, with a blocking API for the shell's thread and for
/// built-ins such as `rpc` (never call it on an event loop).
public final class NodeConnection: @unchecked Sendable {
  // @unchecked: requests are serialised by `lock`; the reply queue is thread-safe.
  private let channel: Channel
  private let replies: ReplyQueue
  private let lock = Mutex<Void>(())
  public let host: String
  public let port: Int
  /// What the node said it is in its welcome.
  public let peerAlias: String
  public let peerMode: String
  public let peerVersion: String
  /// Seconds to wait for any one reply before giving up on the node.
  public var replyTimeout: Double = 3600

  private init(channel: Channel, replies: ReplyQueue, host: String, port: Int, welcome: (String, String, String)) {
    self.channel = channel
    self.replies = replies
    self.host = host
    self.port = port
    (peerAlias, peerMode, peerVersion) = welcome
  }

  /// Connects and exchanges hellos; fails with the address and the reason.
  public static func connect(host: String, port: Int, timeoutSeconds: Double = 5) throws(ConnectionError)
    -> NodeConnection
  {
    let replies = ReplyQueue()
    let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
      .connectTimeout(.milliseconds(Int64(timeoutSeconds * 1000)))
      .channelOption(.socketOption(.tcp_nodelay), value: 1)
      .channelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
          try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(FrameDecoder()))
          try channel.pipeline.syncOperations.addHandler(ReplyHandler(replies))
        }
      }
    let channel: Channel
    do {
      channel = try bootstrap.connect(host: host, port: port).wait()
    } catch {
      throw ConnectionError("cannot connect to \(host):\(port): \(NodeConnection.reason(error))")
    }
    do {
      let hello = try Request.hello(version: wireProtocolVersion, client: "porpoise").encode()
      channel.writeAndFlush(Frame.buffer(hello, allocator: channel.allocator), promise: nil)
    } catch {
      throw ConnectionError("cannot greet \(host):\(port): \(error)")
    }
    switch try replies.next(timeout: timeoutSeconds, from: "\(host):\(port)") {
    case .welcome(_, let alias, let mode, let server):
      return NodeConnection(channel: channel, replies: replies, host: host, port: port, welcome: (alias, mode, server))
    case .errorOutput(let text):
      channel.close(promise: nil)
      throw ConnectionError("\(host):\(port) refused the connection: \(text.withoutTrailingNewlines)")
    default:
      channel.close(promise: nil)
      throw ConnectionError("\(host):\(port) is not a porpoise node (no welcome)")
    }
  }

  static func reason(_ error: Error) -> String {
    if let e = error as? NIOConnectionError, let first = e.connectionErrors.first?.error {
      return reason(first)
    }
    if let e = error as? IOError {
      switch e.errnoCode {
      case 111: return "connection refused (is a node running on that port?)"
      case 113: return "no route to host"
      default: return "\(e)"
      }
    }
    if error is ChannelError { return "timed out" }
    return "\(error)"
  }

  /// Sends a request and hands each output piece to `output`/`errors` until `done`.
  /// Sends a request and waits for its `done`. With `interruptible`, a Ctrl-C here (the
  /// process's `Interrupt`) is passed on once as an `interrupt` request, and the node's answer
  /// to the stopped request ends the wait as usual.
  /// `stop`, when given, is another Ctrl-C to pass on (a node session's own stop flag).
  public func perform(
    _ request: Request, output: (String) -> Void, errors: (String) -> Void, interruptible: Bool = false,
    stop: InterruptFlag? = nil
  ) throws(ConnectionError) -> (Outcome, Value?) {
    let body: [UInt8]
    do {
      body = try request.encode()
    } catch {
      throw ConnectionError(error.message)
    }
    return try lock.withLock { _ throws(ConnectionError) in
      channel.writeAndFlush(Frame.buffer(body, allocator: channel.allocator), promise: nil)
      var passedOn = false
      let stopBody = (try? Request.interrupt.encode()) ?? []
      let tick: (() -> Void)? =
        interruptible || stop != nil
        ? {
          guard !passedOn else { return }
          if interruptible && Interrupt.isRequested {
            Interrupt.clear()
          } else if stop?.isRequested != true {
            return
          }
          passedOn = true
          self.channel.writeAndFlush(Frame.buffer(stopBody, allocator: self.channel.allocator), promise: nil)
        } : nil
      while true {
        switch try replies.next(timeout: replyTimeout, from: "\(peerAlias) (\(host):\(port))", tick: tick) {
        case .output(let s): output(s)
        case .errorOutput(let s): errors(s)
        case .done(let outcome, let value): return (outcome, value)
        case .welcome: continue
        }
      }
    }
  }

  /// Runs script text; output arrives through the closures as the node prints it.
  public func run(
    _ text: String, name: String = "<remote>", options: RunOptions = RunOptions(),
    output: (String) -> Void, errors: (String) -> Void, interruptible: Bool = false
  ) throws(ConnectionError) -> (Outcome, Value?) {
    try perform(
      .run(name: name, text: text, options: options), output: output, errors: errors, interruptible: interruptible)
  }

  /// Runs script text for its last value, printing nothing of its own (what the web console
  /// sends another node): whether it ran without error, and the value.
  public func runForValue(
    _ text: String, name: String, output: (String) -> Void, errors: (String) -> Void
  ) throws(ConnectionError) -> (ok: Bool, value: Value?) {
    let (outcome, value) = try run(
      text, name: name, options: RunOptions(printResults: false, returnValue: true), output: output, errors: errors)
    return (outcome == .ok, value)
  }

  /// Calls a function on the node and returns its value; a failure on the node becomes an
  /// error carrying the node's message.
  /// Calls a function there; on success what it wrote to its error stream (warnings) goes to
  /// `warnings`, on failure it is the error's message.
  public func call(
    _ function: String, source: String = "", _ arguments: [Value], warnings: ((String) -> Void)? = nil,
    interruptible: Bool = false,
    stop: InterruptFlag? = nil
  ) throws(ConnectionError) -> Value {
    var messages = ""
    var printed = ""
    let (outcome, value) = try perform(
      .call(function: function, source: source, arguments: arguments), output: { printed += $0 },
      errors: { messages += $0 },
      interruptible: interruptible, stop: stop)
    guard outcome == .ok else {
      throw ConnectionError(
        messages.withoutTrailingNewlines.isEmpty
          ? "\(function) failed on \(peerAlias)" : messages.withoutTrailingNewlines)
    }
    if !messages.isEmpty { warnings?(messages) }
    return value ?? .void
  }

  /// Calls `function` once for each of `count` argument lists, keeping up to `window` calls in
  /// flight on this connection (the node runs a connection's calls in order): a transfer in
  /// pieces then overlaps encoding, the wire and the node's work, and only `window` pieces
  /// are held here at a time. Stops at the first call that fails (after the replies to the
  /// calls already sent), with that call's message.
  public func callEach(
    _ function: String, count: Int, window: Int = 2, arguments: (Int) -> [Value]
  ) throws(ConnectionError) -> [Value] {
    try lock.withLock { _ throws(ConnectionError) in
      var sent = 0
      var values: [Value] = []
      var failure: String?
      func send() throws(ConnectionError) {
        let body: [UInt8]
        do {
          body = try Request.call(function: function, source: "", arguments: arguments(sent)).encode()
        } catch {
          throw ConnectionError(error.message)
        }
        channel.writeAndFlush(Frame.buffer(body, allocator: channel.allocator), promise: nil)
        sent += 1
      }
      while sent < min(max(window, 1), count) { try send() }
      while values.count < sent {
        var messages = ""
        var outcome: Outcome?
        var value: Value?
        while outcome == nil {
          switch try replies.next(timeout: replyTimeout, from: "\(peerAlias) (\(host):\(port))") {
          case .output: continue
          case .errorOutput(let s): messages += s
          case .done(let o, let v): (outcome, value) = (o, v)
          case .welcome: continue
          }
        }
        if outcome != .ok && failure == nil {
          failure =
            messages.withoutTrailingNewlines.isEmpty
            ? "\(function) failed on \(peerAlias)" : messages.withoutTrailingNewlines
        }
        values.append(value ?? .void)
        if failure == nil && sent < count { try send() }
      }
      if let failure { throw ConnectionError(failure) }
      return values
    }
  }

  public var isOpen: Bool { channel.isActive }

  public func close() {
    channel.close(promise: nil)
  }

  deinit { channel.close(promise: nil) }
}

/// Replies in arrival order, waited for with a deadline.
final class ReplyQueue: Sendable {
  private let items = Mutex<[Result<[UInt8], ConnectionError>]>([])
  private let available = ThreadSemaphore()

  func push(_ item: Result<[UInt8], ConnectionError>) {
    items.withLock { $0.append(item) }
    available.signal()
  }

  /// The next reply; with `tick`, the wait is cut in slices of 0.1 s and `tick` runs after each.
  func next(timeout: Double, from peer: String, tick: (() -> Void)? = nil) throws(ConnectionError) -> Reply {
    var waited = 0.0
    while true {
      let slice = tick == nil ? timeout : min(0.1, max(timeout - waited, 0))
      if available.wait(seconds: slice) { break }
      waited += slice
      guard waited < timeout else { throw ConnectionError("\(peer) did not answer within \(Int(timeout)) s") }
      tick?()
    }
    let item = items.withLock { $0.isEmpty ? nil : $0.removeFirst() }
    switch item {
    case .success(let bytes)?:
      do {
        return try Reply.decode(bytes)
      } catch {
        throw ConnectionError("bad reply from \(peer): \(error)")
      }
    case .failure(let e)?:
      // Keep the failure for whoever waits next.
      push(.failure(e))
      throw e
    case nil:
      throw ConnectionError("no reply from \(peer)")
    }
  }
}

final class ReplyHandler: ChannelInboundHandler, Sendable {
  typealias InboundIn = [UInt8]
  let replies: ReplyQueue
  init(_ replies: ReplyQueue) { self.replies = replies }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    replies.push(.success(unwrapInboundIn(data)))
  }

  func channelInactive(context: ChannelHandlerContext) {
    replies.push(.failure(ConnectionError("the node closed the connection")))
  }

  func errorCaught(context: ChannelHandlerContext, error: Error) {
    replies.push(.failure(ConnectionError("connection error: \(error)")))
    context.close(promise: nil)
  }
}

extension String {
  /// The text without the newlines that end it (a message printed as one line).
  var withoutTrailingNewlines: String {
    var s = Substring(self)
    while s.last == "\n" { s = s.dropLast() }
    return String(s)
  }
}
