import ClusterConfig
import Coordination
import Logging
import Synchronization

/// A controller: registers itself, campaigns for leadership (several controllers may run; one
/// leads per epoch), and while leading publishes the cluster's config and the desired state of
/// every data and compute node. Every leader write is fenced by its epoch.
final class ControllerRole: NodeRole {
  let context: ClusterContext
  let logger: Logger
  let registered: RegisteredRole
  let membership: ClusterMembership
  let clusterFileText: String
  let wake = Wakeup()
  private let loopTask = Mutex<Task<Void, Never>?>(nil)
  private let jobsTask = Mutex<Task<Void, Never>?>(nil)
  private let history = Mutex(History())
  /// Fires the cluster schedules while this controller leads.
  let clusterJobs: ClusterScheduler

  /// What the log has said of this controller's part: led before, standby under which epoch.
  struct History {
    var hasLed = false
    var standbyUnder: Int?
  }

  init(
    context: ClusterContext, logger: Logger, files: ControllerFiles, dispatch: (any ClusterJobDispatch)? = nil
  ) {
    self.context = context
    self.logger = logger
    self.registered = RegisteredRole(context: context, logger: logger)
    membership = ClusterMembership(files)
    context.membership = membership
    self.clusterFileText = files.clusterFileText
    clusterJobs = ClusterScheduler(
      dispatch: dispatch ?? ClusterJobSender(users: context.users), now: { [jobs = context.jobs] in jobs.nowMillis },
      note: { [logger] in logger.info("\($0)") })
  }

  func start() async throws(NodeStartError) {
    try await attach()
    let task = Task { [self] in await loop() }
    loopTask.withLock { $0 = task }
    // Apart from the election's loop: a slow node must not delay noticing a lost lead.
    let jobs = Task { [self] in
      while !Task.isCancelled {
        await stepJobs()
        try? await Task.sleep(for: .seconds(1))
      }
    }
    jobsTask.withLock { $0 = jobs }
  }

  /// One pass over the cluster schedules and the failed nodes, while this controller leads.
  func stepJobs() async {
    guard let fence = context.fence.withLock({ $0 }), let client = context.coordination?.client,
      client.state == .connected
    else { return }
    await clusterJobs.step(client, fence)
    await stepRestarts(client)
  }

  /// `datanodeRestartInterval`: a data or compute node its agent gave up on (`failed`) that
  /// should run is asked to start again once it has been down that long: a new desired
  /// generation, which the agent takes as a fresh start. One request per failure: the next
  /// waits until the agent has seen it and failed again.
  func stepRestarts(_ client: any CoordinationClient) async {
    let seconds = context.datanodeRestartSeconds.load(ordering: .relaxed)
    guard seconds > 0, context.isLeader else { return }
    do throws(ZooKeeperError) {
      let view = try await ClusterView.read(client)
      for m in view.members where m.mode.isWorker {
        guard let s = view.statuses[m.alias], s.state == .failed,
          let (d, _) = try await client.document(DesiredState.self, at: ClusterPaths.desired(m.alias)),
          d.state == .running, s.observedGeneration >= d.generation
        else { continue }
        let down = context.clock.now - (s.lastExitAt ?? s.updatedAt)
        guard down >= Int64(seconds) * 1000 else { continue }
        do throws(ClusterError) {
          _ = try await ClusterBuiltins.writeDesired(context, [m.alias], .running)
          logger.warning(
            "\(m.alias) failed and has been down \(down / 1000) s (datanodeRestartInterval=\(seconds)): starting it again"
          )
        } catch {
          logger.warning("restarting \(m.alias) after datanodeRestartInterval: \(error.message)")
        }
      }
    } catch {
      logger.warning("checking for failed nodes to restart: \(error.description)")
    }
  }

  /// Registers and listens to the session; `step` then does the work (the loop, or a test).
  func attach() async throws(NodeStartError) {
    try await registered.start()
    context.coordination?.onEvent { [wake] _ in wake.signal() }
    context.coordination?.onRenewed { [self] _ in demote("the ZooKeeper session expired") }
  }

  func stop() async {
    loopTask.withLock { $0?.cancel() }
    jobsTask.withLock { $0?.cancel() }
    if context.isLeader { demote("shutting down") }
    await registered.stop()
  }

  private func loop() async {
    while !Task.isCancelled {
      await step()
      await wake.wait(milliseconds: 200)
    }
  }

