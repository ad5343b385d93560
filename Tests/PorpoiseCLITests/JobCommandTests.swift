import Foundation
import TestSupport
import Testing

/// `porpoise submit`, `jobs` and `job` as an operator types them: on the embedded node (the job
/// runs in a job host that outlives the command) and on a node.
@Suite struct JobCommandTests {
  func porpoise(_ args: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
    try Spawned.runToEnd([porpoiseBinary] + args)
  }

  @Test func submitReturnsAtOnceAndJobWaitsForTheOutcomeOnTheEmbeddedNode() throws {
    let home = temporaryDirectory("porpoise-submit")
    let dir = temporaryDirectory("porpoise-submit-scripts")
    try "print(\"building bars\")\nsleep(2000)\nprint(\"bars built\")\n".write(
      toFile: dir + "/nightly.dos", atomically: true, encoding: .utf8)
    try "print(\"starting\")\nnoSuchFunction(1)\n".write(toFile: dir + "/broken.dos", atomically: true, encoding: .utf8)
    try "x = (1 + \n".write(toFile: dir + "/typo.dos", atomically: true, encoding: .utf8)
    let started = Date()
    let submitted = try porpoise(["submit", dir + "/nightly.dos", "-home", home, "--desc", "OHLC bars"])
    #expect(submitted.status == 0, "\(submitted.stderr)")
    #expect(submitted.stdout == "nightly\n")
    // It returned before the job could have ended, and another process sees the job.
    #expect(Date().timeIntervalSince(started) < 2)
    let listed = try porpoise(["jobs", "-home", home])
    #expect(listed.stdout.contains("nightly"), "\(listed)")
    #expect(listed.stdout.contains("running") || listed.stdout.contains("queued"), "\(listed.stdout)")
    #expect(listed.stdout.contains("OHLC bars"))
    // The same id again gets DolphinDB's suffix.
    #expect(try porpoise(["submit", dir + "/nightly.dos", "-home", home]).stdout == "nightly1\n")
    let waited = try porpoise(["job", "nightly", "--wait", "-home", home])
    #expect(waited.status == 0, "\(waited.stderr)")
    #expect(waited.stdout.hasPrefix("nightly: done  OHLC bars  (user guest"), "\(waited.stdout)")
    #expect(waited.stdout.contains("Start the job [nightly]: OHLC bars"))
    #expect(waited.stdout.contains("bars built"))
    // A job that fails: --wait exits 70 with its error.
    #expect(try porpoise(["submit", dir + "/broken.dos", "-home", home]).status == 0)
    let failed = try porpoise(["job", "broken", "--wait", "-home", home])
    #expect(failed.status == 70)
    #expect(failed.stdout.contains("starting"))
    #expect(failed.stderr == "error: unknown function 'noSuchFunction'\n", "\(failed.stderr)")
    // A syntax error is found before anything is queued.
    let typo = try porpoise(["submit", dir + "/typo.dos", "-home", home])
    #expect(typo.status == 65)
    #expect(typo.stderr.contains("typo.dos:2:1: error: unexpected end of input"), "\(typo.stderr)")
    #expect(try porpoise(["job", "typo", "-home", home]).stderr == "error: there is no job 'typo' on this node\n")
    #expect(try porpoise(["submit", dir + "/missing.dos", "-home", home]).status == 74)
    #expect(try porpoise(["job", "nightly1", "--wait", "-home", home]).status == 0)
    let all = try porpoise(["jobs", "2", "-home", home])
    #expect(all.stdout.contains("nightly1") && all.stdout.contains("broken") && !all.stdout.contains("nightly "))
  }

  @Test func theCommandsWorkOnANode() throws {
    let port = freePort()
    let home = temporaryDirectory("porpoise-submit-node")
    let node = try RemoteNodeTests.startSingle(port: port, home: home)
    defer { node.stop() }
    let dir = temporaryDirectory("porpoise-submit-remote")
    try "login(\"admin\", \"123456\")\nprint(\"on the node\")\n21 * 2\n".write(
      toFile: dir + "/job.dos", atomically: true, encoding: .utf8)
    let remote = ["-remoteHost", "127.0.0.1", "-remotePort", String(port), "-uid", "admin", "-pwd", "123456"]
    let submitted = try porpoise(["submit", dir + "/job.dos", "--id", "remote"] + remote)
    #expect(submitted.status == 0, "\(submitted.stderr)")
    #expect(submitted.stdout == "remote\n")
    let waited = try porpoise(["job", "remote", "--wait"] + remote)
    #expect(waited.status == 0, "\(waited.stderr)")
    #expect(waited.stdout.contains("remote: done  job.dos  (user admin, node n1)"), "\(waited.stdout)")
    #expect(waited.stdout.contains("on the node"))
    let line = try porpoise(["jobs"] + remote).stdout.split(separator: "\n").first { $0.hasPrefix("remote ") }
    #expect(line?.split(separator: " ").dropFirst().first == "done", "\(String(describing: line))")
    // Another user neither sees it nor waits for it.
    let guest = try porpoise(["job", "remote", "-remoteHost", "127.0.0.1", "-remotePort", String(port)])
    #expect(guest.status == 70)
    #expect(guest.stderr == "error: there is no job 'remote' on this node\n")
    #expect(try porpoise(["job", "x", "--node", "n1"]).status == 64)
  }
}
