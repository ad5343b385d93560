import Foundation
import Testing

@testable import ScriptRuntime
@testable import TableStorage

/// A text file's numbers and times are read from their bytes only where that gives what the
/// general conversions give; these compare both ways over many texts, valid and not.
@Suite struct TextFieldParsingTests {
  func withBytes<R>(_ s: String, _ body: (UnsafePointer<UInt8>, Int) -> R) -> R {
    let bytes = Array(s.utf8) + [0]
    return bytes.withUnsafeBufferPointer { body($0.baseAddress!, bytes.count - 1) }
  }

  /// Texts shaped like times: random digits in every printed form, some out of range.
  func temporalTexts() -> [String] {
    var g = SystemRandomNumberGenerator()
    func d(_ n: Int, _ limit: Int) -> String {
      let v = Int.random(in: 0..<limit, using: &g)
      return String(repeating: "0", count: max(0, n - String(v).count)) + String(v)
    }
    var out: [String] = [
      "2000.02.29", "1900.02.29", "2000.02.30", "0999.12.31", "1000.01.01", "9999.12.31", "2038.01.19T03:14:07",
      "2038.01.19T03:14:08", "1901.12.13T20:45:52", "1901.12.13T20:45:51", "2262.04.11T23:47:16.854775807",
      "1677.09.21T00:12:43.145224192", "24:00:00", "23:59:59.999", "2000-01-01", "2000-01.01", "2000.01-01",
      "2000.13M", "2000.00M", "2000-12M", "23:60m", "00:00m", "2000.01.01 10:00:00", "2000.01.01x10:00:00",
    ]
    for _ in 0..<4000 {
      let date = "\(d(4, 10000))\(Bool.random() ? "." : "-")\(d(2, 14))\(Bool.random() ? "." : "-")\(d(2, 33))"
      let clock = "\(d(2, 26)):\(d(2, 62)):\(d(2, 62))"
      switch Int.random(in: 0..<9, using: &g) {
      case 0: out.append(date)
      case 1: out.append(date + (Bool.random() ? "T" : " ") + clock)
      case 2: out.append(date + "T" + clock + "." + d(3, 1000))
      case 3: out.append(date + "T" + clock + "." + d(9, 1_000_000_000))
      case 4: out.append(clock)
      case 5: out.append(clock + "." + d(3, 1000))
      case 6: out.append(clock + "." + d(9, 1_000_000_000))
      case 7: out.append("\(d(4, 10000)).\(d(2, 14))M")
      default: out.append("\(d(2, 26)):\(d(2, 62))m")
      }
    }
    return out
  }

  @Test func aTimeReadFromItsBytesIsTheTimeTheGeneralParserReads() {
    var fast = 0
    for text in temporalTexts() {
      guard let (kind, raw) = withBytes(text, { TextFieldParsing.temporal($0, 0, $1) }) else { continue }
      fast += 1
      #expect(TextFiles.literalKind(text) == kind, "\(text)")
      #expect(Temporal.parse(text, as: kind) == raw, "\(text) as \(kind.name)")
      // Read as another type, as a schema may ask, it converts as the general parser does.
      for other in [DataType.date, .datetime, .timestamp, .second, .time, .minute] where other != kind {
        if let converted = Temporal.convert(raw, from: kind, to: other) {
          #expect(Temporal.parse(text, as: other) == converted, "\(text) as \(other.name)")
        }
      }
    }
    // Most of the random texts are real times: the fast reader took them.
    #expect(fast > 1000)
  }

  @Test func numbersReadFromTheirBytesAreTheNumbersSwiftReads() {
    let texts = [
      "0", "-0", "+5", "12", "-12", "2147483647", "-2147483648", "9223372036854775807", "-9223372036854775808",
      "9223372036854775808", "99999999999999999999", "1.", ".5", "-.5", "1e5", "1E-5", "1e", "e5", "1.5.2", "--1",
      "+", "-", "", "0x10", "1_000", " 1", "1 ", "3.14159265358979323846", "1e308", "1e309", "4.9e-324", "2e-400",
    ]
    for text in texts {
      withBytes(text) { b, n in
        #expect(TextFieldParsing.integer(b, 0, n) == Int64(text), "\(text)")
        if TextFieldParsing.isDecimal(b, 0, n) {
          #expect(Double(text) != nil, "\(text)")
          let value = TextFieldParsing.decimal(b, 0)
          #expect(value == Double(text) || (value.isInfinite && Double(text)?.isInfinite == true), "\(text)")
        }
      }
    }
  }

  func table(_ csv: String, delimiter: Character = ",") throws -> Table {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("porpoise-text-\(UUID().uuidString).csv")
      .path
    defer { try? FileManager.default.removeItem(atPath: path) }
    _ = FileManager.default.createFile(atPath: path, contents: Data(csv.utf8))
    return try TextFiles.load(path, delimiter: delimiter)
  }

  @Test func quotedFieldsHoldDelimitersQuotesAndLineEnds() throws {
    let t = try table("name,note\r\n\"Smith, J\",\"said \"\"hi\"\"\"\r\nLee,\"two\nlines\"\r\n\r\n")
    #expect(t.rowCount == 2)
    #expect(t.column("name")?.strings == ["Smith, J", "Lee"])
    #expect(t.column("note")?.strings == ["said \"hi\"", "two\nlines"])
  }

  @Test func aRowOfAnotherWidthNamesItsLineAfterAQuotedLineEnd() throws {
    let error = #expect(throws: ScriptError.self) { try table("a,b\n\"x\ny\",1\n2\n") }
    #expect(error?.message.contains("line 4 has 1 fields; the header has 2") == true, "\(error?.message ?? "")")
  }

  @Test func columnsTakeTheNarrowestTypeOfTheirFields() throws {
    let t = try table(
      "\u{FEFF}i,l,d,t,s,b\n1,5000000000,1.5,2024-01-02 09:30:00,a,true\n,7,-2,2024.01.03T09:30:01,a,false\n")
    #expect(t.names == ["i", "l", "d", "t", "s", "b"])
    #expect(t.columns.map(\.type) == [.int, .long, .double, .datetime, .string, .bool])
    #expect(t.column("t")?.int64s == [1_704_187_800, 1_704_274_201])
    #expect(t.column("i")?[1].isNull == true)
  }

  @Test func aDelimiterOfMoreThanOneByteIsRefused() {
    #expect(throws: ScriptError.self) { try table("a，b\n1，2\n", delimiter: "，") }
  }
}
