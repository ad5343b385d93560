import CLinux
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A copy of this program started in a session of its own (it outlives the terminal and the
/// process that started it), its standard output and error a pipe the starter reads until the
/// child closes them: how `porpoise submit` hands a job to a job host.
enum DetachedProcess {
  /// Starts `arguments` (after the program's path); returns what the child wrote before it
  /// closed its output, and its pid. Nil with the reason when it could not be started.
  static func start(_ arguments: [String]) -> Result<(pid: pid_t, said: String), SpawnError> {
    var buffer = [CChar](repeating: 0, count: 4096)
    let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    let program =
      n > 0 ? String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) : CommandLine.arguments[0]
    var fds: [Int32] = [0, 0]
    guard pipe(&fds) == 0 else {
      return .failure(SpawnError("cannot make a pipe: \(String(cString: strerror(errno)))"))
    }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
    posix_spawn_file_actions_adddup2(&actions, fds[1], 2)
    posix_spawn_file_actions_addclose(&actions, fds[0])
    posix_spawn_file_actions_addclose(&actions, fds[1])
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    // Its own session: no terminal, so closing the shell that ran `porpoise submit` (SIGHUP)
    // or its Ctrl-C does not reach the job.
    posix_spawnattr_setflags(&attributes, pp_spawn_setsid())
    let argv = ([program] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    let status = posix_spawn(&pid, program, &actions, &attributes, argv, environ)
    close(fds[1])
    guard status == 0 else {
      close(fds[0])
      return .failure(SpawnError("cannot start \(program): \(String(cString: strerror(status)))"))
    }
    var said: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
      let got = read(fds[0], &chunk, chunk.count)
      if got < 0 && errno == EINTR { continue }
      if got <= 0 { break }
      said += chunk[0..<got]
    }
    close(fds[0])
    return .success((pid, String(decoding: said, as: UTF8.self)))
  }

  /// The child's side, once it has said what the starter waits for: its output and error go
  /// to /dev/null, so the starter's read ends.
  static func detachOutput() {
    let null = open("/dev/null", O_WRONLY)
    guard null >= 0 else { return }
    dup2(null, 1)
    dup2(null, 2)
    close(null)
  }

  struct SpawnError: Error {
    let message: String
    init(_ message: String) { self.message = message }
  }
}
