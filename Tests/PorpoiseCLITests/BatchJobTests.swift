import Foundation
import RemoteNode
import ScriptRuntime
import TestSupport
import Testing
import WireProtocol

/// Batch jobs on real processes: a node's jobs outlive the connection that submitted them, a
/// job killed with its node is failed (with the reason) after the restart, and the embedded
/// node's `porpoise run` waits for the jobs its script submitted.
@Suite struct BatchJobTests {
  @Test func aJobKilledWithItsNodeShowsAsFailedAfterTheRestartAndFinishedOnesKeepTheirResults() throws {
    let port = freePort()
    let home = temporaryDirectory("porpoise-jobs-node")
    func start() throws -> Spawned { try RemoteNodeTests.startSingle(port: port, home: home) }
    var node = try start()
    defer { node.stop() }
    func run(_ script: String) throws -> Value? {
      let c = try NodeConnection.connect(host: "127.0.0.1", port: port)
      defer { c.close() }
      var errors = ""
      let (outcome, value) = try c.run(
        "login(\"admin\", \"123456\")\n" + script, options: RunOptions(printResults: false, returnValue: true),
        output: { _ in }, errors: { errors += $0 })
      #expect(outcome == .ok, "\(errors)")
      return value
    }
    _ = try run(
      """
      def quick(n) { print("working on " + string(n)); return n * 2 }
      def forever() { for (i in 1..100000) sleep(10) }
      submitJob("quick", "doubles", quick, 21)
      getJobReturn("quick", true)
      submitJob("forever", "never ends", forever)
      """)
    // The connection that submitted them is gone; the job runs on.
    #expect(waitUntil(10) { (try? run("(exec startTime from getJobStatus(\"forever\"))[0]"))?.intValue != nil })
    node.signal(SIGKILL)
    _ = node.wait(seconds: 10)
    node = try start()
    let status = try run("(exec errorMsg from getJobStatus(\"forever\"))[0]")
    #expect(
      status?.stringValue == "the node stopped while the job was queued or running", "\(String(describing: status))")
    #expect(try run("getJobReturn(\"quick\")")?.intValue == 42)
    let message = try run("getJobMessage(\"quick\")")?.stringValue ?? ""
    #expect(message.contains("Start the job [quick]: doubles") && message.contains("working on 21"), "\(message)")
    #expect(FileManager.default.fileExists(atPath: home + "/batchJobs/quick.obj"))
  }

  @Test func porpoiseRunWaitsForTheJobsItsScriptSubmitted() throws {
    let home = temporaryDirectory("porpoise-jobs-run")
    let script = home + "/job.dos"
    try """
    def slow(n) { sleep(n); print("slept " + string(n)); return n }
    submitJob("a", "", slow, 300)
    print("submitted")
    """.write(toFile: script, atomically: true, encoding: .utf8)
    let r = try Spawned.runToEnd([porpoiseBinary, "-home", home, "run", script])
    #expect(r.status == 0)
    #expect(r.stdout == "submitted\n")
    #expect(r.stderr.contains("waiting for 1 batch job to end (Ctrl-C cancels)"), "\(r.stderr)")
    let after = try Spawned.runToEnd([porpoiseBinary, "-home", home, "-e", "getJobReturn(\"a\")"])
    #expect(after.stdout == "300\n", "\(after.stderr)")
  }
}
