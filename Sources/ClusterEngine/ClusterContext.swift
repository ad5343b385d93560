import AccessControl
import ClusterConfig
import Coordination
import JobRunner
import PorpoiseSupport
import RemoteNode
import ScriptRuntime
import ScriptSession
import Synchronization
import TableStorage

#if canImport(Glibc)
  import Glibc
#endif

/// What a node knows of itself and its cluster, shared by all its sessions' built-ins.
public final class ClusterContext: Sendable {
  public let launch: NodeLaunch
  /// The ZooKeeper session; nil on a standalone node.
  public let coordination: CoordinationSession?
  private let serverStatistics = Mutex<ServerStatistics?>(nil)
  let initialized = Atomic<Bool>(false)
  /// The leader's fence while this controller leads (for fenced writes of built-ins); nil
  /// when it does not lead.
  let fence = Mutex<Fence?>(nil)
  public let startedAt = ClusterClock.millis()
  /// The tables shared with every session of this node (`share t as name`).
  public let sharedObjects = SharedObjects()
  /// The node's function views (`addFunctionView`), kept in its home.
  public let functionViews: FunctionViewStore
  /// The node's queries of database tables (`getRunningQueries`, `getCompletedQueries`); nil
  /// when the node is started with `perfMonitoring=false`.
  public let queries: QueryLog?
  private let logSink = Mutex<(@Sendable (String) -> Void)?>(nil)
  private let membershipHolder = Mutex<ClusterMembership?>(nil)
  /// Which clients the node's port accepts (IP lists, per-IP limits), and where they are kept.
  public let admission = ConnectionAdmission()
  /// `datanodeRestartInterval` (seconds; 0: off): how long a failed data or compute node stays
  /// down before the leading controller starts it again (`setDatanodeRestartInterval` changes it).
  let datanodeRestartSeconds: Atomic<Int>
  let ipAccess: IPAccessStore
  /// A controller's members, which `addNode` and `removeNode` change (nil on other nodes).
  public internal(set) var membership: ClusterMembership? {
    get { membershipHolder.withLock { $0 } }
    set { membershipHolder.withLock { $0 = newValue } }
  }
  /// Where `writeLog` writes: the node's log (nothing on the embedded node, which has none).
  public var log: (@Sendable (String) -> Void)? {
    get { logSink.withLock { $0 } }
    set { logSink.withLock { $0 = newValue } }
  }
  private let shutdownHandler = Mutex<(@Sendable () -> Void)?>(nil)
  /// What `shutdown()` does: stop the node cleanly (nil on the embedded node and on a node
  /// with a console, which stop with their shell).
  public var shutdown: (@Sendable () -> Void)? {
    get { shutdownHandler.withLock { $0 } }
    set { shutdownHandler.withLock { $0 = newValue } }
  }
  /// The users: in ZooKeeper for a cluster, in the home folder of a standalone node.
  public let users: UserService
  /// The cluster's `dfs://` databases as this node reaches them: on data and compute nodes of
  /// a cluster, and on controllers for the chunk functions; nil elsewhere (the embedded node
  /// keeps them on its disk).
  public let dfs: DFSNodeService?
  /// The node's batch jobs (`submitJob` and kin), under `batchJobDir`.
  public let jobs: JobService
  /// The most bytes one query's result may take (`memLimitOfQueryResult`, in GB, changed by
  /// `setMemLimitOfQueryResult`): by default half of `maxMemSize` (8 GB when unset), at most 8 GB.
  public let queryResultLimit: Atomic<Int>
  /// What an administrator changes while the node runs: maxMemSize and the log's level.
  public let settings: NodeSettings
  /// User-level resource tracking (`resourceSamplingInterval` and kin).
  public let resources: ResourceTracker
  /// The trading calendar files (`marketHolidayDir`, by default `<home>/marketHoliday`).
  public let marketHolidays: MarketHolidayFolder
  /// The calendar files that could not be read at start, told once, to the first session.
  let calendarProblems: Mutex<[String]>

  /// The bytes a parameter in GB (`maxMemSize=12`, `memLimitOfQueryResult=0.5`) names; nil when
  /// it is unset or not a size (more than a million GB is not one).
  public static func gigabytes(_ text: String?) -> Int? {
    guard let gb = text.flatMap(Double.init), gb > 0, gb < 1_000_000 else { return nil }
    return Int(gb * 1_073_741_824)
  }

