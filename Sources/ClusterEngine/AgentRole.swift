import ClusterConfig
import Coordination
import Logging
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// An agent: registers itself, learns from ZooKeeper which data and compute nodes are its
/// own, and keeps each one's process in its desired state. With ZooKeeper away it goes on by
/// the last desired state it read (also kept on disk).
final class AgentRole: NodeRole {
  let context: ClusterContext
  let logger: Logger
  let registered: RegisteredRole
  let supervisor: Supervisor
  let wake = Wakeup()
  private let loopTask = Mutex<Task<Void, Never>?>(nil)

  init(
    context: ClusterContext, logger: Logger, executable: String, launcher: any ProcessLauncher = SystemProcessLauncher()
  ) {
    self.context = context
    self.logger = logger
    self.registered = RegisteredRole(context: context, logger: logger)
    let p = context.launch.parameters
    let policy = RestartPolicy(
      maxDelayMillis: (Int(p["restartBackoffMax"] ?? "") ?? 30) * 1000,
      stopTimeoutMillis: (Int(p["stopTimeout"] ?? "") ?? 10) * 1000)
    let wake = self.wake
    supervisor = Supervisor(
      agent: context.alias, home: context.launch.home, zkConnect: p["zkConnect"] ?? "",
      sessionTimeoutMillis: context.sessionTimeoutMillis, policy: policy, logger: logger, executable: executable,
      childSecret: context.coordination?.digest?.secretText, launcher: launcher, clock: context.clock,
      onChange: { wake.signal() })
  }

  func start() async throws(NodeStartError) {
    try await attach()
    let task = Task { [self] in await loop() }
    loopTask.withLock { $0 = task }
  }

  /// Loads what the last run knew, registers and listens to the session; `step` then does
  /// the work (the loop, or a test).
  func attach() async throws(NodeStartError) {
    await supervisor.loadCaches()
    try await registered.start()
    context.coordination?.onEvent { [wake] _ in wake.signal() }
    context.coordination?.onRenewed { [supervisor] _ in await supervisor.forgetWritten() }
  }

  func stop() async {
    loopTask.withLock { $0?.cancel() }
    let pids = await supervisor.runningPids
    if !pids.isEmpty { logger.info("Leaving \(pids.count) node(s) running for the next agent to adopt") }
    await registered.stop()
  }

  private func loop() async {
    while !Task.isCancelled {
      await step()
      // A restart due sooner than the next pass is not kept waiting for it.
      await wake.wait(milliseconds: min(250, await supervisor.nextDueMillis ?? 250))
    }
  }

  /// One pass: read what ZooKeeper wants, act on it, write back what changed.
  func step() async {
    var registered: Set<String>?
    if let client = context.coordination?.client, client.state == .connected {
      do throws(ZooKeeperError) {
        if let (members, _) = try await client.document([PublishedNode].self, at: ClusterPaths.configNodes, watch: true)
        {
          await supervisor.setMembers(members)
        }
        for alias in await supervisor.nodes.keys.sorted() {
          if let (d, _) = try await client.document(DesiredState.self, at: ClusterPaths.desired(alias), watch: true) {
            await supervisor.setDesired(alias, d)
          }
        }
        var live = Set<String>()
        for mode in [NodeMode.datanode, .computenode] {
          do {
            live.formUnion(try await client.children(ClusterPaths.nodes(mode), watch: true))
          } catch {
            if error.code != ZooKeeperError.noNode { throw error }
          }
        }
        registered = live
      } catch {
        logger.warning("reading the cluster state: \(error.description)")
      }
    }
    await supervisor.reconcile(registered: registered)
    guard let client = context.coordination?.client, client.state == .connected else { return }
    for (alias, mode, pid) in await supervisor.takeStaleRegistrations() {
      await removeStale(alias, mode, pid, client)
    }
    for alias in await supervisor.takeForgotten() {
      do {
        try await client.delete(ClusterPaths.status(alias))
      } catch {
        if error.code != ZooKeeperError.noNode {
          logger.warning("removing the status of \(alias): \(error.description)")
        }
      }
    }
    for (alias, status) in await supervisor.changedStatuses(agentSession: client.credentials.hex) {
      do {
        try await client.put(status, at: ClusterPaths.status(alias))
        await supervisor.written(alias, status)
      } catch {
        logger.warning("writing the status of \(alias): \(error.description)")
      }
    }
  }

  /// A crashed child's znode lingers until its session times out; remove it now, but only if
  /// it is still that process's (a restarted node may have registered already).
  private func removeStale(_ alias: String, _ mode: NodeMode, _ pid: Int32, _ client: any CoordinationClient) async {
    let path = ClusterPaths.node(mode, alias)
    guard let (r, version) = try? await client.document(Registration.self, at: path), r.pid == pid,
      r.host == context.launch.site.host
    else { return }
    try? await client.delete(path, version: version)
  }
}
