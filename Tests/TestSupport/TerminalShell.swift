import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A command on a terminal of its own (`script`), fed one line at a time through a FIFO once
/// it shows a prompt.
public final class TerminalShell {
  public let process: Spawned
  let dir: String
  let fifo: String
  var writer: Int32 = -1
  var prompts = 0

  public init(_ command: String, home: String) throws {
    dir = temporaryDirectory("porpoise-tty")
    fifo = dir + "/in"
    guard mkfifo(fifo, 0o600) == 0 else { throw Spawned.SpawnFailed(description: "cannot make \(fifo)") }
    // `script` runs the command with `$SHELL -c`. The command execs, so the terminal's
    // foreground group is the program alone: a shell left waiting in it catches the Ctrl-C
    // too and, as dash does, kills itself with SIGINT once the program ends (exit 130).
    // SHELL is pinned so a developer's machine and CI (where it is unset: dash) behave alike.
    process = try Spawned(
      ["/bin/sh", "-c", "HOME='\(home)' exec script -qec \"exec \(command)\" /dev/null < '\(fifo)'"],
      environment: ["SHELL": "/bin/sh"])
    // Opening blocks until the shell opens its end; O_RDWR does not, and keeps it open.
    writer = open(fifo, O_RDWR)
  }

  public var output: String { process.stdout.replacingOccurrences(of: "\r", with: "") }

  /// Prompts shown so far: `> ` (or a node's `P1-datanode> `) at the start of a line. A typed
  /// line echoed after its prompt (`> x > 1000`) holds `> ` too, and must not count as the next
  /// prompt, or end of input would be typed while that line still runs (the terminal then
  /// drops the Ctrl-D).
  var promptsShown: Int {
    output.split(separator: "\n", omittingEmptySubsequences: false).filter { line in
      let name = line.prefix { $0.isLetter || $0.isNumber || "_.-".contains($0) }
      return line.dropFirst(name.count).hasPrefix("> ")
    }.count
  }

  /// Waits for the next prompt, then types `line`; false if no prompt came.
  public func type(_ line: String) -> Bool {
    let want = prompts + 1
    guard waitUntil(30, { self.promptsShown >= want }) else { return false }
    prompts = want
    var text = line + "\n"
    _ = text.withUTF8 { write(writer, $0.baseAddress, $0.count) }
    return true
  }

  /// Types keys as they are (`"\u{03}"` is Ctrl-C), without waiting for a prompt.
  public func press(_ keys: String) {
    var text = keys
    _ = text.withUTF8 { write(writer, $0.baseAddress, $0.count) }
  }

  /// Ends the input (the shell sees end of file) once the last line has been answered.
  public func close() {
    guard writer >= 0 else { return }
    _ = waitUntil(30) { self.promptsShown > self.prompts }
    var eot = "\u{04}"
    _ = eot.withUTF8 { write(writer, $0.baseAddress, $0.count) }
    Glibc.close(writer)
    writer = -1
  }

  /// The FIFO's folder goes with the shell (the open descriptors outlive the name).
  deinit {
    if writer >= 0 { Glibc.close(writer) }
    try? FileManager.default.removeItem(atPath: dir)
  }
}
