import Foundation
import TestSupport
import Testing

/// Licenses made with `porpoise license`, as an issuer makes them, and nodes starting under them.
@Suite struct LicenseCLITests {
  /// A key pair in a fresh folder: (folder, public key).
  func issuer() throws -> (String, String) {
    let dir = temporaryDirectory("porpoise-lic")
    let r = try Spawned.runToEnd([porpoiseBinary, "license", "keygen", "--out", dir + "/issuer.key"])
    let key = r.stdout.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "public key: ", with: "")
    return (dir, key)
  }

  func issue(_ dir: String, expiration: String, file: String = "porpoise.lic") throws {
    let r = try Spawned.runToEnd([
      porpoiseBinary, "license", "issue", "--key", dir + "/issuer.key", "--client", "ACME", "--authorization", "trial",
      "--max-nodes", "8", "--max-cores", "8", "--max-memory", "32", "--expiration", expiration, "--out", dir + "/" + file,
    ])
    #expect(r.status == 0, "\(r.stderr)")
  }

  func day(_ offset: Int) -> String {
    let f = DateFormatter()
    f.dateFormat = "yyyy.MM.dd"
    f.timeZone = TimeZone(identifier: "UTC")
    return f.string(from: Date().addingTimeInterval(Double(offset) * 86_400))
  }

  func node(_ dir: String, _ extra: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
    try Spawned.runToEnd(
      [porpoiseBinary, "-mode", "single", "-console", "0", "-localSite", "127.0.0.1:\(freePort()):lic", "-home", dir + "/home",
       "-stdoutLog", "1"] + extra)
  }

  @Test func anIssuedLicenseShowsAndIsWhatLicenseReturns() throws {
    let (dir, key) = try issuer()
    try issue(dir, expiration: "2031.06.30")
    let show = try Spawned.runToEnd([porpoiseBinary, "license", "show", dir + "/porpoise.lic", "--public-key", key])
    #expect(show.status == 0)
    #expect(show.stdout.contains("clientName=ACME\nauthorization=trial\nmaxNodes=8\n"))
    #expect(show.stdout.hasSuffix("status: valid\n"))
    let r = try Spawned.runToEnd([porpoiseBinary, "-license", dir + "/porpoise.lic", "-licensePublicKey", key, "-e", "license()[`clientName]; getLicenseExpiration()"])
    #expect(r.stdout == "ACME\n2031.06.30\n", "\(r.stderr)")
    // Without the issuer's key the signature is not trusted.
    let untrusted = try Spawned.runToEnd([porpoiseBinary, "license", "show", dir + "/porpoise.lic"])
    #expect(untrusted.status == 78)
    #expect(untrusted.stdout.contains("status: refused: the license"))
  }

  @Test func anExpiredLicenseStopsANodeAndGraceWarns() throws {
    let (dir, key) = try issuer()
    try issue(dir, expiration: day(-16), file: "expired.lic")
    let refused = try node(dir, ["-license", dir + "/expired.lic", "-licensePublicKey", key])
    #expect(refused.status == 78)
    #expect(refused.stdout.contains("<ERROR> :The license has expired. Please renew the license and restart the server."))
    #expect(refused.stderr.contains("error: The license has expired."))
    try issue(dir, expiration: day(-3), file: "grace.lic")
    let r = try Spawned.runToEnd([porpoiseBinary, "-license", dir + "/grace.lic", "-licensePublicKey", key, "-e", "1 + 1"])
    #expect(r.status == 0)
    #expect(r.stdout == "2\n")
    #expect(r.stderr.contains("warning: the license \(dir)/grace.lic expired on \(day(-3)); 12 days left before nodes refuse to start"))
  }

  @Test func aTamperedLicenseIsRefused() throws {
    let (dir, key) = try issuer()
    try issue(dir, expiration: "2031.06.30")
    let path = dir + "/porpoise.lic"
    let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "maxNodes=8", with: "maxNodes=80")
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
    let n = try Spawned([porpoiseBinary, "-mode", "single", "-console", "0", "-localSite", "127.0.0.1:\(port):f", "-home", dir, "-stdoutLog", "1"], in: dir)
    defer { n.stop() }
    #expect(waitUntil(10) { n.stdout.contains("running under the built-in free license") })
  }
}
