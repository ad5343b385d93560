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
