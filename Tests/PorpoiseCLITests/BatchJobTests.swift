import Foundation
import RemoteNode
import ScriptRuntime
import Synchronization
import TestSupport
import Testing
import WireProtocol

/// Batch jobs on real processes: a node's jobs outlive the connection that submitted them, a
/// job killed with its node is failed (with the reason) after the restart, and the embedded
/// node's `porpoise run` waits for the jobs its script submitted.
@Suite struct BatchJobTests {
  /// Runs a script on the node at `port` on a new connection, logged in as `user`; its value.
  /// A connection to the node at `port`, logged in as `user`.
  static func connect(port: Int, user: String, password: String) throws -> NodeConnection {
    let c = try NodeConnection.connect(host: "127.0.0.1", port: port)
    _ = try c.call("login", [.string(user, .string), .string(password, .string)])
    return c
  }

  static func run(_ script: String, port: Int, user: String = "admin", password: String = "123456") throws -> Value? {
    let c = try NodeConnection.connect(host: "127.0.0.1", port: port)
    defer { c.close() }
    var errors = ""
    let (outcome, value) = try c.run(
      "login(\"\(user)\", \"\(password)\")\n" + script, options: RunOptions(printResults: false, returnValue: true),
      output: { _ in }, errors: { errors += $0 })
    #expect(outcome == .ok, "\(errors)")
    return value
  }

  @Test func aJobKilledWithItsNodeShowsAsFailedAfterTheRestartAndFinishedOnesKeepTheirResults() throws {
    let port = freePort()
    let home = temporaryDirectory("porpoise-jobs-node")
    func start() throws -> Spawned { try RemoteNodeTests.startSingle(port: port, home: home) }
    var node = try start()
    defer { node.stop() }
    func run(_ script: String) throws -> Value? { try BatchJobTests.run(script, port: port) }
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

  @Test func aScheduleSurvivesARestartAndFiresAsItsMakerWithOnComplete() throws {
    let port = freePort()
    let home = temporaryDirectory("porpoise-jobs-schedule")
    func start() throws -> Spawned { try RemoteNodeTests.startSingle(port: port, home: home) }
    var node = try start()
    defer { node.stop() }
    func run(_ script: String, as user: String = "admin", password: String = "123456") throws -> Value? {
      try BatchJobTests.run(script, port: port, user: user, password: password)
    }
    _ = try run("createUser(\"alice\", \"s3cret!\")")
    // The next minute of the node's clock (a real slot: this test waits for it, up to 70 s).
    _ = try run(
      """
      def tick(q) { print("fired " + string(eval(q))); return getCurrentSessionAndUser()[1] }
      def done(id, what, ok, result) { print("done " + id + " " + what + " " + string(ok) + " " + result) }
      today = date(now())
      // Metacode among the arguments is kept on disk as its text (DolphinDB's backup jobs pass
      // a query so).
      scheduleJob("tick", "every minute", tick{<(1..3).sum()>}, minute(now()) + 1, today, today + 1, 'D', , done)
      """, as: "alice", password: "s3cret!")
    node.stop()
    node = try start()
    #expect(
      try run("(exec jobId from getScheduledJobs())[0]", as: "alice", password: "s3cret!")?.stringValue == "tick")
    // One logged-in connection polls (a password login costs a PBKDF2 on purpose).
    let c = try BatchJobTests.connect(port: port, user: "admin", password: "123456")
    defer { c.close() }
    let fired = waitUntil(70) {
      (try? c.run(
        "size(select * from getRecentJobs() where jobId = \"tick\", isNull(endTime) = false)",
        options: RunOptions(printResults: false, returnValue: true), output: { _ in }, errors: { _ in }))?.1?.intValue
        == 1
    }
    #expect(fired)
    #expect(try run("getJobReturn(\"tick\")", as: "alice", password: "s3cret!")?.stringValue == "alice")
    let message = try run("getJobMessage(\"tick\")", as: "alice", password: "s3cret!")?.stringValue ?? ""
    #expect(message.contains("fired 6") && message.contains("done tick every minute true alice"), "\(message)")
  }

  @Test func startupAndPostStartRunAroundTheSchedulerAndTheirErrorsOnlyLog() throws {
    let port = freePort()
    let home = temporaryDirectory("porpoise-jobs-startup")
    try "print(\"startup ran\")\nnope + 1\nprint(\"never\")\n".write(
      toFile: home + "/startup.dos", atomically: true, encoding: .utf8)
    try "login(\"admin\", \"123456\")\nprint(\"postStart sees \" + string(size(getRecentJobs())) + \" jobs\")\n".write(
      toFile: home + "/post.dos", atomically: true, encoding: .utf8)
    let node = try Spawned([
      porpoiseBinary, "-mode", "single", "-console", "0", "-localSite", "127.0.0.1:\(port):n1", "-home", home,
      "-stdoutLog", "1", "-postStart", "post.dos",
    ])
    defer { node.stop() }
    #expect(waitUntil(10) { node.stdout.contains("postStart sees 0 jobs") || !node.isRunning }, "\(node.stdout)")
    #expect(node.isRunning)
    let log = node.stdout
    let order = [
      "startup ran", "undefined variable 'nope'", "Job scheduler initialization completed.", "postStart sees 0 jobs",
    ]
    .map { log.range(of: $0)?.lowerBound }
    #expect(order.allSatisfy { $0 != nil } && zip(order, order.dropFirst()).allSatisfy { $0! < $1! }, "\(log)")
    #expect(!log.contains("never"))
  }

  @Test func aConsoleJobIsListedAndStoppedByItsUserOrAnAdministratorOnly() throws {
    let (node, port, _) = try RemoteNodeTests.startNode()
    defer { node.stop() }
    _ = try BatchJobTests.run("createUser(\"bob\", \"s3cret!\")", port: port)
    // A long statement on one connection, run from another thread.
    let long = try BatchJobTests.connect(port: port, user: "admin", password: "123456")
    defer { long.close() }
    let ended = Mutex<String?>(nil)
    Thread.detachNewThread {
      var errors = ""
      _ = try? long.run("for (i in 1..100000) sleep(10)", output: { _ in }, errors: { errors += $0 })
      ended.withLock { $0 = errors }
    }
    // `desc` is a keyword in a where clause: the column is read by name.
    let find = "(def(t): t.rootJobId[like(t[\"desc\"], \"for %\")])(getConsoleJobs())"
    #expect(waitUntil(10) { (try? BatchJobTests.run("size(\(find))", port: port))?.intValue == 1 })
    // Bob sees only his own request (the one asking), and cannot stop the administrator's.
    let bob = try BatchJobTests.run(
      "exec userID from getConsoleJobs()", port: port, user: "bob", password: "s3cret!")
    #expect(bob.map { "\($0)" }?.contains("admin") == false)
    let c = try BatchJobTests.connect(port: port, user: "bob", password: "s3cret!")
    defer { c.close() }
    var refused = ""
    _ = try c.run("cancelConsoleJob((\(find))[0])", output: { _ in }, errors: { refused += $0 })
    #expect(refused.contains("there is no console job"), "\(refused)")
    #expect(ended.withLock { $0 } == nil)
    _ = try BatchJobTests.run("cancelConsoleJob(\(find))", port: port)
    #expect(waitUntil(10) { ended.withLock { $0 } != nil })
    #expect(ended.withLock { $0 }?.contains("interrupted") == true, "\(ended.withLock { $0 } ?? "")")
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
