import Coordination
import Foundation

/// A real ZooKeeper (Debian's package) on free loopback ports, started and stopped through
/// `Scripts/zookeeper.sh`. Every test that starts one stops it with `defer`.
final class ZooKeeperServer: @unchecked Sendable {
  static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Scripts/zookeeper.sh").path

  let directory: String
  let connect: String

  init(servers: Int = 1) throws {
    directory = FileManager.default.temporaryDirectory.appendingPathComponent("porpoise-zk-\(UUID().uuidString)").path
    connect = try ZooKeeperServer.script(["start", directory, String(servers)])
  }

  func address(root: String = "") -> ZooKeeperAddress {
    guard let a = ZooKeeperAddress(connect + root) else { fatalError("bad connect string '\(connect)'") }
    return a
  }

  /// Stops every server, or server `n`.
  func stop(_ n: Int? = nil) {
    _ = try? ZooKeeperServer.script(["stop", directory] + (n.map { [String($0)] } ?? []))
    if n == nil { try? FileManager.default.removeItem(atPath: directory) }
  }

  func resume(_ n: Int) throws { _ = try ZooKeeperServer.script(["resume", directory, String(n)]) }

  struct ScriptFailed: Error, CustomStringConvertible {
    let description: String
  }

  /// Runs the script with posix_spawn and waitpid: Foundation's Process sometimes never
  /// reaps a child that started a background server, from an async test.
  @discardableResult
  static func script(_ args: [String]) throws -> String {
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("zk-out-\(UUID().uuidString)").path
    let err = out + ".err"
    defer {
      try? FileManager.default.removeItem(atPath: out)
      try? FileManager.default.removeItem(atPath: err)
    }
    let quoted = ([script] + args).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
    let argv = ["/bin/bash", "-c", "\(quoted) >'\(out)' 2>'\(err)' </dev/null"]
    var pid: pid_t = 0
    let cArgs = argv.map { strdup($0) } + [nil]
    defer { cArgs.forEach { free($0) } }
    // Test threads block signals, and a spawned child inherits the mask: without a reset the
    // script's `timeout` (SIGALRM) never fires and the server ignores SIGTERM.
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var none = sigset_t()
    sigemptyset(&none)
    posix_spawnattr_setsigmask(&attributes, &none)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
    let rc = posix_spawn(&pid, "/bin/bash", nil, &attributes, cArgs, environ)
    guard rc == 0 else { throw ScriptFailed(description: "cannot start zookeeper.sh: errno \(rc)") }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let stdout = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
    let stderr = (try? String(contentsOfFile: err, encoding: .utf8)) ?? ""
    guard status == 0 else {
      throw ScriptFailed(description: "zookeeper.sh \(args.joined(separator: " ")) failed: \(stderr)")
    }
    return stdout.trimmingCharacters(in: .whitespacesAndNewlines)
  }
}

/// Waits for a condition with a deadline; every wait in these tests is bounded.
func eventually(_ seconds: Double = 10, _ condition: () async throws -> Bool) async rethrows -> Bool {
  let deadline = Date().addingTimeInterval(seconds)
  while Date() < deadline {
    if try await condition() { return true }
    try? await Task.sleep(for: .milliseconds(20))
  }
  return try await condition()
}

/// The next event matching `predicate`, or nil after `seconds`.
func nextEvent(_ events: AsyncStream<ZooKeeperEvent>, within seconds: Double = 10, _ predicate: @escaping @Sendable (ZooKeeperEvent) -> Bool)
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
