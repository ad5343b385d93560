import Foundation
import PorpoiseSupport
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// A node process an agent runs: started with posix_spawn in its own process group (so it
/// outlives its agent), or adopted from a pidfile after the agent restarted.
final class ChildProcess: SupervisedProcess {
  let pid: pid_t
  /// The kernel's start time of the process (from /proc), which tells it from a later
  /// process that reused the pid.
  let startTime: UInt64
  let adopted: Bool
  private let exitStatus = Mutex<String?>(nil)

  private init(pid: pid_t, startTime: UInt64, adopted: Bool) {
    self.pid = pid
    self.startTime = startTime
    self.adopted = adopted
  }

  /// Starts `argv`; standard output and error append to `output`. Calls `onExit` (on a
  /// thread of its own) with how the process ended: `exit N` or `signal N`.
  /// The descriptor a node reads a secret from (`secret`): a pipe, never the environment or
  /// the command line, which `/proc` shows to anyone with the same user or root.
  static let secretDescriptor: Int32 = 3

  /// `secret`, when given, is readable once by the child on descriptor 3.
  static func spawn(
    _ argv: [String], output: String, secret: String? = nil, onExit: @escaping @Sendable (String) -> Void
  ) throws(ClusterError) -> ChildProcess {
    closeOnExec()
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_APPEND, 0o644)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    var environment: [String: String] = [:]
    // The agent's end of the pipe the child reads its secret from, closed once it is spawned.
    var secretSource: Int32?
    defer {
      if let fd = secretSource { close(fd) }
    }
    if let secret {
      var fds: [Int32] = [0, 0]
      guard pipe(&fds) == 0 else { throw ClusterError(ClusterMessages.cannotMakeCredentialPipe()) }
      for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
      // Small: the whole secret fits the pipe's buffer, so writing never waits for the child.
      var bytes = Array(secret.utf8)
      _ = write(fds[1], &bytes, bytes.count)
      close(fds[1])
      var source = fds[0]
      if source == ChildProcess.secretDescriptor {
        source = fcntl(fds[0], F_DUPFD_CLOEXEC, 10)
        close(fds[0])
      }
      secretSource = source
      posix_spawn_file_actions_adddup2(&actions, source, ChildProcess.secretDescriptor)
      environment["PORPOISE_ZK_DIGEST_FD"] = String(ChildProcess.secretDescriptor)
    }
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    // The agent blocks SIGTERM for its own sigwait; a child must not inherit that, or it
    // would never hear the agent's SIGTERM. Its own process group keeps it alive when the
    // agent's terminal or group is signalled.
    var none = sigset_t()
    sigemptyset(&none)
    posix_spawnattr_setsigmask(&attributes, &none)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    sigaddset(&defaults, SIGPIPE)
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setpgroup(&attributes, 0)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF))
    let cArgs = argv.map { strdup($0) } + [nil]
    defer { cArgs.forEach { free($0) } }
    var inherited: [String] = []
    var e = environ
    while let entry = e.pointee {
      let text = String(cString: entry)
      if let name = text.split(separator: "=", maxSplits: 1).first, environment[String(name)] == nil {
        inherited.append(text)
      }
      e += 1
    }
    let cEnv =
      (inherited + environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }).map { strdup($0) } + [nil]
    defer { cEnv.forEach { free($0) } }
    var pid: pid_t = 0
    let rc = posix_spawn(&pid, argv[0], &actions, &attributes, cArgs, cEnv)
    guard rc == 0 else { throw ClusterError(ClusterMessages.cannotStart(argv[0], String(cString: strerror(rc)))) }
    let child = ChildProcess(pid: pid, startTime: ChildProcess.startTime(of: pid) ?? 0, adopted: false)
    let started = pid
    Thread.detachNewThread {
      var status: Int32 = 0
      while waitpid(started, &status, 0) < 0 && errno == EINTR {}
      let how = (status & 0x7f) == 0 ? "exit \((status >> 8) & 0xff)" : "signal \(status & 0x7f)"
      child.exitStatus.withLock { $0 = how }
      onExit(how)
    }
    return child
  }

  /// Takes over a process an earlier agent started, if `pid` still runs with `startTime`.
  /// It is not our child, so its end is noticed by polling.
  static func adopt(pid: pid_t, startTime: UInt64, onExit: @escaping @Sendable (String) -> Void) -> ChildProcess? {
    guard ChildProcess.startTime(of: pid) == startTime else { return nil }
    let child = ChildProcess(pid: pid, startTime: startTime, adopted: true)
    Thread.detachNewThread {
      while ChildProcess.startTime(of: pid) == startTime { usleep(50_000) }
      child.exitStatus.withLock { $0 = "exit (unknown: adopted)" }
      onExit("ended (adopted, status unknown)")
    }
    return child
  }

  /// Marks every descriptor above stderr close-on-exec, so a node never inherits its agent's
  /// listening socket or ZooKeeper connection (a killed agent's port would stay taken).
  static func closeOnExec() {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else { return }
    for name in names {
      guard let fd = Int32(name), fd > 2 else { continue }
      let flags = fcntl(fd, F_GETFD)
      if flags >= 0 && flags & FD_CLOEXEC == 0 { _ = fcntl(fd, F_SETFD, flags | FD_CLOEXEC) }
    }
  }

  var hasExited: Bool { exitStatus.withLock { $0 != nil } }

  func signal(_ sig: Int32) {
    guard !hasExited else { return }
    kill(pid, sig)
  }

  /// When the process started, in clock ticks since boot (see `ProcessIdentity`).
  static func startTime(of pid: pid_t) -> UInt64? { ProcessIdentity.startTime(of: pid) }
}
