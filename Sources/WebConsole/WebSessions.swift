import Foundation
import PorpoiseSupport
import RemoteNode
import ScriptRuntime
import ScriptSession
import Synchronization

/// One browser's login: a session of the node (as a connection has), the sinks its scripts
/// print to, the thread it runs on, and the token a state-changing request must carry.
final class WebSession: Sendable {
  let id: String
  let csrf: String
  let user: String
  /// Whether the user had administrator rights at login (what the page offers; every request
  /// is still checked by the node).
  let admin: Bool
  let worker: ScriptWorker
  let box: SessionBox
  /// What the session's scripts check between statements: set by the page's Stop (for the
  /// script running now) and by the session's end (for good).
  let stop = InterruptFlag()
  let ended = Atomic<Bool>(false)
  /// The last table `/api/run` gave, for its further pages.
  let lastTable = Mutex<TableBox?>(nil)
  /// Milliseconds since the epoch when it was last used, and when it was made.
  let lastUsed: Atomic<Int64>
  let created: Int64

  init(id: String, csrf: String, user: String, admin: Bool, worker: ScriptWorker, box: SessionBox, now: Int64) {
    self.id = id
    self.csrf = csrf
    self.user = user
    self.admin = admin
    self.worker = worker
    self.box = box
    self.lastUsed = Atomic(now)
    self.created = now
  }

  /// Runs `body` with the session on its thread and waits for it, one request at a time; nil
  /// when the session has ended (logged out meanwhile).
  func run<T: Sendable>(_ body: @escaping @Sendable (Session, StringSink, StringSink) -> T) -> T? {
    let result = Mutex<T?>(nil)
    let done = ThreadSemaphore()
    let box = self.box
    let queued = worker.submit { [self] in
      // A Stop meant for an earlier script does not stop this one; an ended session stays stopped.
      if !ended.load(ordering: .relaxed) { stop.clear() }
      box.output.reset()
      box.errors.reset()
      let value = body(box.session, box.output, box.errors)
      result.withLock { $0 = value }
      done.signal()
    }
    guard queued else { return nil }
    while true {
      done.wait()
      if let r = result.withLock({ $0 }) { return r }
    }
  }
}

/// A table kept for paging: read-only once made.
struct TableBox: @unchecked Sendable {
  let table: Table
}

/// A session and its sinks, used only on the web session's own thread.
final class SessionBox: @unchecked Sendable {
  let session: Session
  let output: StringSink
  let errors: StringSink
  /// Connections to the other nodes scripts were run on, logged in as the session's user:
  /// their variables stay between runs, as a shell's `.use ALIAS` keeps them.
  var remotes: [String: NodeConnection] = [:]
  init(session: Session, output: StringSink, errors: StringSink) {
    self.session = session
    self.output = output
    self.errors = errors
  }
}

/// The web sessions of one node: found by the id in the cookie (or a bearer token), ended by
/// logout, after `idleMillis` unused or `lifeMillis` in all, and the oldest first when there are
/// more than `capacity`.
final class WebSessions: Sendable {
  private let sessions = Mutex<[String: WebSession]>([:])
  let idleMillis: Int64 = 30 * 60 * 1000
  static let lifeMillis: Int64 = 8 * 3600 * 1000
  let capacity = 256

  static func now() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

  /// 32 random bytes, base64url: the id of a session or its CSRF token.
  static func randomToken() -> String {
    var g = SystemRandomNumberGenerator()
    let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &g) }
    return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(
      of: "/", with: "_"
    ).replacingOccurrences(of: "=", with: "")
  }

  func add(_ s: WebSession) {
    let evicted = sessions.withLock { all -> [WebSession] in
      var gone: [WebSession] = []
      all[s.id] = s
      while all.count > capacity, let oldest = all.values.min(by: { $0.created < $1.created }) {
        all.removeValue(forKey: oldest.id)
        gone.append(oldest)
      }
      return gone
    }
    for s in evicted { end(s) }
  }

  /// The live session with this id (its last use now).
  func find(_ id: String) -> WebSession? {
    let now = WebSessions.now()
    let (found, expired) = sessions.withLock { all -> (WebSession?, WebSession?) in
      guard let s = all[id] else { return (nil, nil) }
      if now - s.lastUsed.load(ordering: .relaxed) > idleMillis || now - s.created > WebSessions.lifeMillis {
        all.removeValue(forKey: id)
        return (nil, s)
      }
      s.lastUsed.store(now, ordering: .relaxed)
      return (s, nil)
    }
    if let expired { end(expired) }
    return found
  }

  func remove(_ id: String) {
    if let s = sessions.withLock({ $0.removeValue(forKey: id) }) { end(s) }
  }

  /// Stops what the session runs (at its next statement) and lets its thread end once the
  /// requests already queued have their (interrupted) answers: none waits forever.
  private func end(_ s: WebSession) {
    s.ended.store(true, ordering: .relaxed)
    s.stop.request()
    let box = s.box
    // On the session's thread, after what is queued: it alone touches the connections.
    s.worker.submit {
      for c in box.remotes.values { c.close() }
      box.remotes = [:]
    }
    s.worker.stop()
  }
}
