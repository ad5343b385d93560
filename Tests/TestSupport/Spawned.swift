import Foundation
import PorpoiseSupport
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// The checkout's root folder.
public let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().path

/// The built `porpoise` binary: `PORPOISE_BINARY`, else the one beside the running test bundle
/// (built in the same configuration as the tests), else debug first, as `swift test` builds it.
public var porpoiseBinary: String {
  if let explicit = ProcessInfo.processInfo.environment["PORPOISE_BINARY"] { return explicit }
  let beside = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    .appendingPathComponent("porpoise").path
  if FileManager.default.isExecutableFile(atPath: beside) { return beside }
  for config in ["debug", "release"] {
    let p = repositoryRoot + "/.build/\(config)/porpoise"
    if FileManager.default.isExecutableFile(atPath: p) { return p }
  }
  return repositoryRoot + "/.build/debug/porpoise"
}

/// A child process started with posix_spawn, its output in files. Test threads block
/// signals and a spawned child inherits the mask, so the mask is reset: otherwise the child
/// would ignore SIGTERM and its own timers.
public final class Spawned: @unchecked Sendable {
  public let pid: pid_t
  public let stdoutPath: String
  public let stderrPath: String
  private var reaped: Int32?

  /// Starts `argv` in `directory`, standard input from /dev/null.
  public init(_ command: [String], in directory: String? = nil, environment: [String: String] = [:]) throws {
    // posix_spawn_file_actions_addchdir_np is not in Swift's Glibc module: let sh change folder.
    let argv = directory.map { ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", $0] + command } ?? command
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("porpoise-spawn-\(UUID().uuidString)").path
    stdoutPath = base + ".out"
    stderrPath = base + ".err"
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var none = sigset_t()
    sigemptyset(&none)
    posix_spawnattr_setsigmask(&attributes, &none)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
    var env = ProcessInfo.processInfo.environment
    env.merge(environment) { $1 }
    let cArgs = argv.map { strdup($0) } + [nil]
    let cEnv = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      cArgs.forEach { free($0) }
      cEnv.forEach { free($0) }
    }
    var pid: pid_t = 0
    let rc = posix_spawn(&pid, argv[0], &actions, &attributes, cArgs, cEnv)
    guard rc == 0 else { throw SpawnFailed(description: "cannot start \(argv[0]): errno \(rc)") }
    self.pid = pid
  }

  public struct SpawnFailed: Error, CustomStringConvertible {
    public let description: String
    public init(description: String) { self.description = description }
  }

  public var stdout: String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }
  public var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

  /// The exit status once the process ended (reaping it), or nil while it runs.
  public var exitStatus: Int32? {
    if let reaped { return reaped }
    var status: Int32 = 0
    let r = waitpid(pid, &status, WNOHANG)
    guard r == pid else { return nil }
    let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    reaped = code
    return code
  }

  public var isRunning: Bool { exitStatus == nil }

  /// Waits up to `seconds` for the process to end; its status, or nil if it still runs.
  @discardableResult
  public func wait(seconds: Double) -> Int32? {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
      if let s = exitStatus { return s }
      usleep(10_000)
    }
    return exitStatus
  }

  public func signal(_ sig: Int32) { if isRunning { kill(pid, sig) } }

  /// SIGTERM, then SIGKILL if it has not ended after `grace` seconds. Always reaps.
  public func stop(grace: Double = 5) {
    guard isRunning else { return }
    kill(pid, SIGCONT)
    kill(pid, SIGTERM)
    if wait(seconds: grace) == nil {
      kill(pid, SIGKILL)
      wait(seconds: 5)
    }
  }

  deinit {
    stop(grace: 1)
    try? FileManager.default.removeItem(atPath: stdoutPath)
    try? FileManager.default.removeItem(atPath: stderrPath)
  }

  /// Runs to the end and returns status and output.
  public static func runToEnd(_ argv: [String], in directory: String? = nil, timeout: Double = 120) throws -> (
    status: Int32, stdout: String, stderr: String
  ) {
    let p = try Spawned(argv, in: directory)
    guard let status = p.wait(seconds: timeout) else {
      p.stop(grace: 1)
      throw SpawnFailed(description: "\(argv.joined(separator: " ")) did not end within \(Int(timeout)) s")
    }
    return (status, p.stdout, p.stderr)
  }
}

/// A free TCP port on 127.0.0.1, as the kernel hands them out.
public func freePort() -> Int {
  // The kernel may hand the same ephemeral port out again once it is closed: never give a
  // port twice in one test process (a cluster's config would list one address twice).
  for _ in 0..<100 {
    let port = unusedPort()
    if handedOutPorts.withLock({ $0.insert(port).inserted }) { return port }
  }
  return unusedPort()
}

private let handedOutPorts = Mutex<Set<Int>>([])

private func unusedPort() -> Int { bindLoopback(0) ?? 0 }

/// Binds a TCP socket to 127.0.0.1:`port` (0: any) and closes it; the port it got, or nil.
private func bindLoopback(_ port: Int) -> Int? {
  let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
  defer { close(fd) }
  var address = sockaddr_in()
  address.sin_family = sa_family_t(AF_INET)
  address.sin_addr.s_addr = inet_addr("127.0.0.1")
  address.sin_port = UInt16(port).bigEndian
  var length = socklen_t(MemoryLayout<sockaddr_in>.size)
  let bound = withUnsafePointer(to: &address) {
    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
  }
  guard bound == 0 else { return nil }
  _ = withUnsafeMutablePointer(to: &address) {
    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
  }
  return Int(UInt16(bigEndian: address.sin_port))
}

/// A base port `b` such that `b + o` is free on 127.0.0.1 for every offset `o` (a script that
/// numbers its ports from one base, as `Scripts/local-cluster.sh` does).
public func freePortBase(offsets: [Int]) -> Int? {
  for _ in 0..<100 {
    let base = freePort()
    guard let top = offsets.max(), base + top <= 65535 else { continue }
    if offsets.allSatisfy({ bindLoopback(base + $0) != nil }) { return base }
  }
  return nil
}

/// A fresh temporary folder.
public func temporaryDirectory(_ prefix: String) -> String {
  let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)").path
  try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  return path
}

/// Waits for a condition without async (for tests around child processes).
/// Whether a process runs: not `kill(pid, 0)`, which a process that has ended answers until
/// its parent reaps it (an orphaned node's parent is the machine's init, which may reap late
/// or never), so a test would wait for a node that is gone.
public func processRuns(_ pid: Int32) -> Bool { pid > 0 && ProcessIdentity.startTime(of: pid) != nil }

public func waitUntil(_ seconds: Double = 10, _ condition: () -> Bool) -> Bool {
  let deadline = Date().addingTimeInterval(seconds)
  while Date() < deadline {
    if condition() { return true }
    usleep(20_000)
  }
  return condition()
}

/// Pipes `script` to `porpoise --keep-going -home home` (a node's shell, as a user pastes into
/// it) and gives what it printed, both streams.
public func runPiped(home: String, _ script: String) throws -> String {
  let file = temporaryDirectory("porpoise-stdin") + "/in.dos"
  try script.write(toFile: file, atomically: true, encoding: .utf8)
  let argv = [porpoiseBinary, "--keep-going", "-home", home]
  let r = try Spawned.runToEnd(["/bin/sh", "-c", argv.map { "'\($0)'" }.joined(separator: " ") + " < '\(file)'"])
  return r.stdout + r.stderr
}
