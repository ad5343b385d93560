import Licensing
import Testing

/// Real Ed25519 signatures over license fields, and the start-up verdicts.
@Suite struct LicenseTests {
  let sample = License(
    clientName: "ACME Trading", authorization: "trial", maxNodes: 8, maxCoresPerNode: 8, maxMemoryPerNode: 32,
    expiration: LicenseDate(year: 2027, month: 12, day: 31))

  @Test func aSignedLicenseVerifiesAndATamperedOneDoesNot() throws {
    let (privateKey, publicKey) = LicenseKeys.generate()
    let signed = try LicenseKeys.sign(sample, privateKey: privateKey)
    #expect(LicenseKeys.verify(signed, publicKey: publicKey))
    var tampered = signed
    tampered.maxNodes = 80
    #expect(!LicenseKeys.verify(tampered, publicKey: publicKey))
    #expect(!LicenseKeys.verify(signed, publicKey: LicenseKeys.generate().publicKey))
    #expect(!LicenseKeys.verify(sample, publicKey: publicKey))
  }

  @Test func theFileRoundTripsAndItsLayoutDoesNotMatter() throws {
    let (privateKey, publicKey) = LicenseKeys.generate()
    let signed = try LicenseKeys.sign(sample, privateKey: privateKey)
    let parsed = try License.parse(signed.fileText, path: "porpoise.lic").get()
    #expect(parsed == signed)
    // Reordered, spaced, commented: the same fields, the same signature.
    let shuffled = signed.fileText.split(separator: "\n").reversed().map { line -> String in
      guard let eq = line.firstIndex(of: "=") else { return String(line) }
      return line[..<eq] + " = " + line[line.index(after: eq)...]
    }.joined(separator: "\n")
    let reparsed = try License.parse("# copied by hand\n" + shuffled, path: "porpoise.lic").get()
    #expect(LicenseKeys.verify(reparsed, publicKey: publicKey))
  }

  @Test func badFilesNameTheLineAndTheField() {
    let cases: [(String, String)] = [
      (
        "clientName=A\nauthorization=gold\n",
        "porpoise.lic:2: error: authorization must be one of trial, free, commercial, site, not 'gold'"
      ),
      (
        "clientName=A\nauthorization=trial\nmaxNodes=0\n",
        "porpoise.lic:3: error: maxNodes must be a positive whole number, not '0'"
      ),
      ("clientName=A\nsomething\n", "porpoise.lic:2: error: 'something' is not name=value"),
      ("clientName=A\ncolour=red\n", "porpoise.lic:2: error: unknown license field 'colour'"),
      ("authorization=trial\n", "porpoise.lic: error: the license has no 'clientName'"),
      (
        "clientName=A\nauthorization=trial\nmaxNodes=1\nmaxCoresPerNode=1\nmaxMemoryPerNode=1\nexpiration=2027-12-31\n",
        "porpoise.lic:6: error: expiration must be a date like 2027.12.31, not '2027-12-31'"
      ),
    ]
    for (text, message) in cases {
      switch License.parse(text, path: "porpoise.lic") {
      case .success: Issue.record("accepted: \(text)")
      case .failure(let e): #expect(e.message == message)
      }
    }
  }

  @Test func expiryGivesFifteenDaysOfGraceThenRefuses() throws {
    let (privateKey, publicKey) = LicenseKeys.generate()
    let signed = try LicenseKeys.sign(sample, privateKey: privateKey)
    func on(_ y: Int, _ m: Int, _ d: Int) -> LicenseVerdict {
      LicenseCheck.verdict(signed, path: "p.lic", publicKey: publicKey, today: LicenseDate(year: y, month: m, day: d))
    }
    #expect(on(2027, 12, 31) == .valid)
    #expect(on(2028, 1, 1) == .grace(daysLeft: 14))
    #expect(on(2028, 1, 15) == .grace(daysLeft: 0))
    guard case .refused(let why) = on(2028, 1, 16) else {
      Issue.record("not refused 16 days after expiry")
      return
    }
    #expect(why.hasPrefix("The license has expired. Please renew the license and restart the server."))
  }

  @Test func datesCountDaysLikeDolphinDB() {
    #expect(LicenseDate(year: 1970, month: 1, day: 1).daysSinceEpoch == 0)
    #expect(LicenseDate(year: 2021, month: 1, day: 1).daysSinceEpoch == 18628)
    #expect(LicenseDate(daysSinceEpoch: 18628) == LicenseDate(year: 2021, month: 1, day: 1))
    #expect(LicenseDate("2024.02.29")?.description == "2024.02.29")
    #expect(LicenseDate("2024.13.01") == nil)
    #expect(LicenseDate("2023.02.29") == nil)
  }
}
