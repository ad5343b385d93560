import Foundation
import PorpoiseSupport
import RemoteNode
import ScriptRuntime
import ScriptSession
import Synchronization

/// The web console a node serves on its own port: the page (every asset in the binary) and the
/// JSON API under `/api/` it uses, which curl can use too. A login makes a session of the node,
/// as a connection has, kept by a cookie (`HttpOnly`, `SameSite=Strict`) or named by a bearer
/// token; a state-changing request with the cookie must carry its `X-CSRF-Token`.
public struct WebConsole: WebResponder {
  let makeSession: SessionFactory
  let sessions = WebSessions()
  /// The node's alias, shown on the page.
  let alias: String

  public init(alias: String, makeSession: @escaping SessionFactory) {
    self.alias = alias
    self.makeSession = makeSession
  }

  static let cookie = "porpoise_session"

  /// A node's parameters as a table; secrets are masked by getConfig, as `porpoise config`
  /// masks them.
  static let configScript = "table(keys(getConfig()) as name, values(getConfig()) as value)"

  /// A query parameter's raw value (the first of that name; not percent-decoded).
  static func parameter(_ r: WebRequest, _ name: String) -> String? {
    r.query.split(separator: "&").compactMap { p -> String? in
      let kv = p.split(separator: "=", maxSplits: 1)
      return kv.count == 2 && kv[0] == name ? String(kv[1]) : nil
    }.first
  }

  /// The pages' tables: each the value of a script run in the user's session, with their
  /// rights (a guest's or a user's refusal is the answer's error).
  static let queries: [String: String] = [
    "/api/cluster": "getClusterPerf(true)",
    "/api/jobs": "getRecentJobs(100)",
    "/api/scheduled": "getScheduledJobs()",
    "/api/tables": "getClusterDFSTables()",
    "/api/chunks": "getClusterChunksStatus()",
    "/api/licenses": "use ops\ngetAllLicenses()",
  ]

  public func respond(_ r: WebRequest) -> WebResponse {
    switch (r.method, r.path) {
    case ("GET", "/"), ("HEAD", "/"): return asset(WebAssets.page, "text/html; charset=utf-8")
    case ("GET", "/app.js"): return asset(WebAssets.script, "text/javascript; charset=utf-8")
    case ("GET", "/app.css"): return asset(WebAssets.style, "text/css; charset=utf-8")
    case ("GET", "/favicon.svg"), ("GET", "/favicon.ico"): return asset(WebAssets.icon, "image/svg+xml")
    case ("POST", "/api/login"): return login(r)
    case ("POST", "/api/logout"):
      return authorized(r, changes: true) { s in
        sessions.remove(s.id)
        return json(
          200, ["ok": true],
          headers: [("Set-Cookie", "\(WebConsole.cookie)=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0")])
      }
    case ("GET", "/api/session"):
      // Asked by every page load: no session is an answer, not an error.
      guard let s = session(r).0 else { return json(200, ["user": NSNull(), "node": alias]) }
      return json(200, ["user": s.user, "node": alias, "csrf": s.csrf, "admin": s.admin])
    case ("POST", "/api/run"): return authorized(r, changes: true) { s in run(r, s) }
    case ("POST", "/api/nodes/start"): return authorized(r, changes: true) { s in control(r, s, "startDataNode") }
    case ("POST", "/api/nodes/stop"): return authorized(r, changes: true) { s in control(r, s, "stopDataNode") }
    case ("POST", "/api/jobs/cancel"): return authorized(r, changes: true) { s in cancel(r, s) }
    case ("GET", "/api/job"): return authorized(r, changes: false) { s in job(r, s) }
    case ("POST", "/api/stop"):
      // Not queued behind the script it stops.
      return authorized(r, changes: true) { s in
        s.stop.request()
        return json(200, ["ok": true])
      }
    case ("GET", "/api/rows"): return authorized(r, changes: false) { s in rows(r, s) }
    case ("GET", "/api/schema"): return authorized(r, changes: false) { s in schema(r, s) }
    case ("POST", "/api/licenses/update"):
      // After the license files were replaced: every node reloads its own (administrators).
      return authorized(r, changes: true) { s in query(s, "use ops\nupdateAllLicenses()") }
    case ("GET", "/api/config"):
      // Any node's parameters: on another one through the session's connection to it.
      return authorized(r, changes: false) { s in
        guard let node = WebConsole.parameter(r, "node")?.removingPercentEncoding, !node.isEmpty, node != alias else {
          return query(s, WebConsole.configScript)
        }
        let box = s.box
        guard let answer = s.run({ _, _, _ in WebConsole.run(WebConsole.configScript, on: node, box) }) else {
          return ended()
        }
        guard answer.ok, let v = answer.value else { return json(400, ["error": answer.errors]) }
        return json(200, WebJSON.value(v.value))
      }
    default:
      if r.method == "GET", let script = WebConsole.queries[r.path] {
        return authorized(r, changes: false) { s in query(s, script) }
      }
      if r.path.hasPrefix("/api/") { return json(404, ["error": "no API route \(r.method) \(r.path)"]) }
      return .text(r.method == "GET" || r.method == "HEAD" ? 404 : 405, "not found: \(r.method) \(r.path)")
    }
  }

  func asset(_ text: String, _ type: String) -> WebResponse {
    WebResponse(
      status: 200,
      headers: [
        ("Content-Type", type), ("Cache-Control", "no-cache"), ("X-Content-Type-Options", "nosniff"),
        ("Content-Security-Policy", "default-src 'self'; style-src 'self'; script-src 'self'; frame-ancestors 'none'"),
      ], body: Array(text.utf8))
  }

  func json(_ status: Int, _ object: [String: Any], headers: [(name: String, value: String)] = []) -> WebResponse {
    WebResponse(
      status: status, headers: [("Content-Type", "application/json"), ("Cache-Control", "no-store")] + headers,
      body: WebJSON.encode(object))
  }

  /// The answer to a request whose session ended while it waited.
  func ended() -> WebResponse { json(401, ["error": "not logged in (the session has ended)"]) }

  struct Reply: Sendable {
    var ok: Bool
    var output: String
    var errors: String
    var value: Box?
  }
  /// A value handed back from the session's thread; only the request's thread reads it then.
  struct Box: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }

    /// Arguments handed to the session's thread; only it reads them then.
    struct Many: @unchecked Sendable {
      let values: [Value]
      init(_ values: [Value]) { self.values = values }
    }
  }
}
