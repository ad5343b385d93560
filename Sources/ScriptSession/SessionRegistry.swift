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
