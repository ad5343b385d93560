import PorpoiseSupport
import ScriptRuntime

/// A file a script opened with `file`: DolphinDB's file handle.
final class ScriptFile: ScriptObject {
  let file: OpenFile
  let givenPath: String

  init(_ file: OpenFile, givenPath: String) {
    self.file = file
    self.givenPath = givenPath
  }

  var form: Value.Form { .scalar }
  var dataType: DataType { .handle }
  var typeString: String { "HANDLE" }
  var rowCount: Int { 1 }
  func render(_ formatter: ValueFormatter) -> String { "file '\(givenPath)' (\(file.mode))" }
  func member(_ name: String) -> Value? { nil }
  var rows: [Value]? { nil }
}

/// Files as DolphinDB's scripts read and write them line by line or byte by byte: `file`,
/// `readLine`, `readLines`, `writeLine`, `writeLines`, `readBytes`, `writeBytes`, `seek`,
/// `close` (a guest may not; the node's `sys` folder stays out of reach, as for `files`).
enum FileHandleBuiltins {
  /// The longest line `readLine` returns whole; a longer one comes in pieces.
  static let maxLineBytes = 16 << 20
  /// The most lines one `readLines` returns.
  static let maxLines = 10_000_000

  static func handle(_ a: CallArguments, _ function: String) throws(ScriptError) -> OpenFile {
    guard case .object(let o) = a[0], let f = o as? ScriptFile else {
      throw ScriptError(StorageMessages.needsFileHandle(function, got: a[0].typeString))
    }
    guard !f.file.isClosed else { throw ScriptError(StorageMessages.fileClosed(function, f.givenPath)) }
    return f.file
  }

  /// The text of `a[i]`: a string, or each string of a vector.
  static func lines(_ a: CallArguments, _ i: Int, _ function: String) throws(ScriptError) -> [String] {
    switch a[i] {
    case .string(let s, _): return [s]
    case .vector(let v) where v.type.isText && !v.isArrayVector: return v.strings
    default: throw ScriptError(RuntimeMessages.mustBeString("the text of '\(function)'", got: a[i].typeString))
    }
  }

