import Foundation
import TestSupport
import Testing

/// The web console on a real cluster: node control through the API (refused for a user who
/// may not, with `stopDataNode`'s reason) and from the page in a real browser.
extension ClusterTests {
  @Test func theWebConsoleStopsAndStartsADataNodeForAnAdministratorOnly() async throws {
    let cluster = try TestCluster()
    defer { cluster.stop() }
    try await cluster.start()
    let c = cluster.controllerAliases[0]
    let port = try #require(cluster.ports[c])
    #expect(try cluster.run(on: c, "createUser(\"ops1\", \"Ops1pass\")").status == 0)
    let login = try HTTPAnswer.request(port, "POST", "/api/login", body: #"{"user": "ops1", "password": "Ops1pass"}"#)
    #expect(login.json["admin"] as? Bool == false)
    let token = try #require(login.json["token"] as? String)
    let refused = try HTTPAnswer.request(
      port, "POST", "/api/nodes/stop", body: #"{"nodes": ["P1-datanode"]}"#,
      headers: ["Authorization": "Bearer \(token)"])
    #expect(refused.json["ok"] as? Bool == false)
    #expect((refused.json["error"] as? String)?.contains("stop data nodes") == true, "\(refused.body)")
    #expect(await cluster.registered().contains("P1-datanode"))

    // A script runs on the node chosen, on a connection that keeps its variables.
    let admin = try HTTPAnswer.request(port, "POST", "/api/login", body: #"{"user": "admin", "password": "123456"}"#)
    let bearer = ["Authorization": "Bearer \(try #require(admin.json["token"] as? String))"]
    let set = try HTTPAnswer.request(
      port, "POST", "/api/run", body: #"{"script": "x = getNodeAlias()", "node": "P2-datanode"}"#, headers: bearer)
    #expect(set.json["ok"] as? Bool == true, "\(set.body)")
    let read = try HTTPAnswer.request(
      port, "POST", "/api/run", body: #"{"script": "x + \" \" + string(getNodeType())", "node": "P2-datanode"}"#,
      headers: bearer)
    #expect((read.json["value"] as? [String: Any])?["value"] as? String == "P2-datanode 0", "\(read.body)")
    let wrong = try HTTPAnswer.request(
      port, "POST", "/api/run", body: #"{"script": "nope + 1", "node": "P2-datanode"}"#, headers: bearer)
    #expect(
      (wrong.json["error"] as? String)?.contains("<web>:1:1: error: undefined variable 'nope'") == true, "\(wrong.body)"
    )
    let missing = try HTTPAnswer.request(
      port, "POST", "/api/run", body: #"{"script": "1", "node": "P9"}"#, headers: bearer)
    #expect(missing.json["error"] as? String == "no node 'P9' in this cluster\n", "\(missing.body)")

    let config = try HTTPAnswer.request(port, "GET", "/api/config?node=P2-datanode", headers: bearer)
    #expect(config.body.contains(":P2-datanode\""), "\(config.body)")

    let scripts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Browser").path
    let r = try Spawned.runToEnd(
      ["/usr/bin/python3", scripts + "/cluster.py", "http://127.0.0.1:\(port)/", "123456", "P1-datanode"],
      timeout: 240)
    #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
    #expect(r.stdout.contains("ok: P1-datanode runs again"), "\(r.stdout)")
    #expect(await cluster.registered().contains("P1-datanode"))
  }
}
