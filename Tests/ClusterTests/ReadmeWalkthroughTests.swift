import Foundation
import TestSupport
import Testing

/// The README's "Install a new license on a running cluster", run word for word (only its
/// /tmp folder and base port 8900 moved to free ones): a newcomer's path to `updateAllLicenses()`.
extension ClusterTests {
  @Test func theReadmeLicenseWalkthroughRunsAsWritten() throws {
    let readme = try String(contentsOfFile: repositoryRoot + "/README.md", encoding: .utf8)
    let section = try #require(readme.range(of: "### Install a new license on a running cluster"))
    let rest = readme[section.upperBound...]
    let open = try #require(rest.range(of: "```sh\n"))
    let close = try #require(rest[open.upperBound...].range(of: "```"))
    let dir = temporaryDirectory("porpoise-readme")
    let base = try #require(freePortBase(offsets: [0, 1, 2, 11, 12, 21, 22]), "no free run of ports")
    let block = String(rest[open.upperBound..<close.lowerBound])
      .replacingOccurrences(of: "/tmp/", with: dir + "/").replacingOccurrences(of: "8900", with: String(base))
      .replacingOccurrences(
        of: "local-cluster.sh start \(dir)/demo", with: "local-cluster.sh start \(dir)/demo \(base)")
    #expect(
      block.contains("updateAllLicenses()") && block.contains("local-cluster.sh stop") && block.contains("demo \(base)")
    )
    let script = dir + "/walkthrough.sh"
    try ("set -euo pipefail\n" + block).write(toFile: script, atomically: true, encoding: .utf8)
    let binDir = URL(fileURLWithPath: porpoiseBinary).deletingLastPathComponent().path
    let path = binDir + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
    let run = try Spawned(
      ["/bin/bash", script], in: repositoryRoot, environment: ["PATH": path, "PORPOISE": porpoiseBinary])
    defer {
      // Whatever happened, nothing of the cluster outlives the test.
      _ = try? Spawned.runToEnd([repositoryRoot + "/Scripts/local-cluster.sh", "stop", dir + "/demo"])
    }
    let status = run.wait(seconds: 180)  // a bound on the wait, not a speed target
    #expect(status == 0, "\(run.stdout)\n\(run.stderr)")
    // `date -u -d '+2 years'`, as the block computed it.
    var utc = Calendar(identifier: .gregorian)
    utc.timeZone = try #require(TimeZone(identifier: "UTC"))
    let f = DateFormatter()
    f.dateFormat = "yyyy.MM.dd"
    f.timeZone = utc.timeZone
    let renewed = f.string(from: try #require(utc.date(byAdding: .year, value: 2, to: Date())))
    let rows = run.stdout.split(separator: "\n").filter { $0.hasSuffix(" updated") }
    #expect(
      rows.map { String($0.split(separator: " ")[0]) }
        == ["P1-datanode", "P2-datanode", "P3-computenode", "P1-agent", "P2-agent", "P3-agent", "controller\(base)"],
      "\(run.stdout)")
    #expect(rows.allSatisfy { $0.contains(" \(renewed) ") }, "\(run.stdout)")
    // The stop line ran: no process of the cluster is left.
    #expect(!FileManager.default.fileExists(atPath: dir + "/demo/controller.pid"))
  }
}
