import Foundation
import PorpoiseSupport
import ScriptRuntime

/// `exists`, `files`, `mkdir`, `saveTextFile`, `rm` and `rmdir`: what scripts ask of the node's file system
/// before loading or backing up, and their cleaning up after (a guest may not look, only an
/// administrator removes; the node's `sys` folder stays out of reach, its home is never removed).
enum FileBuiltins {
  static func builtins(_ engine: StorageEngine) -> [Builtin] {
    [
      // exists(path): whether a file or directory is there (one BOOL per path given).
      Builtin("exists", args: 1...1, parameterNames: ["path"]) { a throws(ScriptError) in
        try a.machine.require(.login("look at files"))
        let paths = a[0].isScalar ? [try a.text(0, "the path")] : try a.vector(0, "the paths").strings
        var found: [Bool] = []
        for given in paths {
          let path = a.machine.host?.resolvePath(given) ?? given
          try engine.checkNotSystemFile(path)
          found.append(FileAccess.info(path) != nil)
        }
        return a[0].isScalar ? .bool(found[0]) : .vector(Vector(bools: found))
      },
      // mkdir(path): makes a directory (and the ones above it).
      Builtin("mkdir", args: 1...1, parameterNames: ["directory"]) { a throws(ScriptError) in
        try a.machine.require(.login("make directories"))
        let given = try a.text(0, "the directory")
        let path = a.machine.host?.resolvePath(given) ?? given
        try engine.checkNotSystemFile(path)
        guard FileAccess.makeDirectory(path) else {
          throw ScriptError(StorageMessages.cannotMakeDirectory(given, FileAccess.lastError()))
        }
        return .void
      },
      // saveTextFile(content, filename, [append], [lastModified]): writes text (a vector a line
      // per element); `lastModified` (epoch milliseconds), when the file exists, must be its
      // modification time: an editor that read the file does not overwrite a newer one.
      Builtin("saveTextFile", args: 2...4, parameterNames: ["content", "filename", "append", "lastModified"]) {
        a throws(ScriptError) in
        try a.machine.require(.login("write files"))
        let text: String
        switch a[0] {
        case .string(let s, _): text = s
        case .vector(let v) where v.type.isText: text = v.strings.map { $0 + "\n" }.joined()
        default: throw ScriptError(RuntimeMessages.needsString("saveTextFile", got: a[0].typeString))
        }
        let given = try a.text(1, "the file name")
        let path = a.machine.host?.resolvePath(given) ?? given
        try engine.checkNotSystemFile(path)
        let existing = FileAccess.info(path)
        if a.has(3), let existing {
          let expected = try a.integer(3, "lastModified")
          if Int64(expected) != existing.modified {
            throw ScriptError(
              StorageMessages.fileChangedSince(given, expected: Int64(expected), now: existing.modified))
          }
        }
        let before: [UInt8] = a.has(2) && a[2].isTruthy && existing != nil ? FileAccess.readBytes(path) ?? [] : []
        try DurableFiles.replace(path, with: before + Array(text.utf8), sync: false)
        return .void
      },
      // rm(filename): removes a file.
      Builtin("rm", args: 1...1, parameterNames: ["filename"]) { a throws(ScriptError) in
        try a.machine.require(.admin("remove files"))
        let path = try a.text(0, "the file name")
        try engine.checkNotSystemFile(path)
        guard FileAccess.removeFile(path) else {
          throw ScriptError(StorageMessages.cannotRemove(path, FileAccess.lastError()))
        }
        return .void
      },
      // rmdir(directory, [recursive=false]): removes an empty directory, or one and all in it;
      // never the node's home or a folder holding it.
      Builtin("rmdir", args: 1...2, parameterNames: ["directory", "recursive"]) { a throws(ScriptError) in
        try a.machine.require(.admin("remove directories"))
        let path = try a.text(0, "the directory")
        try engine.checkNotSystemFile(path)
        if StorageEngine.isInside(StorageEngine.resolved(engine.home), StorageEngine.resolved(path)) {
          throw ScriptError(StorageMessages.homeOffLimits(path))
        }
        guard a.has(1) && a[1].isTruthy else {
          guard FileAccess.removeEmptyDirectory(path) else {
            throw ScriptError(StorageMessages.cannotRemove(path, FileAccess.lastError()))
          }
          return .void
        }
        guard FileAccess.isDirectory(path) else {
          throw ScriptError(StorageMessages.cannotRemove(path, "not a directory"))
        }
        do { try FileManager.default.removeItem(atPath: path) } catch {
          throw ScriptError(StorageMessages.cannotRemove(path, error.localizedDescription))
        }
        return .void
      },
      // files(directory, [pattern]): one row per entry, `pattern` as in `like` (%, _).
      Builtin("files", args: 1...2, parameterNames: ["directory", "pattern"]) { a throws(ScriptError) in
        try a.machine.require(.login("list files"))
        let given = try a.text(0, "the directory")
        let directory = a.machine.host?.resolvePath(given) ?? given
        try engine.checkNotSystemFile(directory)
        guard let names = FileAccess.list(directory) else {
          throw ScriptError(StorageMessages.cannotListDirectory(given, FileAccess.lastError()))
        }
        let pattern = a.count > 1 ? try a.text(1, "the file name pattern") : nil
        var kept: [String] = []
        var isDirectory: [Bool] = []
        var sizes: [Int64] = []
        var accessed: [Int64] = []
        var modified: [Int64] = []
        for name in names where pattern.map({ WildcardPattern.matches(name, $0, anyRun: "%", one: "_") }) ?? true {
          guard let info = FileAccess.info(directory + "/" + name) else { continue }
          kept.append(name)
          isDirectory.append(info.isDirectory)
          sizes.append(info.size)
          accessed.append(info.accessed)
          modified.append(info.modified)
        }
        return .object(
          try Table(
            names: ["filename", "isDir", "fileSize", "lastAccessed", "lastModified"],
            columns: [
              Vector(strings: kept), Vector(bools: isDirectory), Vector(type: .long, ints: sizes),
              Vector(type: .timestamp, ints: accessed), Vector(type: .timestamp, ints: modified),
            ]))
      },
    ]
  }
}
