import ScriptRuntime

#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// Writes to the process's standard output (file descriptor 1) through a stdio buffer.
public final class StandardOutputSink: OutputSink {
  private let file: UnsafeMutablePointer<FILE>?

  public init() {
    file = fdopen(1, "w")
    // Line buffered: a job's progress lines reach a pipe as they are printed.
    if let file { setvbuf(file, nil, _IOLBF, 1 << 16) }
  }

  public func write(_ text: String) {
    var t = text
    guard let file else { return }
    t.withUTF8 { buf in _ = fwrite(buf.baseAddress, 1, buf.count, file) }
  }

  /// Flushes buffered output (before prompts and error messages).
  public func flush() {
    if let file { fflush(file) }
  }
}

/// Writes to standard error unbuffered, flushing standard output first so the two stay in order.
public final class StandardErrorSink: OutputSink, @unchecked Sendable {
  private let stdoutSink: StandardOutputSink?

  public init(flushing stdoutSink: StandardOutputSink?) { self.stdoutSink = stdoutSink }

  public func write(_ text: String) {
    stdoutSink?.flush()
    var t = text
    t.withUTF8 { buf in
      guard let base = buf.baseAddress else { return }
      var offset = 0
      while offset < buf.count {
        let n = systemWrite(2, base + offset, buf.count - offset)
        if n <= 0 { break }
        offset += n
      }
    }
  }
}

/// Collects everything written, for tests and transcripts.
public final class StringSink: OutputSink {
  public private(set) var text = ""
  public init() {}
  public func write(_ text: String) { self.text += text }
  /// Forgets what was collected.
  public func reset() { text = "" }
}

#if canImport(Glibc)
  private func systemWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int { Glibc.write(fd, p, n) }
#else
  private func systemWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int { Darwin.write(fd, p, n) }
#endif
