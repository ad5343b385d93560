import Dispatch
import Foundation
import PorpoiseSupport
import ScriptRuntime

/// One column per file (or two for text), raw little-endian, checksummed in the manifest.
///
/// Fixed-width types are their array bytes (`c<k>.col`). STRING is end offsets (`c<k>.off`,
/// Int64) plus UTF-8 bytes (`c<k>.str`). SYMBOL is dictionary-encoded per segment: Int32
/// codes (`c<k>.col`) and the distinct symbols as offsets and bytes (`c<k>.dof`, `c<k>.dic`).
enum SegmentFiles {
  /// Writes the columns of one segment into `dir`; returns the checksum of every file.
  static func write(_ columns: [Vector], to dir: String, sync: Bool) throws(ScriptError) -> [String: String] {
    try DurableFiles.makeDirectory(dir)
    final class Collected: @unchecked Sendable {
      var sums: [String: String] = [:]
      var failure: ScriptError?
      let lock = NSLock()
    }
    let collected = Collected()
    // Columns are independent files: encode, checksum, write and fsync them in parallel.
    DispatchQueue.concurrentPerform(iterations: columns.count) { k in
      do throws(ScriptError) {
        let sums = try writeColumn(columns[k], k, dir: dir, sync: sync)
        collected.lock.lock()
        collected.sums.merge(sums) { $1 }
        collected.lock.unlock()
      } catch {
        collected.lock.lock()
        collected.failure = collected.failure ?? error
        collected.lock.unlock()
      }
    }
    if let failure = collected.failure { throw failure }
    if sync { try DurableFiles.syncDirectory(dir) }
    return collected.sums
  }

  /// Writes one column's files; returns their checksums.
  static func writeColumn(_ c: Vector, _ k: Int, dir: String, sync: Bool) throws(ScriptError) -> [String: String] {
    var sums: [String: String] = [:]
    func put(_ name: String, _ bytes: UnsafeRawBufferPointer) throws(ScriptError) {
      try DurableFiles.write(bytes, to: dir + "/" + name, sync: sync)
      sums[name] = Checksum.hex(Checksum.of(bytes))
    }
    func putArray<T>(_ name: String, _ a: [T]) throws(ScriptError) {
      var failure: ScriptError?
      a.withUnsafeBytes { raw in
        do throws(ScriptError) { try put(name, raw) } catch { failure = error }
      }
      if let failure { throw failure }
    }
    switch c.storage {
    case .i8(let a): try putArray("c\(k).col", a)
    case .i16(let a): try putArray("c\(k).col", a)
    case .i32(let a): try putArray("c\(k).col", a)
    case .i64(let a): try putArray("c\(k).col", a)
    case .f32(let a): try putArray("c\(k).col", a)
    case .f64(let a): try putArray("c\(k).col", a)
    case .u128(let a): try putArray("c\(k).col", a)
    case .sym(let a):
      // A segment's dictionary holds only the symbols its rows use.
      let column = a.compacted
      try putArray("c\(k).col", column.codes)
      let (offsets, bytes) = pack(column.dictionary.symbols)
      try putArray("c\(k).dof", offsets)
      try putArray("c\(k).dic", bytes)
    case .nested:
      throw ScriptError(StorageMessages.arrayVectorNotStored())
    case .str(let a):
      let (offsets, bytes) = pack(a)
      try putArray("c\(k).off", offsets)
      try putArray("c\(k).str", bytes)
    }
    return sums
  }

  static func pack(_ strings: [String]) -> ([Int64], [UInt8]) {
    var offsets: [Int64] = []
    offsets.reserveCapacity(strings.count)
    var bytes: [UInt8] = []
    for s in strings {
      bytes.append(contentsOf: s.utf8)
      offsets.append(Int64(bytes.count))
    }
    return (offsets, bytes)
  }

