import Foundation
import PorpoiseSupport
import ScriptRuntime
import Synchronization

/// A node's batch-job history on disk, under `batchJobDir` (default `<home>/batchJobs`):
/// `batchJob.log` gets a line when a job is received and when it ends (tab-separated, one
/// record a line, so a torn last line is just skipped), `<jobId>.msg` holds what the job
/// printed and `<jobId>.obj` its return value in the wire encoding.
///
/// Several processes may share the folder (a shell, `porpoise submit`'s job host): each
/// appends whole lines, under a shared lock of `batchJob.lock`; the log is rewritten (from what
/// is on disk) under the exclusive lock, and a reader notices another's writes by the file's
/// identity and size and reads it again.
final class JobLog: Sendable {
  let folder: String
  private struct Open {
    var fd: Int32 = -1
    var lock: Int32 = -1
    /// The log file as last read or written by this process: inode and size.
    var seen: (inode: UInt64, size: Int64)?
    /// Inside `exclusively`: the exclusive lock is held, appends take no lock of their own.
    var exclusive = false
  }
  private let file = Mutex(Open())

  init(folder: String) {
    self.folder = folder
  }

  var logPath: String { folder + "/batchJob.log" }
  var lockPath: String { folder + "/batchJob.lock" }
  func messagePath(_ id: String) -> String { folder + "/" + id + ".msg" }
  func resultPath(_ id: String) -> String { folder + "/" + id + ".obj" }

  /// The jobs the log holds, oldest first, each as last recorded.
  func load() -> [JobRecord] {
    file.withLock { f in
      let stat = JobLog.identity(logPath)
      let records = JobLog.parse(FileAccess.read(logPath) ?? "")
      f.seen = stat
      return records
    }
  }

  /// Whether another process wrote to the log since this one last read or wrote it.
  func changedElsewhere() -> Bool {
    file.withLock { f in
      guard let now = JobLog.identity(logPath) else { return f.seen != nil }
      guard let seen = f.seen else { return true }
      return now.inode != seen.inode || now.size != seen.size
    }
  }

