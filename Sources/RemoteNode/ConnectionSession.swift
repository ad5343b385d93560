import NIOCore
import ScriptRuntime
import ScriptSession
import ScriptSyntax
import Synchronization
import WireProtocol

#if canImport(Glibc)
  import Glibc
#endif

/// A connection's session and the thread it runs on. Requests are run in arrival order; each
/// ends with one `done` reply.
final class ConnectionSession: @unchecked Sendable {
  // @unchecked: `session` is created and used only on `worker`'s thread.
  let channel: Channel
  let worker: ScriptWorker
  let makeSession: SessionFactory
  let statistics: ServerStatistics
  let frameLimit: FrameLimit
  private var session: Session?
  /// The session's stop flag, set from the event loop while the worker runs a request.
  private let stop = InterruptFlag()
  /// The connection's number on this node (`getConsoleJobs`' sessionId).
  let sessionId: Int
  /// Set once the client has gone: nothing more runs for it.
  private let closed = Atomic<Bool>(false)

  init(
    channel: Channel, worker: ScriptWorker, makeSession: @escaping SessionFactory, statistics: ServerStatistics,
    frameLimit: FrameLimit
  ) {
    self.channel = channel
    self.worker = worker
    self.makeSession = makeSession
    self.statistics = statistics
    self.frameLimit = frameLimit
    sessionId = statistics.sessions.add(1, ordering: .relaxed).newValue
    let remote = channel.remoteAddress
    statistics.sessionRegistry.register(
      sessionId: sessionId, remote: (remote?.ipAddress ?? "", remote?.port ?? 0), now: ConnectionSession.utcMillis()
    ) { [channel] in
      channel.close(promise: nil)
    }
  }

