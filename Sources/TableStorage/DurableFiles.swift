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
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { throw DurableFiles.error("cannot open", path) }
    defer { close(fd) }
    var st = stat()
    guard fstat(fd, &st) == 0 else { throw DurableFiles.error("cannot stat", path) }
    let size = Int(st.st_size)
    if size == 0 { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
    guard let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else {
      throw DurableFiles.error("cannot map", path)
    }
    defer { munmap(p, size) }
    return try body(UnsafeRawBufferPointer(start: p, count: size))
  }

  /// Holds an exclusive lock on a file while `body` runs (one writer per database).
  static func withLock<R>(_ path: String, _ body: () throws(ScriptError) -> R) throws(ScriptError) -> R {
    let fd = open(path, O_RDWR | O_CREAT, 0o644)
    guard fd >= 0 else { throw DurableFiles.error("cannot open lock file", path) }
    defer { close(fd) }
    guard flock(fd, LOCK_EX) == 0 else { throw DurableFiles.error("cannot lock", path) }
    defer { flock(fd, LOCK_UN) }
    return try body()
  }
}

/// A fast 64-bit checksum of bytes (eight at a time), to catch corrupt or truncated files.
enum Checksum {
  static func of(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
    lanes(bytes, block: { _, _, _, _, _ in }, byte: { _, _ in })
  }

  /// `of(bytes)`, while copying the bytes to `destination` in the same pass (one read of the
  /// source instead of two; the source is usually a fresh mapping, where every page read
  /// costs a fault).
  static func copying(_ bytes: UnsafeRawBufferPointer, to destination: UnsafeMutableRawPointer) -> UInt64 {
    lanes(
      bytes,
      block: { o, w0, w1, w2, w3 in
        destination.storeBytes(of: w0, toByteOffset: o, as: UInt64.self)
        destination.storeBytes(of: w1, toByteOffset: o + 8, as: UInt64.self)
        destination.storeBytes(of: w2, toByteOffset: o + 16, as: UInt64.self)
        destination.storeBytes(of: w3, toByteOffset: o + 24, as: UInt64.self)
      },
      byte: { i, b in destination.storeBytes(of: b, toByteOffset: i, as: UInt8.self) })
  }

  /// The checksum itself: four independent lanes over 32-byte blocks, so the multiplies
  /// overlap; `block` and `byte` see every word and tail byte as it is read (inlined away).
  @inline(__always)
  private static func lanes(
    _ bytes: UnsafeRawBufferPointer, block: (Int, UInt64, UInt64, UInt64, UInt64) -> Void, byte: (Int, UInt8) -> Void
  ) -> UInt64 {
    let prime: UInt64 = 0x0000_0100_0000_01B3
    var l0: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
    var l1: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    var l2: UInt64 = 0x1656_67B1_9E37_79F9
    var l3: UInt64 = 0x27D4_EB2F_1656_67C5
    let blocks = bytes.count / 32
    for b in 0..<blocks {
      let o = b * 32
      let w0 = bytes.loadUnaligned(fromByteOffset: o, as: UInt64.self)
      let w1 = bytes.loadUnaligned(fromByteOffset: o + 8, as: UInt64.self)
      let w2 = bytes.loadUnaligned(fromByteOffset: o + 16, as: UInt64.self)
      let w3 = bytes.loadUnaligned(fromByteOffset: o + 24, as: UInt64.self)
      block(o, w0, w1, w2, w3)
      l0 = (l0 ^ w0) &* prime
      l1 = (l1 ^ w1) &* prime
      l2 = (l2 ^ w2) &* prime
      l3 = (l3 ^ w3) &* prime
      l0 ^= l0 >> 29
      l1 ^= l1 >> 29
      l2 ^= l2 >> 29
      l3 ^= l3 >> 29
    }
    var h = l0 ^ (l1 &* 31) ^ (l2 &* 961) ^ (l3 &* 29791)
    for i in (blocks * 32)..<bytes.count {
      byte(i, bytes[i])
      h = (h ^ UInt64(bytes[i])) &* prime
    }
    return h ^ (h >> 32)
  }

  static func hex(_ v: UInt64) -> String {
    let s = String(v, radix: 16)
    return String(repeating: "0", count: 16 - s.count) + s
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
