import ClusterConfig
import Coordination
import Foundation
import TestSupport
import Testing

@testable import ClusterEngine

/// Members changed while the cluster runs (`addNode`, `removeNode`): what the leader publishes,
/// what it refuses, and how standby controllers follow, on the in-memory service.
@Suite struct MembershipEditTests {
  static let text = """
    localSite,mode
    # two controllers, one agent
    127.0.0.1:8900:ctl1,controller
    127.0.0.1:8902:ctl2,controller
    127.0.0.1:8901:agent1,agent
    127.0.0.1:8910:dn1,datanode

    """

  /// The files a controller started with: `text`, kept at `path` when given.
  static func files(_ text: String, path: String?) throws -> ControllerFiles {
    if let path { try text.write(toFile: path, atomically: true, encoding: .utf8) }
    let (file, problems) = NodesFile.parse(text, path: path ?? "cluster.nodes")
    #expect(problems.isEmpty)
    let layout = ClusterLayout.resolve(controller: nil, nodes: file, cluster: nil)
    return ControllerFiles(
      members: layout.nodes.map(PublishedNode.init), nodesFileText: text, clusterFileText: "", nodesFilePath: path)
  }

  /// ctl1 leading and ctl2 standing by, each with its own copy of the files (saved in `dir`).
  struct Pair {
    let a: TestNode
    let b: TestNode
    let first: ControllerRole
    let second: ControllerRole
    let dir: String

    init(on zk: InMemoryCoordination, text: String = MembershipEditTests.text) async throws {
      dir = FileManager.default.temporaryDirectory.appendingPathComponent("porpoise-members-\(UUID().uuidString)").path
      try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
      a = TestNode("ctl1", .controller, port: 8900, on: zk)
      b = TestNode("ctl2", .controller, port: 8902, on: zk)
      first = ControllerRole(
        context: a.context, logger: a.log.logger("ctl1"), files: try files(text, path: dir + "/ctl1.nodes"))
      second = ControllerRole(
        context: b.context, logger: b.log.logger("ctl2"), files: try files(text, path: dir + "/ctl2.nodes"))
      try await first.attach()
      try await second.attach()
      await first.step()
      await second.step()
    }

    func file(_ alias: String) -> String {
      (try? String(contentsOfFile: "\(dir)/\(alias).nodes", encoding: .utf8)) ?? ""
    }

    func remove() {
      [a, b].forEach { $0.remove() }
      try? FileManager.default.removeItem(atPath: dir)
    }
  }

  static let computeRow = NodesFileEdit.Row(
    site: Site(host: "127.0.0.1", port: 8920, alias: "cn1"), mode: .computenode)

  func published(_ zk: InMemoryCoordination) -> [String] {
    (ZNodeJSON.decode([PublishedNode].self, zk.data(ClusterPaths.configNodes) ?? []) ?? []).map(\.alias)
  }

  @Test func anAddedNodeIsPublishedSwitchedOffAndAStandbyKeepsItAcrossAFailover() async throws {
    let zk = InMemoryCoordination()
    let pair = try await Pair(on: zk)
    defer { pair.remove() }
    #expect(pair.a.context.isLeader && !pair.b.context.isLeader)
    let membership = try #require(pair.a.context.membership)
    let text = NodesFileEdit.appending([Self.computeRow], to: membership.nodesFileText)
    try await membership.publish(text, saving: false, context: pair.a.context)
    // Published with its agent (the one of its host), and switched off: nothing starts it yet.
    let added = ZNodeJSON.decode([PublishedNode].self, zk.data(ClusterPaths.configNodes) ?? [])?.last
    #expect(added?.alias == "cn1" && added?.agent == "agent1" && added?.mode == .computenode)
    #expect(ZNodeJSON.decode(DesiredState.self, zk.data(ClusterPaths.desired("cn1")) ?? [])?.state == .stopped)
    #expect(ZNodeJSON.decode(DesiredState.self, zk.data(ClusterPaths.desired("dn1")) ?? [])?.state == .running)
    // Not saved: neither file changed.
    #expect(pair.file("ctl1") == Self.text && pair.file("ctl2") == Self.text)
    // The standby follows, in memory only.
    await pair.second.step()
    #expect(pair.b.context.membership?.members.map(\.alias).contains("cn1") == true)
    #expect(pair.b.log.contains("Adopted the members ctl1 published"))
    #expect(pair.file("ctl2") == Self.text)
    // The leader goes; the standby takes over and publishes the members with cn1, still off.
    pair.a.session.close()
    try await eventually("ctl2 leads") {
      await pair.second.step()
      return pair.b.context.isLeader
    }
    #expect(published(zk).contains("cn1"))
    #expect(ZNodeJSON.decode(DesiredState.self, zk.data(ClusterPaths.desired("cn1")) ?? [])?.state == .stopped)
  }

  @Test func aStandbyThatMissedAnEditTakesItWhenItComesToLead() async throws {
    let zk = InMemoryCoordination()
    let pair = try await Pair(on: zk)
    defer { pair.remove() }
    let membership = try #require(pair.a.context.membership)
    let text = NodesFileEdit.appending([Self.computeRow], to: membership.nodesFileText)
    try await membership.publish(text, saving: false, context: pair.a.context)
    // ctl2 does not look before the leader goes (cut off, busy): it catches up as it takes over.
    pair.a.session.close()
    try await eventually("ctl2 leads") {
      await pair.second.step()
      return pair.b.context.isLeader
    }
    #expect(pair.b.log.contains("Adopted the members ctl1 published"))
    #expect(published(zk).contains("cn1"))
    #expect(ZNodeJSON.decode(DesiredState.self, zk.data(ClusterPaths.desired("cn1")) ?? [])?.state == .stopped)
  }

