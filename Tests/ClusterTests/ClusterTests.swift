import Coordination
import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The cluster as an operator runs it: real ZooKeeper, real processes on 127.0.0.1, every wait
/// bounded. Serialized: each test runs a ZooKeeper and seven nodes on a 2-core machine.
@Suite(.serialized) struct ClusterTests {
  @Test func theSeedTopologyComesUpFromItsConfigFiles() async throws {
    let cluster = try TestCluster()
    defer { cluster.stop() }
    try await cluster.start()
    let c = cluster.controllerAliases[0]
    #expect(try cluster.value(on: c, "exec count(*) from getClusterPerf(true) where state = 1") == "7")
    #expect(try cluster.value(on: c, "exec mode from getClusterPerf(true)") == "[2,1,0,1,0,1,4]")
    #expect(try cluster.value(on: c, "exec name from getClusterPerf() where isLeader") == "[]")
    #expect(try cluster.value(on: c, "exec name from getClusterPerf(true) where isLeader") == "[\"\(c)\"]")
    #expect(
      try cluster.value(on: c, "exec agentSite from getClusterPerf() where name = \"P3-computenode\"")
        == "[\"127.0.0.1:\(cluster.ports["P3-agent"] ?? 0):P3-agent\"]")
    // cluster.cfg reached the nodes the agents started.
    #expect(try cluster.value(on: "P1-datanode", "getConfig(\"maxMemSize\")") == "32")
    #expect(
      try cluster.value(
        on: "P1-datanode", "getNodeAlias() + \" \" + string(getNodeType()) + \" \" + getControllerAlias()")
        == "P1-datanode 0 \(c)")
    #expect(try cluster.value(on: c, "rpc(\"P2-datanode\", getNodeAlias)") == "P2-datanode")
    #expect(try cluster.value(on: c, "exec Value from pnodeRun(getNodeType)") == "[0,0,4]")
    #expect(try cluster.value(on: c, "isControllerInitialized()") == "true")
    // Each registration names its agent and its pid.
    let regs = await cluster.registrations()
    #expect(regs["P1-datanode"]?.agent == "P1-agent")
    #expect(regs["P1-datanode"]?.pid == cluster.pid("P1-datanode"))
  }

  @Test func theShellStopsAndStartsNodesAndWaitsForThem() async throws {
    let cluster = try TestCluster()
    defer { cluster.stop() }
    try await cluster.start()
    let c = cluster.controllerAliases[0]
    let stop = try cluster.run(
      on: c, "stopDataNode([\"P1-datanode\", \"P3-computenode\"])\nexec name from getClusterPerf() where state = 0")
    #expect(stop.status == 0, "\(stop.stderr)")
    #expect(stop.stdout.trimmingCharacters(in: .newlines) == "[\"P1-datanode\",\"P3-computenode\"]")
    #expect(!(await cluster.registered().contains("P1-datanode")))
    #expect(cluster.nodeLog("P1-datanode").contains("Received signal 15; shutting down."))
    // From a data node: it asks the leading controller.
    let start = try cluster.run(
      on: "P2-datanode", "startDataNode(\"P1-datanode\")\nexec state from getClusterPerf() where name = \"P1-datanode\""
    )
    #expect(start.status == 0, "\(start.stderr)")
    #expect(start.stdout.trimmingCharacters(in: .newlines) == "[1]")
    #expect(await cluster.registered().contains("P1-datanode"))
    // The shell's own form, piped, with a typo that does not end the session.
    let shell = try Spawned.runToEnd(
      [
        "/bin/sh", "-c",
        "printf 'login(\"admin\", \"123456\")\\nstartDataNode(\"P9\")\\n' | '\(porpoiseBinary)' connect 127.0.0.1:\(cluster.ports[c] ?? 0)",
      ])
    #expect(
      shell.stderr.contains("no data or compute node 'P9' in the cluster (P1-datanode, P2-datanode, P3-computenode)"))
    let agentAsked = try cluster.run(on: c, "stopDataNode(\"P1-agent\")")
    #expect(agentAsked.status == 70)
    #expect(agentAsked.stderr.contains("'P1-agent' is an agent"))
  }

  @Test func theShellFindsTheClusterInZooKeeperAndMovesBetweenNodes() async throws {
    let cluster = try TestCluster()
    defer { cluster.stop() }
    try await cluster.start()
    // On a terminal (util-linux's `script` gives it one), typed as an operator types: each
    // line after the prompt, since libedit drops input that arrives before it takes the
    // terminal over (piping it all at once raced with that and could hang).
    let terminal = try TerminalShell("'\(porpoiseBinary)' --zk \(cluster.connect)", home: cluster.dir)
    defer { terminal.close() }
    let lines = [
      ".nodes", "x = 41", ".use P2-datanode", "getNodeAlias()", "x = 1", ".use controller1", "x + 1", ".use P9",
    ]
    for line in lines { #expect(terminal.type(line), "no prompt before \(line)") }
    terminal.close()
    let r = (stdout: terminal.output, status: terminal.process.wait(seconds: 30))
    #expect(r.status == 0)
    let text = r.stdout.replacingOccurrences(of: "\r", with: "")
    #expect(text.contains("Connected to controller1 (controller"))
    let rows = text.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
    #expect(
      rows.contains([
        "*", "controller1", "controller", "127.0.0.1:\(cluster.ports["controller1"] ?? 0)", "running", "(leader)",
        rows.first { $0.first == "*" }?.last ?? "",
      ]))
    #expect(
      rows.contains {
        $0.starts(with: [
          "P3-computenode", "computenode", "127.0.0.1:\(cluster.ports["P3-computenode"] ?? 0)", "running",
        ])
      })
    // The prompt names the node; each node keeps its session (x is 41 again on controller1).
    #expect(
      text.contains(
        "Now on P2-datanode (datanode) at 127.0.0.1:\(cluster.ports["P2-datanode"] ?? 0).\nP2-datanode> getNodeAlias()\nP2-datanode"
      ), "\(text)")
    #expect(text.contains("in its session as left.\ncontroller1> x + 1\n42"), "\(text)")
    #expect(text.contains("error: no node 'P9'"))
  }

  @Test func aKilledDataNodeIsRestartedByItsAgent() async throws {
    let cluster = try TestCluster()
    defer { cluster.stop() }
    try await cluster.start()
    guard let old = cluster.pid("P1-datanode") else {
      Issue.record("no pid for P1-datanode")
      return
    }
    let oldSession = await cluster.registrations()["P1-datanode"]?.session
    kill(old, SIGKILL)
    let back = await eventually(10) {
      guard let r = await cluster.registrations()["P1-datanode"] else { return false }
      return r.pid != old && r.session != oldSession
    }
    #expect(back)
    #expect(cluster.pid("P1-datanode") != old)
    #expect(cluster.log("agent1").contains("P1-datanode ended (signal 9); restarting in"))
    #expect(
      try cluster.value(
        on: cluster.controllerAliases[0], "exec restarts from getClusterPerf() where name = \"P1-datanode\"") == "[1]")
    // Exactly one process holds the alias.
    #expect(!processRuns(old))
  }

  @Test func aFrozenDataNodeLosesItsRegistrationAndIsReplaced() async throws {
    let cluster = try TestCluster()
    defer { cluster.stop() }
    try await cluster.start()
    guard let frozen = cluster.pid("P2-datanode") else {
      Issue.record("no pid for P2-datanode")
      return
    }
    kill(frozen, SIGSTOP)
    defer { kill(frozen, SIGCONT) }
    // The session (2 s) expires: the registration goes, and the shell sees the node down.
    #expect(await eventually(8) { !(await cluster.registered().contains("P2-datanode")) })
    // Still frozen past the watchdog's grace: the agent kills it and starts another.
    #expect(await eventually(15) { await cluster.registrations()["P2-datanode"].map { $0.pid != frozen } ?? false })
    #expect(cluster.log("agent2").contains("is alive but not registered"))
    #expect(await eventually(5) { !processRuns(frozen) })
  }

  @Test func aThawedNodeRegistersAgainUnderANewSession() async throws {
    // Session 2 s; the watchdog waits 5 s more, so a node thawed once it is gone comes back itself.
    let cluster = try TestCluster()
    defer { cluster.stop() }
    try await cluster.start()
    guard let frozen = cluster.pid("P3-computenode"), let before = await cluster.registrations()["P3-computenode"]
    else {
      Issue.record("P3-computenode is not up")
      return
    }
    kill(frozen, SIGSTOP)
    _ = await eventually(8) { !(await cluster.registered().contains("P3-computenode")) }
    kill(frozen, SIGCONT)
    #expect(
      await eventually(8) {
        await cluster.registrations()["P3-computenode"].map { $0.session != before.session } ?? false
      })
    let after = await cluster.registrations()["P3-computenode"]
    #expect(after?.pid == frozen)
    #expect(after?.incarnation == before.incarnation)
    #expect(cluster.nodeLog("P3-computenode").contains("The ZooKeeper session expired; registered again"))
  }

  @Test func aDuplicateAliasIsRefusedNotFoughtOver() async throws {
    let cluster = try TestCluster()
    defer { cluster.stop() }
    try await cluster.start()
    let before = await cluster.registrations()["P1-datanode"]
    let r = try Spawned.runToEnd(
      [
        porpoiseBinary, "-mode", "datanode", "-console", "0", "-localSite", "127.0.0.1:\(freePort()):P1-datanode",
        "-zkConnect", cluster.connect, "-zkSessionTimeout", "2000", "-home", temporaryDirectory("porpoise-dup"),
        "-stdoutLog", "1",
      ] + (cluster.digest.map { ["-zkDigest", $0] } ?? []))
    #expect(r.status == 69)
    #expect(r.stderr.contains("alias 'P1-datanode' is already registered by pid \(before?.pid ?? 0)"))
    #expect(r.stderr.contains("refusing to take it over"))
    #expect(await cluster.registrations()["P1-datanode"] == before)
  }

  @Test func aCrashLoopEndsInFailedAndANewStartClearsIt() async throws {
    let cluster = try TestCluster()
    defer { cluster.stop() }
    // Hold P1-datanode's port: every start fails to bind and exits 69.
    let port = cluster.ports["P1-datanode"] ?? 0
    let holder = try PortHolder(port: port)
    try await cluster.start(waitingFor: Set(cluster.ports.keys).subtracting(["P1-datanode"]))
    let c = cluster.controllerAliases[0]
    #expect(
      await eventually(20) {
        (try? cluster.value(on: c, "exec status from getClusterPerf() where name = \"P1-datanode\"")) == "[\"failed\"]"
      })
    #expect(cluster.log("agent1").contains("P1-datanode failed 5 times"))
    #expect(cluster.nodeLog("P1-datanode").contains("Failed to bind the socket on port \(port) with error code 98"))
    let refused = try cluster.run(on: c, "startDataNode(\"P1-datanode\")")
    #expect(refused.status == 70)
    #expect(refused.stderr.contains("P1-datanode failed to start") && refused.stderr.contains("exit 69"))
    holder.close()
    let started = try cluster.run(on: c, "startDataNode(\"P1-datanode\")")
    #expect(started.status == 0, "\(started.stderr)")
    #expect(await cluster.registered().contains("P1-datanode"))
  }

  @Test func aRestartedAgentAdoptsItsRunningNodes() async throws {
    let cluster = try TestCluster()
    defer { cluster.stop() }
    try await cluster.start()
    // One crash first: the count of restarts must outlive the agent too.
    if let first = cluster.pid("P1-datanode") { kill(first, SIGKILL) }
    let c = cluster.controllerAliases[0]
    let restarts = "exec restarts from getClusterPerf() where name = \"P1-datanode\""
    #expect(
      await eventually(15) { (try? cluster.value(on: c, restarts)) == "[1]" && cluster.pid("P1-datanode") != nil })
    guard await eventually(15, { await cluster.registered().contains("P1-datanode") }) else {
      Issue.record("P1-datanode did not come back")
      return
    }
    let pid = cluster.pid("P1-datanode")
    cluster.processes["P1-agent"]?.signal(SIGKILL)
    _ = cluster.processes["P1-agent"]?.wait(seconds: 5)
    // The node outlives its agent.
    #expect(pid.map { processRuns($0) } == true)
    try cluster.startAgent("P1-agent")
    #expect(await eventually(10) { await cluster.registered().contains("P1-agent") })
    #expect(await eventually(5) { cluster.log("agent1").contains("Adopted P1-datanode (pid \(pid ?? 0))") })
    // No duplicate: the same process still holds the alias a while later.
    try await Task.sleep(for: .seconds(1))
    #expect(await cluster.registrations()["P1-datanode"]?.pid == pid)
    #expect(cluster.pid("P1-datanode") == pid)
    #expect(
      await eventually(10) { (try? cluster.value(on: c, restarts)) == "[1]" },
      "\((try? cluster.value(on: c, restarts)) ?? "")")
  }
}

/// A listening socket that keeps a port busy.
final class PortHolder {
  let fd: Int32
  init(port: Int) throws {
    // Close-on-exec: the processes the test starts must not inherit the port.
    fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    var on: Int32 = 1
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
    let rc = withLoopbackAddress(port) { bind(fd, $0, $1) }
    guard rc == 0, listen(fd, 1) == 0 else { throw Spawned.SpawnFailed(description: "cannot hold port \(port)") }
  }
  func close() { Glibc.close(fd) }
}
