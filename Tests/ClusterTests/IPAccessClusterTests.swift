import Foundation
import TestSupport
import Testing

/// The IP lists are the cluster's: set on one node, every node refuses the address.
extension ClusterTests {
  @Test func anAddressBlacklistedOnOneNodeIsRefusedByEveryNode() async throws {
    let cluster = try TestCluster(workers: ["P1-datanode", "P2-datanode"])
    defer { cluster.stop() }
    try await cluster.start()
    let c = cluster.controllerAliases[0]
    func answers(_ alias: String) -> Bool {
      guard let peer = try? RawPeer(port: cluster.ports[alias] ?? 0, from: "127.0.0.2") else { return false }
      defer { peer.close() }
      return peer.answersHTTP(seconds: 2)
    }
    #expect(answers("P2-datanode") && answers(c) && answers("P1-agent"))
    let added = try cluster.run(on: "P1-datanode", "addIPBlackList(\"127.0.0.2\")")
    #expect(added.status == 0, "\(added.stderr)")
    // Each node reads the list within a second or so.
    #expect(await eventually(10) { !answers("P2-datanode") && !answers(c) && !answers("P1-agent") })
    #expect(try cluster.value(on: "P2-datanode", "getIPBlackList()") == "[\"127.0.0.2\"]")
    // The cluster's own host cannot be listed.
    #expect(
      try cluster.run(on: "P2-datanode", "addIPBlackList(\"127.0.0.1\")").stderr.contains(
        "127.0.0.1 is this node's or a cluster node's host"))
    #expect(try cluster.run(on: c, "removeIPBlackList(\"127.0.0.2\")").status == 0)
    #expect(await eventually(10) { answers("P2-datanode") && answers("P1-datanode") })
  }
}
