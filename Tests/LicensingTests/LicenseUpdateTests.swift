import Foundation
import Licensing
import Testing

/// `updateLicense()`'s rules, against real signed files replaced on disk.
@Suite struct LicenseUpdateTests {
  let running = License(
    clientName: "ACME Trading", authorization: "commercial", maxNodes: 8, maxCoresPerNode: 8, maxMemoryPerNode: 32,
    expiration: LicenseDate(year: 2027, month: 12, day: 31))

  @Test func eachRuleRefusesAndTheRunningLicenseStays() throws {
    let (privateKey, publicKey) = LicenseKeys.generate()
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("porpoise-lic-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let path = dir + "/porpoise.lic"
    func install(_ l: License) throws {
      try LicenseKeys.sign(l, privateKey: privateKey).fileText.write(toFile: path, atomically: true, encoding: .utf8)
    }
    try install(running)
    let today = LicenseDate(year: 2027, month: 1, day: 1)
    let loaded = try LicenseLoader.load(explicit: path, publicKey: publicKey, searching: [], today: today).get()
    let state = LicenseState(loaded, publicKey: publicKey, searching: [])

    var renamed = running
    renamed.clientName = "Other Corp"
    var downgraded = running
    downgraded.authorization = "free"
    var fewerNodes = running
    fewerNodes.maxNodes = 7
    var lessMemory = running
    lessMemory.maxMemoryPerNode = 16
    var fewerCores = running
    fewerCores.maxCoresPerNode = 4
    var trial = running
    trial.authorization = "trial"
    var expired = running
    expired.expiration = LicenseDate(year: 2026, month: 12, day: 1)
    let refusals: [(License, String)] = [
      (renamed, "clientName 'Other Corp'"), (downgraded, "authorization is free"),
      (fewerNodes, "maxNodes is 7, smaller"),
      (lessMemory, "maxMemoryPerNode is 16, smaller"), (fewerCores, "maxCoresPerNode is 4, smaller"),
      (trial, "a trial license cannot be updated online"), (expired, "The license has expired"),
    ]
    for (candidate, why) in refusals {
      try install(candidate)
      switch state.update(today: today) {
      case .success: Issue.record("\(why): should be refused")
      case .failure(let e):
        #expect(e.message.contains(why), "\(e.message)")
        #expect(e.message.contains("the running license stays"))
      }
      #expect(state.license == loaded.license)
    }
    // A tampered file is refused too.
    try install(running)
    let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(
      of: "maxNodes=8", with: "maxNodes=80")
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    guard case .failure(let tampered) = state.update(today: today) else { Issue.record("tampered accepted"); return }
    #expect(tampered.message.contains("does not verify"))

    // Later expiry and more capacity: accepted and running from now on.
    var renewed = running
    renewed.expiration = LicenseDate(year: 2028, month: 12, day: 31)
    renewed.maxNodes = 16
    try install(renewed)
    let accepted = try state.update(today: today).get()
    #expect(accepted.expiration == renewed.expiration)
    #expect(state.license.maxNodes == 16)
  }

  /// Each rule from both sides: what it refuses, and the nearest update it lets through.
  @Test func eachRuleAlsoAcceptsWhatItAllows() {
    func with(_ change: (inout License) -> Void) -> License {
      var l = running
      change(&l)
      return l
    }
    let cases: [(String, License, License, String?)] = [
      ("same license again", running, running, nil),
      ("later expiration", running, with { $0.expiration = LicenseDate(year: 2029, month: 1, day: 1) }, nil),
      ("more nodes", running, with { $0.maxNodes = 9 }, nil),
      ("more memory", running, with { $0.maxMemoryPerNode = 64 }, nil),
      ("more cores", running, with { $0.maxCoresPerNode = 16 }, nil),
      ("fewer nodes", running, with { $0.maxNodes = 7 }, "maxNodes is 7, smaller"),
      (
        "free to free", with { $0.authorization = "free" },
        with {
          $0.authorization = "free"; $0.maxNodes = 9
        }, nil
      ),
      (
        "running trial", with { $0.authorization = "trial" }, with { $0.authorization = "trial" },
        "a trial license cannot be updated online"
      ),
      ("new trial", running, with { $0.authorization = "trial" }, "a trial license cannot be updated online"),
      ("running site", with { $0.authorization = "site" }, running, "a site license cannot be updated online"),
      ("new site", running, with { $0.authorization = "site" }, "a site license cannot be updated online"),
      ("other client", running, with { $0.clientName = "ACME" }, "clientName 'ACME'"),
      ("other authorization", running, with { $0.authorization = "free" }, "authorization is free"),
    ]
    for (what, old, new, refusal) in cases {
      let broken = LicenseUpdate.brokenRule(running: old, new: new)
      if let refusal {
        #expect(broken?.contains(refusal) == true, "\(what): \(broken ?? "accepted")")
      } else {
        #expect(broken == nil, "\(what): \(broken ?? "")")
      }
    }
  }
}
