import ClusterConfig
import Coordination
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The seed's topology on loopback, as real processes: a real ZooKeeper, one or two
/// controllers and three agents started with the seed's launch lines from config files, the
/// agents starting P1-datanode, P2-datanode and P3-computenode. Everything it starts, `stop`
/// (or deinit) stops.
public final class TestCluster: @unchecked Sendable {
  public let zk: ZooKeeperServer
  public let dir: String
  public let connect: String
  public let controllerAliases: [String]
  public var ports: [String: Int] = [:]
  public var processes: [String: Spawned] = [:]
  public static let workers = ["P1-datanode", "P2-datanode", "P3-computenode"]
  public static let agents = ["P1-agent", "P2-agent", "P3-agent"]
  /// The seed's distributed topology: three data nodes and a compute node.
  public static let seedWorkers = ["P1-datanode", "P2-datanode", "P3-datanode", "P3-computenode"]
  /// The data and compute nodes, each started by the agent of its `Pn-` prefix.
  public let workers: [String]
  /// Who signed the cluster's license, so a test can issue a new one.
  public let issuer: LicenseIssuer
  /// The license file every node reads (`license=` in every config file).
  public var licensePath: String { issuer.dir + "/porpoise.lic" }
  /// The cluster's ZooKeeper credentials (`zkDigest` in controller and agent configs).
  public let digest: String?

  /// Writes the config files and starts ZooKeeper; `start()` starts the processes.
  public init(
    controllers: Int = 1, zooKeepers: Int = 1, sessionMillis: Int = 2000, clusterCfg: String = "",
    digest: String? = "porpoise:" + UUID().uuidString, workers: [String] = TestCluster.workers,
    controllerCfg: String = ""
  ) throws {
    self.digest = digest
    self.workers = workers
    let credentials = digest.map { "zkDigest=\($0)\n" } ?? ""
    zk = try ZooKeeperServer(servers: zooKeepers)
    // Seven nodes with maxMemSize=32 need more than the free license: a commercial one,
    // signed with a key made for this cluster.
    issuer = try LicenseIssuer()
    try issuer.issue(client: "Porpoise Tests", expiration: LicenseIssuer.day(365))
    let licensing = "license=\(issuer.dir)/porpoise.lic\nlicensePublicKey=\(issuer.publicKey)\n"
    dir = temporaryDirectory("porpoise-cluster")
    connect = zk.connect + "/porpoise/test"
    controllerAliases = (1...controllers).map { "controller\($0)" }
    for a in controllerAliases + TestCluster.agents + workers { ports[a] = freePort() }
    let fm = FileManager.default
    for sub in ["config", "log", "data"] {
      try fm.createDirectory(atPath: "\(dir)/\(sub)", withIntermediateDirectories: true)
    }
    var nodes = "localSite,mode\n"
    if controllers > 1 {
      for c in controllerAliases { nodes += "127.0.0.1:\(ports[c] ?? 0):\(c),controller\n" }
    }
    for agent in TestCluster.agents {
      nodes += "127.0.0.1:\(ports[agent] ?? 0):\(agent),agent\n"
      for worker in workers where TestCluster.agentNumber(worker) == TestCluster.agentNumber(agent) {
        nodes +=
          "127.0.0.1:\(ports[worker] ?? 0):\(worker),\(worker.hasSuffix("computenode") ? "computenode" : "datanode")\n"
      }
    }
    try write("config/cluster.nodes", nodes)
    try write(
      "config/cluster.cfg",
      "maxMemSize=32\nworkerNum=4\nnewValuePartitionPolicy=add\nlanCluster=0\n" + licensing + clusterCfg)
    for c in controllerAliases {
      try write(
        "config/\(c).cfg",
        "mode=controller\nlocalSite=127.0.0.1:\(ports[c] ?? 0):\(c)\nzkConnect=\(connect)\nzkSessionTimeout=\(sessionMillis)\ndataSync=1\nworkerNum=4\nmaxMemSize=8\n"
          + licensing + credentials + controllerCfg)
    }
    for (i, a) in TestCluster.agents.enumerated() {
      try write(
        "config/agent\(i + 1).cfg",
        "mode=agent\nlocalSite=127.0.0.1:\(ports[a] ?? 0):\(a)\ncontrollerSite=127.0.0.1:\(ports[controllerAliases[0]] ?? 0):\(controllerAliases[0])\nzkConnect=\(connect)\nzkSessionTimeout=\(sessionMillis)\nrestartBackoffMax=1\nstopTimeout=5\nworkerNum=4\nmaxMemSize=4\n"
          + licensing + credentials)
    }
  }

  /// `n` of a `Pn-` alias: the agent that starts it.
  static func agentNumber(_ alias: String) -> Int { Int(alias.dropFirst().prefix { $0.isNumber }) ?? 1 }

  func write(_ path: String, _ text: String) throws {
    try text.write(toFile: "\(dir)/\(path)", atomically: true, encoding: .utf8)
  }

