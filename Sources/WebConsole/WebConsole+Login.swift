import Foundation
import PorpoiseSupport
import RemoteNode
import ScriptRuntime
import ScriptSession
import Synchronization

/// Logging in and telling who a request is from.
extension WebConsole {
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
}
