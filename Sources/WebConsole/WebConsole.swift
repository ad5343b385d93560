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
      return json(200, ["user": s.user, "node": alias, "csrf": s.csrf])
    case ("POST", "/api/run"): return authorized(r, changes: true) { s in run(r, s) }
    case ("GET", "/api/cluster"): return authorized(r, changes: false) { s in query(s, "getClusterPerf(true)") }
    case ("GET", "/api/jobs"): return authorized(r, changes: false) { s in query(s, "getRecentJobs(100)") }
    default:
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

  /// `POST /api/login {"user", "password"}`: a session of the node logged in as the user.
  func login(_ r: WebRequest) -> WebResponse {
    guard let body = WebJSON.decode(r.body), let user = body["user"] as? String,
      let password = body["password"] as? String
    else { return json(400, ["error": "login needs a JSON body {\"user\": ..., \"password\": ...}"]) }
    guard let worker = ScriptWorker() else { return json(503, ["error": "cannot start a session thread"]) }
    let made = Mutex<SessionBox?>(nil)
    let peer = r.peer
    let factory = makeSession
    let failure = Mutex<String?>(nil)
    let done = ThreadSemaphore()
    worker.submit {
      let (output, errors) = (StringSink(), StringSink())
      let session = factory(output, errors, peer)
      session.printResults = false
      do throws(ScriptError) {
        _ = try session.machine.call(function: "login", [.string(user, .string), .string(password, .string)])
        made.withLock { $0 = SessionBox(session: session, output: output, errors: errors) }
      } catch {
        failure.withLock { $0 = error.message }
      }
      done.signal()
    }
    done.wait()
    guard let box = made.withLock({ $0 }) else {
      worker.stop()
      return json(401, ["error": failure.withLock { $0 } ?? "login failed"])
    }
    let s = WebSession(
      id: WebSessions.randomToken(), csrf: WebSessions.randomToken(), user: user, worker: worker, box: box,
      now: WebSessions.now())
    box.session.machine.interruption = s.stop
    sessions.add(s)
    let life = WebSessions.lifeMillis / 1000
    return json(
      200, ["user": user, "node": alias, "token": s.id, "csrf": s.csrf, "warnings": box.errors.text],
      headers: [("Set-Cookie", "\(WebConsole.cookie)=\(s.id); Path=/; HttpOnly; SameSite=Strict; Max-Age=\(life)")])
  }

  /// Runs `body` for the request's session: 401 without one; a state-changing request that
  /// came with the cookie must carry the session's CSRF token (403 otherwise).
  func authorized(_ r: WebRequest, changes: Bool, _ body: (WebSession) -> WebResponse) -> WebResponse {
    let (found, byCookie) = session(r)
    guard let s = found else { return json(401, ["error": "not logged in"]) }
    if changes && byCookie && r.header("X-CSRF-Token") != s.csrf {
      return json(403, ["error": "missing or wrong X-CSRF-Token"])
    }
    return body(s)
  }

  /// The request's live session, and whether the cookie named it (rather than a bearer token).
  func session(_ r: WebRequest) -> (WebSession?, Bool) {
    var id: String?
    var byCookie = false
    if let auth = r.header("Authorization"), auth.hasPrefix("Bearer ") {
      id = String(auth.dropFirst("Bearer ".count)).trimmingCharacters(in: .whitespaces)
    } else if let cookies = r.header("Cookie") {
      for part in cookies.split(separator: ";") {
        let kv = part.trimmingCharacters(in: .whitespaces)
        if kv.hasPrefix(WebConsole.cookie + "=") {
          id = String(kv.dropFirst(WebConsole.cookie.count + 1))
          byCookie = true
        }
      }
    }
    guard let id else { return (nil, false) }
    return (sessions.find(id), byCookie)
  }

  /// `POST /api/run {"script"}`: what it printed, its last value, or its error with the
  /// source line and caret.
  func run(_ r: WebRequest, _ s: WebSession) -> WebResponse {
    guard let body = WebJSON.decode(r.body), let script = body["script"] as? String else {
      return json(400, ["error": "run needs a JSON body {\"script\": ...}"])
    }
    let answer = s.run { session, output, errors -> Reply in
      let outcome = session.run(text: script, name: "<web>")
      return Reply(
        ok: outcome == .ok, output: output.text, errors: errors.text,
        value: outcome == .ok ? session.lastValue.map { Box($0) } : nil)
    }
    var object: [String: Any] = ["ok": answer.ok, "output": answer.output]
    if !answer.errors.isEmpty { object[answer.ok ? "warnings" : "error"] = answer.errors }
    if let v = answer.value { object["value"] = WebJSON.value(v.value) }
    return json(200, object)
  }

  /// A built-in's table, as `/api/cluster` and `/api/jobs` give it.
  func query(_ s: WebSession, _ script: String) -> WebResponse {
    let answer = s.run { session, _, errors -> Reply in
      let outcome = session.run(text: script, name: "<web>")
      return Reply(
        ok: outcome == .ok, output: "", errors: errors.text, value: session.lastValue.map { Box($0) })
    }
    guard answer.ok, let v = answer.value else { return json(500, ["error": answer.errors]) }
    return json(200, WebJSON.value(v.value))
  }

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
  }
}
