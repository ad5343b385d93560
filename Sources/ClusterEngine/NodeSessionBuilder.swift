import AccessControl
import ClusterConfig
import DistributedStorage
import Foundation
import JobRunner
import Licensing
import RemoteNode
import ScriptRuntime
import ScriptSession
import TableStorage

/// The one place a session of a node is made: the embedded node's (shell and batch runner),
/// each connection's on a node process, and the golden tests'. Every built-in area is plugged in
/// with its constants, and the access gate, the file guard and the memory limit are wired alike,
/// so no caller can leave one out.
public struct NodeSessionBuilder: Sendable {
  /// The node: its launch parameters (`home`, `maxMemSize`, `newValuePartitionPolicy`,
  /// `dataSync`), its log, and its users unless `users` says otherwise.
  public let context: ClusterContext
  /// The license the node runs under, which `updateLicense()` may replace.
  public let license: LicenseState
  /// The users logins are checked against (default: the node's).
  public var users: UserService
  /// Where `use` finds the standard modules, and other module folders.
  public var stdlibDirectory: String?
  public var moduleDirectories: [String] = []
  /// The clock scripts read (tests fix it).
  public var clock: @Sendable () -> ScriptClock = { SystemClock() }

  public init(context: ClusterContext, license: LicenseState) {
    self.context = context
    self.license = license
    users = context.users
  }

  /// The node's module folder (`moduleDir`, else `<home>/modules`): searched after the
  /// others, before the standard modules; `saveModule` writes there.
  public var modulesDirectory: String {
    let home = context.launch.home
    guard let dir = context.launch.parameters["moduleDir"], !dir.isEmpty else { return home + "/modules" }
    return dir.hasPrefix("/") ? dir : home + "/" + dir
  }

  /// `maxMemSize` in bytes when the node sets one (as it started, or as `setMaxMemSize` changed it).
  public var maxMemoryBytes: Int? { context.settings.maxMemoryBytes }

