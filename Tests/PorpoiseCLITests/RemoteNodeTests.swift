import Foundation
import RemoteNode
import TestSupport
import Testing
import WireProtocol

/// A real node process on a loopback port, and shells, batch jobs and scripts talking to it.
@Suite struct RemoteNodeTests {
  /// Starts `porpoise -mode single -console 0` on a free port and waits until it serves.
  static func startNode(alias: String = "n1", home: String? = nil, extra: [String] = []) throws -> (
    Spawned, Int, String
  ) {
    let port = freePort()
    let dir = home ?? temporaryDirectory("porpoise-node")
    let node = try Spawned(
      [
        porpoiseBinary, "-mode", "single", "-console", "0", "-localSite", "127.0.0.1:\(port):\(alias)", "-home", dir,
        "-stdoutLog", "1",
      ]
        + extra)
    let up = waitUntil(10) { node.stdout.contains("Job scheduler initialization completed.") || !node.isRunning }
    guard up, node.isRunning else {
      throw Spawned.SpawnFailed(description: "node did not start: \(node.stdout) \(node.stderr)")
    }
    return (node, port, dir)
  }

  /// Starts `porpoise -mode single` on `port` with `home` and waits until it serves; a restart
  /// calls it again with the same two.
  static func startSingle(port: Int, home: String, alias: String = "n1") throws -> Spawned {
    let node = try Spawned([
      porpoiseBinary, "-mode", "single", "-console", "0", "-localSite", "127.0.0.1:\(port):\(alias)", "-home", home,
      "-stdoutLog", "1",
    ])
    _ = waitUntil(10) { node.stdout.contains("Job scheduler initialization completed.") || !node.isRunning }
    return node
  }

  func porpoise(_ args: [String], stdin: String? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
    var argv = [porpoiseBinary] + args
    if let stdin {
      let file = temporaryDirectory("porpoise-stdin") + "/in.dos"
      try stdin.write(toFile: file, atomically: true, encoding: .utf8)
      argv = ["/bin/sh", "-c", argv.map { "'\($0)'" }.joined(separator: " ") + " < '\(file)'"]
    }
    return try Spawned.runToEnd(argv)
  }

  @Test func theShellRunsStatementsOnTheNodeAndKeepsItsVariables() throws {
    let (node, port, _) = try RemoteNodeTests.startNode()
    defer { node.stop() }
    let r = try porpoise(
      ["connect", "127.0.0.1:\(port)"], stdin: "x = 1 2 3\nsum(x)\ny = x * 2\nprint(y)\nnope + 1\ny\n")
    #expect(r.stdout == "6\n[2,4,6]\n")
    #expect(r.stderr.contains("<stdin>:5:1: error: undefined variable 'nope'"))
    // Piped input stops at the first error, as a local run does.
    #expect(r.status == 70)
  }

  @Test func remoteBatchJobsReportFileLineAndColumn() throws {
    let (node, port, _) = try RemoteNodeTests.startNode()
    defer { node.stop() }
    let dir = temporaryDirectory("porpoise-job")
    try "print(\"first\")\nx = 1 2 3 + 1 2\nprint(\"never\")\n".write(
      toFile: dir + "/job.dos", atomically: true, encoding: .utf8)
    let r = try porpoise([
      "-remoteHost", "127.0.0.1", "-remotePort", "\(port)", "-uid", "admin", "-pwd", "123456", "-run", dir + "/job.dos",
    ])
    #expect(r.status == 70)
    #expect(r.stdout == "first\n")
    #expect(r.stderr.contains("job.dos:2:5: error: incompatible sizes for '+': 3 and 2"))
    let bad = try porpoise([
      "-remoteHost", "127.0.0.1", "-remotePort", "\(port)", "-uid", "admin", "-pwd", "nope", "-e", "1",
    ])
    #expect(bad.status == 77)
    #expect(bad.stderr.contains("The user name or password is incorrect."))
  }

