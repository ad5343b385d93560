import Foundation
import PorpoiseSupport
import ScriptRuntime

#if canImport(Glibc)
  import Glibc
#endif

/// The storage engine's file operations, with its errors: durable writes (PorpoiseSupport's
/// `DurableFile`), mappings, locks and listings.
enum DurableFiles {
  static func error(_ what: String, _ path: String) -> ScriptError {
    ScriptError(StorageMessages.fileOperationFailed(what, path, String(cString: strerror(errno))))
  }

  /// Runs a support-layer file operation, its failure as a script error.
  static func scripted<T>(_ body: () throws(FileError) -> T) throws(ScriptError) -> T {
    do { return try body() } catch { throw ScriptError(error.message) }
  }

  static func write(_ bytes: UnsafeRawBufferPointer, to path: String, sync: Bool) throws(ScriptError) {
    try scripted { () throws(FileError) in try DurableFile.write(bytes, to: path, sync: sync) }
  }

  static func replace(_ path: String, with data: [UInt8], sync: Bool) throws(ScriptError) {
    try scripted { () throws(FileError) in try DurableFile.replace(path, with: data, sync: sync) }
  }

  static func syncDirectory(_ path: String) throws(ScriptError) {
    try scripted { () throws(FileError) in try DurableFile.syncDirectory(path) }
  }

  static func makeDirectory(_ path: String) throws(ScriptError) {
    try scripted { () throws(FileError) in try DurableFile.makeDirectory(path) }
  }

  static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

  static func remove(_ path: String) throws(ScriptError) {
    guard exists(path) else { return }
    do { try FileManager.default.removeItem(atPath: path) } catch {
      throw ScriptError(StorageMessages.cannotRemove(path, error.localizedDescription))
    }
  }

  static func list(_ path: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
  }

  /// Maps a file read-only and hands its bytes to `body`.
  static func withMappedFile<R>(_ path: String, _ body: (UnsafeRawBufferPointer) throws(ScriptError) -> R)
    throws(ScriptError) -> R
  {
    guard let r = try FileAccess.mapped(path, body) else { throw DurableFiles.error("cannot map", path) }
    return r
  }

  /// Holds an exclusive lock on a file while `body` runs (one writer per database).
  static func withLock<R>(_ path: String, _ body: () throws(ScriptError) -> R) throws(ScriptError) -> R {
    try DurableFile.withLock(path, lockFailed: { ScriptError($0.message) }, body)
  }
}

/// The last line of a metadata file: `#checksum <hex>` over the JSON before it.
enum MetadataChecksum {
  static let marker = Array("\n#checksum ".utf8)

  enum Parts {
    case verified(ArraySlice<UInt8>)
    case mismatch
    case absent
  }

  static func hex(_ body: ArraySlice<UInt8>) -> String {
    body.withUnsafeBytes { Checksum.hex(Checksum.of($0)) }
  }

  static func sealed(_ json: [UInt8]) -> [UInt8] {
    json + marker + Array(hex(json[...]).utf8) + [10]
  }

  /// The JSON of a file and whether its checksum line vouches for it. A file with no line
  /// is `absent`; a damaged line leaves bytes after the JSON, which then fails to decode.
  static func split(_ bytes: [UInt8]) -> Parts {
    var end = bytes.count
    while end > 0 && bytes[end - 1] == 10 { end -= 1 }
    // The line is short: look for it near the end only.
    guard let start = lastIndex(of: marker, in: bytes[max(0, end - 64)..<end]) else { return .absent }
    let given = String(decoding: bytes[(start + marker.count)..<end], as: UTF8.self)
    let body = bytes[..<start]
    return hex(body) == given ? .verified(body) : .mismatch
  }

  static func lastIndex(of needle: [UInt8], in hay: ArraySlice<UInt8>) -> Int? {
    guard hay.count >= needle.count else { return nil }
    var i = hay.endIndex - needle.count
    while i >= hay.startIndex {
      if hay[i..<(i + needle.count)].elementsEqual(needle) { return i }
      i -= 1
    }
    return nil
  }
}