  /// A new session writing to `output` and `errors` (a connection's sinks, or the terminal's).
  public func makeSession(output: OutputSink, errors: OutputSink) -> Session {
    let p = context.launch.parameters
    let storage = StorageEngine(
      home: context.launch.home, newValuePartitionPolicy: p["newValuePartitionPolicy"] ?? "add",
      dataSync: NodeParameters.isTrue(p["dataSync"], default: true))
    // Warnings are written on the session's own thread, where its sinks live.
    let warnings = SinkBox(errors)
    storage.warn = { message in warnings.sink.write("warning: \(message)\n") }
    let context = self.context
    // On a cluster's data and compute nodes, dfs:// is the cluster's: its built-ins come after
    // the local engine's and take over their names for dfs:// paths.
    let local = storage.library
    // On the embedded node, dfs:// goes through the same tables with a catalog in files; the
    // databases its engine made before stay the engine's.
    let standalone = { () -> [BuiltinLibrary] in
      var cluster = DFSCluster.standalone(
        home: context.launch.home, sync: storage.dataSync, newValuePartitionPolicy: storage.newValuePartitionPolicy)
      cluster.warn = storage.warn
      return [
        DFSBuiltins.library(cluster, over: local) { [storage] path in
          guard let name = try? storage.canonical(path), name.hasPrefix("dfs://"), !storage.hasDatabase(name) else {
            return nil
          }
          return name
        }
      ]
    }
    let libraries =
      [local] + (context.dfs?.libraries(over: local, warn: storage.warn) ?? standalone()) + [
        RemoteBuiltins.library, ClusterBuiltins.library(context),
        NodeAdministrationBuiltins.library(context, license: license),
        LicenseBuiltins.library(license) { new in
          context.log?("License updated online: \(new.authorization) for \(new.clientName) until \(new.expiration)")
        },
        AccessBuiltins.library, FunctionViewBuiltins.library(context.functionViews),
        MarketCalendarBuiltins.library(context.marketHolidays),
        ModuleBuiltins.library(saveDirectory: modulesDirectory),
        JobBuiltins.library(
          context.jobs, consoles: { context.statistics?.consoleJobs },
          connections: { context.statistics?.sessionRegistry }, note: context.log
        ) {
          [self] identity, output throws(ScriptError) in
          try makeJobSession(identity, output: output)
        },
        ClusterJobBuiltins.library(context) { [self] identity, output throws(ScriptError) in
          try makeJobSession(identity, output: output)
        },
      ]
    let session = Session(output: output, errors: errors, clock: clock(), libraries: libraries)
    session.machine.sharedObjects = context.sharedObjects
    let views = context.functionViews
    session.machine.functionViews = { [unowned machine = session.machine] name in
      FunctionViewBuiltins.view(name, views, in: machine)
    }
    // What one value may take: sizes from scripts are checked against it before allocating.
    session.machine.nodeMaxMemory = { [settings = context.settings] in settings.maxMemoryBytes }
    // What one query's result may take, node-wide (setMemLimitOfQueryResult changes it for all).
    let access = SessionAccess(service: users)
    // The user's own limit, granted with QUERY_RESULT_MEM_LIMIT, when it is the lower one.
    session.machine.queryResultLimit = { [context, access] in
      let node = context.queryResultLimit.load(ordering: .relaxed)
      return access.queryResultLimitBytes.map { min($0, node) } ?? node
    }
    // The user's own limit on what one query's reads of database tables may take.
    session.machine.taskGroupLimit = { [access] in access.taskGroupLimitBytes }
    access.warn = { [unowned session] in session.errors.write($0) }
    session.machine.access = access
    if context.resources.isConfigured { track(session, access) }
    if let queries = context.queries { monitorQueries(session, access, queries) }
    session.fileGuard = { path throws(ScriptError) in try storage.checkNotSystemFile(path) }
    session.stdlibDirectory = stdlibDirectory
    session.moduleDirectories = moduleDirectories
    let home = context.launch.home
    session.nodeModuleDirectory = (
      modulesDirectory,
      modulesDirectory.hasPrefix(home + "/") ? "<home>" + modulesDirectory.dropFirst(home.count) : modulesDirectory
    )
    // `preloadModules=a,b` and what `loadModule` loaded: imported by every session.
    let configured = (p["preloadModules"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    for name in configured where !name.isEmpty {
      do throws(ScriptError) { try session.machine.use(name) } catch {
        errors.write("warning: preloadModules: \(error.message)\n")
      }
    }
    for problem in context.calendarProblems.withLock({ all in
      defer { all = [] }; return all
    }) {
      errors.write("warning: marketHolidayDir: \(problem)\n")
    }
    for (name, source) in context.sharedObjects.preloadedModules {
      do throws(ScriptError) { try session.machine.use(name, source: source) } catch {
        errors.write("warning: loadModule(\"\(name)\"): \(error.message)\n")
      }
    }
    return session
  }
}

extension NodeSessionBuilder {
  /// Resource tracking of the session: whether it runs and the memory its variables hold, and
  /// the database tables its queries read.
  func track(_ session: Session, _ access: SessionAccess) {
    let tracker = context.resources
    let tracked = tracker.track(user: access.userName)
    access.userChanged = { user in tracker.update(tracked.key, user: user) }
    // Memory is measured when a run ends, and between its statements once per sampling
    // interval (a measure walks every variable).
    let interval = UInt64(tracker.settings.interval ?? 1) * 1_000_000_000
    let measured = MeasuredAt()
    session.activity = { [unowned machine = session.machine] step in
      guard tracker.isEnabled else { return }
      let now = machine.clock.monotonicNanoseconds()
      switch step {
      case .began: tracker.update(tracked.key, running: true)
      case .statementEnded:
        guard now &- measured.time >= interval else { return }
        measured.time = now
        tracker.update(tracked.key, memory: machine.variableBytes)
      case .ended:
        measured.time = now
        tracker.update(tracked.key, running: false, memory: machine.variableBytes)
      }
    }
    session.machine.tableReadObserver = { read in tracker.record(read, session: tracked.key, user: access.userName) }
  }

  /// The session's queries of database tables, in the node's query log.
  func monitorQueries(_ session: Session, _ access: SessionAccess, _ queries: QueryLog) {
    // A session runs one outermost query at a time: the job id of the one running.
    final class Running { var id = "" }
    let running = Running()
    session.machine.queryMonitor = { [unowned machine = session.machine] event in
      switch event {
      case .began(let text, let start):
        running.id = UUID().uuidString.lowercased()
        queries.began(
          QueryLog.Entry(
            userID: access.userName, sessionID: machine.sessionId, jobID: running.id, startTime: start, endTime: nil,
            jobDesc: text, remoteIP: machine.remoteAddress, progress: machine.queryProgress))
      case .ended(let end, let error): queries.ended(running.id, at: end, error: error)
      }
    }
  }

  /// A job's session: like any other, writing everything to the job's messages, logged in as
  /// the user who submitted the job (by that session's token) or who scheduled it (by a token
  /// made for them now, under their current generation: a password change since does not
  /// stop their schedules; a deleted user's do not run).
  public func makeJobSession(_ identity: JobIdentity, output: OutputSink) throws(ScriptError) -> Session {
    let session = makeSession(output: output, errors: output)
    guard let access = session.machine.access as? SessionAccess else { return session }
    switch identity {
    case .token(let token):
      if let token { try access.login(token: token) }
    case .user(let user):
      guard user != "guest" else { return session }
      let token: String?
      do throws(AccessFailure) {
        token = try users.directory().users[user].map { record throws(AccessFailure) in
          try users.token(for: user, issuedAt: users.currentTime(), generation: record.currentGeneration)
        }
      } catch {
        throw ScriptError(error.message)
      }
      guard let token else { throw ScriptError(ClusterMessages.schedulingUserGone(user)) }
      try access.login(token: token)
    }
    return session
  }
}

/// A sink handed to a storage engine's warning hook; used only on the session's thread.
struct SinkBox: @unchecked Sendable {
  let sink: OutputSink
  init(_ sink: OutputSink) { self.sink = sink }
}

/// When a session's memory was last measured (read and written on the session's thread).
final class MeasuredAt {
  var time: UInt64 = 0
}
