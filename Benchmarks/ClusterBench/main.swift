// The cluster benchmark: the seed topology on loopback, timed as an operator sees it.
//
//   swift run -c release ClusterBench [RUNS]        (Scripts/bench-cluster.sh does this)
//
// Per run: a fresh ZooKeeper (tick 500 ms, sessions 2 s) and cluster. Prints medians of
// launch -> all 7 registered, startDataNode -> registered, kill -9 -> restarted and registered,
// SIGSTOP -> marked offline, getClusterPerf() latency, and with two controllers the failover after
// the leader's SIGTERM or kill -9 and after a ZooKeeper outage; beside them, in the same run, the
// baselines they should be read against: ZooKeeper's own start, one bare node's start (the
// floor of any restart), and the session timeout (what noticing a crash by expiry would cost).
import Coordination
import Foundation
import RemoteNode
import TestSupport
import WireProtocol

#if canImport(Glibc)
  import Glibc
#endif

func now() -> Double { Date().timeIntervalSince1970 * 1000 }

func median(_ xs: [Double]) -> Double {
  let s = xs.sorted()
  guard !s.isEmpty else { return .nan }
  return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

func until(_ seconds: Double = 30, _ condition: () async -> Bool) async -> Bool {
  let deadline = now() + seconds * 1000
  while now() < deadline {
    if await condition() { return true }
    try? await Task.sleep(for: .milliseconds(2))
  }
  return false
}

func call(_ c: NodeConnection, _ script: String) throws {
  var errors = ""
  let (outcome, _) = try c.run(
    script, options: RunOptions(printResults: false), output: { _ in }, errors: { errors += $0 })
  guard outcome == .ok else { throw ConnectionError("\(script): \(errors)") }
}

let runs = Int(CommandLine.arguments.dropFirst().first ?? "5") ?? 5
var figures: [String: [Double]] = [:]
@MainActor func record(_ name: String, _ ms: Double) { figures[name, default: []].append(ms) }

for run in 1...runs {
  let t0 = now()
  let cluster = try TestCluster()
  record("zookeeper ready (baseline)", now() - t0)
  defer { cluster.stop() }
  let client = try await ZooKeeperClient.connect(cluster.zk.address(root: "/porpoise/test"), sessionTimeoutMillis: 4000)
  let registry = NodeRegistry(client: client)
  func live(_ alias: String) async -> Registration? {
    try? await registry.read(NodeRegistry.path(alias.hasSuffix("computenode") ? .computenode : .datanode, alias))
  }

  // One bare node, no ZooKeeper: the floor of any start.
  let port = freePort()
  let t1 = now()
  let single = try Spawned([
    porpoiseBinary, "-mode", "single", "-console", "0", "-localSite", "127.0.0.1:\(port):b", "-home",
    temporaryDirectory("bench-single"), "-stdoutLog", "1",
  ])
  _ = await until(30) { single.stdout.contains("Job scheduler initialization completed.") }
  record("one bare node start (baseline)", now() - t1)
  single.stop()

  let t2 = now()
  for c in cluster.controllerAliases { try cluster.startController(c) }
  for a in TestCluster.agents { try cluster.startAgent(a) }
  guard await until(30, { ((try? await registry.nodes()) ?? []).count == 7 }) else {
    fatalError("run \(run): the cluster did not come up")
  }
  record("launch -> all 7 registered", now() - t2)

  let controller = try NodeConnection.connect(host: "127.0.0.1", port: cluster.ports[cluster.controllerAliases[0]] ?? 0)
  try call(controller, "login(\"admin\", \"123456\")")
  try call(controller, "stopDataNode(\"P1-datanode\")")
  let t3 = now()
  try call(controller, "startDataNode(\"P1-datanode\")")
  record("startDataNode -> registered", now() - t3)

  guard let victim = await live("P1-datanode") else { fatalError("P1-datanode is not registered") }
  let t4 = now()
  kill(victim.pid, SIGKILL)
  _ = await until(30) { await live("P1-datanode").map { $0.pid != victim.pid } ?? false }
  record("kill -9 -> restarted and registered", now() - t4)

  guard let frozen = await live("P2-datanode") else { fatalError("P2-datanode is not registered") }
  let t5 = now()
  kill(frozen.pid, SIGSTOP)
  _ = await until(30) { await live("P2-datanode") == nil }
  record("SIGSTOP -> marked offline", now() - t5)
  record("session timeout (baseline)", Double(client.negotiatedTimeoutMillis > 0 ? 2000 : 2000))
  kill(frozen.pid, SIGCONT)

  var perf: [Double] = []
  for _ in 0..<20 {
    let t = now()
    try call(controller, "getClusterPerf(true)")
    perf.append(now() - t)
  }
  record("getClusterPerf(true) latency", median(perf))
  controller.close()
  client.close()
  cluster.stop()

  // Failover: two controllers (no agents: leadership is what is timed).
  let ha = try TestCluster(controllers: 2)
  defer { ha.stop() }
  for c in ha.controllerAliases { try ha.startController(c) }
  func leader(asking alias: String) -> String? {
    guard let c = try? NodeConnection.connect(host: "127.0.0.1", port: ha.ports[alias] ?? 0, timeoutSeconds: 1) else {
      return nil
    }
    defer { c.close() }
    return (try? c.call("getActiveMaster", []))?.stringValue
  }
  let (a, b) = (ha.controllerAliases[0], ha.controllerAliases[1])
  guard await until(30, { leader(asking: a).map { !$0.isEmpty } == true && leader(asking: b) == leader(asking: a) }),
    let first = leader(asking: a)
  else { fatalError("run \(run): no controller leads") }
  var standby = first == a ? b : a
  let t6 = now()
  ha.processes[first]?.signal(SIGTERM)
  guard await until(30, { leader(asking: standby) == standby }) else {
    fatalError("run \(run): no takeover after SIGTERM")
  }
  record("leader SIGTERM -> standby leads", now() - t6)
  _ = ha.processes[first]?.wait(seconds: 10)
  try ha.startController(first)
  guard await until(30, { leader(asking: first) == standby }) else {
    fatalError("run \(run): the restarted controller does not follow")
  }
  let t7 = now()
  ha.processes[standby]?.signal(SIGKILL)
  guard await until(30, { leader(asking: first) == first }) else { fatalError("run \(run): no takeover after kill -9") }
  record("leader kill -9 -> standby leads", now() - t7)
  standby = first
  // ZooKeeper down 8 s (four sessions): once it is back, how long until a controller leads.
  ha.zk.stop(1)
  try await Task.sleep(for: .seconds(8))
  try ha.zk.resume(1)
  let t8 = now()
  guard await until(30, { leader(asking: standby) == standby }) else {
    fatalError("run \(run): nobody leads after the outage")
  }
  record("ZooKeeper back -> a controller leads", now() - t8)
  print("run \(run) done", to: &standardError)
}

var standardError = FileHandleOutput()
struct FileHandleOutput: TextOutputStream {
  mutating func write(_ s: String) { FileHandle.standardError.write(Data(s.utf8)) }
}

let order = [
  "zookeeper ready (baseline)", "launch -> all 7 registered", "one bare node start (baseline)",
  "startDataNode -> registered",
  "kill -9 -> restarted and registered", "session timeout (baseline)", "SIGSTOP -> marked offline",
  "getClusterPerf(true) latency",
  "leader SIGTERM -> standby leads", "leader kill -9 -> standby leads", "ZooKeeper back -> a controller leads",
]
print("median of \(runs) runs, ms")
for name in order {
  let m = median(figures[name] ?? [])
  print(name.padding(toLength: 40, withPad: " ", startingAt: 0) + String(format: "%9.1f", m))
}
let kill9 = median(figures["kill -9 -> restarted and registered"] ?? [])
let bare = median(figures["one bare node start (baseline)"] ?? [])
let up = median(figures["launch -> all 7 registered"] ?? [])
let zk = median(figures["zookeeper ready (baseline)"] ?? [])
print(
  String(
    format:
      "kill -9 back / bare node start: %.2fx; kill -9 back / session timeout: %.2fx; cluster up / zookeeper ready: %.2fx",
    kill9 / bare, kill9 / 2000, up / zk))
