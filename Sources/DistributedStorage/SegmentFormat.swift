import Dispatch
import PorpoiseSupport
import ScriptRuntime
import Synchronization
import WireProtocol

/// How a segment's bytes are laid out, so that a query reads only the columns it needs and
/// still reads nothing unchecked.
///
/// Version 3 (written since columns are compressed; version 2 is read as before):
///
///     "PSG3"  u32 header length H  |  header (H bytes)  |  column 0  column 1 ...
///     header: u32 column count, then per column: u32 name length, name (UTF-8),
///             u64 offset (from the end of the header), u64 length, u64 checksum,
///             u64 head length, u64 bulk length
///
/// Each column is one encoded one-column table (`ValueCodec.encodeColumn`): its head, then its
/// bulk (the elements of its last array) as LZ4 blocks (`BlockCompression`) that expand to
/// `bulk length` bytes,
/// or, when the bulk length is 0, the rest of the encoding as it is (a column that does not
/// compress, strings). Version 2 has neither of the last two fields and stores every column
/// as it is, with the magic "PSG2".
///
/// The catalog's checksum of a columnar segment is the checksum of its first 8 + H bytes
/// (magic, length and header): the header holds every column's checksum (of its stored
/// bytes), so a reader checks the header against the catalog and each column it reads against
/// the header, and a whole-file check (staging, recovery, the scrub) checks all of them. A
/// segment without either magic is version 1, one encoded table checked as a whole.
public enum SegmentFormat {
  static let magic: [UInt8] = Array("PSG3".utf8)
  static let magic2: [UInt8] = Array("PSG2".utf8)
  /// Bounds on what a header may claim (it comes from disk or another node).
  static let maxColumns = 4096
  static let maxHeader = 1 << 20
  /// A bulk smaller than this is stored as it is: too little to gain.
  static let minCompressed = 4096
  /// The most an LZ4 block expands (its format's bound, about 255 to 1).
  static let maxExpansion = 256

  /// One column's place in a columnar segment.
  public struct Column: Equatable, Sendable {
    public var name: String
    public var offset: Int
    public var length: Int
    public var checksum: UInt64
    /// Bytes of the column's encoding stored as they are, before its compressed bulk.
    public var headLength: Int
    /// What the compressed bulk expands to; 0 when the column is stored as it is.
    public var bulkLength: Int
  }

  /// A parsed header: the columns, where the data starts, and the catalog's checksum.
  public struct Header: Sendable {
    public var columns: [Column]
    public var dataStart: Int
    public var checksum: String
  }

  /// A column as it is stored: its bytes and how they split.
  struct Stored {
    var bytes: [UInt8]
    var headLength: Int
    var bulkLength: Int
  }

  /// A table's columns as a version 3 segment: each column encoded, its bulk compressed
  /// straight from the column's memory and checksummed, columns side by side (and a large
  /// column's blocks side by side too, so it does not run alone at the end), then laid out
  /// after the header.
  static func encode(names: [String], columns: [Vector]) throws(WireError) -> SegmentBytes {
    let stored = ParallelMap.map(columns.count) { k in
      let c = store(names[k], columns[k])
      return (c, c.bytes.withUnsafeBytes { Checksum.of($0) })
    }
    let sums = stored.map(\.1)
    let headerBody = names.reduce(4) { $0 + 4 + $1.utf8.count + 40 }
    var header = ByteWriter(capacity: headerBody)
    header.u32(UInt32(names.count))
    var offset = 0
    for (k, (name, c)) in zip(names, stored.map(\.0)).enumerated() {
      header.string(name)
      header.u64(UInt64(offset))
      header.u64(UInt64(c.bytes.count))
      header.u64(sums[k])
      header.u64(UInt64(c.headLength))
      header.u64(UInt64(c.bulkLength))
      offset += c.bytes.count
    }
    var w = ByteWriter(capacity: 8 + headerBody)
    w.append(magic)
    w.u32(UInt32(headerBody))
    w.append(header.bytes)
    return SegmentBytes(parts: [w.bytes] + stored.map(\.0.bytes))
  }

  /// One column's stored bytes: its head, then its bulk compressed when that saves a tenth.
  static func store(_ name: String, _ column: Vector) -> Stored {
    let (head, bulk) = ValueCodec.encodeColumn(name: name, column)
    guard let bulk else { return Stored(bytes: head, headLength: head.count, bulkLength: 0) }
    let raw = bulk.byteCount
    if raw >= minCompressed,
      let bytes = bulk.withBytes({ BlockCompression.compressed($0, after: head, smallerThan: raw - raw / 10) })
    {
      return Stored(bytes: bytes, headLength: head.count, bulkLength: raw)
    }
    var bytes = head
    bytes.reserveCapacity(head.count + raw)
    bulk.withBytes { bytes.append(contentsOf: $0) }
    return Stored(bytes: bytes, headLength: bytes.count, bulkLength: 0)
  }

  /// Whether `prefix` (at least the file's first 8 bytes) starts a columnar segment (version 2 or 3).
  static func isColumnar(_ prefix: [UInt8]) -> Bool {
    prefix.count >= 8 && [magic, magic2].contains(Array(prefix.prefix(4)))
  }

