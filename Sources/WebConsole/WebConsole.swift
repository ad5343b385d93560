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

  /// The pages' tables: each the value of a script run in the user's session, with their
  /// rights (a guest's or a user's refusal is the answer's error).
  static let queries: [String: String] = [
    "/api/cluster": "getClusterPerf(true)",
    "/api/jobs": "getRecentJobs(100)",
    "/api/scheduled": "getScheduledJobs()",
    "/api/tables": "getClusterDFSTables()",
    "/api/chunks": "getClusterChunksStatus()",
    // Secrets are masked by getConfig, as `porpoise config` masks them.
    "/api/config": "table(keys(getConfig()) as name, values(getConfig()) as value)",
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

  /// `POST /api/login {"user", "password"}`: a session of the node logged in as the user.
  func login(_ r: WebRequest) -> WebResponse {
    guard let body = WebJSON.decode(r.body), let user = body["user"] as? String,
      let password = body["password"] as? String
    else { return json(400, ["error": "login needs a JSON body {\"user\": ..., \"password\": ...}"]) }
    guard let worker = ScriptWorker() else { return json(503, ["error": "cannot start a session thread"]) }
    let made = Mutex<(SessionBox, Bool)?>(nil)
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
        let isAdmin = (try? session.machine.require(.admin("use the web console as an administrator"))) != nil
        made.withLock { $0 = (SessionBox(session: session, output: output, errors: errors), isAdmin) }
      } catch {
        failure.withLock { $0 = error.message }
      }
      done.signal()
    }
    done.wait()
    guard let (box, isAdmin) = made.withLock({ $0 }) else {
      worker.stop()
      return json(401, ["error": failure.withLock { $0 } ?? "login failed"])
    }
    let s = WebSession(
      id: WebSessions.randomToken(), csrf: WebSessions.randomToken(), user: user, admin: isAdmin, worker: worker,
      box: box, now: WebSessions.now())
    box.session.machine.interruption = s.stop
    sessions.add(s)
    let life = WebSessions.lifeMillis / 1000
    return json(
      200,
      ["user": user, "node": alias, "token": s.id, "csrf": s.csrf, "admin": isAdmin, "warnings": box.errors.text],
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
    let node = (body["node"] as? String).flatMap { $0.isEmpty || $0 == alias ? nil : $0 }
    let box = s.box
    let ran = s.run { session, output, errors -> Reply in
      if let node { return WebConsole.run(script, on: node, box) }
      let outcome = session.run(text: script, name: "<web>")
      return Reply(
        ok: outcome == .ok, output: output.text, errors: errors.text,
        value: outcome == .ok ? session.lastValue.map { Box($0) } : nil)
    }
    guard let answer = ran else { return ended() }
    if case .object(let o)? = answer.value?.value, let t = o as? Table {
      s.lastTable.withLock { $0 = TableBox(table: t) }
    }
    var object: [String: Any] = ["ok": answer.ok, "output": answer.output]
    if !answer.errors.isEmpty { object[answer.ok ? "warnings" : "error"] = answer.errors }
    if let v = answer.value { object["value"] = WebJSON.value(v.value) }
    return json(200, object)
  }

  /// Runs a script on another node of the cluster, on the session's connection to it (made
  /// on first use: found in `getClusterPerf`, logged in by the session's token). Called on the
  /// session's thread.
  static func run(_ script: String, on node: String, _ box: SessionBox) -> Reply {
    var connection = box.remotes[node]
    if connection == nil || connection?.isOpen == false {
      do throws(ScriptError) {
        guard case .object(let o) = try box.session.machine.call(function: "getClusterPerf", [.bool(true)]),
          let t = o as? Table, let n = t.names.firstIndex(of: "name"), let h = t.names.firstIndex(of: "host"),
          let p = t.names.firstIndex(of: "port"),
          let row = (0..<t.rowCount).first(where: { t.columns[n][$0].stringValue == node }),
          let host = t.columns[h][row].stringValue, let port = t.columns[p][row].intValue
        else { return Reply(ok: false, output: "", errors: "no node '\(node)' in this cluster\n", value: nil) }
        let c: NodeConnection
        do { c = try NodeConnection.connect(host: host, port: Int(port), timeoutSeconds: 3) } catch {
          return Reply(ok: false, output: "", errors: "\(node): \(error.message)\n", value: nil)
        }
        try RemoteBuiltins.carryLogin(c, token: box.session.machine.access?.sessionToken)
        box.remotes[node] = c
        connection = c
      } catch {
        return Reply(ok: false, output: "", errors: "\(node): \(error.message)\n", value: nil)
      }
    }
    guard let connection else { return Reply(ok: false, output: "", errors: "", value: nil) }
    var (out, err) = ("", "")
    do throws(ConnectionError) {
      let (ok, value) = try connection.runForValue(
        script, name: "<web>", output: { out += $0 }, errors: { err += $0 })
      return Reply(ok: ok, output: out, errors: err, value: ok ? value.map { Box($0) } : nil)
    } catch {
      connection.close()
      box.remotes[node] = nil
      return Reply(ok: false, output: out, errors: err + "\(node): \(error.message)\n", value: nil)
    }
  }

  /// `POST /api/nodes/start|stop {"nodes": [...]}`: `startDataNode`/`stopDataNode` in the
  /// session, with their rights, waits and errors.
  func control(_ r: WebRequest, _ s: WebSession, _ function: String) -> WebResponse {
    guard let body = WebJSON.decode(r.body), let nodes = body["nodes"] as? [String], !nodes.isEmpty else {
      return json(400, ["error": "\(function) needs a JSON body {\"nodes\": [alias, ...]}"])
    }
    return call(s, function, [.vector(Vector(strings: nodes))])
  }

  /// Calls a built-in in the session: `ok`, or `ok` false and its error.
  func call(_ s: WebSession, _ function: String, _ arguments: [Value]) -> WebResponse {
    let given = Box.Many(arguments)
    let outcome = s.run { session, _, _ -> String? in
      do throws(ScriptError) {
        _ = try session.machine.call(function: function, given.values)
        return nil
      } catch {
        return error.message
      }
    }
    guard let outcome else { return ended() }
    guard let failure = outcome else { return json(200, ["ok": true]) }
    return json(200, ["ok": false, "error": failure])
  }

  /// `POST /api/jobs/cancel {"ids": [...]}`: `cancelJob` in the session.
  func cancel(_ r: WebRequest, _ s: WebSession) -> WebResponse {
    guard let body = WebJSON.decode(r.body), let ids = body["ids"] as? [String], !ids.isEmpty else {
      return json(400, ["error": "cancelJob needs a JSON body {\"ids\": [jobId, ...]}"])
    }
    return call(s, "cancelJob", [.vector(Vector(strings: ids))])
  }

  /// `GET /api/job?id=ID`: the job's status row, what it printed, and its value once done.
  func job(_ r: WebRequest, _ s: WebSession) -> WebResponse {
    let pairs = r.query.split(separator: "&").map { $0.split(separator: "=", maxSplits: 1) }
    guard let id = pairs.first(where: { $0.first == "id" && $0.count == 2 })?.last.map(String.init),
      !id.isEmpty, id.utf8.allSatisfy({ $0 < 128 && $0 != UInt8(ascii: "%") })
    else { return json(400, ["error": "job needs ?id=JOBID (letters, digits, _, - and .)"]) }
    let ran = s.run { session, _, _ -> JobAnswer in
      do throws(ScriptError) {
        let status = try session.machine.call(function: "getJobStatus", [.string(id, .string)])
        let messages = try session.machine.call(function: "getJobMessage", [.string(id, .string)])
        var value: Box?
        var ended = false
        if case .object(let o) = status, let t = o as? Table, let i = t.names.firstIndex(of: "endTime"),
          t.rowCount == 1, !t.columns[i][0].isNull
        {
          ended = true
          value = (try? session.machine.call(function: "getJobReturn", [.string(id, .string)])).map { Box($0) }
        }
        return JobAnswer(status: Box(status), messages: messages.stringValue ?? "", value: value, ended: ended)
      } catch {
        return JobAnswer(error: error.message)
      }
    }
    guard let answer = ran else { return ended() }
    if let error = answer.error { return json(404, ["error": error]) }
    var object: [String: Any] = ["messages": answer.messages, "ended": answer.ended]
    if let status = answer.status { object["status"] = WebJSON.value(status.value) }
    if let value = answer.value { object["value"] = WebJSON.value(value.value) }
    return json(200, object)
  }

  struct JobAnswer: Sendable {
    var status: Box? = nil
    var messages = ""
    var value: Box? = nil
    var ended = false
    var error: String? = nil
  }

  /// `GET /api/rows?offset=N`: the last table `/api/run` gave, from row N (1,000 rows a page).
  func rows(_ r: WebRequest, _ s: WebSession) -> WebResponse {
    let offset = r.query.split(separator: "&").compactMap { p -> Int? in
      let kv = p.split(separator: "=", maxSplits: 1)
      return kv.count == 2 && kv[0] == "offset" ? Int(kv[1]) : nil
    }.first
    guard let offset, offset >= 0 else { return json(400, ["error": "rows needs ?offset=N (N >= 0)"]) }
    guard let t = s.lastTable.withLock({ $0 })?.table else { return json(404, ["error": "no table to page through"]) }
    return json(200, WebJSON.table(t, from: offset))
  }

  /// `GET /api/schema?table=dfs://db/tb`: the table's columns and its partitions' chunks with
  /// their replicas and states. The path travels as an argument, never as script text.
  func schema(_ r: WebRequest, _ s: WebSession) -> WebResponse {
    let given = r.query.split(separator: "&").compactMap { p -> String? in
      let kv = p.split(separator: "=", maxSplits: 1)
      return kv.count == 2 && kv[0] == "table" ? String(kv[1]).removingPercentEncoding : nil
    }.first
    guard let path = given, path.hasPrefix("dfs://"), let slash = path.lastIndex(of: "/"),
      path.distance(from: path.startIndex, to: slash) > "dfs://".count
    else { return json(400, ["error": "schema needs ?table=dfs://database/table"]) }
    let (database, table) = (String(path[..<slash]), String(path[path.index(after: slash)...]))
    let ran = s.run { session, _, _ -> SchemaAnswer in
      do throws(ScriptError) {
        let handle = try session.machine.call(
          function: "loadTable", [.string(database, .string), .string(table, .string)])
        guard case .dictionary(let d) = try session.machine.call(function: "schema", [handle]),
          let columns = d[.string("colDefs", .string)]
        else { return SchemaAnswer(error: "no schema for \(path)") }
        var partitions: Box?
        if case .object(let o) = try session.machine.call(function: "getClusterChunksStatus", []),
          let chunks = o as? Table, let f = chunks.names.firstIndex(of: "file")
        {
          let prefix = "/" + database.dropFirst("dfs://".count) + "/"
          let rows = (0..<chunks.rowCount).filter { i in
            let file = chunks.columns[f][i].stringValue ?? ""
            return file.hasPrefix(prefix) && file.hasSuffix("/" + table)
          }
          partitions = Box(.object(chunks.gather(rows)))
        }
        return SchemaAnswer(columns: Box(columns), partitions: partitions)
      } catch {
        return SchemaAnswer(error: error.message)
      }
    }
    guard let answer = ran else { return ended() }
    if let error = answer.error { return json(404, ["error": error]) }
    var object: [String: Any] = ["table": path]
    if let c = answer.columns { object["columns"] = WebJSON.value(c.value) }
    if let p = answer.partitions { object["partitions"] = WebJSON.value(p.value) }
    return json(200, object)
  }

  struct SchemaAnswer: Sendable {
    var columns: Box? = nil
    var partitions: Box? = nil
    var error: String? = nil
  }

  /// The answer to a request whose session ended while it waited.
  func ended() -> WebResponse { json(401, ["error": "not logged in (the session has ended)"]) }

  /// A built-in's table, as `/api/cluster` and `/api/jobs` give it.
  func query(_ s: WebSession, _ script: String) -> WebResponse {
    let ran = s.run { session, _, errors -> Reply in
      let outcome = session.run(text: script, name: "<web>")
      return Reply(
        ok: outcome == .ok, output: "", errors: errors.text, value: session.lastValue.map { Box($0) })
    }
    guard let answer = ran else { return ended() }
    // The built-in refused (the user's rights) or failed: said as it says it.
    guard answer.ok, let v = answer.value else { return json(400, ["error": answer.errors]) }
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

    /// Arguments handed to the session's thread; only it reads them then.
    struct Many: @unchecked Sendable {
      let values: [Value]
      init(_ values: [Value]) { self.values = values }
    }
  }
}