  @Test func databasesMadeRemotelyLiveInTheNodesHome() throws {
    let (node, port, home) = try RemoteNodeTests.startNode()
    defer { node.stop() }
    let script = """
      login("admin", "123456")
      db = database("dfs://remoteDB", VALUE, 1..3)
      t = table(1 2 3 as id, 1.5 2.5 3.5 as v)
      db.createPartitionedTable(t, "pt", "id").append!(t)
      select sum(v) from loadTable("dfs://remoteDB", "pt")
      """
    let r = try porpoise(["-remoteHost", "127.0.0.1", "-remotePort", "\(port)"], stdin: script)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("7.5"))
    // The node's catalog and chunk store hold it, as a cluster's data node would.
    #expect(FileManager.default.fileExists(atPath: home + "/catalog/dfs%3A%2F%2FremoteDB.json"))
    #expect(!((try? FileManager.default.contentsOfDirectory(atPath: home + "/storage/CHUNKS")) ?? []).isEmpty)
  }

  @Test func xdbAndRemoteRunMoveValuesAndFunctions() throws {
    let (node, port, _) = try RemoteNodeTests.startNode()
    defer { node.stop() }
    let script = """
      conn = xdb("127.0.0.1", \(port), "admin", "123456")
      conn
      remoteRun(conn, "x = 10; x * 2")
      remoteRun(conn, "x")
      remoteRun(conn, "add", 3, 4)
      def triple(a) { return a * 3 }
      remoteRun(conn, triple, 1 2 3)
      remoteRun(conn, add{10}, 5)
      def digits(a, b, c) { return a * 100 + b * 10 + c }
      remoteRun(conn, digits{1, , 3}, 2)
      t = remoteRun(conn, "table(`IBM`MSFT`IBM as sym, 1.5 2.5 3.5 as px)")
      typestr(t)
      exec sum(px) from t where sym = `IBM
      // The handle called like a function: a script, a function and arguments, or a call made there.
      conn("x + 1")
      conn(triple, 5)
      conn(getNodeAlias())
      conn(triple(7))
      remoteRun(conn, "undefinedThing")
      """
    let r = try porpoise(["-e", script])
    #expect(r.stdout.hasPrefix("Conn[127.0.0.1:\(port):"))
    #expect(
      r.stdout.contains("\n20\n10\n7\n[3,6,9]\n15\n123\nIN-MEMORY TABLE\n5\n11\n15\nn1\n21\n"), "\(r.stdout)\(r.stderr)"
    )
    #expect(r.stderr.contains("on n1:") && r.stderr.contains("undefined variable 'undefinedThing'"))
    #expect(r.status == 70)
  }

  @Test func aPortInUseStopsTheSecondNodeWithDolphinDBsMessage() throws {
    let (node, port, _) = try RemoteNodeTests.startNode()
    defer { node.stop() }
    let r = try porpoise([
      "-mode", "single", "-console", "0", "-localSite", "127.0.0.1:\(port):n2", "-stdoutLog", "1", "-home",
      temporaryDirectory("porpoise-n2"),
    ])
    #expect(r.status == 69)
    #expect(r.stdout.contains("<ERROR> :Failed to bind the socket on port \(port) with error code 98"))
    #expect(r.stderr.contains("another process is using port \(port)"))
  }

  @Test func sigtermStopsTheNodeCleanly() throws {
    let (node, port, _) = try RemoteNodeTests.startNode()
    node.signal(SIGTERM)
    let status = node.wait(seconds: 10)  // a bound on the wait, not a speed target
    #expect(status == 0)
    #expect(node.stdout.contains("<INFO> :Received signal 15; shutting down."))
    #expect(node.stdout.contains("<INFO> :The node n1 is stopped."))
    let r = try porpoise(["-remoteHost", "127.0.0.1", "-remotePort", "\(port)", "-e", "1"])
    #expect(r.status == 69)
    #expect(r.stderr.contains("cannot connect to 127.0.0.1:\(port): connection refused"))
  }

  @Test func aNodeRunsOnlySessionDotCommandsSentOverTheNetwork() throws {
    let (node, port, _) = try RemoteNodeTests.startNode()
    defer { node.stop() }
    let dir = temporaryDirectory("porpoise-read")
    try "print(\"ran on the node\")\n".write(toFile: dir + "/x.dos", atomically: true, encoding: .utf8)
    let c = try NodeConnection.connect(host: "127.0.0.1", port: port)
    defer { c.close() }
    // `.read` would run a file of the node's as a guest, past the right run() needs.
    var out = "", err = ""
    let (refused, _) = try c.perform(.dotCommand(".read \(dir)/x.dos"), output: { out += $0 }, errors: { err += $0 })
    #expect(refused == .runtimeError)
    #expect(out == "")
    #expect(err.contains("'.read' is not run on a node"), "\(err)")
    let (vars, _) = try c.perform(.dotCommand(".vars"), output: { out += $0 }, errors: { err += $0 })
    #expect(vars == .ok)
    #expect(out == "no variables\n")
  }

  @Test func callsPipelinedOnOneConnectionAnswerInOrderAndStopAtTheFirstFailure() throws {
    let (node, port, _) = try RemoteNodeTests.startNode()
    defer { node.stop() }
    let c = try NodeConnection.connect(host: "127.0.0.1", port: port)
    defer { c.close() }
    let sums = try c.callEach("add", count: 7, window: 3) { i in [.long(Int64(i)), .long(100)] }
    #expect(sums.map(\.intValue) == (0..<7).map { Int64($0) + 100 })
    // The third call fails: its message is the error, and the calls already in flight are
    // answered before it is thrown, so the connection stays in step.
    var made: [Int] = []
    #expect {
      _ = try c.callEach("sub", count: 6, window: 2) { i in
        made.append(i)
        return [.long(1), i == 2 ? .string("x") : .long(2)]
      }
    } throws: { "\($0)".contains("cannot apply '-' to LONG and STRING") }
    #expect(made == [0, 1, 2, 3])
    #expect(try c.call("add", [.long(20), .long(22)]).intValue == 42)
  }

  @Test func sigtermStopsANodeWhoseConsoleIsOpen() throws {
    let dir = temporaryDirectory("porpoise-console")
    let shell = try TerminalShell(
      "'\(porpoiseBinary)' -mode single -localSite 127.0.0.1:\(freePort()):con -home '\(dir)' -stdoutLog 1", home: dir)
    defer { shell.process.stop() }
    #expect(shell.type("x = 6 * 7"))
    #expect(shell.type("x"))
    #expect(waitUntil(30) { shell.output.contains("\n42\n") }, "\(shell.output)")
    // The node's pid, from its own start line in the log.
    let line = try #require(shell.output.split(separator: "\n").first { $0.contains("con starting (") })
    let pid = try #require(
      line.split(separator: ",").first { $0.hasPrefix(" pid ") }.flatMap { Int32($0.dropFirst(5)) })
    kill(pid, SIGTERM)
    let stopped = shell.process.wait(seconds: 60)  // a bound on the wait, not a speed target
    #expect(stopped == 0, "the node did not stop cleanly: \(shell.output)")
    #expect(shell.output.contains("<INFO> :Received signal 15; shutting down."))
    #expect(shell.output.contains("<INFO> :The node con is stopped."))
  }

  @Test func ctrlCInTheRemoteShellStopsTheNodesStatementAndTheSessionGoesOn() throws {
    let (node, port, _) = try RemoteNodeTests.startNode()
    defer { node.stop() }
    let shell = try TerminalShell(
      "'\(porpoiseBinary)' connect 127.0.0.1:\(port)", home: temporaryDirectory("porpoise-ctrlc"))
    defer { shell.process.stop() }
    #expect(shell.type("x = 0"))
    #expect(shell.type("do { x = x + 1 } while (x >= 0)"))
    usleep(800_000)
    shell.press("\u{03}")
    #expect(waitUntil(10) { shell.output.contains("error: interrupted") }, "\(shell.output)")
    // The terminal's `^C` stays on its line; the error starts a line of its own.
    #expect(!shell.output.contains("^Cerror") && !shell.output.contains("^C<"), "\(shell.output)")
    // The same session on the node: the loop got partway, and the shell still answers.
    #expect(shell.type("x > 1000"))
    shell.close()
    let ended = shell.process.wait(seconds: 60)  // a bound on the wait, not a speed target
    #expect(ended == 0, "the shell did not end on Ctrl-D")
    #expect(shell.output.contains("true"), "\(shell.output)")
    #expect(node.isRunning)
  }

  @Test func theShellReconnectsToARestartedNodeLogsInAgainAndSaysWhatWasLost() throws {
    let port = freePort()
    let home = temporaryDirectory("porpoise-reconnect")
    func start() throws -> Spawned { try RemoteNodeTests.startSingle(port: port, home: home) }
    var node = try start()
    defer { node.stop() }
    let shell = try TerminalShell(
      "'\(porpoiseBinary)' connect 127.0.0.1:\(port) -uid admin -pwd 123456",
      home: temporaryDirectory("porpoise-reconnect-shell"))
    defer { shell.process.stop() }
    #expect(shell.type("x = 41"))
    // The default-password warning comes after the banner, not before it.
    #expect(waitUntil(5) { shell.output.contains("n1> ") })
    let banner = shell.output.range(of: "Connected to n1")
    let warning = shell.output.range(of: "warning: 'admin' still has the default password")
    #expect(banner != nil && warning != nil && banner!.lowerBound < warning!.lowerBound, "\(shell.output)")
    node.stop()
    node = try start()
    #expect(shell.type("getCurrentSessionAndUser()[1]"))
    #expect(shell.type("x"))
    shell.close()
    let ended = shell.process.wait(seconds: 30)  // a bound on the wait, not a speed target
    #expect(ended == 0, "\(shell.output)")
    #expect(
      shell.output.contains(
        "note: n1 at 127.0.0.1:\(port) closed the connection; reconnected (logged in again); the variables of its session are gone"
      ), "\(shell.output)")
    // Said before the statement's answer, which comes from the new session, logged in again.
    #expect(shell.output.contains("the variables of its session are gone\nadmin\n"), "\(shell.output)")
    #expect(shell.output.contains("undefined variable 'x'"), "\(shell.output)")
  }

  @Test func writeLogNeedsALoginAndCannotForgeLines() throws {
    let (node, port, _) = try RemoteNodeTests.startNode()
    defer { node.stop() }
    let guest = try porpoise(["-remoteHost", "127.0.0.1", "-remotePort", "\(port)", "-e", "writeLog(\"hello\")"])
    #expect(guest.status == 70 && guest.stderr.contains("not logged in"), "\(guest.stderr)")
    let forged = "x\n2026-12-02 09:00:00.000000 <ERROR> :forged"
    let r = try porpoise([
      "-remoteHost", "127.0.0.1", "-remotePort", "\(port)", "-uid", "admin", "-pwd", "123456", "-e",
      "writeLog(\"\(forged.replacingOccurrences(of: "\n", with: "\\n"))\")",
    ])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(waitUntil(5) { node.stdout.contains("writeLog by admin: x\\n2026-12-02") })
    #expect(!node.stdout.contains("\n2026-12-02 09:00:00.000000 <ERROR> :forged"))
  }

  @Test func aNodeMakesTheFolderOfItsLogFile() throws {
    let dir = temporaryDirectory("porpoise-logdir")
    let port = freePort()
    let node = try Spawned(
      [
        porpoiseBinary, "-mode", "single", "-console", "0", "-localSite", "127.0.0.1:\(port):n1", "-home", "data",
        "-logFile", "log/deep/n1.log",
      ],
      in: dir)
    defer { node.stop() }
    #expect(
      waitUntil(10) {
        ((try? String(contentsOfFile: dir + "/log/deep/n1.log", encoding: .utf8)) ?? "").contains(
          "Job scheduler initialization completed.")
      })
    #expect(node.isRunning, "\(node.stderr)")
  }

  @Test func aShellOnANodeLeavesTheLicenseToTheNode() throws {
    let (node, port, _) = try RemoteNodeTests.startNode()
    defer { node.stop() }
    // A cluster's folder holds its license, signed by a key this binary does not trust (as
    // Scripts/local-cluster.sh makes one): a shell on a node, started there, still works...
    let issuer = try LicenseIssuer()
    try issuer.issue(client: "Elsewhere", expiration: LicenseIssuer.day(30))
    let r = try Spawned.runToEnd(
      [porpoiseBinary, "-remoteHost", "127.0.0.1", "-remotePort", "\(port)", "-e", "1 + 1"], in: issuer.dir)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout == "2\n")
    // ...while the embedded node, which runs under that license, refuses it.
    let local = try Spawned.runToEnd([porpoiseBinary, "-e", "1 + 1"], in: issuer.dir)
    #expect(local.status == 78)
    #expect(local.stderr.contains("is not signed by the license key this node trusts"))
  }

  @Test func shutdownNeedsAnAdministratorAndStopsTheNodeCleanly() throws {
    let (node, port, _) = try RemoteNodeTests.startNode()
    defer { node.stop() }
    let guest = try porpoise(["-remoteHost", "127.0.0.1", "-remotePort", "\(port)", "-e", "shutdown()"])
    #expect(guest.status == 70)
    #expect(guest.stderr.contains("not logged in: log in with login(userId, password) to shut the node down"))
    #expect(node.isRunning)
    let r = try porpoise([
      "-remoteHost", "127.0.0.1", "-remotePort", "\(port)", "-uid", "admin", "-pwd", "123456", "-e", "shutdown()",
    ])
    #expect(r.status == 0, "\(r.stderr)")
    let stopped = node.wait(seconds: 60)  // a bound on the wait, not a speed target
    #expect(stopped == 0, "shutdown() did not stop the node cleanly")
    #expect(node.stdout.contains("<INFO> :shutdown() called by admin"))
    #expect(node.stdout.contains("<INFO> :The node n1 is stopped."))
  }

  @Test func theInitScriptRunsInEverySessionAndABrokenOneStopsTheNode() throws {
    let dir = temporaryDirectory("porpoise-init")
    try "def greet(name) { return \"hello \" + name }\n".write(
      toFile: dir + "/dolphindb.dos", atomically: true, encoding: .utf8)
    let (node, port, _) = try RemoteNodeTests.startNode(home: dir, extra: ["-script", "dolphindb.dos"])
    defer { node.stop() }
    for _ in 0..<2 {
      let r = try porpoise(["connect", "127.0.0.1:\(port)", "-e", "greet(`ops)"])
      #expect(r.stdout == "hello ops\n", "\(r.stderr)")
    }
    try "def broken( {\n".write(toFile: dir + "/bad.dos", atomically: true, encoding: .utf8)
    let bad = try porpoise([
      "-mode", "single", "-console", "0", "-localSite", "127.0.0.1:\(freePort()):n2", "-home", dir, "-script",
      "bad.dos", "-stdoutLog", "1",
    ])
    #expect(bad.status == 78)
    #expect(
      bad.stderr.contains("the init script") && bad.stderr.contains("bad.dos:1:13: error: expected a parameter name"))
  }

  @Test func sigtermLetsARunningJobFinish() throws {
    let (node, port, _) = try RemoteNodeTests.startNode()
    let job = try Spawned([
      porpoiseBinary, "connect", "127.0.0.1:\(port)", "-e", "print(\"started\"); sleep(1200); print(\"finished\")",
    ])
    #expect(waitUntil(5) { node.stdout.contains("Job scheduler") })
    // The signal comes once the job runs (its first line is back), not after a guessed delay: a
    // loaded machine may take longer than that to start the client and connect.
    #expect(waitUntil(10) { job.stdout.contains("started") })
    node.signal(SIGTERM)
    let jobStatus = job.wait(seconds: 10)
    #expect(jobStatus == 0)
    #expect(job.stdout == "started\nfinished\n")
    let nodeStatus = node.wait(seconds: 10)
    #expect(nodeStatus == 0)
    #expect(node.stdout.contains("Waiting for 1 running job(s) to finish"))
  }
}