  /// Starts the controllers and agents, and waits until every process (or those named) is
  /// registered.
  public func start(waitingFor expected: Set<String>? = nil) async throws {
    for c in controllerAliases { try startController(c) }
    for a in TestCluster.agents { try startAgent(a) }
    let wanted = expected ?? Set(ports.keys)
    guard await eventually(30, { wanted.isSubset(of: await self.registered()) }) else {
      let ended = processes.sorted { $0.key < $1.key }.compactMap { name, process in
        process.exitStatus.map { "\(name) exited \($0): \(process.stderr.suffix(400))" }
      }
      throw Spawned.SpawnFailed(
        description:
          "the cluster did not come up: registered \(await registered().sorted()); \(ended.joined(separator: "; ")); logs in \(dir)/log"
      )
    }
  }

  public func startController(_ alias: String) throws {
    processes[alias] = try Spawned(
      [
        porpoiseBinary, "-console", "0", "-mode", "controller", "-home", "data/\(alias)", "-script", "dolphindb.dos",
        "-config", "config/\(alias).cfg", "-logFile", "log/\(alias).log", "-nodesFile", "config/cluster.nodes",
        "-clusterConfig", "config/cluster.cfg",
      ], in: dir)
  }

  public func startAgent(_ alias: String) throws {
    let n = TestCluster.agents.firstIndex(of: alias).map { $0 + 1 } ?? 1
    try FileManager.default.createDirectory(atPath: "\(dir)/data/agent\(n)", withIntermediateDirectories: true)
    processes[alias] = try Spawned(
      [
        porpoiseBinary, "-console", "0", "-mode", "agent", "-home", "data/agent\(n)", "-script", "dolphindb.dos",
        "-config", "config/agent\(n).cfg", "-logFile", "log/agent\(n).log",
      ], in: dir)
  }

  /// The pid an agent recorded for one of its nodes.
  public func pid(_ worker: String) -> Int32? {
    let n = TestCluster.agentNumber(worker)
    guard let text = try? String(contentsOfFile: "\(dir)/data/agent\(n)/\(worker)/porpoise.pid", encoding: .utf8) else {
      return nil
    }
    return Int32(text.split(separator: " ").first ?? "")
  }

  public func log(_ name: String) -> String {
    (try? String(contentsOfFile: "\(dir)/log/\(name).log", encoding: .utf8)) ?? ""
  }

  /// The home folder the agent gave a data or compute node.
  public func home(_ worker: String) -> String { "\(dir)/data/agent\(TestCluster.agentNumber(worker))/\(worker)" }

  public func nodeLog(_ worker: String) -> String {
    let n = TestCluster.agentNumber(worker)
    return (try? String(contentsOfFile: "\(dir)/data/agent\(n)/\(worker)/\(worker).log", encoding: .utf8)) ?? ""
  }

  /// Live registrations read straight from ZooKeeper: alias to payload. Async: a test that
  /// blocked a thread of the cooperative pool waiting for this could starve the pool.
  public func registrations() async -> [String: Registration] {
    guard
      let client = try? await ZooKeeperClient.connect(
        zk.address(root: "/porpoise/test"), sessionTimeoutMillis: 4000, connectTimeoutMillis: 3000)
    else { return [:] }
    defer { client.close() }
    var out: [String: Registration] = [:]
    for r in (try? await NodeRegistry(client: client).nodes()) ?? [] { out[r.alias] = r }
    return out
  }

  public func registered() async -> Set<String> { Set(await registrations().keys) }

  /// Runs a script on a node with the batch runner, as an operator would.
  /// Runs a script on a node through the shell, logged in as `user` (the default
  /// administrator unless named; nil for a guest).
  public func run(on alias: String, _ script: String, user: (String, String)? = ("admin", "123456")) throws -> (
    status: Int32, stdout: String, stderr: String
  ) {
    let login = user.map { ["-uid", $0.0, "-pwd", $0.1] } ?? []
    return try Spawned.runToEnd(
      [porpoiseBinary, "-remoteHost", "127.0.0.1", "-remotePort", String(ports[alias] ?? 0)] + login + ["-e", script],
      timeout: 90)
  }

  /// The text a one-value script prints, trimmed.
  public func value(on alias: String, _ script: String) throws -> String {
    try run(on: alias, script).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// Stops agents first (they leave their nodes running), then the nodes, the controllers and
  /// ZooKeeper.
  public func stop() {
    for a in TestCluster.agents { processes[a]?.stop() }
    for w in workers {
      if let p = pid(w) {
        kill(p, SIGTERM)
        // SIGKILL only if it is still there: an ended pid may be another process's by now.
        if !waitUntil(5, { !processRuns(p) }) { kill(p, SIGKILL) }
      }
      processes[w]?.stop()
    }
    for c in controllerAliases { processes[c]?.stop() }
    zk.stop()
  }

  deinit { stop() }
}