  /// One pass: check the lead, or campaign for it.
  func step() async {
    guard let coordination = context.coordination else { return }
    guard let client = coordination.client, client.state == .connected else {
      // Curator's LOST: a leader cut off for most of its session must assume it was replaced.
      if context.isLeader, let gone = coordination.disconnectedMillis,
        gone > Int64(coordination.sessionTimeoutMillis * 2 / 3)
      {
        demote("cut off from ZooKeeper for \(gone) ms")
      }
      return
    }
    let election = ControllerElection(client: client)
    do throws(ZooKeeperError) {
      if context.isLeader {
        let owner = try await client.exists(ClusterPaths.leader, watch: true)
        if owner?.ephemeralOwner != client.credentials.id { demote("the leader record is no longer ours") }
        return
      }
      if let stat = try await client.exists(ClusterPaths.leader, watch: true) {
        guard stat.ephemeralOwner == client.credentials.id else {
          if let leader = try await election.leader(watch: true) { noteStandby(leader) }
          if let adopted = try await membership.follow(client) { logger.info("\(adopted)") }
          return
        }
        // Our session outlived an outage after we stepped down: the record still names us, so
        // no standby can win and nobody would lead. Give it up and run again like the others.
        try await client.delete(ClusterPaths.leader, version: stat.version)
        logger.info("Gave up the leader record of a term this controller had ended; running for leadership again")
      }
      let site = context.launch.site
      guard let fence = try await election.campaign(alias: site.alias, host: site.host, port: site.port) else { return }
      do {
        try await publish(fence, client)
      } catch {
        // Leading without having published would leave the cluster with a silent leader.
        try? await client.delete(ClusterPaths.leader)
        throw error
      }
      context.fence.withLock { $0 = fence }
      context.initialized.store(true, ordering: .relaxed)
      let again = history.withLock { h in
        defer { h = History(hasLed: true, standbyUnder: nil) }
        return h.hasLed
      }
      logger.info("\(site.alias) is \(again ? "leading again" : "the leading controller") (epoch \(fence.epoch))")
    } catch {
      logger.warning("controller election: \(error.description)")
    }
  }

  /// Logs once per leader that this controller is a standby, and under whom.
  private func noteStandby(_ leader: LeaderRecord) {
    let changed = history.withLock { h in
      defer { h.standbyUnder = leader.epoch }
      return h.standbyUnder != leader.epoch
    }
    if changed { logger.info("standby; the leader is \(leader.alias) (epoch \(leader.epoch))") }
  }

  /// The leader's first writes: the cluster's members and files, and a desired state for every
  /// data and compute node that has none yet (a first start runs them all).
  private func publish(_ fence: Fence, _ client: any CoordinationClient) async throws(ZooKeeperError) {
    let election = ControllerElection(client: client)
    for path in [
      ClusterPaths.configNodes, ClusterPaths.configNodesFile, ClusterPaths.configClusterFile, ClusterPaths.configDFS,
      ClusterPaths.configMembersEdit,
    ] {
      if try await client.exists(path) == nil { try await client.putBytes([], at: path) }
    }
    try await client.createPath(ClusterPaths.desiredRoot)
    try await client.createPath(ClusterPaths.statusRoot)
    // An edit published while this controller was cut off is taken first, as a standby would
    // have (one just started takes its own files instead).
    if let adopted = try await membership.follow(client) { logger.info("\(adopted)") }
    let members = membership.members
    var (operations, sequence) = try await membership.electionOperations(client, by: context.alias)
    operations += [
      .set(ClusterPaths.configClusterFile, data: Array(clusterFileText.utf8), version: -1),
      .set(
        ClusterPaths.configDFS, data: ZNodeJSON.encode(DFSSettings(parameters: context.launch.parameters)),
        version: -1),
    ]
    // A node taken out of cluster.nodes loses its desired state (put back, it starts afresh).
    let workers = Set(members.filter(\.mode.isWorker).map(\.alias))
    for alias in try await client.children(ClusterPaths.desiredRoot) where !workers.contains(alias) {
      operations.append(.delete(ClusterPaths.desired(alias), version: -1))
    }
    for m in members where m.mode.isWorker {
      if try await client.exists(ClusterPaths.desired(m.alias)) == nil {
        let d = DesiredState(state: .running, generation: 1, by: context.alias)
        operations.append(.create(ClusterPaths.desired(m.alias), data: ZNodeJSON.encode(d), mode: .persistent))
      }
    }
    try await election.fenced(fence, operations)
    membership.didPublish(sequence)
    logger.info("Published \(members.count) members and the desired state of the data and compute nodes")
  }

  func demote(_ reason: String) {
    let wasLeading = context.fence.withLock { f in
      defer { f = nil }
      return f != nil
    }
    guard wasLeading else { return }
    history.withLock { $0.standbyUnder = nil }
    logger.warning("No longer the leading controller: \(reason)")
  }
}
