import Foundation
import ScriptRuntime

/// One spelling per database and table: rights name objects by their path, so a database or
/// table must not be reachable under another spelling (`dfs://db/`, `dfs://db/./`, the folder
/// it is stored in, `./t` for a table `t`) that no rule names.
extension StorageEngine {
  /// `dfs://a/b` without empty, `.` or `..` parts; a folder of this node's `dfs` as its
  /// `dfs://` name; any other folder as it is (a disk database of its own). The node's `sys`
  /// folder (users, keys) is no database.
  public func canonical(_ path: String) throws(ScriptError) -> String {
    if path.hasPrefix("dfs://") { return try StorageEngine.canonicalDFS(path) }
    let resolved = StorageEngine.resolved(path)
    if StorageEngine.isInside(resolved, StorageEngine.resolved(home + "/sys")) {
      throw ScriptError(StorageMessages.systemFolderNotDatabase(path))
    }
    let dfs = StorageEngine.resolved(home + "/dfs")
    if resolved.hasPrefix(dfs + "/") { return try canonical("dfs://" + resolved.dropFirst(dfs.count + 1)) }
    return path
  }

  /// `dfs://a/b` without empty, `.` or `..` parts.
  static func canonicalDFS(_ path: String) throws(ScriptError) -> String {
    let parts = path.dropFirst("dfs://".count).split(separator: "/")
    guard !parts.isEmpty, !parts.contains(where: { $0 == "." || $0 == ".." }) else {
      throw ScriptError(StorageMessages.invalidDatabasePath(path))
    }
    return "dfs://" + parts.joined(separator: "/")
  }

  /// Refuses a table name that is not one folder's name.
  static func checkTableName(_ name: String) throws(ScriptError) {
    guard !name.isEmpty, name != ".", name != "..", !name.contains("/"), !name.contains("\0") else {
      throw ScriptError(StorageMessages.invalidTableName(name))
    }
  }

  /// Refuses a file in the node's `sys` folder (the user table, the token key), whoever asks:
  /// `loadText` and `saveText` must not read password hashes or write a signing key.
  public func checkNotSystemFile(_ path: String) throws(ScriptError) {
    if StorageEngine.isInside(StorageEngine.resolved(path), StorageEngine.resolved(home + "/sys")) {
      throw ScriptError(StorageMessages.systemFolderOffLimits(path))
    }
  }

  /// The real absolute path: the longest existing prefix through realpath(3) (every symbolic
  /// link, `/proc/self/cwd` and the like), then the rest with `.` and `..` applied, so no
  /// spelling of a path reaches a folder its plain spelling is refused.
  static func resolved(_ path: String) -> String {
    let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    var head = absolute
    var rest: [Substring] = []
    while true {
      if let real = realpath(head, nil) {
        defer { free(real) }
        var parts = String(cString: real).split(separator: "/")
        for p in rest {
          if p == ".." {
            _ = parts.popLast()
          } else if p != "." {
            parts.append(p)
          }
        }
        return "/" + parts.joined(separator: "/")
      }
      guard let slash = head.lastIndex(of: "/"), head != "/" else { return absolute }
      let last = head[head.index(after: slash)...]
      if !last.isEmpty { rest.insert(last, at: 0) }
      head = slash == head.startIndex ? "/" : String(head[..<slash])
    }
  }

  static func isInside(_ path: String, _ folder: String) -> Bool { path == folder || path.hasPrefix(folder + "/") }
}
