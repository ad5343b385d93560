import ClusterConfig
import Foundation
import Logging
import PorpoiseSupport
import RemoteNode
import ScriptSession
import Synchronization
import WebConsole

#if canImport(Glibc)
  import Glibc
#endif

/// What one node process is: its role, its address, its parameters and its home folder.
public struct NodeLaunch: Sendable {
  public var mode: NodeMode
  public var site: Site
  public var parameters: [String: String]
  public var home: String
  public var version: String

  public init(mode: NodeMode, site: Site, parameters: [String: String], home: String, version: String) {
    self.mode = mode
    self.site = site
    self.parameters = parameters
    self.home = home
    self.version = version
  }

  /// A boolean parameter.
  public func flag(_ name: String, default fallback: Bool) -> Bool {
    NodeParameters.isTrue(parameters[name], default: fallback)
  }
}

/// What a role adds to a serving node: registration, election, supervision. Started after
/// the port is bound, stopped before it is released.
public protocol NodeRole: AnyObject, Sendable {
  func start() async throws(NodeStartError)
  func stop() async
}

/// Runs a node process: binds its port, starts its role, serves scripts until SIGTERM (or
/// until the console's shell ends), then shuts down in order.
public enum NodeRunner {
  /// Blocks the signals the node handles itself; call before any thread is started, so every
  /// thread inherits the mask and only `sigwait` sees them.
  public static func blockShutdownSignals(includingInterrupt: Bool) {
    var set = sigset_t()
    sigemptyset(&set)
    sigaddset(&set, SIGTERM)
    sigaddset(&set, SIGHUP)
    if includingInterrupt { sigaddset(&set, SIGINT) }
    pthread_sigmask(SIG_BLOCK, &set, nil)
  }

  /// Serves until a shutdown signal arrives, or `console` returns. Returns the exit code. With
  /// a console, a signal ends the process from another thread through `endProcess` (the
  /// executable's `exit`: a library never ends the process itself).
  public static func run(
    _ launch: NodeLaunch, context: ClusterContext, logger: Logger, makeSession: @escaping SessionFactory,
    role: NodeRole?,
    console: (() -> Void)? = nil, endProcess: @escaping @Sendable (Int32) -> Never
  ) -> Int32 {
    logger.info(
      "\(launch.mode.rawValue) \(launch.site) starting (porpoise \(launch.version), pid \(getpid()), home \(launch.home))"
    )
    let server: ScriptServer
    do {
      server = try ScriptServer.start(
        host: launch.site.host, port: launch.site.port,
        identity: NodeIdentity(alias: launch.site.alias, mode: launch.mode.rawValue, version: launch.version),
        limits: ServerLimits(maxConnections: Int(launch.parameters["maxConnections"] ?? "") ?? 512),
        web: WebConsole(alias: launch.site.alias, makeSession: makeSession), admission: context.admission,
        refused: { ip, why, count in
          // The first refusal of an address, then every hundredth: a client retrying in a loop
          // does not fill the log.
          if count == 1 || count % 100 == 0 {
            logger.warning("Refused a connection from \(ip): \(why) (\(count) refused from it so far)")
          }
        },
        makeSession: makeSession)
    } catch {
      logger.error("\(error)")
      logger.error("The node \(launch.site.alias) is shutting down.")
      let hint =
        error.code == 98
        ? "another process is using port \(error.port); stop it, or give this node another port in its localSite"
        : error.reason
      writeError("error: \(error) (\(hint))\n")
      return 69
    }
    context.statistics = server.statistics
    // The IP lists and limits as the node starts, then as the cluster changes them.
    let admissionRefresh = Task {
      while !Task.isCancelled {
        await context.ipAccess.refresh(context)
        try? await Task.sleep(for: .seconds(1))
      }
    }
    defer { admissionRefresh.cancel() }
    logger.info("Listening on \(launch.site.host):\(server.port)")
    // A shutdown signal is taken by one thread from here on, so that a node still starting
    // (waiting for ZooKeeper, say) stops at once instead of after its start times out.
    let event = ThreadSemaphore()
    let watch = ShutdownWatch(notifying: event)
    if let role {
      let started = Mutex<Result<Void, NodeStartError>?>(nil)
      Task {
        do throws(NodeStartError) {
          try await role.start()
          started.withLock { $0 = .success(()) }
        } catch {
          started.withLock { $0 = .failure(error) }
        }
        event.signal()
      }
      while true {
        event.wait()
        if let signal = watch.signal {
          logger.info("Received signal \(signal) while starting; shutting down.")
          server.stop()
          logger.info("The node \(launch.site.alias) is stopped.")
          return 0
        }
        guard let result = started.withLock({ $0 }) else { continue }
        if case .failure(let error) = result {
          logger.error("\(error.message)")
          writeError("error: \(error.message)\n")
          server.stop()
          return error.exitCode
        }
        break
      }
    }
    // DolphinDB's order: startup.dos, the scheduled jobs restored and firing (a session made
    // first tells the scheduler how fired slots make theirs), then postStart.dos.
    StartupScripts.run("startup", defaultName: "startup.dos", launch: launch, logger: logger, makeSession: makeSession)
    _ = makeSession(StringSink(), StringSink(), "scheduler")
    context.jobs.scheduler.start()
    logger.info("Job scheduler initialization completed.")
    StartupScripts.run(
      "postStart", defaultName: "postStart.dos", launch: launch, logger: logger, makeSession: makeSession)
    // No new connections; leave the registry (the cluster sees the node go); let the jobs
    // that run finish, within a bound an agent's SIGKILL would not cut short. Once, whichever
    // asks first: a signal or the end of the console.
    let once = OnceFlag()
    let stopped = ThreadSemaphore()
    let shutDown: @Sendable (String) -> Void = { reason in
      guard once.claim() else { return }
      logger.info("\(reason)")
      server.stop()
      if let role { blockingAwait { () async in await role.stop() } }
      drain(server.statistics, logger: logger, seconds: 8)
      logger.info("The node \(launch.site.alias) is stopped.")
      stopped.signal()
    }
    if let console {
      // The console blocks this thread reading the terminal: a signal stops the node from
      // another one, and ends the process there (the line editor puts the terminal back).
      Thread.detachNewThread {
        while watch.signal == nil { event.wait() }
        shutDown("Received signal \(watch.signal ?? 0); shutting down.")
        endProcess(0)
      }
      console()
      shutDown("The console ended; shutting down.")
    } else {
      while watch.signal == nil { event.wait() }
      shutDown("Received signal \(watch.signal ?? 0); shutting down.")
    }
    stopped.wait()
    return 0
  }