  /// `bundledCalendars`: the folder of calendars a new `marketHolidayDir` starts with (the
  /// executable's `Stdlib/marketHoliday`); nil starts it empty.
  public init(launch: NodeLaunch, coordination: CoordinationSession?, bundledCalendars: String? = nil) {
    self.launch = launch
    self.coordination = coordination
    let p = launch.parameters
    let workers = [p["maxBatchJobWorker"], p["workerNum"]].compactMap { $0.flatMap(Int.init) }.first { $0 > 0 }
    let clock = SystemClock()
    jobs = JobService(
      settings: JobService.Settings(
        node: launch.site.alias, folder: p["batchJobDir"] ?? launch.home + "/batchJobs",
        workers: workers ?? max(2, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))),
        history: p["maxBatchJobHistory"].flatMap(Int.init) ?? 10_000, sysmgmt: launch.home + "/sysmgmt"),
      clock: { clock.nowNanoseconds() })
    dfs = coordination.flatMap { c in
      launch.mode.isWorker || launch.mode == .controller
        ? DFSNodeService(coordination: c, launch: launch, clock: c.clock) : nil
    }
    functionViews = FunctionViewStore(home: launch.home)
    ipAccess = IPAccessStore(home: launch.home)
    datanodeRestartSeconds = Atomic(min(max(Int(p["datanodeRestartInterval"] ?? "") ?? 0, 0), 86_400))
    queries = launch.flag("perfMonitoring", default: true) ? QueryLog() : nil
    queryResultLimit = Atomic(
      ClusterContext.gigabytes(p["memLimitOfQueryResult"])
        ?? min((ClusterContext.gigabytes(p["maxMemSize"]) ?? 8 << 30) / 2, 8 << 30))
    settings = NodeSettings(parameters: p)
    resources = ResourceTracker(
      settings: ResourceTracker.Settings(parameters: p, home: launch.home), now: { clock.nowNanoseconds() })
    let holidays = MarketHolidayFolder(path: p["marketHolidayDir"] ?? launch.home + "/marketHoliday")
    marketHolidays = holidays
    let seeding = bundledCalendars.flatMap { holidays.seed(from: $0) }
    calendarProblems = Mutex((seeding.map { [$0] } ?? []) + holidays.load(into: sharedObjects.calendars))
    let enhanced = launch.flag("enhancedSecurityVerification", default: false)
    if coordination != nil {
      let reference = ClusterContextReference()
      users = UserService(store: ZooKeeperUserStore(reference), enhancedPasswords: enhanced)
      reference.set(self)
    } else {
      users = UserService(store: FileUserStore(home: launch.home), enhancedPasswords: enhanced)
    }
    // The connections' traffic, once the node serves them (counted only when tracking is set up).
    if resources.isConfigured {
      resources.setTraffic { [weak self] in self?.statistics?.sessionRegistry.takeTraffic() ?? [:] }
    }
    // Subscription offsets kept with persistOffset=true outlive the node's run.
    sharedObjects.streams.offsets.keep(in: TopicOffsetFile(home: launch.home))
  }

  public var alias: String { launch.site.alias }
  public var mode: NodeMode { launch.mode }
  public var isLeader: Bool { fence.withLock { $0 != nil } }
  /// Where the node's timeouts and backoffs read "now": the coordination session's clock.
  var clock: MillisClock { coordination?.clock ?? .system }

  /// The statistics of the node's script server, once it serves.
  public var statistics: ServerStatistics? {
    get { serverStatistics.withLock { $0 } }
    set {
      if resources.isConfigured { newValue?.sessionRegistry.countsTraffic.store(true, ordering: .relaxed) }
      serverStatistics.withLock { $0 = newValue }
    }
  }

  /// The ZooKeeper client, or an error a script can show.
  func client() throws(ClusterError) -> any CoordinationClient {
    guard let coordination else { throw ClusterError(ClusterMessages.standaloneNode()) }
    guard let c = coordination.client, c.state == .connected else {
      throw ClusterError(ClusterMessages.registryUnavailable(coordination.address))
    }
    return c
  }

  /// The session timeout nodes and agents of this cluster use.
  var sessionTimeoutMillis: Int { coordination?.sessionTimeoutMillis ?? 10_000 }
}

/// A cluster operation that failed, in words a script shows.
public struct ClusterError: Error, Sendable, CustomStringConvertible {
  public let message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}

extension ZooKeeperError {
  var cluster: ClusterError { ClusterError(description) }
}
extension RegistryError {
  var cluster: ClusterError { ClusterError(message) }
}