  /// The header's total size (magic, length, header) from the first 8 bytes, if plausible.
  static func headerSize(_ first8: [UInt8]) -> Int? {
    guard isColumnar(first8) else { return nil }
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
    let version3 = Array(bytes.prefix(4)) == magic
    var r = ByteReader(Array(bytes[0..<size]), offset: 8)
    var columns: [Column] = []
    do throws(WireError) {
      let count = Int(try r.u32("a column count"))
      guard count <= maxColumns else { return nil }
      for _ in 0..<count {
        let name = try r.string("a column name")
        let (offset, length) = (try r.u64("a column offset"), try r.u64("a column length"))
        let checksum = try r.u64("a column checksum")
        let (head, bulk) =
          version3 ? (try r.u64("a column's head length"), try r.u64("a column's bulk length")) : (length, 0)
        // Offsets and lengths must lie inside the file: they come from disk. A bulk expands
        // to no more than LZ4 can make of the bytes that hold it.
        guard offset <= UInt64(fileSize), length <= UInt64(fileSize),
          Int(offset) + Int(length) <= fileSize - size, head <= length,
          bulk <= UInt64(maxExpansion) * (length - head)
        else { return nil }
        columns.append(
          Column(
            name: name, offset: Int(offset), length: Int(length), checksum: checksum, headLength: Int(head),
            bulkLength: Int(bulk)))
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

  /// `verify` of a segment in parts: when they are its header and its columns, as `encode`
  /// made them, each is checked where it is; otherwise they are put together first.
  public static func verify(_ bytes: SegmentBytes, _ expected: String) -> Bool {
    if bytes.parts.count == 1 { return verify(bytes.parts[0], expected) }
    let first = bytes.parts[0]
    guard let size = headerSize(Array(first.prefix(8))), size == first.count,
      let h = header(first, fileSize: bytes.count), h.columns.count == bytes.parts.count - 1
    else { return verify(bytes.joined, expected) }
    guard h.checksum == expected else { return false }
    var offset = 0
    for (c, part) in zip(h.columns, bytes.parts.dropFirst()) {
      guard c.offset == offset, c.length == part.count else { return verify(bytes.joined, expected) }
      offset += part.count
    }
    // Columns are checked side by side: each is megabytes.
    let parts = bytes.parts
    let sums = ParallelMap.map(h.columns.count) { k in parts[k + 1].withUnsafeBytes { Checksum.of($0) } }
    return zip(h.columns, sums).allSatisfy { $0.checksum == $1 } && h.dataStart + offset == bytes.count
  }

  /// `verify` of bytes in place (a mapped file).
  public static func verify(_ raw: UnsafeRawBufferPointer, _ expected: String) -> Bool {
    let first = Array(raw.prefix(8))
    guard isColumnar(first) else { return Checksum.hex(Checksum.of(raw)) == expected }
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
    /// A column matches its checksum but does not decode (why).
    case undecodable(String)
    /// The columns asked for, checked and decoded, in the segment's order; and every column's name.
    case columns(Table, names: [String])
  }

  /// Reads the columns among `wanted` (lower-cased; nil: all) of a segment file's bytes (a
  /// mapping of it: each column is copied once, from the page cache into its own array),
  /// checking the header against `expected` and each column against the header.
  static func readColumns(_ raw: UnsafeRawBufferPointer, expected: String, wanted: Set<String>?) -> ColumnsRead {
    guard raw.count >= 8, isColumnar(Array(raw.prefix(8))) else { return .version1 }
    guard let headerSize = headerSize(Array(raw.prefix(8))), raw.count >= headerSize,
      let h = header(Array(raw.prefix(headerSize)), fileSize: raw.count), h.checksum == expected
    else { return .damaged }
    let chosen = h.columns.filter { wanted?.contains($0.name.lowercased()) ?? true }
    // Columns are checked and decoded side by side: each is megabytes of a cold file.
    let slots = Mutex<[Result<Vector, WireError>?]>(Array(repeating: nil, count: chosen.count))
    let file = UncheckedSendable(raw)
    DispatchQueue.concurrentPerform(iterations: chosen.count) { k in
      let c = chosen[k]
      let start = h.dataStart + c.offset
      let bytes = UnsafeRawBufferPointer(rebasing: file.value[start..<start + c.length])
      guard Checksum.of(bytes) == c.checksum else { return }
      let r: Result<Vector, WireError>
      do throws(WireError) {
        let t: Table
        if c.bulkLength > 0 {
          let compressed = UnsafeRawBufferPointer(rebasing: file.value[start + c.headLength..<start + c.length])
          let bulk = ByteReader.Bulk(count: c.bulkLength) { BlockCompression.expand(compressed, into: $0) }
          t = try ValueCodec.decodeTable(
            unsafeRaw: UnsafeRawBufferPointer(rebasing: file.value[start..<start + c.headLength]), bulk: bulk,
            columns: nil
          ).table
        } else {
          t = try ValueCodec.decodeTable(unsafeRaw: bytes, columns: nil).table
        }
        guard t.columns.count == 1 else { throw WireError("column \(c.name) holds \(t.columns.count) columns") }
        r = .success(t.columns[0])
      } catch {
        r = .failure(error)
      }
      slots.withLock { $0[k] = r }
    }
    var columns: [Vector] = []
    for slot in slots.withLock({ $0 }) {
      switch slot {
      case nil: return .damaged
      case .failure(let error)?: return .undecodable(error.message)
      case .success(let v)?: columns.append(v)
      }
    }
    do {
      return .columns(try Table(names: chosen.map(\.name), columns: columns), names: h.columns.map(\.name))
    } catch {
      return .undecodable(error.message)
    }
  }
}

/// A value used from the threads of one `concurrentPerform` while its owner waits (a file
/// reader whose `pread` calls are independent).
struct UncheckedSendable<T>: @unchecked Sendable {
  let value: T
  init(_ value: T) { self.value = value }
}
