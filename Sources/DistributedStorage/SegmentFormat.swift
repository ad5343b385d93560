import Dispatch
import PorpoiseSupport
import ScriptRuntime
import Synchronization
import WireProtocol

/// How a segment's bytes are laid out, so that a query reads only the columns it needs and
/// still reads nothing unchecked.
///
/// Version 2 (written since segments are read by column):
///
///     "PSG2"  u32 header length H  |  header (H bytes)  |  column 0  column 1 ...
///     header: u32 column count, then per column: u32 name length, name (UTF-8),
///             u64 offset (from the end of the header), u64 length, u64 checksum
///
/// Each column is one encoded one-column table. The catalog's checksum of a version 2
/// segment is the checksum of its first 8 + H bytes (magic, length and header): the header
/// holds every column's checksum, so a reader checks the header against the catalog and each
/// column it reads against the header, and a whole-file check (staging, recovery, the scrub)
/// checks all of them. A segment without the magic is version 1, one encoded table checked as
/// a whole.
public enum SegmentFormat {
  static let magic: [UInt8] = Array("PSG2".utf8)
  /// Bounds on what a header may claim (it comes from disk or another node).
  static let maxColumns = 4096
  static let maxHeader = 1 << 20

  /// One column's place in a version 2 segment.
  public struct Column: Equatable, Sendable {
    public var name: String
    public var offset: Int
    public var length: Int
    public var checksum: UInt64
  }

  /// A parsed header: the columns, where the data starts, and the catalog's checksum.
  public struct Header: Sendable {
    public var columns: [Column]
    public var dataStart: Int
    public var checksum: String
  }

  /// A table's columns as a version 2 segment, encoded straight into one buffer (a day of
  /// bars is tens of megabytes: no column is encoded apart and copied in).
  static func encode(names: [String], columns: [Vector]) throws(WireError) -> [UInt8] {
    let headerBody = names.reduce(4) { $0 + 4 + $1.utf8.count + 24 }
    var singles: [Value] = []
    for (n, c) in zip(names, columns) {
      do { singles.append(.object(try Table(names: [n], columns: [c]))) } catch { throw WireError(error.message) }
    }
    var w = ByteWriter(capacity: 8 + headerBody + singles.reduce(0) { $0 + 64 + ValueCodec.estimatedSize($1) })
    w.append(magic)
    w.u32(UInt32(headerBody))
    w.append([UInt8](repeating: 0, count: headerBody))
    let dataStart = w.bytes.count
    var ranges: [Range<Int>] = []
    for single in singles {
      let start = w.bytes.count
      try ValueCodec.encode(single, into: &w)
      ranges.append(start..<w.bytes.count)
    }
    var header = ByteWriter(capacity: headerBody)
    header.u32(UInt32(names.count))
    for (name, range) in zip(names, ranges) {
      header.string(name)
      header.u64(UInt64(range.lowerBound - dataStart))
      header.u64(UInt64(range.count))
      header.u64(sum(w.bytes, range))
    }
    w.overwrite(at: 8, with: header.bytes)
    return w.bytes
  }

  /// Whether `prefix` (at least the file's first 8 bytes) starts a version 2 segment.
  static func isVersion2(_ prefix: [UInt8]) -> Bool { prefix.count >= 8 && Array(prefix.prefix(4)) == magic }

  /// The header's total size (magic, length, header) from the first 8 bytes, if plausible.
  static func headerSize(_ first8: [UInt8]) -> Int? {
    guard isVersion2(first8) else { return nil }
    var r = ByteReader(first8, offset: 4)
    guard let h = try? Int(r.u32("the header length")), h <= maxHeader else { return nil }
    return 8 + h
  }

  /// The checksum of `range` of `bytes`.
  static func sum(_ bytes: [UInt8], _ range: Range<Int>) -> UInt64 {
    bytes.withUnsafeBytes { Checksum.of(UnsafeRawBufferPointer(rebasing: $0[range])) }
  }