  static func unpack(_ offsets: [Int64], _ bytes: [UInt8]) throws(ScriptError) -> [String] {
    var out: [String] = []
    out.reserveCapacity(offsets.count)
    var start = 0
    for end in offsets {
      let e = Int(end)
      guard e >= start, e <= bytes.count else { throw ScriptError(StorageMessages.stringOffsetsOutOfRange()) }
      out.append(String(decoding: bytes[start..<e], as: UTF8.self))
      start = e
    }
    return out
  }

  /// Reads a file, checking its checksum and size, into an array of `T`.
  static func read<T>(_ path: String, _ expected: String?, count: Int?, as: T.Type) throws(ScriptError) -> [T] {
    try DurableFiles.withMappedFile(path) { (raw) throws(ScriptError) -> [T] in
      let stride = MemoryLayout<T>.stride
      let n = raw.count / stride
      // Copied and checksummed in one pass; checked before the array is handed out.
      var sum: UInt64 = 0
      let values = [T](unsafeUninitializedCapacity: n) { buf, done in
        if let dst = buf.baseAddress {
          sum = Checksum.copying(
            UnsafeRawBufferPointer(rebasing: raw[0..<(n * stride)]), to: UnsafeMutableRawPointer(dst))
        }
        done = n
      }
      if let expected {
        let whole = n * stride == raw.count ? sum : Checksum.of(raw)
        if Checksum.hex(whole) != expected {
          throw ScriptError(StorageMessages.columnChecksumMismatch(path))
        }
      }
      guard raw.count % stride == 0, count.map({ $0 * stride == raw.count }) ?? true else {
        throw ScriptError(StorageMessages.truncatedColumnFile(path, bytes: raw.count))
      }
      return values
    }
  }

  /// Reads column `k` of a segment.
  static func readColumn(_ k: Int, type: DataType, rows: Int, dir: String, sums: [String: String]) throws(ScriptError)
    -> Vector
  {
    func file(_ ext: String) -> (String, String?) { (dir + "/c\(k)." + ext, sums["c\(k)." + ext]) }
    let col = file("col")
    switch Vector.empty(type).storage {
    case .i8: return Vector(type: type, storage: .i8(try read(col.0, col.1, count: rows, as: Int8.self)))
    case .i16: return Vector(type: type, storage: .i16(try read(col.0, col.1, count: rows, as: Int16.self)))
    case .i32: return Vector(type: type, storage: .i32(try read(col.0, col.1, count: rows, as: Int32.self)))
    case .i64: return Vector(type: type, storage: .i64(try read(col.0, col.1, count: rows, as: Int64.self)))
    case .f32: return Vector(type: type, storage: .f32(try read(col.0, col.1, count: rows, as: Float.self)))
    case .f64: return Vector(type: type, storage: .f64(try read(col.0, col.1, count: rows, as: Double.self)))
    case .u128: return Vector(type: type, storage: .u128(try read(col.0, col.1, count: rows, as: UInt128.self)))
    case .sym:
      let codes = try read(col.0, col.1, count: rows, as: Int32.self)
      let dof = file("dof")
      let dic = file("dic")
      let symbols = try unpack(
        try read(dof.0, dof.1, count: nil, as: Int64.self), try read(dic.0, dic.1, count: nil, as: UInt8.self))
      let limit = UInt32(symbols.count)
      // The checksum guards the bytes; this guards against a writer bug ever indexing past the dictionary.
      let valid = codes.withUnsafeBufferPointer { c in c.allSatisfy { UInt32(bitPattern: $0) < limit } }
      guard valid else { throw ScriptError(StorageMessages.corruptSymbolCodes(col.0)) }
      return Vector(
        type: .symbol, storage: .sym(SymbolColumn(codes: codes, dictionary: SymbolDictionary(symbols: symbols))))
    case .str:
      let off = file("off")
      let str = file("str")
      let strings = try unpack(
        try read(off.0, off.1, count: rows, as: Int64.self), try read(str.0, str.1, count: nil, as: UInt8.self))
      return Vector(strings: strings, type: type)
    case .nested:
      throw ScriptError(StorageMessages.arrayVectorNotStored())
    }
  }
}
