import Foundation
import Testing

/// Runs every script under `Tests/Scripts` and compares its transcript with the `.out` beside it.
/// `RECORD_GOLDEN=1` writes missing or changed transcripts (the case still fails, so a recording
/// is always reviewed before it is committed).
@Suite struct GoldenScriptTests {
  @Test(arguments: GoldenCase.discover())
  func transcriptMatches(_ golden: GoldenCase) async throws {
    // On a thread of its own, as the shell runs a script on the main thread: a session's
    // database calls block their thread on async work that needs the task threads free.
    let result = try await withCheckedThrowingContinuation { continuation in
      Thread.detachNewThread { continuation.resume(with: Result { try golden.run() }) }
    }
    if let why = result.skip {
      print("skipped \(golden.name): \(why)")
      return
    }
    #expect(result.exitCode == result.expectedExit, "exit code of \(golden.name)")
    let expected = try? String(contentsOfFile: golden.expectedPath, encoding: .utf8)
    if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" && expected != result.transcript {
      try result.transcript.write(toFile: golden.expectedPath, atomically: true, encoding: .utf8)
      Issue.record("recorded \(golden.expectedPath); review it and run the tests again")
      return
    }
    guard let expected else {
      Issue.record("missing \(golden.expectedPath); run Scripts/record-golden.sh")
      return
    }
    if expected != result.transcript {
      Issue.record(
        "transcript of \(golden.name) differs:\n\(LineDiff.render(expected: expected, actual: result.transcript))")
    }
  }

  @Test func thereAreGoldenCases() {
    guard ProcessInfo.processInfo.environment["GOLDEN_ONLY"] == nil else { return }
    #expect(GoldenCase.discover().count > 20)
  }
}

/// A minimal line diff for failure messages.
enum LineDiff {
  static func render(expected: String, actual: String) -> String {
    let e = expected.components(separatedBy: "\n")
    let a = actual.components(separatedBy: "\n")
    var out = ""
    for i in 0..<max(e.count, a.count) {
      let x = i < e.count ? e[i] : nil
      let y = i < a.count ? a[i] : nil
      if x == y { continue }
      if let x { out += "- \(x)\n" }
      if let y { out += "+ \(y)\n" }
    }
    return out
  }
}
