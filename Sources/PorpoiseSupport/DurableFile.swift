import CLinux
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A file operation that failed: what was tried, on which path, and the system's reason.
public struct FileError: Error, Sendable, CustomStringConvertible {
  public let message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }

  static func system(_ what: String, _ path: String) -> FileError {
    FileError("\(what) '\(path)': \(String(cString: strerror(errno)))")
  }
}

/// Files written with explicit durability: write, fsync, rename, fsync the directory. What
/// the tables, the user store and the license tool write goes through here.
public enum DurableFile {
  /// Writes bytes to a new file and (when `sync`) forces them to disk.
  public static func write(_ bytes: UnsafeRawBufferPointer, to path: String, sync: Bool, mode: mode_t = 0o644)
    throws(FileError)
  {
    try create(path, sync: sync, mode: mode) { writeAll($0, bytes) }
  }

  public static func write(_ data: [UInt8], to path: String, sync: Bool, mode: mode_t = 0o644) throws(FileError) {
    try write(parts: [data], to: path, sync: sync, mode: mode)
  }

  /// `write` of bytes made in parts, one after another, without putting them together first.
  public static func write(parts: [[UInt8]], to path: String, sync: Bool, mode: mode_t = 0o644) throws(FileError) {
    try create(path, sync: sync, mode: mode) { fd in parts.allSatisfy { $0.withUnsafeBytes { writeAll(fd, $0) } } }
  }

  /// A new file at `path`, filled by `fill` (false: a write failed), then (when `sync`) forced to disk.
  static func create(_ path: String, sync: Bool, mode: mode_t, _ fill: (Int32) -> Bool) throws(FileError) {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
    guard fd >= 0 else { throw FileError.system("cannot create", path) }
    defer { close(fd) }
    guard fill(fd) else { throw FileError.system("cannot write", path) }
    if sync && fsync(fd) != 0 { throw FileError.system("cannot sync", path) }
  }

  /// Writes all of `bytes` at the file's position, through short writes and interruptions.
  static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
    var offset = 0
    while offset < bytes.count, let base = bytes.baseAddress {
      let n = Glibc.write(fd, base + offset, bytes.count - offset)
      if n < 0 && errno == EINTR { continue }
      guard n > 0 else { return false }
      offset += n
    }
    return true
  }

  /// Replaces `path` atomically: the old content or the new one survives a crash, never a mix.
  /// The new file has `mode` from its first byte (a secret is never readable by others, even
  /// for a moment).
  public static func replace(_ path: String, with data: [UInt8], sync: Bool, mode: mode_t = 0o644) throws(FileError) {
    try replace(path, parts: [data], sync: sync, mode: mode)
  }

  /// `replace` with bytes made in parts (a segment's header and columns).
  public static func replace(_ path: String, parts: [[UInt8]], sync: Bool, mode: mode_t = 0o644) throws(FileError) {
    let tmp = path + ".tmp"
    // A temporary file left by a crash keeps its mode through O_CREAT: start afresh.
    unlink(tmp)
    try write(parts: parts, to: tmp, sync: sync, mode: mode)
    guard rename(tmp, path) == 0 else { throw FileError.system("cannot replace", path) }
    if sync { try syncDirectory(FileAccess.directory(of: path)) }
  }

  /// Writes `bytes` at `offset` of `path`, a file built up in pieces: offset 0 starts it afresh,
  /// a later piece must not leave a hole (the file already holds `offset` bytes). Writing a
  /// piece again is harmless. Returns the file's size afterwards.
  @discardableResult
  public static func writePiece(_ bytes: UnsafeRawBufferPointer, to path: String, at offset: Int) throws(FileError)
    -> Int
  {
    let fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | (offset == 0 ? O_TRUNC : 0), 0o644)
    guard fd >= 0 else { throw FileError.system("cannot open", path) }
    defer { close(fd) }
    var st = stat()
    guard fstat(fd, &st) == 0 else { throw FileError.system("cannot stat", path) }
    guard Int(st.st_size) >= offset else {
      throw FileError("cannot write at byte \(offset) of '\(path)': it holds \(st.st_size) bytes (a piece is missing)")
    }
    var done = 0
    while done < bytes.count, let base = bytes.baseAddress {
      let n = pwrite(fd, base + done, bytes.count - done, off_t(offset + done))
      if n < 0 && errno == EINTR { continue }
      guard n > 0 else { throw FileError.system("cannot write", path) }
      done += n
    }
    // Start writing this piece to disk now, while the next one travels: a sync that ends the
    // file then waits for little more than the last piece.
    _ = pp_start_writeback(fd, offset, bytes.count)
    return max(Int(st.st_size), offset + bytes.count)
  }

  /// Appends bytes to `path` (made if missing) and (when `sync`) forces them to disk, with
  /// the folder's entry when the file is new.
  public static func append(_ data: [UInt8], to path: String, sync: Bool) throws(FileError) {
    let existed = FileAccess.isFile(path)
    let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw FileError.system("cannot open", path) }
    defer { close(fd) }
    var done = 0
    while done < data.count {
      let n = data.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, data.count - done) }
      if n < 0 && errno == EINTR { continue }
      guard n > 0 else { throw FileError.system("cannot write", path) }
      done += n
    }
    if sync {
      guard fsync(fd) == 0 else { throw FileError.system("cannot sync", path) }
      if !existed { try syncDirectory(FileAccess.directory(of: path)) }
    }
  }

  /// Moves a finished file into place: renamed to `path`, and (when `sync`) durably, its
  /// bytes forced to disk first and the directory's entry after.
  public static func install(_ finished: String, as path: String, sync: Bool) throws(FileError) {
    if sync {
      let fd = open(finished, O_RDONLY | O_CLOEXEC)
      guard fd >= 0 else { throw FileError.system("cannot open", finished) }
      let synced = fsync(fd) == 0
      close(fd)
      guard synced else { throw FileError.system("cannot sync", finished) }
    }
    guard rename(finished, path) == 0 else { throw FileError.system("cannot rename into", path) }
    if sync { try syncDirectory(FileAccess.directory(of: path)) }
  }

  /// Forces a directory's entries (a rename, a new file) to disk.
  public static func syncDirectory(_ path: String) throws(FileError) {
    let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard fd >= 0 else { throw FileError.system("cannot open directory", path) }
    defer { close(fd) }
    if fsync(fd) != 0 { throw FileError.system("cannot sync directory", path) }
  }

  /// Holds an exclusive lock on a file (made if missing) while `body` runs: one writer at a
  /// time, across processes. A lock that cannot be taken fails as `lockFailed` says.
  public static func withLock<R, E: Error>(
    _ path: String, lockFailed: (FileError) -> E, _ body: () throws(E) -> R
  ) throws(E) -> R {
    let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw lockFailed(.system("cannot open lock file", path)) }
    defer { close(fd) }
    guard flock(fd, LOCK_EX) == 0 else { throw lockFailed(.system("cannot lock", path)) }
    defer { flock(fd, LOCK_UN) }
    return try body()
  }

  /// Creates a directory and its missing parents.
  public static func makeDirectory(_ path: String) throws(FileError) {
    do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
      throw FileError("cannot create directory '\(path)': \(error.localizedDescription)")
    }
  }
}
