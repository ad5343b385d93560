import ScriptSyntax
import Synchronization

/// Where `print` and the console write.
public protocol OutputSink: AnyObject {
  /// Writes text as it is (callers add newlines).
  func write(_ text: String)
}

/// Time as scripts see it; tests inject a fixed clock.
public protocol ScriptClock: AnyObject {
  /// Nanoseconds since the epoch, in local wall-clock time.
  func nowNanoseconds() -> Int64
  /// A monotonic reading in nanoseconds, for `timer`.
  func monotonicNanoseconds() -> UInt64
  /// Sleeps (a fixed clock just advances).
  func sleep(milliseconds: Int64)
  /// Local time minus UTC, in nanoseconds (`localtime`, `gmtime`).
  var utcOffsetNanoseconds: Int64 { get }
  /// Time zone `zone` (an IANA name such as "Asia/Shanghai", or "UTC") minus UTC, in seconds,
  /// at the UTC instant `utcSeconds`; nil for a zone the machine does not know (`convertTZ`).
  func utcOffsetSeconds(zone: String, atUTCSeconds utcSeconds: Int64) -> Int?
}

extension ScriptClock {
  /// A clock that does not say keeps UTC.
  public var utcOffsetNanoseconds: Int64 { 0 }
  /// A clock that knows no zone rules knows UTC only.
  public func utcOffsetSeconds(zone: String, atUTCSeconds utcSeconds: Int64) -> Int? {
    zone == "UTC" || zone == "GMT" ? 0 : nil
  }
}

/// Services of the session that the language core cannot provide itself (it does no I/O).
public protocol ScriptHost: AnyObject {
  /// The text of module `name` (`a::b`), searched along the module path.
  func moduleSource(_ name: String, from: SourceFile?) throws(ScriptError) -> SourceFile
  /// The script `run "file.dos"` names: found as `resolvePath` finds files, checked against
  /// what no script may read, and read.
  func scriptSource(_ path: String) throws(ScriptError) -> SourceFile
  /// The script's arguments (`args()`).
  var scriptArguments: [String] { get }
  /// An environment variable.
  func environment(_ name: String) -> String?
  /// A data file path as a script wrote it: as given when it exists, else next to the script.
  func resolvePath(_ path: String) -> String
  /// A file a script may write (a report): the path as `resolvePath` finds it, checked against
  /// what no script may touch (the node's own storage).
  func writablePath(_ path: String) throws(ScriptError) -> String
}

/// A stop asked of one session (a remote client's Ctrl-C), beside the process-wide `Interrupt`.
public final class InterruptFlag: Sendable {
  private let flag = Atomic<Bool>(false)
  public init() {}
  public func request() { flag.store(true, ordering: .relaxed) }
  public func clear() { flag.store(false, ordering: .relaxed) }
  @inline(__always) public var isRequested: Bool { flag.load(ordering: .relaxed) }
}

/// Ctrl-C: set from a signal handler, polled by loops and calls.
public enum Interrupt {
  private static let flag = Atomic<Bool>(false)
  /// Asks the running script to stop (lock-free, so safe in a signal handler).
  public static func request() { flag.store(true, ordering: .relaxed) }
  /// Clears a pending request.
  public static func clear() { flag.store(false, ordering: .relaxed) }
  /// Whether a stop was asked for.
  @inline(__always) public static var isRequested: Bool { flag.load(ordering: .relaxed) }
}