  static func parse(_ text: String) -> [JobRecord] {
    var order: [String] = []
    var latest: [String: JobRecord] = [:]
    for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
      guard let r = JobLog.decode(line) else { continue }
      if latest[r.jobId] == nil { order.append(r.jobId) }
      latest[r.jobId] = r
    }
    return order.compactMap { latest[$0] }
  }

  static func identity(_ path: String) -> (inode: UInt64, size: Int64)? {
    var st = stat()
    guard stat(path, &st) == 0 else { return nil }
    return (UInt64(st.st_ino), Int64(st.st_size))
  }

  /// Takes the folder's lock (`LOCK_SH` or `LOCK_EX`), opening the lock file first.
  private func lock(_ f: inout Open, _ mode: Int32) throws(FileError) {
    if f.lock < 0 {
      try DurableFile.makeDirectory(folder)
      f.lock = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
      guard f.lock >= 0 else { throw FileError("cannot open '\(lockPath)': \(FileAccess.lastError())") }
    }
    while flock(f.lock, mode) != 0 {
      guard errno == EINTR else { throw FileError("cannot lock '\(lockPath)': \(FileAccess.lastError())") }
    }
  }

  /// Runs `body` holding the folder's lock, unless `exclusively` holds it already.
  private func locked<T>(
    _ f: inout Open, _ mode: Int32, _ body: (inout Open) throws(FileError) -> T
  ) throws(FileError) -> T {
    if f.exclusive { return try body(&f) }
    try lock(&f, mode)
    defer { _ = flock(f.lock, LOCK_UN) }
    return try body(&f)
  }

  /// Runs `body` holding the folder's exclusive lock: no other process appends meanwhile (a job
  /// id is chosen and recorded in one step). The caller serializes its own appends (the job
  /// service calls every method of its log under its own lock).
  func exclusively<T>(_ body: () throws(ScriptError) -> T) throws(ScriptError) -> T {
    do throws(FileError) {
      try file.withLock { f throws(FileError) in
        try lock(&f, LOCK_EX)
        f.exclusive = true
      }
    } catch {
      throw ScriptError(error.message)
    }
    defer {
      file.withLock { f in
        f.exclusive = false
        _ = flock(f.lock, LOCK_UN)
      }
    }
    return try body()
  }

  /// Adds a record's current state to the log.
  func append(_ r: JobRecord) throws(FileError) {
    let line = Array((JobLog.encode(r) + "\n").utf8)
    try file.withLock { f throws(FileError) in
      try locked(&f, LOCK_SH) { f throws(FileError) in
        // The log may have been replaced by another process's rewrite: write to the new one.
        if f.fd >= 0, JobLog.identity(logPath)?.inode != JobLog.fileInode(f.fd) {
          close(f.fd)
          f.fd = -1
        }
        if f.fd < 0 {
          f.fd = open(logPath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
          guard f.fd >= 0 else { throw FileError("cannot open '\(logPath)': \(FileAccess.lastError())") }
        }
        var before = stat()
        _ = fstat(f.fd, &before)
        let written = line.withUnsafeBytes { write(f.fd, $0.baseAddress, $0.count) }
        guard written == line.count else { throw FileError("cannot write '\(logPath)': \(FileAccess.lastError())") }
        // What this process wrote is seen; a size that had moved on meanwhile stays unseen.
        if let seen = f.seen, seen.inode == UInt64(before.st_ino), seen.size == Int64(before.st_size) {
          f.seen = (seen.inode, seen.size + Int64(line.count))
        } else if f.seen == nil, before.st_size == 0 {
          f.seen = (UInt64(before.st_ino), Int64(line.count))
        }
      }
    }
  }

  static func fileInode(_ fd: Int32) -> UInt64? {
    var st = stat()
    guard fstat(fd, &st) == 0 else { return nil }
    return UInt64(st.st_ino)
  }

  /// Replaces the log with the records `keep` picks from what it holds now, atomically, under
  /// the exclusive lock; returns them.
  @discardableResult
  func rewrite(keep: ([JobRecord]) -> [JobRecord]) throws(FileError) -> [JobRecord] {
    try file.withLock { f throws(FileError) in
      try locked(&f, LOCK_EX) { f throws(FileError) in
        let records = keep(JobLog.parse(FileAccess.read(logPath) ?? ""))
        let text = records.map { JobLog.encode($0) + "\n" }.joined()
        try DurableFile.replace(logPath, with: Array(text.utf8), sync: false)
        if f.fd >= 0 { close(f.fd) }
        f.fd = -1
        f.seen = JobLog.identity(logPath)
        return records
      }
    }
  }

  /// Deletes a job's message and result files.
  func removeFiles(_ id: String) {
    unlink(messagePath(id))
    unlink(resultPath(id))
  }

  static func encode(_ r: JobRecord) -> String {
    let fields: [String] = [
      "v2", r.state.rawValue, r.jobId, r.rootJobId, r.userID, r.node, String(r.priority), String(r.parallelism),
      r.clientIp, String(r.clientPort), String(r.receivedTime), r.startTime.map(String.init) ?? "",
      r.endTime.map(String.init) ?? "", r.jobDesc, r.errorMsg, r.owner,
    ]
    return fields.map(escape).joined(separator: "\t")
  }

  static func decode(_ line: Substring) -> JobRecord? {
    let f = line.split(separator: "\t", omittingEmptySubsequences: false).map { unescape($0) }
    // v1 lines (before owners were kept) have no owner: their process is gone.
    guard (f.count == 15 && f[0] == "v1") || (f.count == 16 && f[0] == "v2"), let state = JobState(rawValue: f[1]),
      let priority = Int(f[6]),
      let parallelism = Int(f[7]), let port = Int(f[9]), let received = Int64(f[10])
    else { return nil }
    return JobRecord(
      node: f[5], userID: f[4], jobId: f[2], rootJobId: f[3], jobDesc: f[13], priority: priority,
      parallelism: parallelism, clientIp: f[8], clientPort: port, receivedTime: received, startTime: Int64(f[11]),
      endTime: Int64(f[12]), errorMsg: f[14], state: state, owner: f.count > 15 ? f[15] : "")
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
