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
    try encodeParts(names: names, columns: columns).joined
  }

  /// `encode`'s bytes in the parts they are made in (the header, then each column).
  public static func encodeParts(names: [String], columns: [Vector]) throws(ScriptError) -> SegmentBytes {
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
    guard SegmentFormat.isColumnar(bytes) else {
      do { return try ValueCodec.decodeTable(bytes, columns: columns) } catch {
        throw ScriptError(DFSMessages.segmentDoesNotDecode("\(error)"))
      }
    }
    // Checked against its own header: the caller checked the header against the catalog.
    let expected = SegmentFormat.checksum(bytes)
    switch bytes.withUnsafeBytes({ SegmentFormat.readColumns($0, expected: expected, wanted: columns) }) {
    case .columns(let table, let names): return (table, names)
    case .undecodable(let why): throw ScriptError(DFSMessages.segmentDoesNotDecode(why))
    case .version1, .damaged:
      throw ScriptError(
        DFSMessages.segmentDoesNotDecode("its header does not parse or a column does not match its checksum"))
    }
  }

  /// A partition's rows ready to stage: encoded, with their checksum.
  public static func append(_ routed: RoutedPartitionRows) throws(ScriptError) -> PartitionAppend {
    let bytes = try encodeParts(names: routed.names, columns: routed.columns)
    return PartitionAppend(
      partition: routed.path, keys: routed.keys, rows: routed.columns.first?.count ?? 0, bytes: bytes,
      checksum: SegmentFormat.checksum(bytes.parts[0]))
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
