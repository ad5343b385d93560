import Coordination
import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Controllers and ZooKeeper servers failing under a running cluster. In the one serialized
/// suite: two clusters at once on two cores would make the timing of sessions a lottery.
extension ClusterTests {
  /// Epochs each controller's log says it led in.
  func epochs(_ log: String) -> [Int] {
    log.split(separator: "\n").compactMap { line in
      guard let r = line.range(of: "is the leading controller (epoch ") ?? line.range(of: "is leading again (epoch ")
      else { return nil }
      return Int(line[r.upperBound...].prefix { $0.isNumber })
    }
  }

  @Test func aStandbyControllerTakesOverAndNoTwoLeadersShareAnEpoch() async throws {
    let cluster = try TestCluster(controllers: 2)
    defer { cluster.stop() }
    try await cluster.start()
    let (a, b) = (cluster.controllerAliases[0], cluster.controllerAliases[1])
    let leader = try cluster.value(on: a, "getActiveMaster()")
    #expect(leader == a || leader == b)
    let standby = leader == a ? b : a
    #expect(try cluster.value(on: standby, "getActiveMaster()") == leader)
    #expect(try cluster.value(on: standby, "exec name from getClusterPerf(true) where isLeader") == "[\"\(leader)\"]")

    // Freeze the leader past its session: the standby wins the next epoch.
    cluster.processes[leader]?.signal(SIGSTOP)
    #expect(await eventually(10) { (try? cluster.value(on: standby, "getActiveMaster()")) == standby })
    // The new leader controls the cluster.
    let stop = try cluster.run(on: standby, "stopDataNode(\"P1-datanode\")")
    #expect(stop.status == 0, "\(stop.stderr)")

    // Thawed, the old leader finds its session gone and follows.
    cluster.processes[leader]?.signal(SIGCONT)
    #expect(await eventually(10) { cluster.log(leader).contains("No longer the leading controller") })
    #expect(await eventually(10) { (try? cluster.value(on: leader, "getActiveMaster()")) == standby })
    // Asked on the old leader, a start goes through the new one.
    let start = try cluster.run(on: leader, "startDataNode(\"P1-datanode\")")
    #expect(start.status == 0, "\(start.stderr)")
    #expect(await cluster.registered().contains("P1-datanode"))

    let first = epochs(cluster.log(leader))
    let second = epochs(cluster.log(standby))
    #expect(first == [1])
    #expect(second.count == 1 && second[0] > 1)
    #expect(Set(first).isDisjoint(with: second))
  }

  @Test func afterAZooKeeperOutageOneControllerLeadsAgainAndNodeControlWorks() async throws {
    let cluster = try TestCluster(controllers: 2)
    defer { cluster.stop() }
    try await cluster.start()
    let (a, b) = (cluster.controllerAliases[0], cluster.controllerAliases[1])
    let first = try cluster.value(on: a, "getActiveMaster()")
    #expect(first == a || first == b)

    // ZooKeeper down for ten seconds (five sessions): the leader steps down, nobody can lead.
    cluster.zk.stop(1)
    #expect(await eventually(10) { cluster.log(first).contains("No longer the leading controller") })
    // Node control fails at once with the reason, instead of waiting or looping.
    let refused = try cluster.run(on: first, "stopDataNode(\"P2-datanode\")")
    #expect(refused.status != 0)
    #expect(
      refused.stderr.contains("no controller is leading") || refused.stderr.contains("is unavailable"),
      "\(refused.stderr)")
    try await Task.sleep(for: .seconds(8))
    try cluster.zk.resume(1)

