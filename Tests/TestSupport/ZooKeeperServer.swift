import Coordination
import Foundation

/// A real ZooKeeper (Debian's package) on free loopback ports, started and stopped through
/// `Scripts/zookeeper.sh`. Every test that starts one stops it with `defer`.
public final class ZooKeeperServer: @unchecked Sendable {
  static let script = repositoryRoot + "/Scripts/zookeeper.sh"

  public let directory: String
  public let connect: String

  public init(servers: Int = 1) throws {
    directory = FileManager.default.temporaryDirectory.appendingPathComponent("porpoise-zk-\(UUID().uuidString)").path
    connect = try ZooKeeperServer.script(["start", directory, String(servers)])
  }

  public func address(root: String = "") -> ZooKeeperAddress {
    guard let a = ZooKeeperAddress(connect + root) else { fatalError("bad connect string '\(connect)'") }
    return a
  }

  /// Stops every server, or server `n`.
  public func stop(_ n: Int? = nil) {
    _ = try? ZooKeeperServer.script(["stop", directory] + (n.map { [String($0)] } ?? []))
    if n == nil { try? FileManager.default.removeItem(atPath: directory) }
  }

  public func resume(_ n: Int) throws { _ = try ZooKeeperServer.script(["resume", directory, String(n)]) }

  public struct ScriptFailed: Error, CustomStringConvertible {
    public let description: String
  }

  /// Runs the script and waits for it: Foundation's Process sometimes never reaps a child
  /// that started a background server, from an async test.
  @discardableResult
  static func script(_ args: [String]) throws -> String {
    let r = try Spawned.runToEnd(["/bin/bash", script] + args)
    guard r.status == 0 else {
      throw ScriptFailed(description: "zookeeper.sh \(args.joined(separator: " ")) failed: \(r.stderr)")
    }
    return r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
  }
}

/// Waits for a condition with a deadline; every wait in these tests is bounded.
public func eventually(_ seconds: Double = 10, _ condition: () async throws -> Bool) async rethrows -> Bool {
  let deadline = Date().addingTimeInterval(seconds)
  while Date() < deadline {
    if try await condition() { return true }
    try? await Task.sleep(for: .milliseconds(20))
  }
  return try await condition()
}

/// The next event matching `predicate`, or nil after `seconds`.
public func nextEvent(
  _ events: AsyncStream<ZooKeeperEvent>, within seconds: Double = 10,
  _ predicate: @escaping @Sendable (ZooKeeperEvent) -> Bool
)
  async -> ZooKeeperEvent?
{
  await withTaskGroup(of: ZooKeeperEvent?.self) { group in
    group.addTask {
      for await e in events where predicate(e) { return e }
      return nil
    }
    group.addTask {
      try? await Task.sleep(for: .seconds(seconds))
      return nil
    }
    let first = await group.next() ?? nil
    group.cancelAll()
    return first
  }
}

/// Ends a session from outside, the deterministic way: attach a second handle with the
/// session's id and password, and close it. The victim's own client may reconnect before the
/// close arrives (on a loaded machine it does), which moves the session back to it and makes
/// the server refuse the close; so this tries again until `expired()` says it worked.
/// Returns the credentials the thief saw, or nil if five tries did not end the session.
@discardableResult
public func forceExpiry(
  _ address: ZooKeeperAddress, _ credentials: SessionCredentials, expired: () async -> Bool
) async throws -> SessionCredentials? {
  for _ in 0..<5 {
    var attached: ZooKeeperClient?
    do {
      attached = try await ZooKeeperClient.connect(address, sessionTimeoutMillis: 2000, session: credentials)
    } catch {
      guard error.code == ZooKeeperError.sessionExpired else { throw error }
    }
    guard let thief = attached else {
      // An earlier attempt (or a slow machine) expired it already: that is the goal.
      return await eventually(10, { await expired() }) ? credentials : nil
    }
    let seen = thief.credentials
    thief.close()
    if await eventually(2, { await expired() }) { return seen }
  }
  return nil
}
