import Foundation
import TestSupport
import Testing
import WireProtocol

/// Every input a fuzzer or a review found crashing a process (Fuzz/Regressions), run again:
/// scripts through the real binary, wire messages through the decoder a node uses.
@Suite struct FuzzRegressionTests {
  static let scripts: [String] = files("script").filter { $0.hasSuffix(".dos") }
  static let messages: [String] = files("wire")

  static func files(_ kind: String) -> [String] {
    let dir = repositoryRoot + "/Fuzz/Regressions/" + kind
    let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
    return names.sorted().map { dir + "/" + $0 }
  }

  @Test func thereAreRegressionScripts() { #expect(!FuzzRegressionTests.scripts.isEmpty) }

  /// Ends with one of the documented exit codes (0, 65 syntax, 70 runtime), never a signal,
  /// within the bound a shell user would wait.
  @Test(arguments: scripts) func aScriptThatOnceCrashedNowEndsWithAnAnswer(_ path: String) throws {
    let dir = temporaryDirectory("porpoise-fuzz-regression")
    let r = try Spawned.runToEnd([porpoiseBinary, "-home", dir, "run", path], in: dir, timeout: 60)
    #expect([0, 65, 70].contains(r.status), "\(path): exit \(r.status): \(r.stderr.prefix(600))")
    #expect(!r.stderr.contains("Fatal error") && !r.stderr.contains("Program crashed"), "\(r.stderr.prefix(600))")
  }

  @Test(arguments: messages) func aMessageThatOnceCrashedIsDecodedOrRefused(_ path: String) throws {
    let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    // Either answer is fine; a trap would end the test process.
    _ = try? Request.decode(bytes)
    _ = try? Reply.decode(bytes)
  }
}
