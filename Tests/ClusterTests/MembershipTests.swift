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
    #expect(await eventually(30) { kill(pid, 0) != 0 }, "P3-computenode (pid \(pid)) still runs")
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
