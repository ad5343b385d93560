import Synchronization

/// The sessions of a node's connections (DolphinDB's `getSessionMemoryStat`, `closeSessions`):
/// who each belongs to, where its client is, when it was made and last ran something, the
/// memory its variables hold, and how to close it.
public final class SessionRegistry: Sendable {
  public struct Entry: Sendable {
    public var sessionId: Int
    public var userId: String
    public var remoteIP: String
    public var remotePort: Int
    /// UTC epoch milliseconds.
    public var createTime: Int64
    public var lastActiveTime: Int64
    /// Bytes the session's variables hold, as of its last request.
    public var memSize: Int
    /// Bytes sent to and received from the client since resource tracking last took them.
    var sent = 0
    var received = 0
    let close: @Sendable () -> Void

    public init(
      sessionId: Int, userId: String, remoteIP: String, remotePort: Int, createTime: Int64, lastActiveTime: Int64,
      memSize: Int, close: @escaping @Sendable () -> Void = {}
    ) {
      self.sessionId = sessionId
      self.userId = userId
      self.remoteIP = remoteIP
      self.remotePort = remotePort
      self.createTime = createTime
      self.lastActiveTime = lastActiveTime
      self.memSize = memSize
      self.close = close
    }
  }
  private let entries = Mutex<[Int: Entry]>([:])
  /// Whether traffic is counted (resource tracking is configured): otherwise a reply costs no lock.
  public let countsTraffic = Atomic<Bool>(false)

  public init() {}

  /// A connection's session begins; `close` ends the connection.
  public func register(
    sessionId: Int, remote: (ip: String, port: Int), now: Int64, close: @escaping @Sendable () -> Void
  ) {
    let entry = Entry(
      sessionId: sessionId, userId: "guest", remoteIP: remote.ip, remotePort: remote.port, createTime: now,
      lastActiveTime: now, memSize: 0, close: close)
    entries.withLock { $0[sessionId] = entry }
  }

  /// The session ran a request.
  public func touch(sessionId: Int, user: String, now: Int64, memSize: Int) {
    entries.withLock { e in
      e[sessionId]?.userId = user
      e[sessionId]?.lastActiveTime = now
      e[sessionId]?.memSize = memSize
    }
  }

  /// Counts bytes the session sent its client and received from it.
  public func addTraffic(sessionId: Int, sent: Int, received: Int) {
    guard countsTraffic.load(ordering: .relaxed) else { return }
    entries.withLock { e in
      e[sessionId]?.sent += sent
      e[sessionId]?.received += received
    }
  }

  /// The bytes each user's sessions sent and received since the last call, by user; the
  /// counts start again from zero.
  public func takeTraffic() -> [String: (sent: Int, received: Int)] {
    entries.withLock { e in
      var out: [String: (sent: Int, received: Int)] = [:]
      for id in e.keys {
        guard let entry = e[id], entry.sent > 0 || entry.received > 0 else { continue }
        let total = out[entry.userId] ?? (0, 0)
        out[entry.userId] = (total.sent + entry.sent, total.received + entry.received)
        e[id]?.sent = 0
        e[id]?.received = 0
      }
      return out
    }
  }

  public func unregister(sessionId: Int) { entries.withLock { _ = $0.removeValue(forKey: sessionId) } }

  /// Every session, by id.
  public func list() -> [Entry] { entries.withLock { $0.values.sorted { $0.sessionId < $1.sessionId } } }

  /// Closes the sessions with these ids that `allowed` accepts; returns the ids it closed.
  public func close(_ ids: [Int], allowed: (Entry) -> Bool) -> [Int] {
    let chosen = entries.withLock { e in ids.compactMap { e[$0] }.filter(allowed) }
    for entry in chosen { entry.close() }
    return chosen.map(\.sessionId)
  }
}
