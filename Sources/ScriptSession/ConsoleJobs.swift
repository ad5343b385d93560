import Foundation
import ScriptRuntime
import Synchronization

/// What a node's connections are running now (DolphinDB's console jobs: `getConsoleJobs`,
/// `cancelConsoleJob`): each request a client sent, from its start to its end, with the flag
/// that stops it as Ctrl-C does.
public final class ConsoleJobs: Sendable {
  public struct Job: Sendable {
    public var rootJobId: String
    public var userID: String
    public var desc: String
    /// Local wall-clock milliseconds.
    public var receiveTime: Int64
    public var sessionId: Int
    public var remoteIP: String
    public var remotePort: Int
    let stop: InterruptFlag
  }
  private let running = Mutex<[String: Job]>([:])

  public init() {}

  /// A request starts; returns the id `end` takes.
  public func begin(
    user: String, desc: String, receiveTime: Int64, sessionId: Int, remote: (ip: String, port: Int),
    stop: InterruptFlag
  ) -> String {
    let id = UUID().uuidString.lowercased()
    let job = Job(
      rootJobId: id, userID: user, desc: String(desc.prefix(100)), receiveTime: receiveTime, sessionId: sessionId,
      remoteIP: remote.ip, remotePort: remote.port, stop: stop)
    running.withLock { $0[id] = job }
    return id
  }

  public func end(_ id: String) { running.withLock { _ = $0.removeValue(forKey: id) } }

  /// The jobs running now, oldest first.
  public func list() -> [Job] {
    running.withLock { Array($0.values) }.sorted { ($0.receiveTime, $0.rootJobId) < ($1.receiveTime, $1.rootJobId) }
  }

  /// Stops the jobs with these ids that `allowed` accepts; returns the ids it found.
  public func cancel(_ ids: [String], allowed: (Job) -> Bool) -> [String] {
    running.withLock { r in
      ids.compactMap { id in
        guard let job = r[id], allowed(job) else { return nil }
        job.stop.request()
        return id
      }
    }
  }
}
