import ClusterConfig
import Coordination
import Foundation
import Logging

/// How an agent restarts crashed nodes: capped exponential backoff, and `failed` after too
/// many crashes in a window (systemd's StartLimitBurst, without its "forever").
struct RestartPolicy: Sendable {
  var firstDelayMillis = 100
  var maxDelayMillis: Int
  var burst = 5
  var windowMillis: Int64 = 60_000
  /// A run this long clears the crash count.
  var healthyMillis: Int64 = 30_000
  var stopTimeoutMillis: Int

  func delay(afterFailures n: Int) -> Int {
    min(maxDelayMillis, firstDelayMillis << min(max(n - 1, 0), 20))
  }
}

/// The state an agent keeps for one node it owns.
struct SupervisedNode {
  var member: PublishedNode
  var process: (any SupervisedProcess)?
  var state: NodeStatus.State = .stopped
  var observedGeneration = 0
  var restarts = 0
  var failures: [Int64] = []
  var failedGeneration: Int?
  var nextStartAt: Int64 = 0
  var startedAt: Int64?
  var lastRegisteredAt: Int64?
  var stopDeadline: Int64?
  var lastExit: String?
  var lastExitAt: Int64?
  var lastWritten: NodeStatus?
  /// No longer in the cluster's members: stopped, then forgotten.
  var removed = false
}

