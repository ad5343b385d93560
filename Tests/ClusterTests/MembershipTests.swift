import Coordination
import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Changing the cluster's members.
extension ClusterTests {
  @Test func aNodeTakenOutOfClusterNodesIsStoppedByItsAgentAndStaysDown() async throws {
    let cluster = try TestCluster()
    defer { cluster.stop() }
    try await cluster.start()
    let c = cluster.controllerAliases[0]
    let pid = try #require(cluster.pid("P3-computenode"))
    // The operator deletes the node's line and restarts the controller, which publishes the new members.
    let path = cluster.dir + "/config/cluster.nodes"
    let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").filter {
      !$0.contains("P3-computenode")
    }
    try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    cluster.processes[c]?.stop()
    try cluster.startController(c)
    #expect(await eventually(30) { !processRuns(pid) }, "P3-computenode (pid \(pid)) still runs")
    #expect(await eventually(30) { (try? cluster.value(on: c, "exec count(*) from getClusterPerf(true)")) == "6" })
    #expect(cluster.log("agent3").contains("P3-computenode is no longer in the cluster's nodes; stopping it"))
    // Its agent does not start it again.
    try await Task.sleep(for: .seconds(2))
    #expect(!(await cluster.registered().contains("P3-computenode")))
    #expect(cluster.pid("P3-computenode") == nil)
    // Its desired state and status are gone from ZooKeeper (put back, it would start afresh).
    let zk = try await ZooKeeperClient.connect(cluster.zk.address(root: "/porpoise/test"), sessionTimeoutMillis: 4000)
    defer { zk.close() }
    let desired = try await zk.children("/desired")
    #expect(desired == ["P1-datanode", "P2-datanode"])
    #expect(await eventually(10) { (try? await zk.children("/status")) == ["P1-datanode", "P2-datanode"] })
    // The other nodes are untouched.
    #expect(try cluster.value(on: c, "exec count(*) from getClusterPerf(true) where state = 1") == "6")
  }
}

extension ClusterTests {
  @Test func addNodeAndRemoveNodeChangeARunningClusterAndItsClusterNodes() async throws {
    let cluster = try TestCluster()
    let alias = "P3-computenode2"
    defer {
      if let p = cluster.pid(alias) { kill(p, SIGKILL) }
      cluster.stop()
    }
    try await cluster.start()
    let c = cluster.controllerAliases[0]
    let port = freePort()
    cluster.ports[alias] = port
    let path = cluster.dir + "/config/cluster.nodes"
    let row = "127.0.0.1:\(port):\(alias),computenode"
    // Asked on a data node, done by the leading controller: saved, published, and switched off.
    let added = try cluster.run(
      on: "P1-datanode", "addNode(\"127.0.0.1\", \(port), \"\(alias)\", true, \"computenode\")")
    #expect(added.status == 0, "\(added.stderr)")
    #expect(try String(contentsOfFile: path, encoding: .utf8).hasSuffix(row + "\n"))
    #expect(try cluster.value(on: c, "exec state from getClusterPerf(true) where name = \"\(alias)\"") == "[0]")
    #expect(cluster.log(c).contains("addNode by admin: 127.0.0.1:\(port):\(alias)"))
    // Refused, each naming what is wrong: a taken port, a data node to remove, a guest.
    let taken = try cluster.run(on: c, "addNode(\"127.0.0.1\", \(cluster.ports["P1-datanode"] ?? 0), \"P1-datanode2\")")
    #expect(taken.stderr.contains("has the address 127.0.0.1:\(cluster.ports["P1-datanode"] ?? 0) of line"))
    #expect(try cluster.run(on: c, "removeNode(\"P1-datanode\")").stderr.contains("only compute nodes are removed"))
    let guest = try cluster.run(on: c, "addNode(\"127.0.0.1\", \(freePort()), \"P3-computenode9\")", user: nil)
    #expect(guest.status != 0 && !guest.stderr.isEmpty)
    // Its agent starts it like any other.
    let started = try cluster.run(on: c, "startDataNode(\"\(alias)\")")
    #expect(started.status == 0, "\(started.stderr)")
    #expect(await cluster.registered().contains(alias))
    #expect(try cluster.value(on: alias, "getNodeAlias()") == alias)
    // A running node is removed only with force, which stops it first.
    let refused = try cluster.run(on: c, "removeNode(\"\(alias)\")")
    #expect(refused.stderr.contains("\(alias) is running; stop it first (stopDataNode) or pass force=true"))
    let pid = try #require(cluster.pid(alias))
    let removed = try cluster.run(on: "P2-datanode", "removeNode(alias=\"\(alias)\", force=true)")
    #expect(removed.status == 0, "\(removed.stderr)")
    #expect(!processRuns(pid))
    #expect(!(try String(contentsOfFile: path, encoding: .utf8).contains(alias)))
    #expect(try cluster.value(on: c, "exec count(*) from getClusterPerf(true) where name = \"\(alias)\"") == "0")
    let zk = try await ZooKeeperClient.connect(cluster.zk.address(root: "/porpoise/test"), sessionTimeoutMillis: 4000)
    defer { zk.close() }
    #expect(try await zk.children("/desired") == ["P1-datanode", "P2-datanode", "P3-computenode"])
    // The other nodes are untouched.
    #expect(try cluster.value(on: c, "exec count(*) from getClusterPerf(true) where state = 1") == "7")
  }
}
