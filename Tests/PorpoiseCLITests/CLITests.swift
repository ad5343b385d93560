import Foundation
import Testing

/// Runs the built `porpoise` binary as a user would and checks exit codes and streams.
@Suite struct CLITests {
  static var binary: String {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    for config in ["debug", "release"] {
      let p = root.appendingPathComponent(".build/\(config)/porpoise").path
      if FileManager.default.isExecutableFile(atPath: p) { return p }
    }
    return root.appendingPathComponent(".build/debug/porpoise").path
  }

  struct Outcome {
    let status: Int32
    let stdout: String
    let stderr: String
  }

  func run(_ args: [String], stdin: String? = nil, in directory: String? = nil) throws -> Outcome {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: CLITests.binary)
    p.arguments = args
    if let directory { p.currentDirectoryURL = URL(fileURLWithPath: directory) }
    let out = Pipe()
    let err = Pipe()
    let input = Pipe()
    p.standardOutput = out
    p.standardError = err
    p.standardInput = input
    try p.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return Outcome(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
  }

  func script(_ text: String) throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("porpoise-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let file = dir.appendingPathComponent("job.dos")
    try text.write(to: file, atomically: true, encoding: .utf8)
    return file.path
  }

  @Test func runPrintsWhatTheScriptPrintsAndExitsZero() throws {
    let path = try script("x = 1 2 3\nprint(sum(x))\nx\n")
    let r = try run(["run", path])
    #expect(r.status == 0)
    #expect(r.stdout == "6\n")
    #expect(r.stderr == "")
  }

  @Test func dolphinStyleRunFlag() throws {
    let path = try script("print(\"ok\")\n")
    let r = try run(["-run", path])
    #expect(r.status == 0)
    #expect(r.stdout == "ok\n")
  }

  @Test func syntaxErrorRunsNothingAndExits65() throws {
    let path = try script("print(\"first\")\ny = (1 + \nz = 3\n")
    let r = try run(["run", path])
    #expect(r.status == 65)
    #expect(r.stdout == "")
    #expect(r.stderr.contains("job.dos:3:3: error: expected ')' to close '(' at 2:5"))
  }

  @Test func runtimeErrorStopsWithFileLineColumnAndExits70() throws {
    let path = try script("print(1)\nx = 1 2 3 + 1 2\nprint(2)\n")
    let r = try run(["run", path])
    #expect(r.status == 70)
    #expect(r.stdout == "1\n")
    #expect(r.stderr.contains("job.dos:2:5: error: incompatible sizes for '+': 3 and 2"))
    #expect(r.stderr.contains("    2 | x = 1 2 3 + 1 2"))
  }

  @Test func unreadableFileExits74() throws {
    let r = try run(["run", "/nonexistent/job.dos"])
    #expect(r.status == 74)
    #expect(r.stderr.contains("cannot read '/nonexistent/job.dos'"))
  }

  @Test func unknownOptionIsAUsageError() throws {
    let r = try run(["--no-such-option"])
    #expect(r.status == 64)
  }

  @Test func scriptArgumentsReachArgs() throws {
    let path = try script("print(args())\n")
    let r = try run(["run", path, "a", "--b", "3"])
    #expect(r.status == 0)
    #expect(r.stdout == "[\"a\",\"--b\",\"3\"]\n")
  }

  @Test func evalPrintsEachValue() throws {
    let r = try run(["-e", "1 + 2\nx = 5\nx * 2"])
    #expect(r.status == 0)
    #expect(r.stdout == "3\n10\n")
  }

  @Test func pipedStdinRunsAsAScript() throws {
    let r = try run([], stdin: "sum(1 2 3)\nundefinedThing + 1\nprint(9)\n")
    #expect(r.status == 70)
    #expect(r.stdout == "6\n")
    #expect(r.stderr.contains("<stdin>:2:1: error: undefined variable 'undefinedThing'"))
  }

  @Test func versionFlag() throws {
    let r = try run(["--version"])
    #expect(r.status == 0)
    #expect(r.stdout.hasSuffix("LINUX x86_64\n") || r.stdout.contains("ARM64"))
  }

  @Test func deepRecursionIsAnErrorNotACrash() throws {
    let path = try script("def f(n) { return f(n + 1) }\nf(0)\n")
    let r = try run(["run", path])
    #expect(r.status == 70)
    #expect(r.stderr.contains("stack overflow"))
  }
}
