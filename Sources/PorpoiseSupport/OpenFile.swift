import Synchronization

#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// A file a script opened (`file(path, mode)`), read and written through the C library's
/// buffered streams. Closed by `close` or when the last reference goes; every call on a closed
/// file fails rather than touching a stale descriptor.
public final class OpenFile: @unchecked Sendable {
  public let path: String
  public let mode: String
  /// The stream, nil once closed; read and changed only under `lock`.
  private var stream: UnsafeMutablePointer<FILE>?
  private let lock = Mutex(())

  /// Opens `path` in a C `fopen` mode ("r", "r+", "w", "w+", "a", "a+"); nil with errno set when
  /// it cannot be opened (or names a directory).
  public init?(path: String, mode: String) {
    guard let f = fopen(path, mode + "b") else { return nil }
    var st = stat()
    if fstat(fileno(f), &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR {
      fclose(f)
      errno = EISDIR
      return nil
    }
    self.path = path
    self.mode = mode
    stream = f
  }

  deinit { close() }

  /// Whether `close` has run.
  public var isClosed: Bool { lock.withLock { _ in stream == nil } }

  public func close() {
    lock.withLock { _ in
      if let open = stream { fclose(open) }
      stream = nil
    }
  }

  private func with<T: Sendable>(_ body: (UnsafeMutablePointer<FILE>) -> T) -> T? {
    lock.withLock { _ in stream.map(body) }
  }

  /// The next line without its line ending ("\n" or "\r\n"); nil at the end of the file (or
  /// on a closed file). A line longer than `limit` bytes is cut there; the rest is the next.
  public func readLine(limit: Int) -> String?? {
    with { f -> String? in
      var bytes: [UInt8] = []
      while bytes.count < limit {
        let c = getc(f)
        if c == EOF { return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self) }
        if c == 10 { break }
        bytes.append(UInt8(c))
      }
      if bytes.last == 13 { bytes.removeLast() }
      return String(decoding: bytes, as: UTF8.self)
    }
  }

  /// Up to `count` bytes from the current position (fewer at the end); nil on a closed file.
  public func read(count: Int) -> [UInt8]? {
    with { f in
      var buffer = [UInt8](repeating: 0, count: count)
      let n = fread(&buffer, 1, count, f)
      buffer.removeLast(count - n)
      return buffer
    }
  }

  /// Writes bytes at the current position; the count written, nil on a closed file.
  public func write(_ bytes: [UInt8]) -> Int? {
    with { f in bytes.isEmpty ? 0 : fwrite(bytes, 1, bytes.count, f) }
  }

  /// Where a seek counts from.
  public enum Origin: Sendable { case start, current, end }

  /// Moves to `offset` from `origin`; the new position from the start, or nil when it cannot
  /// (a closed file, a position before the start).
  public func seek(_ offset: Int64, from origin: Origin) -> Int64? {
    with { f -> Int64? in
      let whence: Int32 = origin == .start ? SEEK_SET : origin == .current ? SEEK_CUR : SEEK_END
      guard fseeko(f, off_t(offset), whence) == 0 else { return nil }
      return Int64(ftello(f))
    } ?? nil
  }

  /// Sends buffered writes to the file.
  public func flush() { _ = with { fflush($0) } }
}
