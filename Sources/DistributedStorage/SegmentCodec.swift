import PorpoiseSupport
import ScriptRuntime
import WireProtocol

/// A segment's bytes: the rows of one append within one chunk, as the wire encodes a table
/// (so a writer and a replica that encode the same rows get the same bytes and checksum).
public enum SegmentCodec {
  public static func encode(names: [String], columns: [Vector]) throws(ScriptError) -> [UInt8] {
    let table = try Table(names: names, columns: columns)
    do { return try ValueCodec.encode(.object(table)) } catch {
      throw ScriptError(DFSMessages.segmentNotEncoded("\(error)"))
    }
  }

  public static func decode(_ bytes: [UInt8]) throws(ScriptError) -> Table {
    let value: Value
    do { value = try ValueCodec.decode(bytes) } catch {
      throw ScriptError(DFSMessages.segmentDoesNotDecode("\(error)"))
    }
    guard case .object(let o) = value, let table = o as? Table else {
      throw ScriptError(DFSMessages.segmentNotATable(value.typeString))
    }
    return table
  }

  /// A partition's rows ready to stage: encoded, with their checksum.
  public static func append(_ routed: RoutedPartitionRows) throws(ScriptError) -> PartitionAppend {
    let bytes = try encode(names: routed.names, columns: routed.columns)
    return PartitionAppend(
      partition: routed.path, keys: routed.keys, rows: routed.columns.first?.count ?? 0, payload: bytes,
      checksum: Checksum.hex(of: bytes))
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
