import Foundation
import ScriptRuntime

/// `textChunkDS(filename, chunkSize, [delimiter], [schema])`: a text file cut into data sources of
/// about `chunkSize` megabytes of whole lines, so `mr` (or `transDS!` then `mr`) goes through a
/// file larger than memory a piece at a time. Every piece reads with the file's header and one
/// schema: the one given, or the types of the first piece's fields.
final class TextChunkSource: DataSourceObject {
  let path: String
  let bytes: Range<Int>
  /// The file line of the piece's first line, for messages.
  let firstLine: Int
  let header: [String]
  let delimiter: Character
  let schema: TextSchema?
  var transforms: [FunctionValue] = []

  init(path: String, bytes: Range<Int>, firstLine: Int, header: [String], delimiter: Character, schema: TextSchema?) {
    self.path = path
    self.bytes = bytes
    self.firstLine = firstLine
    self.header = header
    self.delimiter = delimiter
    self.schema = schema
  }

  func render(_ formatter: ValueFormatter) -> String {
    "DataSource< textChunk(\"\(path)\", lines from \(firstLine), \(bytes.count) bytes) >"
  }

  func readRows(_ m: Machine) throws(ScriptError) -> Value {
    var text = DelimitedText(try TextChunks.read(path, bytes), delimiter: try TextFiles.delimiterByte(delimiter))
    try text.readRows(from: 0, columns: header.count, firstLine: firstLine, path: path)
    return .object(try TextFiles.typed(text, names: header, path: path, schema: schema, m))
  }
}

enum TextChunks {
  static func read(_ path: String, _ range: Range<Int>) throws(ScriptError) -> [UInt8] {
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw ScriptError(RuntimeMessages.cannotRead(path, String(cString: strerror(errno))))
    }
    defer { try? handle.close() }
    do {
      try handle.seek(toOffset: UInt64(range.lowerBound))
      return Array(try handle.read(upToCount: range.count) ?? Data())
    } catch {
      throw ScriptError(RuntimeMessages.cannotRead(path, "\(error)"))
    }
  }

  /// The pieces of a file after its header line: each ends at a line end at or past
  /// `chunkBytes` from its start, with the file line it starts on. Read in blocks, so finding
  /// them holds one block in memory.
  static func pieces(_ path: String, chunkBytes: Int) throws(ScriptError) -> (header: Range<Int>, [(Range<Int>, Int)]) {
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw ScriptError(RuntimeMessages.cannotRead(path, String(cString: strerror(errno))))
    }
    defer { try? handle.close() }
    var offset = 0
    var line = 1
    var headerEnd: Int?
    var start = 0
    var startLine = 2
    var out: [(Range<Int>, Int)] = []
    while true {
      let block: Data
      do { block = try handle.read(upToCount: 1 << 20) ?? Data() } catch {
        throw ScriptError(RuntimeMessages.cannotRead(path, "\(error)"))
      }
      if block.isEmpty { break }
      for (i, byte) in block.enumerated() where byte == 10 {
        let end = offset + i + 1
        line += 1
        if headerEnd == nil {
          headerEnd = end
          start = end
        } else if end - start >= chunkBytes {
          out.append((start..<end, startLine))
          start = end
          startLine = line
        }
      }
      offset += block.count
    }
    guard let headerEnd else { return (0..<offset, []) }
    if offset > start { out.append((start..<offset, startLine)) }
    return (0..<headerEnd, out)
  }

  static let builtin = Builtin(
    "textChunkDS", args: 2...4, parameterNames: ["filename", "chunkSize", "delimiter", "schema"]
  ) { a throws(ScriptError) in
    try a.machine.require(.login("read files"))
    let given = try a.text(0, "the file name")
    let path = a.machine.host?.resolvePath(given) ?? given
    guard let megabytes = a[1].doubleValue, megabytes > 0, megabytes <= 2047 else {
      throw ScriptError(StorageMessages.chunkSizeInvalid(ValueFormatter().format(a[1])))
    }
    let delimiter = try a.delimiter(2)
    var schema = a.has(3) ? try TextSchema(a[3], function: "textChunkDS") : nil
    let (headerBytes, pieces) = try pieces(path, chunkBytes: max(1, Int(megabytes * 1_048_576)))
    let byte = try TextFiles.delimiterByte(delimiter)
    let headerText = DelimitedText(try read(path, headerBytes), delimiter: byte)
    let header = try TextFiles.header(headerText, at: headerText.start, path: path).names
    if schema == nil, let first = pieces.first {
      // One schema for every piece: the types of the first piece's fields.
      var text = DelimitedText(try read(path, first.0), delimiter: byte)
      try text.readRows(from: 0, columns: header.count, firstLine: first.1, path: path)
      schema = TextSchema(
        names: header, types: header.indices.map { TextFiles.inferType(text, $0) }, formats: header.map { _ in nil })
    }
    return .tuple(
      pieces.map { bytes, line in
        .object(
          TextChunkSource(
            path: path, bytes: bytes, firstLine: line, header: header, delimiter: delimiter, schema: schema))
      })
  }
}