    // One controller leads again, and both say the same, everywhere they show it.
    var leader = ""
    #expect(
      await eventually(30) {
        let seen = [a, b].map { (try? cluster.value(on: $0, "getActiveMaster()")) ?? "" }
        leader = seen[0]
        return !leader.isEmpty && seen[0] == seen[1]
      })
    let standby = leader == a ? b : a
    #expect(try cluster.value(on: standby, "exec name from getClusterPerf(true) where isLeader") == "[\"\(leader)\"]")
    #expect(try cluster.value(on: leader, "exec name from getClusterPerf(true) where isLeader") == "[\"\(leader)\"]")
    let led = cluster.log(leader)
    #expect(led.contains(leader == first ? "is leading again (epoch " : "is the leading controller (epoch "), "\(led)")
    #expect(await eventually(10) { cluster.log(standby).contains("standby; the leader is \(leader) (epoch 2)") })
    // The epochs of the two terms differ: the new term is fenced from the old one.
    #expect(epochs(cluster.log(a) + cluster.log(b)).sorted() == [1, 2])

    // Node control through either controller.
    for (node, via) in [("P2-datanode", standby), ("P1-datanode", leader)] {
      let stop = try cluster.run(on: via, "stopDataNode(\"\(node)\")")
      #expect(stop.status == 0, "\(via): \(stop.stderr)")
      #expect(await cluster.registered().contains(node) == false)
      let start = try cluster.run(on: via, "startDataNode(\"\(node)\")")
      #expect(start.status == 0, "\(via): \(start.stderr)")
      #expect(await cluster.registered().contains(node))
    }
  }

  @Test func ctrlCStopsTheWaitOfNodeControlAndThePromptComesBack() async throws {
    let cluster = try TestCluster()
    defer { cluster.stop() }
    try await cluster.start()
    // With its agent gone, P1-datanode never reports stopped: the call would wait its 60 s.
    cluster.processes["P1-agent"]?.stop()
    let c = cluster.controllerAliases[0]
    let shell = try TerminalShell(
      "'\(porpoiseBinary)' connect 127.0.0.1:\(cluster.ports[c] ?? 0)", home: temporaryDirectory("porpoise-ctrlc-nc"))
    defer { shell.process.stop() }
    #expect(shell.type("login(\"admin\", \"123456\")"))
    #expect(shell.type("stopDataNode(\"P1-datanode\")"))
    usleep(1_500_000)
    shell.press("\u{03}")
    #expect(waitUntil(10) { shell.output.contains("interrupted") }, "\(shell.output)")
    #expect(shell.type("1 + 41"))
    shell.close()
    let ended = shell.process.wait(seconds: 30)  // a bound on the wait, not a speed target
    #expect(ended == 0, "the shell did not end on Ctrl-D: \(shell.output)")
    #expect(shell.output.contains("42"), "\(shell.output)")
  }

  @Test func oneZooKeeperServerOfThreeStoppedLosesNoNode() async throws {
    let cluster = try TestCluster(zooKeepers: 3)
    defer { cluster.stop() }
    try await cluster.start()
    let before = await cluster.registrations()
    cluster.zk.stop(1)
    // Clients on that server move to another within about 2/3 of a session; wait past it.
    try await Task.sleep(for: .seconds(3))
    let after = await cluster.registrations()
    #expect(after.count == 7)
    // Same processes, same sessions: nobody registered again.
    for (alias, r) in before {
      #expect(after[alias]?.session == r.session, "\(alias)")
      #expect(after[alias]?.pid == r.pid, "\(alias)")
    }
    let c = cluster.controllerAliases[0]
    let r = try cluster.run(
      on: c,
      "stopDataNode(\"P2-datanode\"); startDataNode(\"P2-datanode\"); exec count(*) from getClusterPerf(true) where state = 1"
    )
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.trimmingCharacters(in: .newlines) == "7")
    #expect(cluster.log(c).contains("No longer the leading controller") == false)
  }

  @Test func withZooKeeperDownAgentsKeepRestartingTheirNodes() async throws {
    let cluster = try TestCluster()
    defer { cluster.stop() }
    try await cluster.start()
    guard let old = cluster.pid("P1-datanode") else {
      Issue.record("no pid for P1-datanode")
      return
    }
    cluster.zk.stop(1)
    kill(old, SIGKILL)
    // The agent restarts it by the desired state it last read.
    #expect(await eventually(10) { cluster.pid("P1-datanode").map { $0 != old && processRuns($0) } ?? false })
    try cluster.zk.resume(1)
    #expect(await eventually(20) { await cluster.registrations()["P1-datanode"].map { $0.pid != old } ?? false })
    #expect(await eventually(10) { await cluster.registered().count == 7 })
  }
}
