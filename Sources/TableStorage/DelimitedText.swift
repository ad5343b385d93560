import ScriptRuntime

/// One field of delimited text: bytes `start..<end` of the text, or, for a field with quotes,
/// `-(n + 1)` as `start` naming its unquoted bytes in `DelimitedText.quoted`.
struct TextField {
  var start: Int
  var end: Int
}

/// The fields of delimited text (CSV) as byte ranges of its bytes, a column at a time, scanned
/// once without a string per field: what `loadText` and its kin read. A field that begins
/// with a double quote is quoted: it may hold the delimiter or a line end, `""` in it is a
/// quote, and after its closing quote more text joins it; a quote inside an unquoted field is
/// text. Each line's `\r` before its `\n` is dropped, and empty lines at the end.
struct DelimitedText {
  /// The text, then a 0 byte: `strtod` stops there.
  let bytes: [UInt8]
  let delimiter: UInt8
  /// Each column's fields.
  private(set) var columns: [[TextField]] = []
  /// The unquoted bytes of the quoted fields.
  private(set) var quoted: [[UInt8]] = []
  /// The file line each row starts on, for messages.
  private(set) var rowLines: [Int] = []
  /// Where the rows end: trailing empty lines are not rows.
  let end: Int

  var rowCount: Int { rowLines.count }

  /// Text whose rows `readRows(from:...)` reads (`start` skips a UTF-8 byte order mark).
  init(_ text: [UInt8], delimiter: UInt8) {
    var bytes = text
    bytes.append(0)
    self.bytes = bytes
    self.delimiter = delimiter
    var end = text.count
    while end > 0 {
      if bytes[end - 1] == 10 {
        end -= 1
      } else if bytes[end - 1] == 13, end == 1 || bytes[end - 2] == 10 {
        end -= 1
      } else {
        break
      }
    }
    self.end = end
  }

  /// Where the text starts: past a UTF-8 byte order mark.
  var start: Int { bytes.count >= 4 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0 }

  /// The offset after `count` lines from `offset` (lines as the file has them, quotes or not).
  func skippingLines(_ count: Int, from offset: Int) -> Int {
    var at = offset
    var left = count
    while left > 0, at < end {
      if bytes[at] == 10 { left -= 1 }
      at += 1
    }
    return left > 0 ? end : at
  }

  /// The fields of the row at `offset` as strings, and where the next row starts (a header).
  func fieldStrings(at offset: Int) -> (fields: [String], next: Int) {
    var scratch = DelimitedText(bytes: bytes, delimiter: delimiter, end: end)
    var fields: [TextField] = []
    var line = 0
    let next = scratch.scanRow(from: offset, line: &line) { fields.append($0) }
    return (fields.map { scratch.string($0) }, next)
  }

  private init(bytes: [UInt8], delimiter: UInt8, end: Int) {
    self.bytes = bytes
    self.delimiter = delimiter
    self.end = end
  }

  /// Reads every row from `offset` into `columns` fields each; `firstLine` is the file line
  /// at `offset`. A row of another count of fields names its file and line.
  mutating func readRows(from offset: Int, columns count: Int, firstLine: Int, path: String) throws(ScriptError) {
    columns = Array(repeating: [], count: count)
    var at = offset
    var line = firstLine
    // One row's fields, reused from row to row.
    var fields: [TextField] = []
    fields.reserveCapacity(count)
    while at < end {
      let rowLine = line
      var found = 0
      fields.removeAll(keepingCapacity: true)
      let next = scanRow(from: at, line: &line) { field in
        found += 1
        if fields.count < count { fields.append(field) }
      }
      guard found == count else {
        throw ScriptError(StorageMessages.fieldCountMismatch(path, line: rowLine, fields: found, header: count))
      }
      if rowLines.isEmpty {
        // Room for as many rows as the first one's length suggests.
        let expected = (end - at) / max(1, next - at) + 16
        for k in 0..<count { columns[k].reserveCapacity(expected) }
        rowLines.reserveCapacity(expected)
      }
      for k in 0..<count { columns[k].append(fields[k]) }
      rowLines.append(rowLine)
      at = next
    }
  }

  /// Scans one row from `offset`, handing each field to `field`; returns where the next row
  /// starts. `line` counts the line ends passed.
  private mutating func scanRow(from offset: Int, line: inout Int, _ field: (TextField) -> Void) -> Int {
    let d = delimiter
    var at = offset
    while true {
      if at < end && bytes[at] == 34 {
        at = scanQuoted(from: at, line: &line, field)
      } else {
        let start = at
        while at < end, bytes[at] != d, bytes[at] != 10 { at += 1 }
        var stop = at
        if stop > start, bytes[stop - 1] == 13, at == end || bytes[at] == 10 { stop -= 1 }
        field(TextField(start: start, end: stop))
      }
      if at < end && bytes[at] == d {
        at += 1
        continue
      }
      if at < end {
        line += 1
        return at + 1
      }
      line += 1
      return end
    }
  }

  /// A field that begins with a quote, unquoted into `quoted`; returns the offset of the
  /// delimiter or line end after it.
  private mutating func scanQuoted(from offset: Int, line: inout Int, _ field: (TextField) -> Void) -> Int {
    var out: [UInt8] = []
    var inside = false
    var at = offset
    var droppedCR = false
    while at < end {
      let c = bytes[at]
      if inside {
        if c == 34 {
          if at + 1 < end && bytes[at + 1] == 34 {
            out.append(34)
            at += 1
          } else {
            inside = false
          }
        } else {
          if c == 10 { line += 1 }
          out.append(c)
        }
      } else if c == 34 && out.isEmpty {
        inside = true
      } else if c == delimiter || c == 10 {
        break
      } else {
        out.append(c)
        droppedCR = c == 13
      }
      at += 1
    }
    // A line's `\r` before its `\n` (outside the quotes) is no part of the field.
    if droppedCR, at == end || bytes[at] == 10, out.last == 13 { out.removeLast() }
    quoted.append(out)
    field(TextField(start: -quoted.count, end: 0))
    return at
  }

  /// Whether the field is empty.
  @inline(__always) func isEmpty(_ f: TextField) -> Bool {
    f.start >= 0 ? f.end == f.start : quoted[-f.start - 1].isEmpty
  }

  /// Whether the field came in quotes.
  @inline(__always) func isQuoted(_ f: TextField) -> Bool { f.start < 0 }

  /// The field's text (invalid UTF-8 repaired, as a file read whole would be).
  func string(_ f: TextField) -> String {
    if f.start < 0 { return String(decoding: quoted[-f.start - 1], as: UTF8.self) }
    return bytes.withUnsafeBufferPointer { b in
      String(decoding: UnsafeBufferPointer(rebasing: b[f.start..<f.end]), as: UTF8.self)
    }
  }

  /// Each field of column `k` as a string.
  func strings(_ k: Int) -> [String] { columns[k].map { string($0) } }
}