/// Starts, stops and restarts the nodes of one agent to match their desired state. All of its
/// state is the actor's; child exits arrive as calls from the threads that wait for them.
actor Supervisor {
  let agent: String
  let home: String
  let zkConnect: String
  let sessionTimeoutMillis: Int
  let policy: RestartPolicy
  let logger: Logger
  let executable: String
  let onChange: @Sendable () -> Void
  let launcher: any ProcessLauncher
  let clock: MillisClock
  var nodes: [String: SupervisedNode] = [:]
  var desired: [String: DesiredState] = [:]

  /// Handed to each node started, on a pipe (the cluster's ZooKeeper digest).
  let childSecret: String?

  init(
    agent: String, home: String, zkConnect: String, sessionTimeoutMillis: Int, policy: RestartPolicy, logger: Logger,
    executable: String, childSecret: String? = nil, launcher: any ProcessLauncher = SystemProcessLauncher(),
    clock: MillisClock = .system, onChange: @escaping @Sendable () -> Void
  ) {
    self.launcher = launcher
    self.clock = clock
    self.childSecret = childSecret
    self.agent = agent
    self.home = home
    self.zkConnect = zkConnect
    self.sessionTimeoutMillis = sessionTimeoutMillis
    self.policy = policy
    self.logger = logger
    self.executable = executable
    self.onChange = onChange
  }

  /// How long a live node may stay unregistered before it counts as hung: its session's
  /// expiry, plus as long again (at least 5 s) for a node that thaws to register anew.
  var hangMillis: Int64 { Int64(sessionTimeoutMillis + max(sessionTimeoutMillis, 5000)) }

  func nodeHome(_ alias: String) -> String { "\(home)/\(alias)" }
  var desiredCache: String { "\(home)/desired.json" }
  var membersCache: String { "\(home)/members.json" }
  /// Restart counts and last exits, so a restarted agent goes on counting where it was.
  var historyCache: String { "\(home)/restarts.json" }

  /// What is kept of a node across agent restarts.
  struct History: Codable, Equatable {
    var restarts: Int
    var lastExit: String?
    var lastExitAt: Int64?
  }

  func saveHistory() {
    let history = nodes.mapValues { History(restarts: $0.restarts, lastExit: $0.lastExit, lastExitAt: $0.lastExitAt) }
    saveJSON(history, historyCache)
  }

  // MARK: What the agent owns and wants

  /// Takes the members this agent owns; new ones are adopted from their pidfiles when their
  /// process still runs (an agent restart starts no duplicates).
  func setMembers(_ members: [PublishedNode]) {
    let owned = members.filter { $0.agent == agent && $0.mode.isWorker }
    let history = loadJSON([String: History].self, historyCache) ?? [:]
    for m in owned {
      if nodes[m.alias] == nil {
        var n = SupervisedNode(member: m)
        if let h = history[m.alias] {
          n.restarts = h.restarts
          n.lastExit = h.lastExit
          n.lastExitAt = h.lastExitAt
        }
        if let child = adopt(m.alias) {
          n.process = child
          n.state = .starting
          n.startedAt = clock.now
          logger.info("Adopted \(m.alias) (pid \(child.pid)) left running by an earlier agent")
        }
        nodes[m.alias] = n
      } else {
        nodes[m.alias]?.member = m
      }
    }
    // A node taken out of cluster.nodes is stopped (and forgotten once down). Only when the
    // list names this agent: a list without it is not this cluster's, whatever it is.
    if members.contains(where: { $0.alias == agent }) {
      let kept = Set(owned.map(\.alias))
      for alias in nodes.keys.sorted() where !kept.contains(alias) && nodes[alias]?.removed == false {
        nodes[alias]?.removed = true
        logger.info("\(alias) is no longer in the cluster's nodes; stopping it")
      }
    }
    if owned != loadJSON([PublishedNode].self, membersCache) { saveJSON(owned, membersCache) }
  }

  func setDesired(_ alias: String, _ d: DesiredState) {
    guard desired[alias] != d else { return }
    desired[alias] = d
    saveJSON(desired, desiredCache)
  }

  /// What the agent knew before it (or ZooKeeper) went away: it keeps supervising by it.
  func loadCaches() {
    if let members = loadJSON([PublishedNode].self, membersCache) { setMembers(members) }
    desired = loadJSON([String: DesiredState].self, desiredCache) ?? [:]
  }

  // MARK: Reconciling

  /// One pass over every owned node. `registered` is the set of aliases with a live
  /// registration, or nil when ZooKeeper cannot be read (the hang watchdog then waits).
  func reconcile(registered: Set<String>?) {
    let now = clock.now
    for alias in nodes.keys.sorted() {
      if nodes[alias]?.removed == true && nodes[alias]?.process == nil {
        nodes[alias] = nil
        forgotten.append(alias)
        continue
      }
      guard var n = nodes[alias] else { continue }
      // A removed node is stopped whatever was last asked for it.
      guard let d = n.removed ? DesiredState(state: .stopped, generation: n.observedGeneration, by: "") : desired[alias]
      else { continue }
      defer { nodes[alias] = n }
      if d.generation != n.observedGeneration {
        // A new request: a failed node gets a fresh start.
        if n.state == .failed { n.state = .stopped }
        n.failures = []
        n.failedGeneration = nil
        n.nextStartAt = 0
        n.observedGeneration = d.generation
      }
      switch d.state {
      case .running:
        if let p = n.process {
          if registered?.contains(alias) == true {
            n.lastRegisteredAt = now
            n.state = .running
          } else if registered != nil, now - (n.lastRegisteredAt ?? n.startedAt ?? now) > hangMillis {
            logger.warning(
              "\(alias) (pid \(p.pid)) is alive but not registered for \(now - (n.lastRegisteredAt ?? n.startedAt ?? now)) ms; killing it"
            )
            p.signal(SIGKILL)
            n.lastRegisteredAt = now
          }
        } else if n.state == .failed {
          continue
        } else if now >= n.nextStartAt {
          start(&n)
        } else {
          n.state = .backoff
        }
      case .stopped:
        if let p = n.process {
          if n.stopDeadline == nil {
            logger.info("Stopping \(alias) (pid \(p.pid)) with SIGTERM")
            p.signal(SIGTERM)
            n.stopDeadline = now + Int64(policy.stopTimeoutMillis)
            n.state = .stopping
          } else if let deadline = n.stopDeadline, now > deadline {
            logger.warning("\(alias) (pid \(p.pid)) did not stop within \(policy.stopTimeoutMillis) ms; SIGKILL")
            p.signal(SIGKILL)
            n.stopDeadline = now + 60_000
          }
        } else {
          n.state = .stopped
        }
      }
    }
  }

  private func start(_ n: inout SupervisedNode) {
    let m = n.member
    let dir = nodeHome(m.alias)
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    var argv = [
      executable, "-mode", m.mode.rawValue, "-console", "0", "-localSite", m.site.description, "-home", dir,
      "-zkConnect", zkConnect, "-zkSessionTimeout", String(sessionTimeoutMillis), "-agent", agent,
      "-logFile", "\(dir)/\(m.alias).log",
    ]
    let own: Set<String> = [
      "mode", "localSite", "home", "logFile", "zkConnect", "zkSessionTimeout", "agent", "console", "stdoutLog",
    ]
    for (name, value) in m.parameters.sorted(by: { $0.key < $1.key }) where !own.contains(name) {
      argv += ["-\(name)", value]
    }
    let alias = m.alias
    do {
      let child = try launcher.spawn(argv, output: "\(dir)/stdout.log", secret: childSecret) { [weak self] how in
        Task { await self?.exited(alias, how) }
      }
      let pid = child.pid
      try? "\(pid) \(child.startTime)\n".write(toFile: "\(dir)/porpoise.pid", atomically: true, encoding: .utf8)
      n.process = child
      n.state = .starting
      n.startedAt = clock.now
      n.lastRegisteredAt = nil
      n.stopDeadline = nil
      logger.info("Started \(alias) (pid \(pid))")
    } catch {
      logger.error("Cannot start \(alias): \(error.message)")
      failed(&n, "spawn failed: \(error.message)")
    }
  }

  /// A child ended: a stop we asked for, or a crash to restart after a backoff.
  func exited(_ alias: String, _ how: String) {
    guard var n = nodes[alias] else { return }
    defer {
      nodes[alias] = n
      onChange()
    }
    let pid = n.process?.pid
    n.process = nil
    n.lastExit = how
    n.lastExitAt = clock.now
    try? FileManager.default.removeItem(atPath: "\(nodeHome(alias))/porpoise.pid")
    if n.stopDeadline != nil || desired[alias]?.state == .stopped || n.removed {
      n.stopDeadline = nil
      n.state = .stopped
      logger.info("\(alias) (pid \(pid ?? 0)) stopped: \(how)")
      return
    }
    n.restarts += 1
    failed(&n, how)
    nodes[alias] = n
    saveHistory()
    staleRegistrations.append((alias, n.member.mode, pid ?? 0))
  }

  private func failed(_ n: inout SupervisedNode, _ how: String) {
    let now = clock.now
    if let started = n.startedAt, now - started > policy.healthyMillis { n.failures = [] }
    n.failures = n.failures.filter { now - $0 < policy.windowMillis } + [now]
    if n.failures.count >= policy.burst {
      n.state = .failed
      n.failedGeneration = n.observedGeneration
      logger.error(
        "\(n.member.alias) failed \(n.failures.count) times within \(policy.windowMillis / 1000) s (last: \(how)); not restarting it until it is started again"
      )
    } else {
      let delay = policy.delay(afterFailures: n.failures.count)
      n.nextStartAt = now + Int64(delay)
      n.state = .backoff
      logger.warning("\(n.member.alias) ended (\(how)); restarting in \(delay) ms")
    }
  }

  /// Milliseconds until the next delayed restart is due, if any.
  var nextDueMillis: Int? {
    let now = clock.now
    let due = nodes.values.filter { $0.process == nil && $0.state == .backoff }.map { max(0, $0.nextStartAt - now) }
    return due.min().map { Int($0) }
  }

  /// Registrations of crashed children to remove (so others see "down" at once).
  var staleRegistrations: [(String, NodeMode, Int32)] = []
  var forgotten: [String] = []

  func takeStaleRegistrations() -> [(String, NodeMode, Int32)] {
    defer { staleRegistrations = [] }
    return staleRegistrations
  }

  /// Removed nodes that are down and forgotten since last asked: their status goes too.
  func takeForgotten() -> [String] {
    defer { forgotten = [] }
    return forgotten
  }

  /// Every node's status, for those that changed since last written.
  func changedStatuses(agentSession: String) -> [(String, NodeStatus)] {
    var out: [(String, NodeStatus)] = []
    for (alias, n) in nodes.sorted(by: { $0.key < $1.key }) {
      let s = NodeStatus(
        state: n.state, observedGeneration: n.observedGeneration, pid: n.process?.pid, restarts: n.restarts,
        lastExit: n.lastExit, lastExitAt: n.lastExitAt, startedAt: n.process == nil ? nil : n.startedAt, agent: agent,
        agentSession: agentSession)
      var comparable = s
      comparable.updatedAt = n.lastWritten?.updatedAt ?? 0
      if comparable != n.lastWritten { out.append((alias, s)) }
    }
    return out
  }

  func written(_ alias: String, _ s: NodeStatus) { nodes[alias]?.lastWritten = s }

  /// Forgets what was written (a new session: write everything again).
  func forgetWritten() {
    for k in nodes.keys { nodes[k]?.lastWritten = nil }
  }

  /// On agent shutdown: the nodes keep running (a restarted agent adopts them).
  var runningPids: [Int32] { nodes.values.compactMap { $0.process?.pid } }

  // MARK: Files

  private func adopt(_ alias: String) -> (any SupervisedProcess)? {
    guard let text = try? String(contentsOfFile: "\(nodeHome(alias))/porpoise.pid", encoding: .utf8) else { return nil }
    let parts = text.split(whereSeparator: { $0 == " " || $0 == "\n" })
    guard parts.count == 2, let pid = Int32(parts[0]), let start = UInt64(parts[1]) else { return nil }
    return launcher.adopt(pid: pid, startTime: start) { [weak self] how in
      Task { await self?.exited(alias, how) }
    }
  }

  private func loadJSON<T: Decodable>(_ type: T.Type, _ path: String) -> T? {
    guard let data = FileManager.default.contents(atPath: path) else { return nil }
    return try? JSONDecoder().decode(type, from: data)
  }

  private func saveJSON<T: Encodable>(_ value: T, _ path: String) {
    guard let data = try? JSONEncoder().encode(value) else { return }
    try? data.write(to: URL(fileURLWithPath: path), options: .atomic)
  }
}
