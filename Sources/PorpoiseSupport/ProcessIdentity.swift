import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A process as files written by several processes name it: its pid and the kernel's start
/// time of it (`pid:ticks`), so a later process that reused the pid is not taken for it.
public enum ProcessIdentity {
  /// This process.
  public static let current: String = {
    let pid = getpid()
    return "\(pid):\(startTime(of: pid) ?? 0)"
  }()

  /// Whether the process `identity` names still runs (an identity that does not parse names
  /// none: a record from before identities were kept).
  public static func isAlive(_ identity: String) -> Bool {
    if identity == current { return true }
    let parts = identity.split(separator: ":")
    guard parts.count == 2, let pid = Int32(parts[0]), pid > 0, let ticks = UInt64(parts[1]) else { return false }
    guard let now = startTime(of: pid) else { return false }
    return now == ticks
  }

  /// Field 22 of /proc/<pid>/stat: when the process started, in clock ticks since boot; nil
  /// for no such process (or a zombie).
  public static func startTime(of pid: Int32) -> UInt64? {
    guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
      let close = text.lastIndex(of: ")")
    else { return nil }
    // Fields after the command name; the state is field 3, the start time field 22.
    let fields = text[text.index(after: close)...].split(separator: " ")
    guard fields.count > 19, fields[0] != "Z" else { return nil }
    return UInt64(fields[19])
  }

  /// The pid an identity names (for messages).
  public static func pid(_ identity: String) -> String { String(identity.prefix { $0 != ":" }) }
}
