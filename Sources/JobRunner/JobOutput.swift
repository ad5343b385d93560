import Foundation
import PorpoiseSupport
import ScriptRuntime

/// A job's `<jobId>.msg`: every line it prints, stamped with the local time to the
/// microsecond as DolphinDB stamps them (`2026-12-03 10:44:34.066064 iteration 1`). Written on
/// the job's worker thread; `flush` may come from a reader on another (`getJobMessage` of a job
/// that printed and then sleeps), so the stamped lines and the file are behind a lock.
final class JobOutput: OutputSink, @unchecked Sendable {
  private let lock = NSLock()
  private let path: String
  private var handle: FileHandle?
  private var pending = ""
  /// Stamped lines not yet in the file: a short job's are written in one go when it ends, a
  /// longer one's as they come (after its first 100 ms), so `getJobMessage` shows progress.
  private var unwritten = ""
  private let started: Int64
  private let now: @Sendable () -> Int64

  init(path: String, now: @escaping @Sendable () -> Int64) {
    self.path = path
    self.now = now
    started = now()
  }

  func write(_ text: String) {
    pending += text
    guard let cut = pending.lastIndex(of: "\n") else { return }
    let lines = pending[..<cut].split(separator: "\n", omittingEmptySubsequences: false)
    pending = String(pending[pending.index(after: cut)...])
    emit(lines.map(String.init))
  }

  /// A line of its own (the job's start and end).
  func line(_ text: String) {
    flushPending()
    emit([text])
  }

  /// Writes what is left; without a file (it cannot be made) the job ran, its messages are lost.
  func close() {
    flushPending()
    lock.lock()
    defer { lock.unlock() }
    if let handle {
      save()
      try? handle.close()
    } else {
      // A short job: its messages in one write.
      try? DurableFile.write(Array(unwritten.utf8), to: path, sync: false)
    }
    handle = nil
    unwritten = ""
  }

  private func flushPending() {
    guard !pending.isEmpty else { return }
    let rest = pending
    pending = ""
    emit([rest])
  }

  private func emit(_ lines: [String]) {
    let t = now()
    let stamp = JobOutput.stamp(t)
    lock.lock()
    defer { lock.unlock() }
    for l in lines { unwritten += stamp + " " + l + "\n" }
    if t - started > 100_000_000 || unwritten.utf8.count > 1 << 16 { save() }
  }

  /// Writes the stamped lines still held, so a reader sees everything printed so far.
  func flush() {
    lock.lock()
    defer { lock.unlock() }
    if !unwritten.isEmpty { save() }
  }

  private func save() {
    if handle == nil {
      let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
      guard fd >= 0 else { return }
      handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }
    guard !unwritten.isEmpty else { return }
    try? handle?.write(contentsOf: Data(unwritten.utf8))
    unwritten = ""
  }

  /// `yyyy-MM-dd HH:mm:ss.ffffff` of local nanoseconds since the epoch.
  static func stamp(_ nanos: Int64) -> String {
    let micros = nanos.dividedReportingOverflow(by: 1000).partialValue
    var days = micros / 86_400_000_000
    var rest = micros % 86_400_000_000
    if rest < 0 {
      rest += 86_400_000_000
      days -= 1
    }
    let (y, m, d) = CivilCalendar.civil(days: Int(days))
    let seconds = rest / 1_000_000
    func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
    let fraction = String(rest % 1_000_000)
    return
      "\(y)-\(two(Int64(m)))-\(two(Int64(d))) \(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60))."
      + String(repeating: "0", count: 6 - fraction.count) + fraction
  }
}
