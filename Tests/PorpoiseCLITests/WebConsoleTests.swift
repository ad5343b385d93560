import Foundation
import TestSupport
import Testing

/// The web console at the HTTP level, on a real node's own port: the page and its assets, the
/// JSON API (login, cookie flags, CSRF, bearer tokens, run, cluster, logout) and bad input,
/// which gets a 4xx and leaves the node serving.
@Suite struct WebConsoleTests {
  static func request(
    _ port: Int, _ method: String, _ path: String, body: String? = nil, headers: [String: String] = [:],
    raw: String? = nil
  ) throws -> HTTPAnswer {
    try HTTPAnswer.request(port, method, path, body: body, headers: headers, raw: raw)
  }

  @Test func theNodeServesThePageAndItsAPIOnItsOwnPort() throws {
    let port = freePort()
    let node = try RemoteNodeTests.startSingle(port: port, home: temporaryDirectory("porpoise-web"))
    defer { node.stop() }
    func call(_ method: String, _ path: String, _ body: String? = nil, _ headers: [String: String] = [:]) throws
      -> HTTPAnswer
    { try WebConsoleTests.request(port, method, path, body: body, headers: headers) }

    let page = try call("GET", "/")
    #expect(page.status == 200)
    #expect(page.headers["content-type"] == "text/html; charset=utf-8")
    #expect(page.body.contains("<title>Porpoise</title>"))
    #expect(page.headers["content-security-policy"]?.contains("default-src 'self'") == true)
    #expect(try call("GET", "/app.js").body.contains("/api/login"))
    #expect(try call("GET", "/../../etc/passwd").status == 404)
    #expect(try call("DELETE", "/").status == 405)
    #expect(try call("GET", "/api/nothing").status == 404)

    // Nothing without a login.
    #expect(try call("POST", "/api/run", #"{"script": "1 + 1"}"#).status == 401)
    #expect(try call("GET", "/api/cluster").json["error"] as? String == "not logged in")
    #expect(try call("POST", "/api/login", "not json").status == 400)
    let wrong = try call("POST", "/api/login", #"{"user": "admin", "password": "nope"}"#)
    #expect(wrong.status == 401)
    #expect((wrong.json["error"] as? String)?.contains("password") == true, "\(wrong.body)")

    let login = try call("POST", "/api/login", #"{"user": "admin", "password": "123456"}"#)
    #expect(login.status == 200, "\(login.body)")
    let cookie = try #require(login.headers["set-cookie"])
    #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Max-Age="))
    let session = String(cookie.split(separator: ";")[0])
    let csrf = try #require(login.json["csrf"] as? String)
    let token = try #require(login.json["token"] as? String)

    // The cookie alone does not change anything: a state-changing request carries the CSRF token.
    let script = #"{"script": "x = 1..5\nprint(\"hello\")\nselect x, x * 2 as y from table(x)"}"#
    #expect(try call("POST", "/api/run", script, ["Cookie": session]).status == 403)
    let ran = try call("POST", "/api/run", script, ["Cookie": session, "X-CSRF-Token": csrf])
    #expect(ran.status == 200, "\(ran.body)")
    #expect(ran.json["ok"] as? Bool == true)
    #expect(ran.json["output"] as? String == "hello\n")
    let value = try #require(ran.json["value"] as? [String: Any])
    #expect(value["form"] as? String == "table")
    #expect((value["columns"] as? [[String: Any]])?.map { $0["name"] as? String } == ["x", "y"])
    #expect((value["rows"] as? [[Any]])?.last?.compactMap { $0 as? Int } == [5, 10])
    // A bearer token needs no CSRF token (no browser sends it by itself); the session keeps
    // its variables between requests.
    let again = try call("POST", "/api/run", #"{"script": "sum(x)"}"#, ["Authorization": "Bearer \(token)"])
    #expect((again.json["value"] as? [String: Any])?["value"] as? Int == 15, "\(again.body)")
    let broken = try call("POST", "/api/run", #"{"script": "y = (1 + "}"#, ["Authorization": "Bearer \(token)"])
    #expect(broken.json["ok"] as? Bool == false)
    #expect((broken.json["error"] as? String)?.contains("<web>:1:10: error:") == true, "\(broken.body)")
    #expect((broken.json["error"] as? String)?.contains("^") == true)

    let config = try call("GET", "/api/config", nil, ["Cookie": session])
    #expect(config.body.contains("\"localSite\""), "\(config.body)")
    let cancel = try call("POST", "/api/jobs/cancel", #"{"ids": ["nope"]}"#, ["Cookie": session, "X-CSRF-Token": csrf])
    #expect(cancel.json["error"] as? String == "there is no job 'nope' on this node", "\(cancel.body)")
    #expect(
      try call("POST", "/api/jobs/cancel", #"{"ids": 3}"#, ["Cookie": session, "X-CSRF-Token": csrf]).status == 400)
    let bearer = ["Authorization": "Bearer \(token)"]
    _ = try call(
      "POST", "/api/run",
      #"{"script": "def q() { print(\"working\"); return 7 }\nid = submitJob(\"q\", \"quick\", q)\ngetJobReturn(id, true)"}"#,
      bearer)
    let job = try call("GET", "/api/job?id=q", nil, bearer)
    #expect(job.json["ended"] as? Bool == true, "\(job.body)")
    #expect((job.json["messages"] as? String)?.contains("working") == true)
    #expect((job.json["value"] as? [String: Any])?["value"] as? Int == 7)
    #expect(try call("GET", "/api/job?id=nope", nil, bearer).status == 404)
    #expect(try call("GET", "/api/job", nil, bearer).status == 400)
    let made = try call(
      "POST", "/api/run",
      #"{"script": "t = table(2023.01.01 2023.01.02 as day, 1.5 2.5 as price)\ndb = database(\"dfs://web\", VALUE, 2023.01.01..2023.01.02)\ndb.createPartitionedTable(t, \"pt\", \"day\").append!(t)"}"#,
      bearer)
    #expect(made.json["ok"] as? Bool == true, "\(made.body)")
    let schema = try call("GET", "/api/schema?table=dfs%3A%2F%2Fweb%2Fpt", nil, bearer)
    #expect(
      ((schema.json["columns"] as? [String: Any])?["rows"] as? [[Any]])?.map { $0.first as? String } == [
        "day", "price",
      ],
      "\(schema.body)")
    #expect(((schema.json["partitions"] as? [String: Any])?["rowCount"] as? Int) == 2, "\(schema.body)")
    #expect(try call("GET", "/api/schema?table=dfs://web/nope", nil, bearer).status == 404)
    #expect(try call("GET", "/api/schema?table=pt", nil, bearer).status == 400)
    // The other tables the pages show, each the value of its built-in.
    for (route, column) in [
      ("/api/jobs", "jobId"), ("/api/scheduled", "jobId"), ("/api/chunks", "chunkId"), ("/api/licenses", "endDate"),
    ] {
      let t = try call("GET", route, nil, bearer)
      #expect(
        t.status == 200
          && (t.json["columns"] as? [[String: Any]])?.contains { $0["name"] as? String == column } == true,
        "\(route): \(t.body)")
    }
    #expect((try call("GET", "/api/tables", nil, bearer).json["values"] as? [String]) == ["dfs://web/pt"])
    let update = try call("POST", "/api/licenses/update", nil, bearer)
    #expect(
      ((update.json["rows"] as? [[Any]])?.first?.last as? String)?.contains("no license file") == true, "\(update.body)"
    )
    let start = try call("POST", "/api/nodes/start", #"{"nodes": ["x"]}"#, bearer)
    #expect(start.json["error"] as? String == "startDataNode: this is a standalone node; it belongs to no cluster")
    #expect(try call("POST", "/api/nodes/stop", #"{"nodes": []}"#, bearer).status == 400)
    // A long table in pages; a running script stopped from another request.
    _ = try call("POST", "/api/run", #"{"script": "table(1..2500 as n)"}"#, bearer)
    let rows = try call("GET", "/api/rows?offset=2000", nil, bearer)
    #expect(rows.json["offset"] as? Int == 2000 && (rows.json["rows"] as? [[Any]])?.count == 500, "\(rows.body)")
    #expect(try call("GET", "/api/rows?offset=-1", nil, bearer).status == 400)
    let stopper = Thread {
      Thread.sleep(forTimeInterval: 0.5)
      _ = try? WebConsoleTests.request(port, "POST", "/api/stop", headers: ["Authorization": "Bearer \(token)"])
    }
    stopper.start()
    let stopped = try call("POST", "/api/run", #"{"script": "for (i in 1..100000) sleep(10)"}"#, bearer)
    #expect((stopped.json["error"] as? String)?.contains("interrupted") == true, "\(stopped.body)")
    #expect(
      (try call("POST", "/api/run", #"{"script": "1 + 1"}"#, bearer).json["value"] as? [String: Any])?["value"] as? Int
        == 2)
    #expect(try call("GET", "/app.css").headers["content-type"] == "text/css; charset=utf-8")
    #expect(try call("GET", "/favicon.svg").body.contains("<svg"))
    let cluster = try call("GET", "/api/cluster", nil, ["Cookie": session])
    #expect(cluster.status == 200)
    #expect(((cluster.json["rows"] as? [[Any]])?.first?.first as? String) == "n1", "\(cluster.body)")

    // Too large a body, a malformed request: refused, and the node serves on.
    let huge = try WebConsoleTests.request(
      port, "POST", "/api/run", headers: ["Content-Length": "50000000", "Cookie": session],
      raw: "POST /api/run HTTP/1.1\r\nHost: x\r\nContent-Length: 50000000\r\n\r\n{")
    #expect(huge.status == 413)
    #expect(try WebConsoleTests.request(port, "GET", "/", raw: "GET / HTTP/1.1\r\nHost\r\n\r\n").status == 400)
    #expect(try BatchJobTests.run("1 + 2", port: port)?.intValue == 3)

    // Logged out, the session is gone for the cookie and the token alike.
    #expect(try call("POST", "/api/logout", nil, ["Cookie": session, "X-CSRF-Token": csrf]).status == 200)
    #expect(try call("GET", "/api/session", nil, ["Cookie": session]).json["user"] is NSNull)
    #expect(try call("POST", "/api/run", #"{"script": "1"}"#, ["Authorization": "Bearer \(token)"]).status == 401)
  }

  @Test func aUserRunsWithTheirOwnRights() throws {
    let port = freePort()
    let node = try RemoteNodeTests.startSingle(port: port, home: temporaryDirectory("porpoise-web-user"))
    defer { node.stop() }
    _ = try BatchJobTests.run("createUser(\"ops1\", \"Ops1pass\")", port: port)
    let login = try WebConsoleTests.request(
      port, "POST", "/api/login", body: #"{"user": "ops1", "password": "Ops1pass"}"#)
    let token = try #require(login.json["token"] as? String)
    let refused = try WebConsoleTests.request(
      port, "POST", "/api/run", body: #"{"script": "createUser(\"x\", \"Xpass123\")"}"#,
      headers: ["Authorization": "Bearer \(token)"])
    #expect(refused.json["ok"] as? Bool == false)
    #expect((refused.json["error"] as? String)?.contains("admin") == true, "\(refused.body)")
  }
}