  static func builtins(_ engine: StorageEngine) -> [Builtin] {
    [
      // file(filename, [mode]): "r" (the default), "r+", "w", "w+", "a" or "a+", as C's fopen.
      Builtin("file", args: 1...2, parameterNames: ["name|filename", "mode"]) { a throws(ScriptError) in
        try a.machine.require(.login("open files"))
        let given = try a.text(0, "the file name")
        let mode = a.has(1) ? try a.text(1, "the mode") : "r"
        guard ["r", "r+", "w", "w+", "a", "a+"].contains(mode) else {
          throw ScriptError(StorageMessages.fileModeInvalid(mode))
        }
        let path = mode.hasPrefix("r") ? a.machine.host?.resolvePath(given) ?? given : given
        try engine.checkNotSystemFile(path)
        guard let f = OpenFile(path: path, mode: mode) else {
          throw ScriptError(StorageMessages.cannotOpenFile(given, FileAccess.lastError()))
        }
        return .object(ScriptFile(f, givenPath: given))
      },
      Builtin("close", args: 1...1, parameterNames: ["handle|X"]) { a throws(ScriptError) in
        try handle(a, "close").close()
        return .void
      },
      // readLine(handle): the next line without its ending; NULL at the end of the file.
      Builtin("readLine", args: 1...1, parameterNames: ["handle"]) { a throws(ScriptError) in
        let line = try handle(a, "readLine").readLine(limit: maxLineBytes) ?? nil
        return line.map { .string($0, .string) } ?? .null(.string)
      },
      // readLines(handle, [k=1024]): up to k lines; fewer (none) at the end.
      Builtin("readLines", args: 1...2, parameterNames: ["handle", "length|k"]) { a throws(ScriptError) in
        let f = try handle(a, "readLines")
        let k = a.has(1) ? try a.integer(1, "the number of lines") : 1024
        guard k > 0, k <= maxLines else { throw ScriptError(RuntimeMessages.mustBePositive("the number of lines", k)) }
        var out: [String] = []
        while out.count < k, let line = f.readLine(limit: maxLineBytes) ?? nil { out.append(line) }
        return .vector(Vector(strings: out))
      },
      // writeLine(handle, object, [windowsLineEnding]): each string as a line; the count written.
      Builtin("writeLine", args: 2...3, parameterNames: ["handle", "object|string", "windowsLineEnding"]) {
        a throws(ScriptError) in try writeLines(a, "writeLine", crlf: a.has(2) && a[2].isTruthy)
      },
      // writeLines(handle, object, [offset], [length], [windowsLineEnding]).
      Builtin("writeLines", args: 2...5, parameterNames: ["handle", "object", "offset", "length", "windowsLineEnding"])
      { a throws(ScriptError) in
        try writeLines(a, "writeLines", crlf: a.has(4) && a[4].isTruthy, offset: 2, length: 3)
      },
      // readBytes(handle, sizeInByte): up to that many bytes as a CHAR vector.
      Builtin("readBytes", args: 2...2, parameterNames: ["fileHandle|handle", "sizeInByte"]) { a throws(ScriptError) in
        let f = try handle(a, "readBytes")
        let n = try a.count(1, "the number of bytes", elementBytes: 1)
        guard let bytes = f.read(count: n) else { throw ScriptError(StorageMessages.fileClosed("readBytes", "")) }
        return .vector(Vector(type: .char, ints: bytes.map { Int64(Int8(bitPattern: $0)) }))
      },
      // writeBytes(handle, bytes): a CHAR vector or a string's bytes; the count written.
      Builtin("writeBytes", args: 2...2, parameterNames: ["handle", "bytes"]) { a throws(ScriptError) in
        let f = try handle(a, "writeBytes")
        let bytes: [UInt8]
        switch a[1] {
        case .string(let s, _): bytes = Array(s.utf8)
        case .vector(let v) where v.type == .char && !v.isArrayVector:
          bytes = (0..<v.count).map { UInt8(truncatingIfNeeded: v[$0].intValue ?? 0) }
        default: throw ScriptError(RuntimeMessages.mustBeString("the bytes of 'writeBytes'", got: a[1].typeString))
        }
        return .int(Int64(f.write(bytes) ?? 0), .int)
      },
      // seek(handle, offset, [mode=HEAD]): HEAD, CURRENT or TAIL; the new position.
      Builtin("seek", args: 2...3, parameterNames: ["handle", "offset", "mode"]) { a throws(ScriptError) in
        let f = try handle(a, "seek")
        let offset = try a.integer(1, "the offset")
        let mode = a.has(2) ? try a.integer(2, "the mode") : 0
        guard (0...2).contains(mode) else { throw ScriptError(StorageMessages.seekModeInvalid(mode)) }
        let origin: OpenFile.Origin = mode == 0 ? .start : mode == 1 ? .current : .end
        guard let at = f.seek(Int64(offset), from: origin) else {
          throw ScriptError(StorageMessages.cannotSeek(offset, FileAccess.lastError()))
        }
        return .int(at, .long)
      },
    ]
  }

  /// Writes `a[1]`'s strings as lines (from `offset`, `length` of them when those arguments
  /// are given); the count written.
  static func writeLines(_ a: CallArguments, _ function: String, crlf: Bool, offset: Int? = nil, length: Int? = nil)
    throws(ScriptError) -> Value
  {
    let f = try handle(a, function)
    var all = try lines(a, 1, function)
    if let offset, a.has(offset) {
      let start = try a.integer(offset, "the offset")
      guard start >= 0, start <= all.count else {
        throw ScriptError(RuntimeMessages.mustBePositive("the offset", start))
      }
      all = Array(all[start...])
    }
    if let length, a.has(length) {
      let n = try a.integer(length, "the length")
      guard n >= 0 else { throw ScriptError(RuntimeMessages.mustBePositive("the length", n)) }
      all = Array(all.prefix(n))
    }
    let ending: [UInt8] = crlf ? [13, 10] : [10]
    var bytes: [UInt8] = []
    for line in all { bytes += Array(line.utf8) + ending }
    guard f.write(bytes) == bytes.count else {
      throw ScriptError(StorageMessages.cannotWriteFile(function, FileAccess.lastError()))
    }
    return .int(Int64(all.count), .int)
  }
}