  @Test func aSavedEditRewritesTheLeadersFileAndEachStandbysOwn() async throws {
    let zk = InMemoryCoordination()
    let pair = try await Pair(on: zk)
    defer { pair.remove() }
    let membership = try #require(pair.a.context.membership)
    let text = NodesFileEdit.appending([Self.computeRow], to: membership.nodesFileText)
    try await membership.publish(text, saving: true, context: pair.a.context)
    #expect(pair.file("ctl1").hasSuffix("127.0.0.1:8910:dn1,datanode\n127.0.0.1:8920:cn1,computenode\n"))
    // The comment the operator wrote stays.
    #expect(pair.file("ctl1").contains("# two controllers, one agent\n"))
    await pair.second.step()
    #expect(pair.file("ctl2") == pair.file("ctl1"))
    #expect(pair.b.log.contains("and saved it to \(pair.dir)/ctl2.nodes"))
    // Removed again: its row and its desired state go.
    let parsed = membership.parsedFile
    let back = NodesFileEdit.removing(["cn1"], from: membership.nodesFileText, file: parsed)
    try await membership.publish(back, saving: true, context: pair.a.context)
    #expect(!pair.file("ctl1").contains("cn1"))
    #expect(zk.data(ClusterPaths.desired("cn1")) == nil)
    #expect(!published(zk).contains("cn1"))
    await pair.second.step()
    #expect(pair.file("ctl2") == pair.file("ctl1"))
  }

  @Test func anEditThatBreaksTheFileIsRefusedWithItsLineAndChangesNothing() async throws {
    let zk = InMemoryCoordination()
    let pair = try await Pair(on: zk)
    defer { pair.remove() }
    let membership = try #require(pair.a.context.membership)
    let before = zk.data(ClusterPaths.configNodes)
    // dn1's port again, and an alias that is taken.
    for row in [
      NodesFileEdit.Row(site: Site(host: "127.0.0.1", port: 8910, alias: "dn2"), mode: .datanode),
      NodesFileEdit.Row(site: Site(host: "127.0.0.1", port: 8930, alias: "dn1"), mode: .datanode),
      NodesFileEdit.Row(site: Site(host: "10.0.0.9", port: 8930, alias: "dn3"), mode: .datanode),
    ] {
      let text = NodesFileEdit.appending([row], to: membership.nodesFileText)
      let error = await #expect(throws: ClusterError.self) {
        try await membership.publish(text, saving: true, context: pair.a.context)
      }
      #expect(error?.message.contains("\(pair.dir)/ctl1.nodes:7: error:") == true, "\(error?.message ?? "")")
    }
    #expect(zk.data(ClusterPaths.configNodes) == before)
    #expect(pair.file("ctl1") == Self.text)
    #expect(membership.members.map(\.alias) == ["ctl1", "ctl2", "agent1", "dn1"])
  }

  @Test func aStandbyStartedAfterAnEditHoldsItsOwnFilesUntilTheNextOne() async throws {
    let zk = InMemoryCoordination()
    let pair = try await Pair(on: zk)
    defer { pair.remove() }
    let membership = try #require(pair.a.context.membership)
    try await membership.publish(
      NodesFileEdit.appending([Self.computeRow], to: membership.nodesFileText), saving: false, context: pair.a.context)
    // A third controller comes after the edit: it does not take it (its files stand for it)...
    let c = TestNode("ctl3", .controller, port: 8903, on: zk)
    defer { c.remove() }
    let third = ControllerRole(
      context: c.context, logger: c.log.logger("ctl3"), files: try Self.files(Self.text, path: nil))
    try await third.attach()
    await third.step()
    await third.step()
    #expect(c.context.membership?.members.map(\.alias).contains("cn1") == false)
    // ...but it follows the next one.
    let row = NodesFileEdit.Row(site: Site(host: "127.0.0.1", port: 8921, alias: "cn2"), mode: .computenode)
    try await membership.publish(
      NodesFileEdit.appending([row], to: membership.nodesFileText), saving: false, context: pair.a.context)
    await third.step()
    #expect(c.context.membership?.members.map(\.alias).suffix(2) == ["cn1", "cn2"])
  }

  @Test func rowsAreAppendedAndRemovedAsTheOperatorWroteTheRest() {
    let grouped = NodesFileEdit.appending(
      [
        NodesFileEdit.Row(
          site: Site(host: "node-7.example", port: 9000, alias: "orca4"), mode: .computenode, computeGroup: "orca")
      ], to: Self.text)
    #expect(grouped.hasPrefix("localSite,mode,computeGroup\n# two controllers"))
    #expect(grouped.hasSuffix("\n127.0.0.1:8910:dn1,datanode\nnode-7.example:9000:orca4,computenode,orca\n"))
    let (file, problems) = NodesFile.parse(grouped, path: "cluster.nodes")
    #expect(problems.isEmpty)
    #expect(file.members.last?.computeGroup == "orca")
    let removed = NodesFileEdit.removing(["dn1", "orca4"], from: grouped, file: file)
    #expect(
      removed
        == "localSite,mode,computeGroup\n# two controllers, one agent\n127.0.0.1:8900:ctl1,controller\n127.0.0.1:8902:ctl2,controller\n127.0.0.1:8901:agent1,agent\n"
    )
    #expect(NodesFileEdit.isHost("10.0.0.1") && NodesFileEdit.isHost("db-1.local"))
    #expect(
      !NodesFileEdit.isHost("10.0.0.1,agent\n1.2.3.4") && !NodesFileEdit.isHost("h:1") && !NodesFileEdit.isHost(""))
    #expect(NodesFileEdit.isName("P4-datanode_2") && !NodesFileEdit.isName("a b") && !NodesFileEdit.isName("x,y"))
  }
}
