import Foundation
import Testing

/// Golden tests of the config parser: each folder under `Tests/Configs` holds a cluster's
/// files, an `args` line for `porpoise config`, and `expected.out` (stdout, stderr, exit code).
/// `RECORD_GOLDEN=1` rewrites the expected files.
@Suite struct ConfigGoldenTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Configs")

  static var cases: [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
    return names.filter { FileManager.default.fileExists(atPath: root.appendingPathComponent("\($0)/args").path) }
      .sorted()
  }

  @Test(arguments: ConfigGoldenTests.cases)
  func configCheckMatches(_ name: String) throws {
    let dir = ConfigGoldenTests.root.appendingPathComponent(name)
    let args = try String(contentsOf: dir.appendingPathComponent("args"), encoding: .utf8)
      .split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
    let r = try CLITests().run(["config"] + args, in: dir.path)
    let actual =
      "$ porpoise config \(args.joined(separator: " "))\n\(r.stdout)--- stderr\n\(r.stderr)--- exit \(r.status)\n"
    let expectedFile = dir.appendingPathComponent("expected.out")
    if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" {
      try actual.write(to: expectedFile, atomically: true, encoding: .utf8)
      return
    }
    let expected = try String(contentsOf: expectedFile, encoding: .utf8)
    #expect(actual == expected, "porpoise config output differs for \(name)")
  }
}

/// A node's own config file, as `-config` names it, under the command line.
@Suite struct NodeConfigFileTests {
  func folder(_ files: [String: String]) throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("porpoise-cfg-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    for (name, text) in files {
      try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
    return dir.path
  }

  static let job = """
    login("admin", "123456")
    db = database("dfs://p", VALUE, 2024.01.01..2024.01.02)
    pt = db.createPartitionedTable(table(1:0, `d`v, [DATE, INT]), `pt, `d)
    pt.append!(table(2024.01.01 2024.01.05 as d, 1 2 as v))
    print(size(pt))

    """

  @Test func newValuePartitionPolicyComesFromTheConfigFile() throws {
    let dir = try folder(["dolphindb.cfg": "mode=single\nnewValuePartitionPolicy = skip\n", "job.dos": Self.job])
    let r = try CLITests().run(["-config", "dolphindb.cfg", "-home", "data", "-run", "job.dos"], in: dir)
    #expect(r.status == 0)
    #expect(r.stdout == "1\n")
    #expect(r.stderr.contains("skipped 1 row"))
  }

  @Test func theCommandLineBeatsTheConfigFile() throws {
    let dir = try folder(["dolphindb.cfg": "newValuePartitionPolicy=skip\n", "job.dos": Self.job])
    let r = try CLITests().run(
      ["-config", "dolphindb.cfg", "-home", "data", "-newValuePartitionPolicy", "fail", "-run", "job.dos"], in: dir)
    #expect(r.status == 70)
    #expect(r.stderr.contains("newValuePartitionPolicy is fail; nothing was written"))
  }

  @Test func aBadLineNamesFileAndLineAndNothingRuns() throws {
    let dir = try folder(["bad.cfg": "mode=single\n\ndataSync=maybe\n", "job.dos": "print(\"ran\")\n"])
    let r = try CLITests().run(["-config", "bad.cfg", "-run", "job.dos"], in: dir)
    #expect(r.status == 78)
    #expect(r.stdout == "")
    #expect(r.stderr == "bad.cfg:3: error: 'dataSync' must be 0, 1, true or false, not 'maybe'\n")
  }

  @Test func unknownParametersAreWarnedNotFatal() throws {
    let dir = try folder(["dolphindb.cfg": "workerNumm=4\n", "job.dos": "print(\"ran\")\n"])
    let r = try CLITests().run(["-config", "dolphindb.cfg", "-home", "data", "-run", "job.dos"], in: dir)
    #expect(r.status == 0)
    #expect(r.stdout == "ran\n")
    #expect(
      r.stderr == "dolphindb.cfg:1: warning: unknown parameter 'workerNumm' is ignored; did you mean 'workerNum'?\n")
  }
}
