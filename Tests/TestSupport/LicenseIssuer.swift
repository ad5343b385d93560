import Foundation

/// A license issuer for tests: a fresh key pair made with `porpoise license keygen`, and
/// real signed licenses made with `porpoise license issue`.
public struct LicenseIssuer: Sendable {
  /// The folder holding the private key (and, by default, the licenses).
  public let dir: String
  /// The public key nodes are told to trust (`licensePublicKey`).
  public let publicKey: String

  /// An issuer whose key is already in `dir/issuer.key`.
  public init(dir: String, publicKey: String = "") {
    self.dir = dir
    self.publicKey = publicKey
  }

  public init() throws {
    dir = temporaryDirectory("porpoise-lic")
    let r = try Spawned.runToEnd([porpoiseBinary, "license", "keygen", "--out", dir + "/issuer.key"])
    guard r.status == 0 else { throw TestFailure("license keygen: \(r.stderr)") }
    publicKey = r.stdout.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(
      of: "public key: ", with: "")
  }

  /// Writes a signed license to `path` (default `dir/porpoise.lic`) and returns the path.
  @discardableResult
  public func issue(
    client: String = "ACME", authorization: String = "commercial", maxNodes: Int = 8, maxCores: Int = 64,
    maxMemory: Int = 64,
    expiration: String, to path: String? = nil
  ) throws -> String {
    let out = path ?? dir + "/porpoise.lic"
    let r = try Spawned.runToEnd([
      porpoiseBinary, "license", "issue", "--key", dir + "/issuer.key", "--client", client, "--authorization",
      authorization,
      "--max-nodes", String(maxNodes), "--max-cores", String(maxCores), "--max-memory", String(maxMemory),
      "--expiration", expiration,
      "--out", out,
    ])
    guard r.status == 0 else { throw TestFailure("license issue: \(r.stderr)") }
    return out
  }

  /// A date `offset` days from today, as licenses write it.
  public static func day(_ offset: Int) -> String {
    let f = DateFormatter()
    f.dateFormat = "yyyy.MM.dd"
    f.timeZone = TimeZone(identifier: "UTC")
    return f.string(from: Date().addingTimeInterval(Double(offset) * 86_400))
  }
}

/// A test precondition that failed, with what was seen.
public struct TestFailure: Error, CustomStringConvertible {
  public let description: String
  public init(_ description: String) { self.description = description }
}
