import Dispatch
import PorpoiseSupport
import ScriptRuntime
import Synchronization
import WireProtocol

/// A segment's bytes: the rows of one append within one chunk, each column encoded as the wire
/// encodes a one-column table, laid out by `SegmentFormat` (so a writer and a replica that
/// encode the same rows get the same bytes and checksum, and a query decodes only its columns).
public enum SegmentCodec {
  public static func encode(names: [String], columns: [Vector]) throws(ScriptError) -> [UInt8] {
    // Checked as a table first: one length, distinct names.
    _ = try Table(names: names, columns: columns)
    do { return try SegmentFormat.encode(names: names, columns: columns) } catch {
      throw ScriptError(DFSMessages.segmentNotEncoded("\(error)"))
    }
  }

  /// A whole segment's rows.
  public static func decode(_ bytes: [UInt8]) throws(ScriptError) -> Table {
    try decode(bytes, columns: nil).table
  }

  /// A segment's columns whose lower-cased names `columns` holds (nil: all), with the names of
  /// all its columns; the others are skipped undecoded.
  public static func decode(_ bytes: [UInt8], columns: Set<String>?) throws(ScriptError) -> (
    table: Table, names: [String]
  ) {
    guard SegmentFormat.isVersion2(bytes) else {
      do { return try ValueCodec.decodeTable(bytes, columns: columns) } catch {
        throw ScriptError(DFSMessages.segmentDoesNotDecode("\(error)"))
      }
    }
    guard let h = SegmentFormat.header(bytes, fileSize: bytes.count) else {
      throw ScriptError(DFSMessages.segmentDoesNotDecode("its header does not parse"))
    }
    var parts: [(name: String, bytes: [UInt8])] = []
    for c in h.columns where columns?.contains(c.name.lowercased()) ?? true {
      parts.append((c.name, Array(bytes[h.dataStart + c.offset..<h.dataStart + c.offset + c.length])))
    }
    return (try table(parts), h.columns.map(\.name))
  }

  /// The table of encoded one-column tables, in order.
  public static func table(_ parts: [(name: String, bytes: [UInt8])]) throws(ScriptError) -> Table {
    // Decoded side by side: each column is its own array.
    let slots = Mutex<[Result<Vector, ScriptError>?]>(Array(repeating: nil, count: parts.count))
    DispatchQueue.concurrentPerform(iterations: parts.count) { k in
      let p = parts[k]
      let r: Result<Vector, ScriptError>
      do {
        let t = try ValueCodec.decodeTable(p.bytes, columns: nil).table
        r =
          t.columns.count == 1
          ? .success(t.columns[0])
          : .failure(ScriptError(DFSMessages.segmentDoesNotDecode("column \(p.name) holds \(t.columns.count) columns")))
      } catch {
        r = .failure(ScriptError(DFSMessages.segmentDoesNotDecode("\(error)")))
      }
      slots.withLock { $0[k] = r }
    }
    var columns: [Vector] = []
    for r in slots.withLock({ $0 }) {
      guard let r else { throw ScriptError(DFSMessages.segmentDoesNotDecode("a column was not decoded")) }
      columns.append(try r.get())
    }
    return try Table(names: parts.map(\.name), columns: columns)
  }

  /// A partition's rows ready to stage: encoded, with their checksum.
  public static func append(_ routed: RoutedPartitionRows) throws(ScriptError) -> PartitionAppend {
    let bytes = try encode(names: routed.names, columns: routed.columns)
    return PartitionAppend(
      partition: routed.path, keys: routed.keys, rows: routed.columns.first?.count ?? 0, payload: bytes,
      checksum: SegmentFormat.checksum(bytes))
  }
}

/// A partition's rows with the column names they carry.
public struct RoutedPartitionRows {
  public var path: String
  public var keys: String
  public var names: [String]
  public var columns: [Vector]

  public init(path: String, keys: String, names: [String], columns: [Vector]) {
    self.path = path
    self.keys = keys
    self.names = names
    self.columns = columns
  }
}
