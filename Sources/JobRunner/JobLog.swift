import Foundation
import PorpoiseSupport
import Synchronization

/// A node's batch-job history on disk, under `batchJobDir` (default `<home>/batchJobs`):
/// `batchJob.log` gets a line when a job is received and when it ends (tab-separated, one
/// record a line, so a torn last line is just skipped), `<jobId>.msg` holds what the job
/// printed and `<jobId>.obj` its return value in the wire encoding.
final class JobLog: Sendable {
  let folder: String
  private let file = Mutex<Int32>(-1)

  init(folder: String) {
    self.folder = folder
  }

  var logPath: String { folder + "/batchJob.log" }
  func messagePath(_ id: String) -> String { folder + "/" + id + ".msg" }
  func resultPath(_ id: String) -> String { folder + "/" + id + ".obj" }

  /// The jobs the log holds, oldest first, each as last recorded.
  func load() -> [JobRecord] {
    guard let text = FileAccess.read(logPath) else { return [] }
    var order: [String] = []
    var latest: [String: JobRecord] = [:]
    for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
      guard let r = JobLog.decode(line) else { continue }
      if latest[r.jobId] == nil { order.append(r.jobId) }
      latest[r.jobId] = r
    }
    return order.compactMap { latest[$0] }
  }

  /// Adds a record's current state to the log.
  func append(_ r: JobRecord) throws(FileError) {
    let line = Array((JobLog.encode(r) + "\n").utf8)
    try file.withLock { fd throws(FileError) in
      if fd < 0 {
        try DurableFile.makeDirectory(folder)
        fd = open(logPath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileError("cannot open '\(logPath)': \(FileAccess.lastError())") }
      }
      let written = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
      guard written == line.count else { throw FileError("cannot write '\(logPath)': \(FileAccess.lastError())") }
    }
  }

  /// Replaces the log with `records` (the history that is kept), atomically.
  func rewrite(_ records: [JobRecord]) throws(FileError) {
    let text = records.map { JobLog.encode($0) + "\n" }.joined()
    try file.withLock { fd throws(FileError) in
      try DurableFile.replace(logPath, with: Array(text.utf8), sync: false)
      if fd >= 0 { close(fd) }
      fd = -1
    }
  }

  /// Deletes a job's message and result files.
  func removeFiles(_ id: String) {
    unlink(messagePath(id))
    unlink(resultPath(id))
  }

  static func encode(_ r: JobRecord) -> String {
    let fields: [String] = [
      "v1", r.state.rawValue, r.jobId, r.rootJobId, r.userID, r.node, String(r.priority), String(r.parallelism),
      r.clientIp, String(r.clientPort), String(r.receivedTime), r.startTime.map(String.init) ?? "",
      r.endTime.map(String.init) ?? "", r.jobDesc, r.errorMsg,
    ]
    return fields.map(escape).joined(separator: "\t")
  }

  static func decode(_ line: Substring) -> JobRecord? {
    let f = line.split(separator: "\t", omittingEmptySubsequences: false).map { unescape($0) }
    guard f.count == 15, f[0] == "v1", let state = JobState(rawValue: f[1]), let priority = Int(f[6]),
      let parallelism = Int(f[7]), let port = Int(f[9]), let received = Int64(f[10])
    else { return nil }
    return JobRecord(
      node: f[5], userID: f[4], jobId: f[2], rootJobId: f[3], jobDesc: f[13], priority: priority,
      parallelism: parallelism, clientIp: f[8], clientPort: port, receivedTime: received, startTime: Int64(f[11]),
      endTime: Int64(f[12]), errorMsg: f[14], state: state)
  }

  /// Tabs, newlines and backslashes in a field, so a record stays one line.
  static func escape(_ s: String) -> String {
    guard s.contains(where: { $0 == "\t" || $0 == "\n" || $0 == "\\" || $0 == "\r" }) else { return s }
    var out = ""
    for c in s {
      switch c {
      case "\t": out += "\\t"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\\": out += "\\\\"
      default: out.append(c)
      }
    }
    return out
  }

  static func unescape(_ s: Substring) -> String {
    guard s.contains("\\") else { return String(s) }
    var out = ""
    var escaped = false
    for c in s {
      if escaped {
        switch c {
        case "t": out += "\t"
        case "n": out += "\n"
        case "r": out += "\r"
        default: out.append(c)
        }
        escaped = false
      } else if c == "\\" {
        escaped = true
      } else {
        out.append(c)
      }
    }
    return out
  }
}
