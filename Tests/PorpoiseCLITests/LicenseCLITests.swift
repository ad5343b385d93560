import Foundation
import TestSupport
import Testing

/// Licenses made with `porpoise license`, as an issuer makes them, and nodes starting under them.
@Suite struct LicenseCLITests {
  /// A key pair in a fresh folder: (folder, public key).
  func issuer() throws -> (String, String) {
    let i = try LicenseIssuer()
    return (i.dir, i.publicKey)
  }

  func issue(_ dir: String, expiration: String, file: String = "porpoise.lic") throws {
    let i = LicenseIssuer(dir: dir)
    try i.issue(
      authorization: "trial", maxNodes: 8, maxCores: 8, maxMemory: 32, expiration: expiration, to: dir + "/" + file)
  }

  func day(_ offset: Int) -> String { LicenseIssuer.day(offset) }

  func node(_ dir: String, _ extra: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
    try Spawned.runToEnd(
      [
        porpoiseBinary, "-mode", "single", "-console", "0", "-localSite", "127.0.0.1:\(freePort()):lic", "-home",
        dir + "/home",
        "-stdoutLog", "1",
      ] + extra)
  }

  @Test func anIssuedLicenseShowsAndIsWhatLicenseReturns() throws {
    let (dir, key) = try issuer()
    try issue(dir, expiration: "2031.06.30")
    // The issuer's key is never replaced by a repeated keygen: its licenses could not be renewed.
    let again = try Spawned.runToEnd([porpoiseBinary, "license", "keygen", "--out", dir + "/issuer.key"])
    #expect(again.status == 64)
    #expect(again.stderr.contains("'\(dir)/issuer.key' exists") && again.stderr.contains("--force"))
    let show = try Spawned.runToEnd([porpoiseBinary, "license", "show", dir + "/porpoise.lic", "--public-key", key])
    #expect(show.status == 0)
    #expect(show.stdout.contains("clientName=ACME\nauthorization=trial\nmaxNodes=8\n"))
    #expect(show.stdout.hasSuffix("status: valid\n"))
    let r = try Spawned.runToEnd([
      porpoiseBinary, "-license", dir + "/porpoise.lic", "-licensePublicKey", key, "-e",
      "license()[`clientName]; getLicenseExpiration()",
    ])
    #expect(r.stdout == "ACME\n2031.06.30\n", "\(r.stderr)")
    // Without the issuer's key the signature is not trusted.
    let untrusted = try Spawned.runToEnd([porpoiseBinary, "license", "show", dir + "/porpoise.lic"])
    #expect(untrusted.status == 78)
    #expect(untrusted.stdout.contains("status: refused: the license"))
  }

  @Test func aLicenseWrittenToABareFileNameLandsInTheWorkingFolder() throws {
    let (dir, _) = try issuer()
    let r = try Spawned.runToEnd(
      [
        porpoiseBinary, "license", "issue", "--key", "issuer.key", "--client", "acme", "--authorization", "commercial",
        "--max-nodes", "3", "--max-cores", "4", "--max-memory", "8", "--expiration", day(30), "--out", "acme.lic",
      ], in: dir)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(FileManager.default.fileExists(atPath: dir + "/acme.lic"))
  }

  @Test func dolphindbLicInTheWorkingFolderIsFoundAndLicenseReadsOtherFiles() throws {
    let (dir, key) = try issuer()
    let i = LicenseIssuer(dir: dir)
    try i.issue(client: "Found Here", expiration: "2031.06.30", to: dir + "/dolphindb.lic")
    try i.issue(client: "Other File", expiration: "2032.01.31", to: dir + "/other.lic")
    let script =
      "license()[`clientName]; d = license(\"other.lic\"); d[`clientName]; d[`expiration]; getLicenseExpiration()"
    let r = try Spawned.runToEnd([porpoiseBinary, "-licensePublicKey", key, "-e", script], in: dir)
    #expect(r.stdout == "Found Here\nOther File\n2032.01.31\n2031.06.30\n", "\(r.stderr)")
    // A file changed after signing is refused, and the running license is untouched.
    let text = try String(contentsOfFile: dir + "/other.lic", encoding: .utf8)
    try text.replacingOccurrences(of: "Other File", with: "Other Firm").write(
      toFile: dir + "/other.lic", atomically: true, encoding: .utf8)
    let tampered = try Spawned.runToEnd(
      [porpoiseBinary, "-licensePublicKey", key, "-e", "license(\"other.lic\")\nlicense()[`clientName]"], in: dir)
    #expect(tampered.status == 70)
    #expect(tampered.stderr.contains("other.lic") && tampered.stderr.contains("does not verify"), "\(tampered.stderr)")
    #expect(tampered.stdout == "")
  }

