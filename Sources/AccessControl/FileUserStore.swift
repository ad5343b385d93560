import Foundation
import PorpoiseSupport
import ScriptRuntime
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// Users of an embedded node, in `<home>/sys/users.json`. Every write holds an exclusive
/// lock on `users.lock` (a shell and a batch job may share a home) and replaces the file
/// atomically, so a crash leaves the old table or the new one, never half of one.
public final class FileUserStore: UserStore {
  let folder: String
  /// The last table read and the file identity it came from: every write replaces the file
  /// by rename (a new inode), so an unchanged identity means an unchanged table.
  private let cache = Mutex<(identity: [Int], stored: StoredDirectory)?>(nil)
  public init(home: String) { folder = home + "/sys" }

  var path: String { folder + "/users.json" }
  public var location: String { path }

  public func read() throws(AccessFailure) -> StoredDirectory? { try load(trustingCache: true) }

  /// The table on disk; under the write lock it is read in full, since an inode number may
  /// be reused within the file system's time resolution and the cache could miss a change.
  func load(trustingCache: Bool) throws(AccessFailure) -> StoredDirectory? {
    var st = stat()
    guard stat(path, &st) == 0 else { return nil }
    let identity = [Int(st.st_ino), Int(st.st_size), st.st_mtim.tv_sec, st.st_mtim.tv_nsec]
    if trustingCache, let c = cache.withLock({ $0 }), c.identity == identity { return c.stored }
    guard let data = FileManager.default.contents(atPath: path) else { return nil }
    guard let d = try? JSONDecoder().decode(UserDirectory.self, from: data) else {
      throw AccessFailure("the user table \(path) is damaged (it does not parse); restore it from a backup")
    }
    let stored = StoredDirectory(directory: d, version: d.revision)
    cache.withLock { $0 = (identity, stored) }
    return stored
  }

  public func write(_ directory: UserDirectory, expected: Int64?) throws(AccessFailure) -> Bool {
    try withLock { () throws(AccessFailure) -> Bool in
      let current = try load(trustingCache: false)
      guard current?.version == expected else { return false }
      var next = directory
      next.revision = (expected ?? 0) + 1
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
      guard let data = try? encoder.encode(next) else { throw AccessFailure("cannot encode the user table") }
      do throws(FileError) {
        try DurableFile.replace(path, with: Array(data), sync: true, mode: 0o600)
      } catch {
        throw AccessFailure(error.message)
      }
      return true
    }
  }

  public func tokenKey() throws(AccessFailure) -> [UInt8] {
    let keyPath = folder + "/token.key"
    return try withLock { () throws(AccessFailure) -> [UInt8] in
      if let data = FileManager.default.contents(atPath: keyPath), data.count == 32 { return Array(data) }
      let key = (0..<32).map { _ in UInt8.random(in: 0...255) }
      do throws(FileError) {
        try DurableFile.replace(keyPath, with: key, sync: true, mode: 0o600)
      } catch {
        throw AccessFailure(error.message)
      }
      return key
    }
  }

  func withLock<T>(_ body: () throws(AccessFailure) -> T) throws(AccessFailure) -> T {
    do throws(FileError) {
      try DurableFile.makeDirectory(folder)
    } catch {
      throw AccessFailure(error.message)
    }
    let fd = open(folder + "/users.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
    guard fd >= 0 else { throw AccessFailure("cannot open \(folder)/users.lock: \(String(cString: strerror(errno)))") }
    defer { close(fd) }
    guard flock(fd, LOCK_EX) == 0 else { throw AccessFailure("cannot lock \(folder)/users.lock") }
    defer { flock(fd, LOCK_UN) }
    return try body()
  }
}
