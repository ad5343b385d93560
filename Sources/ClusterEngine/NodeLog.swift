import Foundation
import Logging
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// Where a node's log lines go: `-logFile` (appended), standard output (`-stdoutLog 1`), or both
/// (`-stdoutLog 2`). A log file that grows past `maxLogSize` MB is archived beside itself as
/// `<yyyyMMddHHmmss>_<name>` (DolphinDB's naming) and a new one is started.
/// The target keeps the log's level, which `setLogLevel` changes while the node runs.
public final class NodeLogTarget: Sendable {
  private struct Output {
    var file: Int32?
    var written: Int
    let stdout: Bool
  }
  private let output: Mutex<Output>
  private let path: String?
  /// Bytes after which the file is archived (0: never).
  private let maxBytes: Int
  /// The lowest level written, as its index in `Logger.Level.allCases`.
  private let threshold: Atomic<Int>

  /// Opens the log file (creating its folder's file, not the folder). Nil file: stdout only.
  public init(file: String?, stdoutLog: Int, level: Logger.Level = .info, maxBytes: Int = 0) throws(NodeStartError) {
    threshold = Atomic(Logger.Level.allCases.firstIndex(of: level) ?? 0)
    self.maxBytes = max(maxBytes, 0)
    var fd: Int32?
    var size = 0
    if let file, stdoutLog != 1 {
      // The seed's launch lines name log/x.log before anyone made log/: make the folder.
      if let slash = file.lastIndex(of: "/"), slash != file.startIndex {
        try? FileManager.default.createDirectory(atPath: String(file[..<slash]), withIntermediateDirectories: true)
      }
      guard let opened = NodeLogTarget.open(file) else {
        throw NodeStartError("cannot open the log file '\(file)': \(String(cString: strerror(errno)))")
      }
      fd = opened
      var st = stat()
      if fstat(opened, &st) == 0 { size = Int(st.st_size) }
    }
    path = fd == nil ? nil : file
    output = Mutex(Output(file: fd, written: size, stdout: file == nil || stdoutLog >= 1))
  }

  /// `maxLogSize` (MB; DolphinDB's default, 1024, when not set) as bytes.
  public static func maxBytes(_ parameter: String?) -> Int {
    guard let mb = parameter.flatMap(Int.init), mb > 0, mb <= 1_000_000 else { return 1024 << 20 }
    return mb << 20
  }

  static func open(_ path: String) -> Int32? {
    let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
    return fd >= 0 ? fd : nil
  }

  /// The lowest level the log writes (the `logLevel` parameter, then `setLogLevel`'s).
  public var level: Logger.Level {
    get {
      let all = Logger.Level.allCases
      let i = threshold.load(ordering: .relaxed)
      return all.indices.contains(i) ? all[i] : .info
    }
    set { threshold.store(Logger.Level.allCases.firstIndex(of: newValue) ?? 0, ordering: .relaxed) }
  }

  /// Writes `message` at `level` when the log's level lets it through.
  func write(_ level: Logger.Level, _ message: String) {
    guard level >= self.level else { return }
    write(NodeLogTarget.format(level, message))
  }

  func write(_ line: String) {
    var text = line
    output.withLock { out in
      text.withUTF8 { buf in
        guard let base = buf.baseAddress else { return }
        func all(_ fd: Int32) {
          var offset = 0
          while offset < buf.count {
            let n = Glibc.write(fd, base + offset, buf.count - offset)
            if n <= 0 { break }
            offset += n
          }
        }
        if let fd = out.file {
          all(fd)
          out.written += buf.count
        }
        if out.stdout { all(1) }
      }
      if maxBytes > 0, out.written >= maxBytes, let fd = out.file, let path { rotate(&out, fd, path) }
    }
  }

  /// Archives the full log file under a timestamped name and starts a new one; if the new one
  /// cannot be opened, goes on writing to the archived file rather than losing lines.
  private func rotate(_ out: inout Output, _ fd: Int32, _ path: String) {
    var seconds = time(nil)
    var parts = tm()
    localtime_r(&seconds, &parts)
    var buffer = [CChar](repeating: 0, count: 32)
    _ = strftime(&buffer, buffer.count, "%Y%m%d%H%M%S", &parts)
    let stamp = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    let slash = path.lastIndex(of: "/")
    let folder = slash.map { String(path[...$0]) } ?? ""
    let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
    var archive = folder + stamp + "_" + name
    var n = 1
    while access(archive, F_OK) == 0 {
      archive = folder + stamp + "_\(n)_" + name
      n += 1
    }
    guard rename(path, archive) == 0, let fresh = NodeLogTarget.open(path) else { return }
    close(fd)
    out.file = fresh
    out.written = 0
  }

  /// A line in DolphinDB's format: `2023-10-26 09:01:31.349118 <ERROR> :message`.
  static func format(_ level: Logger.Level, _ message: String) -> String {
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    var seconds = now.tv_sec
    var parts = tm()
    localtime_r(&seconds, &parts)
    func pad(_ v: Int32, _ width: Int) -> String {
      let s = String(v)
      return String(repeating: "0", count: max(0, width - s.count)) + s
    }
    let date = "\(parts.tm_year + 1900)-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))"
    let time =
      "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(now.tv_nsec / 1000), 6))"
    return "\(date) \(time) <\(name(level))> :\(escaped(message))\n"
  }

  /// One line, whatever a message holds: newlines and other control characters are written
  /// as escapes, so no text from a script or a peer can forge a line of its own.
  static func escaped(_ message: String) -> String {
    guard message.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f }) else { return message }
    var out = ""
    for u in message.unicodeScalars {
      switch u {
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where u.value < 0x20 || u.value == 0x7f: out += "\\x" + String(u.value, radix: 16)
      default: out.unicodeScalars.append(u)
      }
    }
    return out
  }

  static func name(_ level: Logger.Level) -> String {
    switch level {
    case .trace, .debug: return "DEBUG"
    case .info, .notice: return "INFO"
    case .warning: return "WARNING"
    case .error, .critical: return "ERROR"
    }
  }
}

/// A swift-log handler that writes DolphinDB-style lines to a `NodeLogTarget`, at the target's
/// level (so that `setLogLevel` reaches every logger of the node at once).
public struct NodeLogHandler: LogHandler {
  let target: NodeLogTarget
  public var logLevel: Logger.Level {
    get { target.level }
    set { target.level = newValue }
  }
  public var metadata: Logger.Metadata = [:]

  public init(target: NodeLogTarget) {
    self.target = target
  }

  public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
    get { metadata[key] }
    set { metadata[key] = newValue }
  }

  public func log(event: LogEvent) {
    target.write(NodeLogTarget.format(event.level, "\(event.message)"))
  }

  /// The level named by the `logLevel` parameter (`DEBUG`, `INFO`, `WARNING`, `ERROR`).
  public static func level(_ name: String?) -> Logger.Level {
    switch name?.uppercased() {
    case "DEBUG": return .debug
    case "WARNING": return .warning
    case "ERROR": return .error
    default: return .info
    }
  }
}

/// Why a node could not start; the message says what to do.
public struct NodeStartError: Error, Sendable, CustomStringConvertible {
  public let message: String
  public let exitCode: Int32
  public init(_ message: String, exitCode: Int32 = 78) {
    self.message = message
    self.exitCode = exitCode
  }
  public var description: String { message }
}
