import Foundation
import TestSupport
import Testing

/// Users as the shell and the batch runner see them on the embedded node.
@Suite struct UsersCLITests {
  @Test func passwordsStayOutOfTheHistoryFileAndTheDefaultOneIsWarnedAbout() throws {
    let dir = temporaryDirectory("porpoise-history")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let shell = try TerminalShell("env PORPOISE_HOME='\(dir)/data' '\(porpoiseBinary)'", home: dir)
    defer { shell.process.stop() }
    let lines = [
      "login(\"admin\", \"123456\")", "createUser(\"dora\", \"Dora-Pw-42\")", "x = 6 * 7", "x",
      "resetPwd(\"dora\", \"Other-Pw-9\")",
      "logout()", "login(\"dora\", \"Other-Pw-9\")", "changePwd(\"Other-Pw-9\", \"Third-Pw-7\")",
      "tok = getSessionToken()", "logout()",
      "loginByToken(tok)", "getCurrentSessionAndUser()[1]",
    ]
    for line in lines {
      #expect(shell.type(line), "no prompt before \(line): \(shell.output)")
    }
    shell.close()
    let ended = shell.process.wait(seconds: 60)  // a bound on the wait, not a speed target
    #expect(ended == 0, "the shell did not end on Ctrl-D")
    #expect(shell.output.contains("warning: 'admin' still has the default password"))
    #expect(shell.output.contains("42"))
    #expect(shell.output.contains("\ndora\n"), "\(shell.output)")
    // libedit writes the file vis-encoded (a space is \040).
    let history = ((try? String(contentsOfFile: dir + "/.porpoise_history", encoding: .utf8)) ?? "")
      .replacingOccurrences(of: "\\040", with: " ")
    #expect(history.contains("x = 6 * 7"), "history: \(history)")
    #expect(history.contains("tok = getSessionToken()"), "history: \(history)")
    for secret in ["123456", "Dora-Pw-42", "Other-Pw-9", "Third-Pw-7", "loginByToken"] {
      #expect(!history.contains(secret), "history: \(history)")
    }
    // The new user logs in from a batch job against the same home.
    let job = dir + "/job.dos"
    try "login(\"dora\", \"Third-Pw-7\")\nprint(getCurrentSessionAndUser()[1])\n".write(
      toFile: job, atomically: true, encoding: .utf8)
    let r = try Spawned.runToEnd([porpoiseBinary, "-home", dir + "/data", "run", job])
    #expect(r.stdout == "dora\n", "\(r.stderr)")
  }

  @Test func tabCompletesMethodCallsAfterADotAndModulesAfterUse() throws {
    let dir = temporaryDirectory("porpoise-complete")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try FileManager.default.createDirectory(atPath: dir + "/mods", withIntermediateDirectories: true)
    try "module zebra\ndef stripes() { return 7 }\n".write(
      toFile: dir + "/mods/zebra.dos", atomically: true, encoding: .utf8)
    let shell = try TerminalShell(
      "env PORPOISE_HOME='\(dir)/data' PORPOISE_MODULE_PATH='\(dir)/mods' '\(porpoiseBinary)'", home: dir)
    defer { shell.process.stop() }
    #expect(shell.type("x = 1 2 3"))
    // `x.cumsu` + Tab is `x.cumsum`; `use ze` + Tab is `use zebra` (only modules after `use`).
    #expect(shell.type("x.cumsu\t()"))
    #expect(shell.type("use ze\t"))
    #expect(shell.type("stripes()"))
    shell.close()
    let ended = shell.process.wait(seconds: 30)  // a bound on the wait, not a speed target
    #expect(ended == 0, "the shell did not end on Ctrl-D")
    #expect(shell.output.contains("[1,3,6]"), "\(shell.output)")
    #expect(shell.output.contains("\n7\n"), "\(shell.output)")
  }

  @Test func noSpellingOfAPathReachesTheSystemFolder() throws {
    let dir = temporaryDirectory("porpoise-sys-guard")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    // The users file exists once somebody has logged in; a link to the folder is made outside.
    _ = try Spawned.runToEnd([porpoiseBinary, "-home", "home", "-e", "login(\"admin\", \"123456\")"], in: dir)
    let users = dir + "/home/sys/users.json"
    try FileManager.default.createSymbolicLink(atPath: dir + "/link", withDestinationPath: dir + "/home/sys")
    let script = """
      login("admin", "123456")
      t = table(1 2 as x)
      for (p in ["link/users.json", "/proc/self/cwd/home/sys/users.json", "home/./sys/../sys/users.json", "link/new.key"]) {
        try { saveText(t, p) } catch (ex) { print("save " + p + ": " + ex[1]) }
        try { loadText(p) } catch (ex) { print("load " + p + ": " + ex[1]) }
      }
      try { run "link/users.json" } catch (ex) { print("run: " + ex[1]) }
      try { run "/proc/self/cwd/home/sys/users.json" } catch (ex) { print("run: " + ex[1]) }
      """
    let r = try Spawned.runToEnd([porpoiseBinary, "-home", "home", "-e", script], in: dir)
    let refusals = r.stdout.split(separator: "\n").filter {
      $0.hasSuffix("is in the node's system folder; scripts cannot read or write it")
    }
    #expect(refusals.count == 10, "\(r.stdout)\n\(r.stderr)")
    // Nothing of the file reached the output, and nothing was written there.
    #expect(!r.stdout.contains("\"hash\"") && !r.stderr.contains("\"hash\""), "\(r.stdout)")
    // (The login itself rewrites the file: it is still the users, not the table.)
    let after = try String(contentsOfFile: users, encoding: .utf8)
    #expect(after.contains("\"users\"") && !after.hasPrefix("x"))
    #expect(!FileManager.default.fileExists(atPath: dir + "/home/sys/new.key"))
  }

  @Test func aGuestBatchJobIsToldToLogInAndNamedWhere() throws {
    let dir = temporaryDirectory("porpoise-guest")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let job = dir + "/job.dos"
    try "x = 1 + 1\ndb = database(\"dfs://g\", VALUE, 1..3)\n".write(toFile: job, atomically: true, encoding: .utf8)
    let r = try Spawned.runToEnd([porpoiseBinary, "-home", dir + "/data", "run", job])
    #expect(r.status == 70)
    #expect(
      r.stderr.contains(
        "job.dos:2:6: error: not logged in: log in with login(userId, password) to create the database dfs://g"))
    #expect(!FileManager.default.fileExists(atPath: dir + "/data/dfs/g"))
  }

  @Test func enhancedSecurityVerificationComesFromTheConfigFile() throws {
    let dir = temporaryDirectory("porpoise-enhanced")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try "enhancedSecurityVerification=true\n".write(toFile: dir + "/dolphindb.cfg", atomically: true, encoding: .utf8)
    let script = "login(\"admin\", \"123456\")\ncreateUser(\"bob\", \"Strong#Pass1\")\ncreateUser(\"eve\", \"weak\")\n"
    let r = try Spawned.runToEnd([
      porpoiseBinary, "-config", dir + "/dolphindb.cfg", "-home", dir + "/data", "-e", script,
    ])
    #expect(r.status == 70)
    #expect(
      r.stderr.contains(
        "3:1: error: invalid password: with enhancedSecurityVerification it must be 8 to 20 characters"), "\(r.stderr)")
    let users = try Spawned.runToEnd([
      porpoiseBinary, "-home", dir + "/data", "-e", "login(\"admin\", \"123456\"); getUserList()",
    ])
    #expect(users.stdout == "[\"bob\"]\n", "\(users.stderr)")
  }
}
