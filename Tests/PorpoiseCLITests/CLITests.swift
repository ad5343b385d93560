import Foundation
import TestSupport
import Testing

/// Runs the built `porpoise` binary as a user would and checks exit codes and streams.
@Suite struct CLITests {
  static var binary: String { porpoiseBinary }

  struct Outcome {
    let status: Int32
    let stdout: String
    let stderr: String
  }

  func run(_ args: [String], stdin: String? = nil, in directory: String? = nil, home: String? = nil) throws -> Outcome {
    let p = Process()
    if let home { p.environment = ProcessInfo.processInfo.environment.merging(["PORPOISE_HOME": home]) { $1 } }
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
    return Outcome(
      status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
      stderr: String(decoding: e, as: UTF8.self))
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

  @Test func parametersBeforeTheFileOfRunArePorpoisesAndAfterItTheScripts() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("porpoise-run-home-\(UUID().uuidString)")
      .path
    let path = try script("print(getHomeDir())\nprint(args())\n")
    // `-home` is not `-h -o -m -e` (help), and words after the file are the script's.
    let r = try run(["run", "-home", dir + "/h9", path, "-home", "x"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout == "\(dir)/h9\n[\"-home\",\"x\"]\n", "\(r.stdout)")
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

  @Test func pipedStdinRunsDotCommandsOnTheirOwnLines() throws {
    // `.rows 2` applies to the table printed after it; a statement spanning lines is one
    // entry even when a line inside it starts with a dot.
    let input =
      "t = table(1..5 as x)\n.rows 2\nt\ny = [1, /* a note\n.rows 9 is no command here */ 5]\ny\n.vars\nnoSuchName + 1\nprint(\"not run\")\n"
    let r = try run([], stdin: input)
    #expect(r.status == 70)
    #expect(r.stdout.hasPrefix("x\n-\n1\n2\n"), "\(r.stdout)")
    #expect(r.stdout.contains("[2 of 5 rows shown;"), "\(r.stdout)")
    #expect(r.stdout.contains("[1,5]\n"), "\(r.stdout)")
    #expect(r.stdout.contains("y  FAST INT VECTOR [2]\n"), "\(r.stdout)")
    #expect(!r.stdout.contains("not run"))
    // The error names its line in the whole input, not in the piece it ran in.
    #expect(r.stderr.contains("<stdin>:8:1: error: undefined variable 'noSuchName'"), "\(r.stderr)")
    let unknown = try run([], stdin: "print(1)\n.nosuch\nprint(2)\n")
    #expect(unknown.status == 70)
    #expect(unknown.stdout == "1\n")
    #expect(unknown.stderr.contains("error: unknown command '.nosuch'"))
    let quit = try run([], stdin: "print(1)\n.quit\nprint(2)\n")
    #expect(quit.status == 0)
    #expect(quit.stdout == "1\n")
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

  /// Appends in a loop, is killed with SIGKILL mid-stream, and loses no acknowledged row and
  /// shows no partial append.
  @Test func killDashNineLosesNoAcknowledgedRow() throws {
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("porpoise-kill-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: home) }
    let setup = try run(
      [
        "-e",
        """
        login("admin", "123456")
        db = database("dfs://crash", VALUE, 0..3)
        db.createPartitionedTable(table(1:0, `part`batch`v, [INT, INT, DOUBLE]), `t, `part)
        """,
      ], home: home)
    #expect(setup.status == 0, "\(setup.stderr)")
    let writer = try script(
      """
      login("admin", "123456")
      pt = loadTable("dfs://crash", "t")
      for (i in 0:100000) {
        pt.append!(table(take(0..3, 1000) as part, take(i, 1000) as batch, rand(1.0, 1000) as v))
        print("acked " + string((i + 1) * 1000))
      }
      """)
    let p = Process()
    p.executableURL = URL(fileURLWithPath: CLITests.binary)
    p.arguments = ["run", writer]
    p.environment = ProcessInfo.processInfo.environment.merging(["PORPOISE_HOME": home]) { $1 }
    let out = Pipe()
    p.standardOutput = out
    p.standardError = Pipe()
    try p.run()
    var acked = 0
    var buffer = ""
    let deadline = Date().addingTimeInterval(60)
    while acked < 20_000 && Date() < deadline {
      let data = out.fileHandleForReading.availableData
      if data.isEmpty { break }
      buffer += String(decoding: data, as: UTF8.self)
      for line in buffer.split(separator: "\n") where line.hasPrefix("acked ") {
        acked = max(acked, Int(line.dropFirst(6)) ?? 0)
      }
    }
    kill(p.processIdentifier, SIGKILL)
    p.waitUntilExit()
    #expect(acked >= 20_000, "the writer acknowledged \(acked) rows before the deadline")
    let check = try run(
      [
        "-e",
        """
        login("admin", "123456")
        pt = loadTable("dfs://crash", "t")
        exec count(*) from pt
        exec count(*) from (select count(*) as n from pt group by batch) where n != 1000
        """,
      ], home: home)
    #expect(check.status == 0, "\(check.stderr)")
    let numbers = check.stdout.split(separator: "\n").compactMap { Int($0) }
    #expect(numbers.count == 2)
    if numbers.count == 2 {
      #expect(numbers[0] >= acked, "rows after the crash: \(numbers[0]), acknowledged: \(acked)")
      #expect(numbers[0] % 1000 == 0, "a partial append is visible: \(numbers[0]) rows")
      #expect(numbers[1] == 0, "batches with a partial row count: \(numbers[1])")
    }
  }
}