  /// Parses the header from the file's first `headerSize` bytes; nil when they are not a
  /// well-formed header of a file of `fileSize` bytes.
  static func header(_ bytes: [UInt8], fileSize: Int) -> Header? {
    guard let size = headerSize(bytes), bytes.count >= size else { return nil }
    // Read within the header alone: every count and length in it is checked against its end.
    var r = ByteReader(Array(bytes[0..<size]), offset: 8)
    var columns: [Column] = []
    do throws(WireError) {
      let count = Int(try r.u32("a column count"))
      guard count <= maxColumns else { return nil }
      for _ in 0..<count {
        let name = try r.string("a column name")
        let (offset, length) = (try r.u64("a column offset"), try r.u64("a column length"))
        let checksum = try r.u64("a column checksum")
        // Offsets and lengths must lie inside the file: they come from disk.
        guard offset <= UInt64(fileSize), length <= UInt64(fileSize),
          Int(offset) + Int(length) <= fileSize - size
        else { return nil }
        columns.append(Column(name: name, offset: Int(offset), length: Int(length), checksum: checksum))
      }
    } catch {
      return nil
    }
    guard r.isAtEnd else { return nil }
    return Header(columns: columns, dataStart: size, checksum: Checksum.hex(sum(bytes, 0..<size)))
  }

  /// The catalog's checksum of a whole segment (either version).
  public static func checksum(_ bytes: [UInt8]) -> String {
    if let size = headerSize(bytes), bytes.count >= size { return Checksum.hex(sum(bytes, 0..<size)) }
    return Checksum.hex(of: bytes)
  }

  /// Whether a whole segment matches the catalog's checksum, every column included.
  public static func verify(_ bytes: [UInt8], _ expected: String) -> Bool {
    bytes.withUnsafeBytes { verify($0, expected) }
  }

  /// `verify` of bytes in place (a mapped file).
  public static func verify(_ raw: UnsafeRawBufferPointer, _ expected: String) -> Bool {
    let first = Array(raw.prefix(8))
    guard isVersion2(first) else { return Checksum.hex(Checksum.of(raw)) == expected }
    guard let size = headerSize(first), raw.count >= size,
      let h = header(Array(raw.prefix(size)), fileSize: raw.count), h.checksum == expected
    else { return false }
    var end = h.dataStart
    for c in h.columns {
      let range = h.dataStart + c.offset..<h.dataStart + c.offset + c.length
      end = max(end, range.upperBound)
      guard Checksum.of(UnsafeRawBufferPointer(rebasing: raw[range])) == c.checksum else { return false }
    }
    // Nothing unchecked after the columns.
    return end == raw.count
  }

  /// What reading some columns of a segment file found.
  public enum ColumnsRead {
    /// A version 1 segment: it is read and checked whole.
    case version1
    /// The header or a column does not match its checksum (or does not parse).
    case damaged
    /// The columns asked for, checked, each an encoded one-column table; and every column's name.
    case columns([(name: String, bytes: [UInt8])], names: [String])
  }

  /// Reads the columns among `wanted` (lower-cased; nil: all) of a segment through `read`
  /// (offset, count → bytes), checking the header against `expected` and each column against
  /// the header.
  static func readColumns(
    size: Int, expected: String, wanted: Set<String>?, _ read: (Int, Int) -> [UInt8]?
  ) -> ColumnsRead {
    guard size >= 8, let first = read(0, 8), isVersion2(first) else { return .version1 }
    guard let headerSize = headerSize(first), let bytes = read(0, headerSize),
      let h = header(bytes, fileSize: size), h.checksum == expected
    else { return .damaged }
    let chosen = h.columns.filter { wanted?.contains($0.name.lowercased()) ?? true }
    // Columns are read and checked side by side: each is tens of megabytes of a cold file.
    let slots = Mutex<[[UInt8]?]>(Array(repeating: nil, count: chosen.count))
    withoutActuallyEscaping(read) { read in
      let reader = UncheckedSendable(read)
      DispatchQueue.concurrentPerform(iterations: chosen.count) { k in
        let c = chosen[k]
        guard let b = reader.value(h.dataStart + c.offset, c.length),
          b.withUnsafeBytes({ Checksum.of($0) }) == c.checksum
        else { return }
        slots.withLock { $0[k] = b }
      }
    }
    var out: [(name: String, bytes: [UInt8])] = []
    for (c, b) in zip(chosen, slots.withLock { $0 }) {
      guard let b else { return .damaged }
      out.append((c.name, b))
    }
    return .columns(out, names: h.columns.map(\.name))
  }
}

/// A value used from the threads of one `concurrentPerform` while its owner waits (a file
/// reader whose `pread` calls are independent).
struct UncheckedSendable<T>: @unchecked Sendable {
  let value: T
  init(_ value: T) { self.value = value }
}
