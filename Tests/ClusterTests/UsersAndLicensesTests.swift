import Coordination
import Foundation
import TestSupport
import Testing

/// Users kept in ZooKeeper for the whole cluster, logins carried between nodes as tokens, and
/// licenses reported and updated on every node by the `ops` module.
extension ClusterTests {
  @Test func aUserCreatedOnOneNodeLogsInOnAnotherAndItsLoginTravelsAsAToken() async throws {
    let cluster = try TestCluster()
    defer { cluster.stop() }
    try await cluster.start()
    let c = cluster.controllerAliases[0]
    let secret = "Zq9-secret-7"
    let made = try cluster.run(on: c, "createUser(\"carol\", \"\(secret)\"); grant(\"carol\", DB_MANAGE)")
    #expect(made.status == 0, "\(made.stderr)")
    let carol = ("carol", secret)
    #expect(try cluster.run(on: "P2-datanode", "getCurrentSessionAndUser()[1]", user: carol).stdout == "carol\n")
    // rpc and pnodeRun log in on the other nodes as the caller, without the password.
    #expect(
      try cluster.run(on: "P1-datanode", "rpc(\"P2-datanode\", getCurrentSessionAndUser)[1]", user: carol).stdout
        == "carol\n")
    #expect(
      try cluster.run(
        on: "P1-datanode", "exec Value from pnodeRun(def() { return getCurrentSessionAndUser()[1] })", user: carol
      ).stdout
        == "[\"carol\",\"carol\",\"carol\"]\n")
    // A guest's rpc stays a guest there.
    #expect(
      try cluster.run(on: "P1-datanode", "rpc(\"P2-datanode\", getCurrentSessionAndUser)[1]", user: nil).stdout
        == "guest\n")
    // Rights apply on every node: carol may create databases but not control nodes.
    let db = try cluster.run(
      on: "P1-datanode", "db = database(\"dfs://carol\", VALUE, 1..3); existsDatabase(\"dfs://carol\")", user: carol)
    #expect(db.stdout == "true\n", "\(db.stderr)")
    let stop = try cluster.run(on: "P1-datanode", "stopDataNode(\"P2-datanode\")", user: carol)
    #expect(stop.status == 70)
    #expect(stop.stderr.contains("only an administrator may stop data nodes; 'carol' is not one"))
    // Five wrong passwords on different nodes lock carol everywhere.
    for node in ["P1-datanode", "P2-datanode", "P3-computenode", c, "P1-datanode"] {
      _ = try cluster.run(on: node, "1", user: ("carol", "wrong"))
    }
    let locked = try cluster.run(on: "P2-datanode", "1", user: carol)
    #expect(locked.status == 77)
    #expect(locked.stderr.contains("The user 'carol' is locked after 5 failed logins"))
    // The password is in no log and no file of the cluster.
    let files = FileManager.default.enumerator(atPath: cluster.dir)?.allObjects.compactMap { $0 as? String } ?? []
    #expect(!files.isEmpty)
    for f in files {
      guard let text = try? String(contentsOfFile: cluster.dir + "/" + f, encoding: .utf8) else { continue }
      #expect(!text.contains(secret), "\(f) holds the password")
    }
  }

  @Test func withZkDigestOtherZooKeeperClientsReadNoSecretAndChangeNothing() async throws {
    let cluster = try TestCluster()
    defer { cluster.stop() }
    try await cluster.start()
    let digest = try #require(cluster.digest)
    let password = String(digest.split(separator: ":")[1])
    let c = cluster.controllerAliases[0]
    #expect(try cluster.run(on: c, "createUser(\"dave\", \"Dave-pw-2026\")").status == 0)
    // No script reads the digest: it is in no node's environment, an administrator's getEnv
    // included, and a guest may not read the environment at all.
    for node in [c, "P1-agent", "P1-datanode", "P3-computenode"] {
      #expect(try cluster.value(on: node, "getEnv(\"PORPOISE_ZK_DIGEST\", \"unset\")") == "unset", "\(node)")
    }
    let guest = try cluster.run(on: "P1-datanode", "getEnv(\"HOME\")", user: nil)
    #expect(guest.status == 70 && guest.stderr.contains("not logged in"), "\(guest.stderr)")
    if let pid = cluster.pid("P1-datanode"),
      let environ = try? String(contentsOfFile: "/proc/\(pid)/environ", encoding: .utf8)
    {
      #expect(!environ.contains(password), "the digest is in P1-datanode's environment")
    }
    // A token made for rpc: /acl/tokenKey exists now too.
    #expect(try cluster.value(on: "P1-datanode", "rpc(\"P2-datanode\", getNodeAlias)") == "P2-datanode")
    let stranger = try await ZooKeeperClient.connect(
      cluster.zk.address(root: "/porpoise/test"), sessionTimeoutMillis: 4000)
    defer { stranger.close() }
    // What the cluster runs is readable, as the shell needs...
    #expect(try await stranger.children("/nodes/datanode") == ["P1-datanode", "P2-datanode"])
    // ...but the password hashes and the token key are not, and nothing can be changed.
    for path in ["/acl/users", "/acl/tokenKey"] {
      do {
        _ = try await stranger.get(path)
        Issue.record("\(path) is readable without the cluster's digest")
      } catch {
        #expect(error.symbol == "ZNOAUTH")
      }
    }
    do {
      try await stranger.set("/desired/P1-datanode", data: Array("{\"state\":\"stopped\"}".utf8))
      Issue.record("/desired is writable without the cluster's digest")
    } catch {
      #expect(error.symbol == "ZNOAUTH")
    }
    // The digest is in no published document, no node's command line, no log, no getConfig.
    let published = try await stranger.get("/config/nodes").0 + stranger.get("/config/cluster.cfg").0
    #expect(!String(decoding: published, as: UTF8.self).contains(password))
    let pid = try #require(cluster.pid("P1-datanode"))
    let commandLine = (try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8)) ?? ""
    #expect(commandLine.contains("-zkConnect"))
    #expect(!commandLine.contains(password))
    for name in ["agent1", c] { #expect(!cluster.log(name).contains(password)) }
    #expect(!cluster.nodeLog("P1-datanode").contains(password))
    #expect(try cluster.value(on: c, "getConfig(\"zkDigest\")") == "porpoise:********")
    // Partial applications travel too, and the calling node runs the function without pnodeRun's
    // own arguments.
    #expect(
      try cluster.value(
        on: "P1-datanode", "exec Value from pnodeRun(def(a, b) { return a + b + strlen(getNodeAlias()) }{1, 2})")
        == "[14,14,17]")
    #expect(try cluster.value(on: c, "exec Value from pnodeRun(getConfig{\"maxMemSize\"})") == "[\"32\",\"32\",\"32\"]")
    #expect(
      try cluster.value(on: "P1-datanode", "exec Value from pnodeRun(getNodeAlias, [\"P1-datanode\", \"P2-datanode\"])")
        == "[\"P1-datanode\",\"P2-datanode\"]")
  }

  @Test func updateAllLicensesUpdatesEveryNodeAndReportsTheOnesItCannotReach() async throws {
    let cluster = try TestCluster()
    defer { cluster.stop() }
    try await cluster.start()
    let c = cluster.controllerAliases[0]
    let year = LicenseIssuer.day(365), twoYears = LicenseIssuer.day(730)
    let all = try cluster.run(
      on: "P1-datanode", "use ops\nt = getAllLicenses()\nexec nodeAlias from t\nexec distinct endDate from t")
    #expect(
      all.stdout
        == "[\"P1-datanode\",\"P2-datanode\",\"P3-computenode\",\"P1-agent\",\"P2-agent\",\"P3-agent\",\"\(c)\"]\n[\(year)]\n",
      "\(all.stderr)")
    // The issuer renews: the same file, a year later, on every machine (here one path).
    try cluster.issuer.issue(client: "Porpoise Tests", expiration: twoYears)
    // DolphinDB's own ops module renews the agents' and controllers' licenses this way.
    let dolphin = try cluster.run(
      on: c,
      """
      nodes = exec name, host, port from rpc(getControllerAlias(), getClusterPerf{true}) where not mode in [0, 3, 4]
      for (node in nodes) { conn = xdb(node[`host], node[`port]); conn(updateLicense()) }
      size(nodes)
      """)
    #expect(dolphin.stdout == "\(cluster.controllerAliases.count + 3)\n", "\(dolphin.stderr)")
    #expect(try cluster.value(on: "P2-agent", "getLicenseExpiration()") == twoYears)
    let updated = try cluster.run(
      on: c, "use ops\nt = updateAllLicenses()\nexec distinct status from t\nexec distinct endDate from t\nsize(t)")
    #expect(updated.stdout == "[\"updated\"]\n[\(twoYears)]\n7\n", "\(updated.stderr)")
    // Every node, agents and controllers included, runs the new license now.
    for node in ["P3-computenode", "P2-agent", c] {
      #expect(try cluster.value(on: node, "getLicenseExpiration()") == twoYears)
    }
    // A node that is down gets a row naming why; the others are still reported.
    #expect(try cluster.run(on: c, "stopDataNode(\"P3-computenode\")").status == 0)
    let partial = try cluster.run(
      on: c,
      "use ops\nt = getAllLicenses()\nexec error from t where nodeAlias = \"P3-computenode\"\nexec count(*) from t where error = \"\""
    )
    #expect(partial.stdout == "[\"the node 'P3-computenode' is not running\"]\n6\n", "\(partial.stderr)")
    let partialUpdate = try cluster.run(
      on: c,
      "use ops\nt = updateAllLicenses()\nexec status from t where nodeAlias = \"P3-computenode\"\nexec count(*) from t where status = \"updated\""
    )
    #expect(partialUpdate.stdout == "[\"the node 'P3-computenode' is not running\"]\n6\n", "\(partialUpdate.stderr)")
    let status = try cluster.run(
      on: c,
      "use ops\nexec state from getNodesStatus() where alias in [\"P1-datanode\", \"P3-computenode\"] order by alias")
    #expect(status.stdout == "[1,0]\n", "\(status.stdout) \(status.stderr)")
    // restartNodes gives a node a new process and reports it running.
    let before = cluster.pid("P1-datanode")
    let restarted = try cluster.run(on: c, "use ops\nexec state from restartNodes([\"P1-datanode\"])")
    #expect(restarted.stdout == "[1]\n", "\(restarted.stderr)")
    #expect(cluster.pid("P1-datanode") != before)
    // A guest may read licenses but not update them.
    let guest = try cluster.run(
      on: c, "use ops\nexec status from updateAllLicenses() where nodeAlias != \"P3-computenode\"", user: nil)
    let refusals = guest.stdout.split(separator: "\",\"")
    #expect(refusals.count == 6, "\(guest.stdout) \(guest.stderr)")
    #expect(
      refusals.allSatisfy { $0.contains("not logged in: log in with login(userId, password) to update the license") })
  }
}
