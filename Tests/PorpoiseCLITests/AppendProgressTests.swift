import Foundation
import TestSupport
import Testing

/// `porpoise run` on a terminal shows an append that takes more than a second (rows written, of
/// how many, the rate) and what it appended; not with NO_COLOR, `-q`, or off a terminal. An
/// optimised build appends the million rows in well under a second, so the test shortens the
/// delay (PORPOISE_PROGRESS_DELAY) and checks that the default delay hides a short append.
@Suite struct AppendProgressTests {
  /// Runs `porpoise run <options> -home H job.dos` on a terminal of its own (`script`), or
  /// piped when `terminal` is false; all it wrote, carriage returns as line breaks.
  func run(
    _ options: String, terminal: Bool = true, environment: String = "PORPOISE_PROGRESS_DELAY=0.01",
    rows: Int = 1_000_000
  ) throws -> String {
    let dir = temporaryDirectory("porpoise-progress")
    try """
    login("admin", "123456")
    n = \(rows)
    t = table(take(2023.01.01..2023.01.10, n) as day, take(`A`B`C, n) as sym, rand(100.0, n) as price)
    db = database("dfs://progress", VALUE, 2023.01.01..2023.01.10)
    pt = db.createPartitionedTable(t, "pt", "day")
    pt.append!(t)
    print("count " + string(exec count(*) from loadTable("dfs://progress", "pt")))
    """.write(toFile: dir + "/job.dos", atomically: true, encoding: .utf8)
    let command = "\(porpoiseBinary) run \(options) -home \(dir)/home \(dir)/job.dos"
    let line =
      // `swift test` sets NO_COLOR for what it runs.
      terminal
      ? "unset NO_COLOR; \(environment) script -qec '\(command)' /dev/null < /dev/null"
      : "\(environment) \(command) 2>&1 | cat"
    let r = try Spawned.runToEnd(["/bin/sh", "-c", line], timeout: 300)
    #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
    return r.stdout.replacingOccurrences(of: "\r", with: "\n")
  }

  @Test func aLongAppendShowsItsProgressOnATerminalOnly() throws {
    let shown = try run("")
    #expect(shown.contains("appending to dfs://progress/pt: "), "\(shown)")
    #expect(shown.contains(" of 1,000,000 rows ("))
    #expect(shown.contains("dfs://progress/pt: 1,000,000 rows appended in "))
    #expect(shown.contains("count 1000000"))
    for quiet in [
      try run("-q"), try run("", environment: "PORPOISE_PROGRESS_DELAY=0.01 NO_COLOR=1"), try run("", terminal: false),
      try run("", environment: "", rows: 1000),
    ] {
      #expect(!quiet.contains("appending to") && !quiet.contains("rows appended"), "\(quiet)")
      #expect(quiet.contains("count "))
    }
  }
}
