import Foundation

/// The license a node runs under, and where it came from.
public struct LoadedLicense: Sendable {
  public var license: License
  /// The file, or nil for the built-in free license.
  public var path: String?
  public var verdict: LicenseVerdict

  public init(license: License, path: String?, verdict: LicenseVerdict) {
    self.license = license
    self.path = path
    self.verdict = verdict
  }

  /// The built-in free license, when there is no file.
  public static let free = LoadedLicense(license: .free, path: nil, verdict: .valid)
}

/// Finds and checks a node's license: `-license PATH`, else `porpoise.lic` or `dolphindb.lic`
/// in the given folders (next to the binary, then the working folder); none means the
/// built-in free license.
public enum LicenseLoader {
  public static let fileNames = ["porpoise.lic", "dolphindb.lic"]

  public static func load(
    explicit: String?, publicKey: String?, searching folders: [String], today: LicenseDate = .today()
  )
    -> Result<LoadedLicense, LicenseError>
  {
    let key = publicKey ?? LicenseKeys.builtInPublicKey
    var candidates: [String] = []
    if let explicit {
      candidates = [explicit]
    } else {
      for f in folders { for n in fileNames { candidates.append(f.isEmpty ? n : "\(f)/\(n)") } }
    }
    guard let path = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
      if let explicit { return .failure(LicenseError("cannot read the license file '\(explicit)': no such file")) }
      return .success(.free)
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      return .failure(LicenseError("cannot read the license file '\(path)'"))
    }
    return License.parse(String(decoding: data, as: UTF8.self), path: path).map { license in
      LoadedLicense(
        license: license, path: path, verdict: LicenseCheck.verdict(license, path: path, publicKey: key, today: today))
    }
  }
}