  @Test func anExpiredLicenseStopsANodeAndGraceWarns() throws {
    let (dir, key) = try issuer()
    try issue(dir, expiration: day(-16), file: "expired.lic")
    let refused = try node(dir, ["-license", dir + "/expired.lic", "-licensePublicKey", key])
    #expect(refused.status == 78)
    #expect(
      refused.stdout.contains("<ERROR> :The license has expired. Please renew the license and restart the server."))
    #expect(refused.stderr.contains("error: The license has expired."))
    try issue(dir, expiration: day(-3), file: "grace.lic")
    let r = try Spawned.runToEnd([
      porpoiseBinary, "-license", dir + "/grace.lic", "-licensePublicKey", key, "-e", "1 + 1",
    ])
    #expect(r.status == 0)
    #expect(r.stdout == "2\n")
    #expect(
      r.stderr.contains(
        "warning: the license \(dir)/grace.lic expired on \(day(-3)); 12 days left before nodes refuse to start"))
  }

  @Test func aRunningNodeWarnsInItsLogAndInTheShellBannerAsTheExpirationNears() throws {
    let (dir, key) = try issuer()
    for (offset, log, banner) in [
      (
        5, "expires on \(day(5)), in 5 days; install a renewed one with updateLicense()",
        "warning: the license of lic expires on \(day(5)), in 5 days; install a renewed one with updateLicense()"
      ),
      (
        -3, "expired on \(day(-3)); the node stops in 12 days unless a renewed license is installed",
        "warning: the license of lic expired on \(day(-3)); the node stops in 12 days unless a renewed license is installed"
      ),
    ] {
      try issue(dir, expiration: day(offset), file: "soon.lic")
      let port = freePort()
      let node = try Spawned(
        [
          porpoiseBinary, "-mode", "single", "-console", "0", "-localSite", "127.0.0.1:\(port):lic", "-home",
          dir + "/home",
          "-stdoutLog", "1", "-license", dir + "/soon.lic", "-licensePublicKey", key,
        ])
      defer { node.stop() }
      #expect(waitUntil(20) { node.stdout.contains(log) }, "\(node.stdout)")
      #expect(node.stdout.contains("<WARNING> :The license \(dir)/soon.lic"))
      #expect(node.isRunning)
      // A shell opened on the node says so in its banner.
      let shell = try TerminalShell("'\(porpoiseBinary)' connect 127.0.0.1:\(port)", home: dir)
      defer { shell.process.stop() }
      #expect(shell.type("1 + 1"))
      shell.close()
      let ended = shell.process.wait(seconds: 60)  // a bound on the wait, not a speed target
      #expect(ended == 0, "the shell did not end on Ctrl-D")
      #expect(shell.output.contains(banner), "\(shell.output)")
    }
  }

  @Test func aTamperedLicenseIsRefused() throws {
    let (dir, key) = try issuer()
    try issue(dir, expiration: "2031.06.30")
    let path = dir + "/porpoise.lic"
    let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(
      of: "maxNodes=8", with: "maxNodes=80")
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    let r = try node(dir, ["-license", path, "-licensePublicKey", key])
    #expect(r.status == 78)
    #expect(r.stderr.contains("is not signed by the license key this node trusts"))
    let missing = try Spawned.runToEnd([porpoiseBinary, "-license", dir + "/nope.lic", "-e", "1"])
    #expect(missing.status == 78)
    #expect(missing.stderr.contains("cannot read the license file '\(dir)/nope.lic': no such file"))
  }

  @Test func withoutAFileTheFreeLicenseAppliesAndSaysSo() throws {
    let dir = temporaryDirectory("porpoise-free")
    let r = try Spawned.runToEnd([porpoiseBinary, "-e", "license()[`authorization]"], in: dir)
    #expect(r.stdout == "free\n")
    let port = freePort()
    let n = try Spawned(
      [
        porpoiseBinary, "-mode", "single", "-console", "0", "-localSite", "127.0.0.1:\(port):f", "-home", dir,
        "-stdoutLog", "1",
      ], in: dir)
    defer { n.stop() }
    #expect(waitUntil(10) { n.stdout.contains("running under the built-in free license") })
  }

  /// A single node under `license`, and a way to run scripts on it as admin.
  func serve(_ dir: String, _ extra: [String]) throws -> (Spawned, Int) {
    let port = freePort()
    let n = try Spawned(
      [
        porpoiseBinary, "-mode", "single", "-console", "0", "-localSite", "127.0.0.1:\(port):lic", "-home",
        dir + "/home", "-stdoutLog", "1",
      ]
        + extra, in: dir)
    guard waitUntil(20, { n.stdout.contains("Listening on") }) else {
      n.stop()
      throw TestFailure("the node did not start: \(n.stdout) \(n.stderr)")
    }
    return (n, port)
  }

  func remote(_ port: Int, _ script: String, admin: Bool = true) throws -> (
    status: Int32, stdout: String, stderr: String
  ) {
    try Spawned.runToEnd(
      [porpoiseBinary, "-remoteHost", "127.0.0.1", "-remotePort", String(port)]
        + (admin ? ["-uid", "admin", "-pwd", "123456"] : [])
        + ["-e", script])
  }

  @Test func aNodeUpdatesItsLicenseOnlineAndARefusedUpdateChangesNothing() throws {
    let issuer = try LicenseIssuer()
    let path = try issuer.issue(expiration: day(30))
    let (node, port) = try serve(issuer.dir, ["-license", path, "-licensePublicKey", issuer.publicKey])
    defer { node.stop() }
    #expect(try remote(port, "getLicenseExpiration()").stdout == day(30) + "\n")
    try issuer.issue(maxNodes: 16, expiration: day(400))
    let guest = try remote(port, "updateLicense()", admin: false)
    #expect(guest.status == 70)
    #expect(guest.stderr.contains("not logged in: log in with login(userId, password) to update the license"))
    let updated = try remote(port, "updateLicense()[`maxNodes]; getLicenseExpiration()")
    #expect(updated.stdout == "16\n" + day(400) + "\n", "\(updated.stderr)")
    #expect(waitUntil(5) { node.stdout.contains("License updated online: commercial for ACME until \(day(400))") })
    // Another customer's license is refused; the running one stays.
    try issuer.issue(client: "Other Corp", maxNodes: 16, expiration: day(800))
    let refused = try remote(port, "updateLicense()")
    #expect(refused.status == 70)
    #expect(
      refused.stderr.contains(
        "updateLicense refused: the new license is for clientName 'Other Corp', the running one for 'ACME'"))
    #expect(try remote(port, "getLicenseExpiration()").stdout == day(400) + "\n")
  }

  @Test func memoryAboveTheLicenseIsCappedAndTheProcessIsBoundToItsCores() throws {
    let issuer = try LicenseIssuer()
    let path = try issuer.issue(maxCores: 1, maxMemory: 1, expiration: day(30))
    let (node, port) = try serve(
      issuer.dir, ["-license", path, "-licensePublicKey", issuer.publicKey, "-maxMemSize", "4"])
    defer { node.stop() }
    #expect(node.stdout.contains("maxMemSize=4 is above the license's maxMemoryPerNode (1 GB); the node uses 1 GB"))
    #expect(try remote(port, "getConfig(`maxMemSize)").stdout == "1\n")
    let online = ProcessInfo.processInfo.activeProcessorCount
    if online > 1 {
      #expect(try remote(port, "license()[`bindCores]").stdout == "[0]\n")
      // Every thread, including the ones that served this request, runs on core 0 only.
      let tasks = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(node.pid)/task")
      #expect(!tasks.isEmpty)
      for t in tasks {
        // A thread that ended since the listing has no status to read.
        guard let status = try? String(contentsOfFile: "/proc/\(node.pid)/task/\(t)/status", encoding: .utf8)
        else { continue }
        let line = status.split(separator: "\n").first { $0.hasPrefix("Cpus_allowed_list:") } ?? ""
        #expect(line.hasSuffix("\t0"), "thread \(t): \(line)")
      }
    }
  }

  @Test func aControllerRefusesAClusterWithMoreNodesThanTheLicenseAllows() throws {
    let issuer = try LicenseIssuer()
    let path = try issuer.issue(maxNodes: 3, expiration: day(30))
    let dir = issuer.dir
    // Four nodes, one more than maxNodes.
    var nodes = "localSite,mode\n127.0.0.1:\(freePort()):ctl,controller\n127.0.0.1:\(freePort()):agent1,agent\n"
    nodes += "127.0.0.1:\(freePort()):dn1,datanode\n"
    try (nodes + "127.0.0.1:\(freePort()):dn2,datanode\n").write(
      toFile: dir + "/cluster.nodes", atomically: true, encoding: .utf8)
    try "".write(toFile: dir + "/cluster.cfg", atomically: true, encoding: .utf8)
    let controller = [
      porpoiseBinary, "-mode", "controller", "-console", "0", "-localSite", "127.0.0.1:\(freePort()):ctl", "-home",
      dir + "/home",
      "-nodesFile", "cluster.nodes", "-clusterConfig", "cluster.cfg", "-zkConnect", "127.0.0.1:\(freePort())",
      "-stdoutLog", "1",
      "-license", path, "-licensePublicKey", issuer.publicKey,
    ]
    let r = try Spawned.runToEnd(controller, in: dir)
    #expect(r.status == 78)
    #expect(
      r.stderr.contains("error: cluster.nodes lists 4 nodes but the license (commercial, ACME) allows 3 (maxNodes)"))
    #expect(r.stdout.contains("<ERROR> :cluster.nodes lists 4 nodes"))

    // Exactly maxNodes: the controller starts and waits for its ZooKeeper (none runs at that
    // address); SIGTERM stops it there, without waiting for the connection to time out.
    try nodes.write(toFile: dir + "/cluster.nodes", atomically: true, encoding: .utf8)
    let starting = try Spawned(controller, in: dir)
    #expect(
      waitUntil(30) { starting.stdout.contains("<INFO> :Listening on") || !starting.isRunning }, "\(starting.stderr)")
    #expect(!starting.stderr.contains("maxNodes"), "\(starting.stderr)")
    starting.signal(SIGTERM)
    let status = starting.wait(seconds: 60)  // a bound on the wait, not a speed target
    #expect(status == 0, "\(starting.stdout)\(starting.stderr)")
    #expect(starting.stdout.contains("<INFO> :Received signal 15 while starting; shutting down."))
    #expect(!starting.stdout.contains("cannot reach ZooKeeper"))
  }
}
