#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// The few file-system calls the shell, the session and the node need, through the C library.
public enum FileAccess {
  /// The whole text of a file, or nil when it cannot be read.
  public static func read(_ path: String) -> String? {
    guard let f = fopen(path, "rb") else { return nil }
    defer { fclose(f) }
    var st = stat()
    guard fstat(fileno(f), &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
      errno = EISDIR
      return nil
    }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
      let n = fread(&buffer, 1, buffer.count, f)
      if n > 0 { bytes.append(contentsOf: buffer[0..<n]) }
      if n < buffer.count { break }
    }
    if ferror(f) != 0 { return nil }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// The whole contents of a regular file, read straight into one array, or nil when it
  /// cannot be read.
  public static func readBytes(_ path: String) -> [UInt8]? {
    reading(path) { size, read in read(0, size) } ?? nil
  }

  /// Calls `body` with a regular file's size and a function that reads `count` bytes at an
  /// offset (nil when it cannot); nil when the file cannot be opened.
  public static func reading<T>(_ path: String, _ body: (Int, (Int, Int) -> [UInt8]?) -> T) -> T? {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var st = stat()
    guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
    return body(Int(st.st_size)) { offset, count in
      guard offset >= 0, count >= 0 else { return nil }
      guard count > 0 else { return [] }
      var failed = false
      let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, filled in
        guard let base = buffer.baseAddress else {
          failed = true
          return
        }
        var done = 0
        while done < count {
          let n = pread(fd, base + done, count - done, off_t(offset + done))
          if n < 0 && errno == EINTR { continue }
          if n <= 0 { break }
          done += n
        }
        failed = done != count
        filled = done
      }
      return failed ? nil : bytes
    }
  }

  /// Maps a regular file read-only and hands its bytes to `body` (the page cache's pages, not
  /// a copy); nil when it cannot be opened or mapped.
  public static func mapped<R, E: Error>(_ path: String, _ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E)
    -> R?
  {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var st = stat()
    guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
    let size = Int(st.st_size)
    if size == 0 { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
    guard let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else { return nil }
    defer { munmap(p, size) }
    return try body(UnsafeRawBufferPointer(start: p, count: size))
  }

  /// The text of the last C library error.
  public static func lastError() -> String {
    String(cString: strerror(errno))
  }

  /// The folder part of a path: "." for a bare file name, "/" for a file at the root. A
  /// trailing slash names the folder itself ("a/b/" is in "a").
  public static func directory(of path: String) -> String {
    var p = Substring(path)
    while p.count > 1 && p.hasSuffix("/") { p = p.dropLast() }
    guard let slash = p.lastIndex(of: "/") else { return "." }
    let dir = p[..<slash]
    return dir.isEmpty ? "/" : String(dir)
  }

  /// An environment variable.
  public static func environment(_ name: String) -> String? {
    guard let v = getenv(name) else { return nil }
    return String(cString: v)
  }

  /// Whether a regular file exists.
  public static func isFile(_ path: String) -> Bool {
    var st = stat()
    return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
  }

  /// Whether a directory exists.
  public static func isDirectory(_ path: String) -> Bool {
    var st = stat()
    return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
  }

  /// Removes a file (not a directory); false with errno set when it cannot.
  public static func removeFile(_ path: String) -> Bool {
    if isDirectory(path) {
      errno = EISDIR
      return false
    }
    return unlink(path) == 0
  }

  /// Removes an empty directory; false with errno set when it cannot.
  public static func removeEmptyDirectory(_ path: String) -> Bool { rmdir(path) == 0 }
}

extension FileAccess {
  /// The running binary's path (from /proc/self/exe), or nil where it cannot be read.
  public static var executablePath: String? {
    var buffer = [CChar](repeating: 0, count: 4096)
    let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    guard n > 0 else { return nil }
    return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  /// Creates a directory and its missing parents; true if it exists afterwards.
  @discardableResult
  public static func makeDirectory(_ path: String) -> Bool {
    var prefix = path.hasPrefix("/") ? "" : "."
    for part in path.split(separator: "/") {
      prefix += "/" + part
      if !isDirectory(prefix) { mkdir(prefix, 0o755) }
    }
    return isDirectory(path)
  }

  /// What `stat` says of a path: whether it is a directory, its size in bytes, and when it was
  /// last accessed and modified (milliseconds since the epoch); nil if it does not exist.
  public static func info(_ path: String) -> (isDirectory: Bool, size: Int64, accessed: Int64, modified: Int64)? {
    var st = stat()
    guard stat(path, &st) == 0 else { return nil }
    func millis(_ t: timespec) -> Int64 { Int64(t.tv_sec) * 1000 + Int64(t.tv_nsec) / 1_000_000 }
    return ((st.st_mode & S_IFMT) == S_IFDIR, Int64(st.st_size), millis(st.st_atim), millis(st.st_mtim))
  }

  /// Names in a directory (nil if it cannot be read).
  public static func list(_ path: String) -> [String]? {
    guard let dir = opendir(path) else { return nil }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
      let name = withUnsafePointer(to: entry.pointee.d_name) {
        $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
      }
      if name != "." && name != ".." { names.append(name) }
    }
    return names.sorted()
  }
}
