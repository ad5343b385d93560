/// A named piece of script text: a file, a `-e` argument or one shell entry.
///
/// Offsets everywhere in the syntax layer are UTF-8 byte offsets into `text`; lines and
/// columns are computed on demand for diagnostics, columns counting Characters.
public final class SourceFile: Sendable {
  /// The name shown in diagnostics: a path as typed, `<stdin>`, `<shell>` or `<stdlib>/m.dos`.
  public let name: String
  /// The source text.
  public let text: String
  /// The text's bytes, for the lexer.
  public let bytes: [UInt8]
  /// Byte offset of the first character of every line.
  private let lineStarts: [Int]

  /// Creates a source file.
  public init(name: String, text: String) {
    self.name = name
    self.text = text
    self.bytes = Array(text.utf8)
    var starts = [0]
    for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") { starts.append(i + 1) }
    self.lineStarts = starts
  }

  /// The 1-based line and column of a byte offset.
  public func location(of offset: Int) -> SourceLocation {
    let offset = max(0, min(offset, bytes.count))
    var lo = 0
    var hi = lineStarts.count - 1
    while lo < hi {
      let mid = (lo + hi + 1) / 2
      if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
    }
    let lineStart = lineStarts[lo]
    let prefix = String(decoding: bytes[lineStart..<offset], as: UTF8.self)
    return SourceLocation(line: lo + 1, column: prefix.count + 1)
  }

  /// The text of a 1-based line, without its newline.
  public func lineText(_ line: Int) -> String {
    guard line >= 1, line <= lineStarts.count else { return "" }
    let start = lineStarts[line - 1]
    var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
    if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
    return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
  }

  /// The text covered by a range.
  public func text(of range: SourceRange) -> String {
    let s = max(0, min(range.start, bytes.count))
    let e = max(s, min(range.end, bytes.count))
    return String(decoding: bytes[s..<e], as: UTF8.self)
  }

  /// Number of lines.
  public var lineCount: Int { lineStarts.count }
}

/// A 1-based line and column.
public struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
  public let line: Int
  public let column: Int
  public init(line: Int, column: Int) {
    self.line = line
    self.column = column
  }
  public var description: String { "\(line):\(column)" }
}

/// A half-open byte range in a source file.
public struct SourceRange: Sendable {
  public let file: SourceFile
  public let start: Int
  public let end: Int
  public init(file: SourceFile, start: Int, end: Int) {
    self.file = file
    self.start = start
    self.end = max(start, end)
  }
  /// The range from the start of `self` to the end of `other`.
  public func to(_ other: SourceRange) -> SourceRange {
    SourceRange(file: file, start: start, end: max(end, other.end))
  }
  /// Where the range starts.
  public var location: SourceLocation { file.location(of: start) }
  /// The covered text.
  public var text: String { file.text(of: self) }
}