  static func utcMillis() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_REALTIME, &ts)
    return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
  }

  /// The client has gone: stop what runs, drop what waits, and let the worker end.
  func close() {
    statistics.sessionRegistry.unregister(sessionId: sessionId)
    closed.store(true, ordering: .sequentiallyConsistent)
    stop.request()
    worker.stop(droppingQueued: true)
  }

  /// Sends a reply; safe from any thread.
  func send(_ reply: Reply) {
    let body: [UInt8]
    do {
      body = try reply.encode()
    } catch {
      send(.errorOutput("error: \(error)\n"))
      if case .done(let outcome, _) = reply { send(.done(outcome == .ok ? .runtimeError : outcome, nil)) }
      return
    }
    statistics.sessionRegistry.addTraffic(sessionId: sessionId, sent: body.count, received: 0)
    channel.writeAndFlush(Frame.buffer(body, allocator: channel.allocator), promise: nil)
  }

  /// The client's Ctrl-C: stops the request that is running, if any.
  func interrupt() { stop.request() }

  /// Queues a request as it came off the wire; it is decoded on the worker.
  func submit(_ bytes: [UInt8]) {
    statistics.sessionRegistry.addTraffic(sessionId: sessionId, sent: 0, received: bytes.count)
    worker.submit { [self] in
      let request: Request
      do {
        request = try Request.decode(bytes)
      } catch {
        send(.errorOutput("error: bad request: \(error)\n"))
        send(.done(.refused, nil))
        return
      }
      statistics.running.add(1, ordering: .relaxed)
      defer { statistics.running.subtract(1, ordering: .relaxed) }
      handle(request)
      // Logged in, the session may send messages up to the protocol's limit (asked by name:
      // a session token would be signed just to be compared with nil).
      if frameLimit.value < maxMessageBytes, let user = session?.machine.access?.userName, user != "guest" {
        frameLimit.set(maxMessageBytes)
      }
    }
  }

  private func current() -> Session {
    if let session { return session }
    let s = makeSession(
      ReplySink(self, error: false), ReplySink(self, error: true), channel.remoteAddress?.ipAddress ?? "unknown")
    s.machine.interruption = stop
    s.machine.sessionId = Int64(sessionId)
    s.machine.remoteAddress = channel.remoteAddress?.ipAddress ?? ""
    session = s
    return s
  }

  private func handle(_ request: Request) {
    let s = current()
    // The session's entry is brought up to date before the reply ends the request: a client
    // that asks right after (getSessionMemoryStat on another connection) sees who it is now.
    func done(_ outcome: Outcome, _ value: Value?) {
      statistics.sessionRegistry.touch(
        sessionId: sessionId, user: s.machine.access?.userName ?? "guest", now: ConnectionSession.utcMillis(),
        memSize: s.machine.variableBytes)
      send(.done(outcome, value))
    }
    // A console job while it runs: listed by getConsoleJobs, stopped by cancelConsoleJob.
    let desc: String
    switch request {
    case .run(let name, let text, _): desc = name == "<remote>" ? text : name
    case .call(let function, _, _): desc = function
    case .dotCommand(let line): desc = line
    case .hello, .interrupt: desc = ""
    }
    let remote = channel.remoteAddress
    let job = statistics.consoleJobs.begin(
      user: s.machine.access?.userName ?? "guest", desc: desc,
      receiveTime: s.machine.clock.nowNanoseconds() / 1_000_000, sessionId: sessionId,
      remote: (remote?.ipAddress ?? "", remote?.port ?? 0), stop: stop)
    defer { statistics.consoleJobs.end(job) }
    // A Ctrl-C that came after the last request ended stops nothing new; a client that has
    // gone gets nothing run at all.
    stop.clear()
    if closed.load(ordering: .sequentiallyConsistent) { return }
    switch request {
    case .hello, .interrupt: break
    case .run(let name, let text, let options):
      s.printResults = options.printResults
      s.echo = options.echo
      let outcome = s.run(text: text, name: name)
      let value = options.returnValue && outcome == .ok ? (s.lastValue ?? .void) : nil
      done(Outcome(outcome), value)
    case .call(let function, let source, let arguments):
      do throws(ScriptError) {
        let f = source.isEmpty ? try s.machine.lookupFunction(function) : try define(function, source, in: s)
        guard let f else { throw ScriptError(RemoteMessages.functionNotDefined(function)) }
        let value = try s.machine.call(f, arguments)
        done(.ok, value)
      } catch {
        send(.errorOutput(error.message))
        done(.runtimeError, nil)
      }
    case .dotCommand(let line):
      // Only the commands that act on the session: `.read` would run a file of this node's
      // past the right `run` needs (SCRIPT_EXEC); shells read their files where they are.
      let name = line.split(separator: " ").first.map(String.init) ?? ""
      guard RemoteForwarder.remoteCommands.contains(name) else {
        send(
          .errorOutput(
            "error: '\(name)' is not run on a node; there: \(RemoteForwarder.remoteCommands.sorted().joined(separator: " "))\n"
          ))
        done(.runtimeError, nil)
        return
      }
      let result = s.runDotCommand(line)
      done(result == .ok ? .ok : .runtimeError, nil)
    }
  }
}

extension ConnectionSession {
  /// A function sent as its source: a `def` defines it by name, a lambda evaluates to it.
  func define(_ name: String, _ source: String, in s: Session) throws(ScriptError) -> FunctionValue? {
    try s.define(name, source: source, failure: ScriptError(RemoteMessages.cannotDefineFunction(name)))
  }
}

/// A session sink that sends what is written back to the client.
final class ReplySink: OutputSink {
  unowned let connection: ConnectionSession
  let error: Bool
  init(_ connection: ConnectionSession, error: Bool) {
    self.connection = connection
    self.error = error
  }
  func write(_ text: String) { connection.send(error ? .errorOutput(text) : .output(text)) }
}

extension Outcome {
  init(_ outcome: RunOutcome) {
    switch outcome {
    case .ok: self = .ok
    case .syntaxError: self = .syntaxError
    case .runtimeError: self = .runtimeError
    }
  }
}
