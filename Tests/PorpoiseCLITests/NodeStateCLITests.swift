import Foundation
import TestSupport
import Testing

/// What a node keeps in its home between runs (function views, saved modules), and piped input
/// that goes on after a failing piece (`--keep-going`).
@Suite struct NodeStateCLITests {
  func porpoise(_ args: [String], stdin: String, environment: String = "") throws -> (status: Int32, out: String) {
    let dir = temporaryDirectory("porpoise-nodestate")
    try stdin.write(toFile: dir + "/in.dos", atomically: true, encoding: .utf8)
    let line =
      environment + " " + ([porpoiseBinary] + args).map { "'\($0)'" }.joined(separator: " ") + " < \(dir)/in.dos 2>&1"
    let r = try Spawned.runToEnd(["/bin/sh", "-c", line], timeout: 120)
    return (r.status, r.stdout)
  }

  @Test func aFunctionViewAndASavedModuleOutliveTheProcess() throws {
    let home = temporaryDirectory("porpoise-nodestate-home")
    let modules = temporaryDirectory("porpoise-nodestate-modules")
    try "module shapes\ndef area(w, h) { return w * h }\n".write(
      toFile: modules + "/shapes.dos", atomically: true, encoding: .utf8)
    let first = try porpoise(
      ["-home", home],
      stdin: """
        login("admin", "123456")
        def twice(x) { return 2 * x }
        addFunctionView(twice)
        use shapes
        saveModule("shapes")
        """, environment: "PORPOISE_MODULE_PATH='\(modules)'")
    #expect(first.status == 0, "\(first.out)")
    // The module's folder is gone from the search path: only the saved copy can be found.
    try FileManager.default.removeItem(atPath: modules + "/shapes.dos")
    let second = try porpoise(
      ["-home", home],
      stdin: """
        login("admin", "123456")
        print(twice(21))
        print(exec name from getFunctionViews())
        use shapes
        print(area(3, 4))
        """)
    #expect(second.status == 0, "\(second.out)")
    #expect(second.out.contains("42\n"), "\(second.out)")
    #expect(second.out.contains("[\"twice\"]"), "\(second.out)")
    #expect(second.out.contains("12\n"), "\(second.out)")
  }

  @Test func keepGoingRunsEveryPieceAndExitsWithTheFirstFailure() throws {
    let input = "print(\"one\")\n.timer off\nundefinedThing + 1\n.timer off\nprint(\"three\")\n"
    let stopping = try porpoise([], stdin: input)
    #expect(stopping.status == 70)
    #expect(stopping.out.contains("one") && !stopping.out.contains("three"), "\(stopping.out)")
    let going = try porpoise(["--keep-going"], stdin: input)
    #expect(going.status == 70)
    #expect(going.out.contains("one") && going.out.contains("three"), "\(going.out)")
    #expect(going.out.contains("undefined variable 'undefinedThing'"), "\(going.out)")
  }
}
