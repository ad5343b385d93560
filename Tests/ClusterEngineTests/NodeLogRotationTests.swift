import Foundation
import Testing

@testable import ClusterEngine

/// A node's log file past `maxLogSize` is archived beside itself and a new one begins.
@Suite struct NodeLogRotationTests {
  @Test func aFullLogIsArchivedUnderATimestampedNameAndNoLineIsLost() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("porpoise-log-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let path = dir + "/node1.log"
    // A file already holding 200 bytes counts them.
    try String(repeating: "x", count: 199).appending("\n").write(toFile: path, atomically: true, encoding: .utf8)
    let target = try NodeLogTarget(file: path, stdoutLog: 0, maxBytes: 1000)
    for i in 0..<50 { target.write(.info, "line \(i) " + String(repeating: "y", count: 40)) }
    let files = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
    let archives = files.filter { $0 != "node1.log" }
    #expect(archives.count >= 3, "\(files)")
    #expect(archives.allSatisfy { $0.range(of: #"^\d{14}(_\d+)?_node1\.log$"#, options: .regularExpression) != nil })
    // Each archive stopped just past the limit; the current file is below it; every line is somewhere.
    var lines = 0
    for f in files {
      let text = try String(contentsOfFile: dir + "/" + f, encoding: .utf8)
      if f != "node1.log" { #expect(text.utf8.count >= 1000 && text.utf8.count < 1100) }
      lines += text.split(separator: "\n").filter { $0.contains("<INFO> :line ") }.count
    }
    #expect(lines == 50)
    #expect(try String(contentsOfFile: path, encoding: .utf8).utf8.count < 1000)
    #expect(NodeLogTarget.maxBytes("100") == 100 << 20)
    #expect(NodeLogTarget.maxBytes(nil) == 1024 << 20)
  }
}