  static func drain(_ statistics: ServerStatistics, logger: Logger, seconds: Double) {
    var waited = 0.0
    if statistics.runningJobs > 0 { logger.info("Waiting for \(statistics.runningJobs) running job(s) to finish") }
    while statistics.runningJobs > 0 && waited < seconds {
      usleep(20_000)
      waited += 0.02
    }
    if statistics.runningJobs > 0 {
      logger.warning("\(statistics.runningJobs) job(s) still running after \(Int(seconds)) s; stopping anyway")
    }
  }

  static func writeError(_ text: String) {
    var t = text
    t.withUTF8 { buf in _ = Glibc.write(2, buf.baseAddress, buf.count) }
  }
}

/// The first shutdown signal (SIGTERM, SIGHUP, or SIGINT where it is blocked), taken with
/// sigwait by a thread of its own; `notifying` is signalled when it arrives.
final class ShutdownWatch: Sendable {
  private let received = Mutex<Int32?>(nil)

  init(notifying event: ThreadSemaphore) {
    Thread.detachNewThread { [self] in
      var set = sigset_t()
      sigemptyset(&set)
      sigaddset(&set, SIGTERM)
      sigaddset(&set, SIGHUP)
      sigaddset(&set, SIGINT)
      var signal: Int32 = 0
      while sigwait(&set, &signal) != 0 {}
      self.received.withLock { $0 = signal }
      event.signal()
    }
  }

  /// The signal, once one arrived.
  var signal: Int32? { received.withLock { $0 } }
}

/// True for the first caller of `claim` only.
final class OnceFlag: Sendable {
  private let claimed = Mutex(false)

  func claim() -> Bool {
    claimed.withLock { was in
      defer { was = true }
      return !was
    }
  }
}
